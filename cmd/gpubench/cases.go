package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Case is one measurement: an op on inputs of one dtype and shape, named in terms every
// implementation understands (gotensor on any device, and the peers), so a peer can run
// exactly the same work.
type Case struct {
	Op    string `json:"op"`    // a key of ops
	DType string `json:"dtype"` // NumPy's name: "float32"
	Shape []int  `json:"shape"` // the shape of the first input
	// Copies is the number of input sets the timed calls rotate through (see rotation);
	// 0 or 1 means one set, used by every call.
	Copies int `json:"copies"`
}

// String is the name -ops matches: "op/dtype/shape", e.g. "matmul/float32/512x512".
func (c Case) String() string { return c.Op + "/" + c.DType + "/" + shapeString(c.Shape) }

// shapeString writes a shape as "512x512" ("()" for a 0-d shape).
func shapeString(s []int) string {
	if len(s) == 0 {
		return "()"
	}
	p := make([]string, len(s))
	for i, d := range s {
		p[i] = strconv.Itoa(d)
	}
	return strings.Join(p, "x")
}

// size is the number of elements of the first input.
func (c Case) size() float64 {
	n := 1.0
	for _, d := range c.Shape {
		n *= float64(d)
	}
	return n
}

// itemSize is the size of one element in bytes.
func (c Case) itemSize() float64 { return dtypeSize(c.DType) }

// dtypeSize is the size in bytes of one element of the dtype NumPy calls name.
func dtypeSize(name string) float64 {
	dt, err := device.ParseDType(name)
	if err != nil {
		return 0
	}
	return float64(dt.Size())
}

// rows is the product of all dimensions but the last: the rows a per-row op visits.
func (c Case) rows() float64 { return c.size() / float64(c.Shape[len(c.Shape)-1]) }

// Domain is where an op's input values lie: uniform in [Lo, Hi), or log-uniform there
// (exp of a uniform value in [ln Lo, ln Hi)) with Log. The zero Domain means [-1, 1).
type Domain struct {
	Lo  float64 `json:"lo"`
	Hi  float64 `json:"hi"`
	Log bool    `json:"log"`
}

// orDefault returns d, or [-1, 1) for the zero Domain.
func (d Domain) orDefault() Domain {
	if d == (Domain{}) {
		return Domain{Lo: -1, Hi: 1}
	}
	return d
}

// value maps u, uniform in [0, 1), into the domain.
func (d Domain) value(u float64) float64 {
	if d.Log {
		lo, hi := math.Log(d.Lo), math.Log(d.Hi)
		return math.Exp(lo + u*(hi-lo))
	}
	return d.Lo + u*(d.Hi-d.Lo)
}

// domains are the input domains of the ops whose inputs are not in [-1, 1).
var domains = map[string]Domain{
	// tanh and sigmoid take [-5, 5): both the near-linear middle and the saturating tails.
	"tanh":    {Lo: -5, Hi: 5},
	"sigmoid": {Lo: -5, Hi: 5},
	// log takes positive values over 23 binades, log-uniform, so no NaN path is measured.
	"log": {Lo: math.Exp(-8), Hi: math.Exp(8), Log: true},
}

// domainOf returns the domain of op's inputs.
func domainOf(op string) Domain { return domains[op].orDefault() }

