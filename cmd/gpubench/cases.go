package main

import (
	"fmt"
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
func (c Case) itemSize() float64 {
	dt, err := device.ParseDType(c.DType)
	if err != nil {
		return 0
	}
	return float64(dt.Size())
}

// Op is an operation gpubench measures. Bytes and Flops count what an ideal
// implementation must move and compute (inputs read once, outputs written once), so GB/s
// and GFLOP/s compare across implementations and with the machine's ceilings.
type Op struct {
	// Doc says what one call computes, in NumPy's spelling (a peer runs exactly this).
	Doc string
	// Compute marks ops bounded by arithmetic (% of the FMA peak) rather than by memory
	// bandwidth (% of the triad ceiling of the cache level the data fits in).
	Compute bool
	// Bytes read and written by one call.
	Bytes func(c Case) float64
	// Flops of one call; 0 where the count means nothing (exp).
	Flops func(c Case) float64
	// Prepare makes the inputs on d and returns the call to time.
	Prepare func(c Case, d device.Device) func()
}

// ops are the operations gpubench knows, by name. Names ending in "_out" write into a
// preallocated output (NumPy's out=); the others allocate their result, as user code does.
var ops = map[string]Op{
	"add": {
		Doc:   "a + b",
		Bytes: func(c Case) float64 { return 3 * c.size() * c.itemSize() },
		Flops: func(c Case) float64 { return c.size() },
		Prepare: func(c Case, d device.Device) func() {
			a, b := input(c, 1, d), input(c, 2, d)
			return func() { a.Add(b) }
		},
	},
	"add_out": {
		Doc:   "np.add(a, b, out=o)",
		Bytes: func(c Case) float64 { return 3 * c.size() * c.itemSize() },
		Flops: func(c Case) float64 { return c.size() },
		Prepare: func(c Case, d device.Device) func() {
			a, b, o := input(c, 1, d), input(c, 2, d), input(c, 3, d)
			return func() { tensor.AddInto(o, a, b) }
		},
	},
	"exp": {
		Doc:   "np.exp(a)",
		Bytes: func(c Case) float64 { return 2 * c.size() * c.itemSize() },
		Prepare: func(c Case, d device.Device) func() {
			a := input(c, 1, d)
			return func() { a.Exp() }
		},
	},
	"exp_out": {
		Doc:   "np.exp(a, out=o)",
		Bytes: func(c Case) float64 { return 2 * c.size() * c.itemSize() },
		Prepare: func(c Case, d device.Device) func() {
			a, o := input(c, 1, d), input(c, 2, d)
			return func() { tensor.ExpInto(o, a) }
		},
	},
	"sum": {
		Doc:   "a.sum()",
		Bytes: func(c Case) float64 { return c.size() * c.itemSize() },
		Flops: func(c Case) float64 { return c.size() },
		Prepare: func(c Case, d device.Device) func() {
			a := input(c, 1, d)
			return func() { a.Sum() }
		},
	},
	"sum_axis0": {
		Doc:   "a.sum(axis=0)",
		Bytes: func(c Case) float64 { return c.size() * c.itemSize() },
		Flops: func(c Case) float64 { return c.size() },
		Prepare: func(c Case, d device.Device) func() {
			a := input(c, 1, d)
			return func() { a.Sum(0) }
		},
	},
	"sum_axis1": {
		Doc:   "a.sum(axis=1)",
		Bytes: func(c Case) float64 { return c.size() * c.itemSize() },
		Flops: func(c Case) float64 { return c.size() },
		Prepare: func(c Case, d device.Device) func() {
			a := input(c, 1, d)
			return func() { a.Sum(1) }
		},
	},
	"matmul": {
		Doc:     "a @ b, both of the case's shape (square)",
		Compute: true,
		Bytes:   func(c Case) float64 { return 3 * c.size() * c.itemSize() },
		Flops:   func(c Case) float64 { return 2 * c.size() * float64(c.Shape[len(c.Shape)-1]) },
		Prepare: func(c Case, d device.Device) func() {
			a, b := input(c, 1, d), input(c, 2, d)
			return func() { a.MatMul(b) }
		},
	},
	"softmax": {
		Doc:   "tensor.Softmax(a, -1); NumPy: e = np.exp(a - a.max(-1, keepdims=True)); e / e.sum(-1, keepdims=True)",
		Bytes: func(c Case) float64 { return 2 * c.size() * c.itemSize() },
		Prepare: func(c Case, d device.Device) func() {
			a := input(c, 1, d)
			return func() { tensor.Softmax(a, -1) }
		},
	},
}

// input returns the case's first-input-shaped tensor on d, uniform in [-1, 1), the same
// numbers for the same seed.
func input(c Case, seed uint64, d device.Device) *tensor.Tensor {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	n := int(c.size())
	var t *tensor.Tensor
	switch c.DType {
	case "float32":
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(2*r.Float64() - 1)
		}
		t = tensor.FromSlice(v, c.Shape...)
	case "float64":
		v := make([]float64, n)
		for i := range v {
			v[i] = 2*r.Float64() - 1
		}
		t = tensor.FromSlice(v, c.Shape...)
	default:
		panic(fmt.Sprintf("gpubench: case %v: unsupported dtype", c))
	}
	return t.To(d)
}

// suite returns the cases of the quick or the full run, in the order they run.
func suite(full bool) []Case {
	vec := []int{1_000, 1_000_000, 10_000_000}
	mat := [][]int{{1000, 1000}}
	gemm := []int{256, 512}
	soft := [][]int{{1000, 1000}}
	if full {
		vec = []int{1_000, 10_000, 100_000, 1_000_000, 10_000_000, 30_000_000}
		mat = [][]int{{1000, 1000}, {4096, 4096}}
		gemm = []int{256, 512, 1024, 2048}
		soft = [][]int{{1000, 1000}, {4096, 1000}}
	}
	var cs []Case
	add := func(op, dt string, shape ...int) { cs = append(cs, Case{op, dt, shape}) }
	for _, op := range []struct{ name, dt string }{
		{"add", "float32"}, {"add", "float64"}, {"add_out", "float32"},
		{"exp", "float32"}, {"exp_out", "float32"}, {"sum", "float32"},
	} {
		for _, n := range vec {
			add(op.name, op.dt, n)
		}
	}
	for _, op := range []string{"sum_axis0", "sum_axis1"} {
		for _, s := range mat {
			add(op, "float32", s...)
		}
	}
	for _, dt := range []string{"float32", "float64"} {
		for _, n := range gemm {
			add("matmul", dt, n, n)
		}
	}
	for _, s := range soft {
		add("softmax", "float32", s...)
	}
	return cs
}