// Op is an operation gpubench measures. Bytes and Flops count what an ideal
// implementation must move and compute (inputs read once, outputs written once), so GB/s
// and GFLOP/s compare across implementations and with the machine's ceilings.
type Op struct {
	// Doc says what one call computes, in NumPy's spelling (a peer runs exactly this).
	Doc string
	// Compute marks ops bounded by arithmetic (% of the FMA peak) rather than by memory
	// bandwidth (% of the triad ceiling of the cache level the data fits in). Compute ops
	// never rotate their inputs: a GEMM reuses each element O(n) times from cache within
	// one call, so whether the first touch hits L2 changes nothing measurable, and the
	// ceiling they are held to is the FMA peak, not a cache level.
	Compute bool
	// Bytes read and written by one call.
	Bytes func(c Case) float64
	// Flops of one call; nil where the count means nothing (exp, argmax).
	Flops func(c Case) float64
	// Args is the number of tensors of the case's shape and dtype one call takes; an _out
	// op's last one is its output.
	Args int
	// Call runs the op once on x (Args tensors) and returns its result.
	Call func(c Case, x []*tensor.Tensor) *tensor.Tensor
	// Shapes, if set, gives the shape of each of the Args inputs (by default each has the
	// case's shape): the products of a training step (matmul_nt and the like) take
	// operands of different shapes, named together by the case's shape.
	Shapes func(c Case) [][]int
	// RowArgs, if set, is how many of the last Args are rows, not whole inputs: each is
	// row 0 of an input of the case's shape (shape (cols,), broadcast against the first
	// input), taken once before timing.
	RowArgs int
	// Train, if set, makes a training case (train.go) on a device: the call to time, which
	// keeps its model, optimizer and data across calls, and the training steps one call
	// runs. Args, Call and RowArgs are then unused.
	Train func(c Case, d device.Device) (call func(), steps int)
}

// prepare makes the inputs of c on d, c.Copies sets of them, and returns the call to time.
func prepare(c Case, d device.Device) func() {
	op := ops[c.Op]
	return rotating(c, func(k int) func() {
		x := args(c, k, d)
		return func() { op.Call(c, x) }
	})
}

// args makes input set k of c on d: Args inputs, the last RowArgs of them rows.
func args(c Case, k int, d device.Device) []*tensor.Tensor {
	op := ops[c.Op]
	x := make([]*tensor.Tensor, op.Args)
	for i := range x {
		shape := c.Shape
		if op.Shapes != nil {
			shape = op.Shapes(c)[i]
		}
		x[i] = input(c, shape, k, i+1, d)
		if i >= op.Args-op.RowArgs {
			x[i] = x[i].Slice(0).Contiguous()
		}
	}
	return x
}

// elementwise returns the Bytes of an op that reads `in` and writes `out` arrays of the
// input's size and dtype.
func elementwise(in, out float64) func(c Case) float64 {
	return func(c Case) float64 { return (in + out) * c.size() * c.itemSize() }
}

// perElement is a Flops counting one flop per input element.
func perElement(c Case) float64 { return c.size() }

// gemmFlops counts 2mnk per product of the (batched) square matmul of the case's shape.
func gemmFlops(c Case) float64 { return 2 * c.size() * float64(c.Shape[len(c.Shape)-1]) }

// unaryOp is an allocating element-wise op of one operand: f(a).
func unaryOp(doc string, f func(*tensor.Tensor) *tensor.Tensor) Op {
	return Op{Doc: doc, Bytes: elementwise(1, 1), Args: 1,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return f(x[0]) }}
}

// reduction is a reducing op of one operand, with the given Flops, whose result has
// outBytes bytes.
func reduction(doc string, f func(a *tensor.Tensor) *tensor.Tensor, flops, outBytes func(Case) float64) Op {
	return Op{Doc: doc, Flops: flops, Args: 1,
		Bytes: func(c Case) float64 { return c.size()*c.itemSize() + outBytes(c) },
		Call:  func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return f(x[0]) }}
}

// castTo is the dtype a cast case converts to: float64 for float32 inputs, else float32.
func castTo(dt string) string {
	if dt == "float32" {
		return "float64"
	}
	return "float32"
}

// ops are the operations gpubench knows, by name (train.go adds the training cases).
// Names ending in "_out" write into a preallocated output (NumPy's out=); the others
// allocate their result, as user code does.
var ops = map[string]Op{
	"add": {Doc: "a + b", Bytes: elementwise(2, 1), Flops: perElement, Args: 2,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].Add(x[1]) }},
	"add_free": {Doc: "a + b, the result released when done (tensor: a.Add(b).Free(), as NumPy's reference count frees a + b)",
		Bytes: elementwise(2, 1), Flops: perElement, Args: 2,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor {
			if lastResult != nil {
				lastResult.Free() // the previous call's result: every call frees one
			}
			lastResult = x[0].Add(x[1])
			return lastResult
		}},
	"mul_scalar": {Doc: "a * 2.5", Bytes: elementwise(1, 1), Flops: perElement, Args: 1,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].Mul(2.5) }},
	"sub_bcast": {Doc: "a - b[0]: a row (the last dimension's length) broadcast over a's rows",
		Bytes: elementwise(1, 1), Flops: perElement, Args: 2, RowArgs: 1,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].Sub(x[1]) }},
	"chain": {Doc: "(a - m) / s, with m = b[0] and s = c[0] rows broadcast over a's rows (standardising columns)",
		Bytes: elementwise(2, 2), Flops: func(c Case) float64 { return 2 * c.size() }, Args: 3, RowArgs: 2,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].Sub(x[1]).Div(x[2]) }},
	"add_out": {Doc: "np.add(a, b, out=o)", Bytes: elementwise(2, 1), Flops: perElement, Args: 3,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return tensor.AddInto(x[2], x[0], x[1]) }},
	"fma_out": {Doc: "tensor.FMAInto(o, a, b, c); NumPy (no fused ufunc): np.multiply(a, b, out=o); o += c",
		Bytes: elementwise(3, 1), Flops: func(c Case) float64 { return 2 * c.size() }, Args: 4,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return tensor.FMAInto(x[3], x[0], x[1], x[2]) }},
	"dot": {Doc: "np.dot(a, b) of two vectors", Bytes: elementwise(2, 0),
		Flops: func(c Case) float64 { return 2 * c.size() }, Args: 2,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return tensor.Dot(x[0], x[1]) }},
	"exp": unaryOp("np.exp(a)", tensor.Exp),
	"exp_out": {Doc: "np.exp(a, out=o)", Bytes: elementwise(1, 1), Args: 2,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return tensor.ExpInto(x[1], x[0]) }},
	"tanh": unaryOp("np.tanh(a)", tensor.Tanh),
	"sigmoid": unaryOp("tensor.Sigmoid(a); NumPy (no sigmoid ufunc, no SciPy): t = np.negative(a); "+
		"np.exp(t, out=t); t += 1; np.reciprocal(t, out=t)", tensor.Sigmoid),
	"log": unaryOp("np.log(a)", tensor.Log),
	"cast": {Doc: "a.astype(np.float64) for a float32 case, a.astype(np.float32) for a float64 one",
		Bytes: func(c Case) float64 { return c.size() * (c.itemSize() + dtypeSize(castTo(c.DType))) },
		Args:  1,
		Call: func(c Case, x []*tensor.Tensor) *tensor.Tensor {
			if c.DType == "float32" {
				return x[0].AsType(tensor.Float64)
			}
			return x[0].AsType(tensor.Float32)
		}},
	"sum": reduction("a.sum()", func(a *tensor.Tensor) *tensor.Tensor { return a.Sum() }, perElement,
		func(c Case) float64 { return c.itemSize() }),
	"sum_axis0": reduction("a.sum(axis=0)", func(a *tensor.Tensor) *tensor.Tensor { return a.Sum(0) }, perElement,
		func(c Case) float64 { return c.size() / c.rows() * c.itemSize() }),
	"sum_axis1": reduction("a.sum(axis=1)", func(a *tensor.Tensor) *tensor.Tensor { return a.Sum(1) }, perElement,
		func(c Case) float64 { return c.rows() * c.itemSize() }),
	"argmax": reduction("a.argmax()", func(a *tensor.Tensor) *tensor.Tensor { return a.ArgMax() }, nil,
		func(Case) float64 { return 8 }),
	"argmax_axis1": reduction("a.argmax(axis=1)", func(a *tensor.Tensor) *tensor.Tensor { return a.ArgMax(1) }, nil,
		func(c Case) float64 { return 8 * c.rows() }),
	"transpose_copy": {Doc: "a.T.copy() (tensor: a.T().Contiguous())", Bytes: elementwise(1, 1), Args: 1,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].T().Contiguous() }},
	"matmul": {Doc: "a @ b, both of the case's shape (square)", Compute: true,
		Bytes: elementwise(2, 1), Flops: gemmFlops, Args: 2, Call: matmul},
	"bmm": {Doc: "a @ b, both of the case's shape (batch, n, n): batched square products", Compute: true,
		Bytes: elementwise(2, 1), Flops: gemmFlops, Args: 2, Call: matmul},
	"softmax": {Doc: "tensor.Softmax(a, -1); NumPy: e = a - a.max(-1, keepdims=True); np.exp(e, out=e); e /= e.sum(-1, keepdims=True)",
		Bytes: elementwise(1, 1), Args: 1,
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor { return tensor.Softmax(x[0], -1) }},
}

// scopedOps are the allocating ops that have a "_scope" case: the same call with its
// body in a tensor.Scope, which frees the result when the call ends, as NumPy's
// reference count frees a temporary (the allocation issue's mechanism).
var scopedOps = []string{"add", "mul_scalar", "sub_bcast", "chain", "exp"}

// scoped returns op with each call in a tensor.Scope.
func scoped(op Op) Op {
	call := op.Call
	op.Doc += "; each call in a tensor.Scope, which frees its result when the call ends (NumPy: the same expression, its result freed by its reference count)"
	op.Call = func(c Case, x []*tensor.Tensor) *tensor.Tensor {
		var r *tensor.Tensor
		tensor.Scope(func() {
			r = call(c, x)
			if keepScoped {
				tensor.Keep(r)
			}
		})
		return r
	}
	return op
}

// keepScoped makes the _scope cases keep their result, for the tests that check it.
var keepScoped bool

func init() {
	for _, name := range scopedOps {
		ops[name+"_scope"] = scoped(ops[name])
	}
	ops["matmul_nn"] = productOp("a @ b: a (m, k) and b (k, n), both C-contiguous "+
		"(a Linear layer's input gradient dy @ W)", false, false)
	ops["matmul_nt"] = productOp("a @ b.T: a (m, k) and b (n, k) C-contiguous, b.T a transposed view "+
		"(a Linear layer's forward x @ W.T)", false, true)
	ops["matmul_tn"] = productOp("a.T @ b: a (k, m) and b (k, n) C-contiguous, a.T a transposed view "+
		"(a Linear layer's weight gradient dy.T @ x)", true, false)
	for _, name := range productOps {
		ops[name+"_scope"] = scoped(ops[name])
	}
}

// productOps are the matrix products of a training step. Each also has a "_scope" case,
// the product as a training step computes it (in a scope, so that its result's memory
// is reused at once, as NumPy's is): without one, results of 40-256 KiB come back only
// after a collection, from memory the caches have lost, which on Zen 4 made the products
// with a dimension of 10 take 2-3x their scoped time.
var productOps = []string{"matmul_nt", "matmul_nn", "matmul_tn"}

// productCases are the matrix products of the training cases' steps (float32, m x k x n):
// the quickstart's 784-512-512-10 MLP on batches of 64 and train_step_mlp's 784-256-10 one
// on batches of 256, as Linear's forward (x @ W.T), input gradient (dy @ W) and weight
// gradient (dy.T @ x, and x.T @ dy, its transpose) compute them; then the same in scopes.
func productCases() []Case {
	var cs []Case
	for _, p := range []struct {
		op      string
		m, k, n int
	}{
		{"matmul_nt", 64, 784, 512}, {"matmul_nt", 64, 512, 512}, {"matmul_nt", 64, 512, 10},
		{"matmul_nn", 64, 512, 512}, {"matmul_nn", 64, 10, 512},
		{"matmul_tn", 512, 64, 784}, {"matmul_tn", 512, 64, 512}, {"matmul_tn", 10, 64, 512},
		{"matmul_nt", 256, 784, 256}, {"matmul_nt", 256, 256, 10}, {"matmul_nn", 256, 10, 256},
		{"matmul_tn", 256, 256, 784}, {"matmul_tn", 784, 256, 256}, {"matmul_tn", 10, 256, 256},
	} {
		cs = append(cs, Case{Op: p.op, DType: "float32", Shape: []int{p.m, p.k, p.n}})
	}
	for _, c := range cs { // range reads cs once: the appended cases are not revisited
		c.Op += "_scope"
		cs = append(cs, c)
	}
	return cs
}

// productOp is the Op of one matrix product of a training step, the case's shape being the
// product's m x k x n, with a (transA) or b (transB) given as the transposed view of a
// C-contiguous array.
func productOp(doc string, transA, transB bool) Op {
	dims := func(c Case) (m, k, n float64) {
		return float64(c.Shape[0]), float64(c.Shape[1]), float64(c.Shape[2])
	}
	return Op{Doc: doc + "; the case's shape is m x k x n", Compute: true, Args: 2,
		Bytes: func(c Case) float64 {
			m, k, n := dims(c)
			return (m*k + k*n + m*n) * c.itemSize()
		},
		Flops: func(c Case) float64 {
			m, k, n := dims(c)
			return 2 * m * k * n
		},
		Shapes: func(c Case) [][]int {
			m, k, n := c.Shape[0], c.Shape[1], c.Shape[2]
			a, b := []int{m, k}, []int{k, n}
			if transA {
				a = []int{k, m}
			}
			if transB {
				b = []int{n, k}
			}
			return [][]int{a, b}
		},
		Call: func(_ Case, x []*tensor.Tensor) *tensor.Tensor {
			a, b := x[0], x[1]
			if transA {
				a = a.T()
			}
			if transB {
				b = b.T()
			}
			return a.MatMul(b)
		}}
}

// lastResult is add_free's latest result, freed by its next call (so that the result a
// call returns can still be read).
var lastResult *tensor.Tensor

// matmul is the Call of matmul and bmm.
func matmul(_ Case, x []*tensor.Tensor) *tensor.Tensor { return x[0].MatMul(x[1]) }

// rotating returns the call to time for a case with c.Copies input sets: mk(k) makes the
// inputs of set k and returns a call on them; the returned call runs set 0, 1, …, then
// set 0 again, one set per call. With one set it is mk(0) itself.
func rotating(c Case, mk func(k int) func()) func() {
	n := max(c.Copies, 1)
	if n == 1 {
		return mk(0)
	}
	fs := make([]func(), n)
	for k := range fs {
		fs[k] = mk(k)
	}
	i := 0
	return func() {
		fs[i]()
		if i++; i == n {
			i = 0
		}
	}
}

// seed is the random seed of argument arg (1 for a, 2 for b, 3 for an output) of input
// set k.
func seed(k, arg int) uint64 { return uint64(arg) + uint64(k)<<16 }

// values returns argument arg of input set k as a slice of the case's first-input size,
// drawn from the op's domain (domainOf), the same numbers for the same case, set and argument.
func values[T float32 | float64](c Case, k, arg int) []T { return draw[T](c, int(c.size()), k, arg) }

// draw returns n values of argument arg of input set k, as values does.
func draw[T float32 | float64](c Case, n, k, arg int) []T {
	r := rand.New(rand.NewPCG(seed(k, arg), 0x9e3779b97f4a7c15))
	dom := domainOf(c.Op)
	v := make([]T, n)
	for i := range v {
		v[i] = T(dom.value(r.Float64()))
	}
	return v
}

// input returns argument arg of input set k as a tensor of the given shape (the case's,
// or the op's Shapes) and the case's dtype on d.
func input(c Case, shape []int, k, arg int, d device.Device) *tensor.Tensor {
	n := 1
	for _, s := range shape {
		n *= s
	}
	var t *tensor.Tensor
	switch c.DType {
	case "float32":
		t = tensor.FromSlice(draw[float32](c, n, k, arg), shape...)
	case "float64":
		t = tensor.FromSlice(draw[float64](c, n, k, arg), shape...)
	default:
		panic(fmt.Sprintf("gpubench: case %v: unsupported dtype", c))
	}
	return t.To(d)
}
