package autograd

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// A gradcheck case: inputs of the given shapes (random values from vals, or data), and
// a function of them whose every input gets a gradient by finite differences.
type gcase struct {
	name   string
	op     string // the rule it checks
	shapes [][]int
	vals   func(r *rand.Rand) float64 // default: ±[0.2, 2]
	data   [][]float64                // explicit values, instead of vals
	f      func(x []*tensor.Tensor) *tensor.Tensor
}

func signed(r *rand.Rand) float64 {
	v := 0.2 + 1.8*r.Float64()
	if r.IntN(2) == 0 {
		return -v
	}
	return v
}

func positive(r *rand.Rand) float64 { return 0.2 + 1.8*r.Float64() }

func seeded(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(42, h.Sum64()))
}

// inputs returns the case's values.
func (c gcase) inputs() [][]float64 {
	if c.data != nil {
		return c.data
	}
	r := seeded(c.name)
	vals := c.vals
	if vals == nil {
		vals = signed
	}
	out := make([][]float64, len(c.shapes))
	for i, s := range c.shapes {
		n := 1
		for _, d := range s {
			n *= d
		}
		out[i] = make([]float64, n)
		for j := range out[i] {
			out[i][j] = vals(r)
		}
	}
	return out
}

func build(data [][]float64, shapes [][]int, dt tensor.DType, requires bool) []*tensor.Tensor {
	xs := make([]*tensor.Tensor, len(data))
	for i, d := range data {
		x := tensor.FromSlice(append([]float64{}, d...), shapes[i]...)
		if dt != tensor.Float64 {
			x = x.AsType(dt)
		}
		if requires {
			x.RequiresGrad()
		}
		xs[i] = x
	}
	return xs
}

// weights is a fixed random seed of shape s: the check differentiates sum(f(x) * w).
func weights(name string, s []int) []float64 {
	r := seeded("w" + name)
	n := 1
	for _, d := range s {
		n *= d
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 2*r.Float64() - 1
	}
	return w
}

// analytic runs Backward and returns the inputs' gradients in float64.
func (c gcase) analytic(t *testing.T, dt tensor.DType) ([][]float64, bool) {
	shapes := c.shapesOf()
	xs := build(c.inputs(), shapes, dt, true)
	y := c.f(xs)
	if !y.TracksGrad() {
		t.Errorf("%s: the result of %s records no node (op not recorded by package tensor?)", c.name, c.op)
		return nil, false
	}
	if !graphHas(y, c.op) {
		t.Errorf("%s: no %s node in the graph of the result", c.name, c.op)
	}
	w := tensor.FromSlice(weights(c.name, y.Shape()), y.Shape()...).AsType(y.DType())
	Backward(y, w)
	out := make([][]float64, len(xs))
	for i, x := range xs {
		if x.Grad() == nil {
			t.Errorf("%s: input %d got no gradient", c.name, i)
			return nil, false
		}
		out[i] = tensor.ToSlice[float64](x.Grad())
	}
	return out, true
}

// graphHas reports whether op is recorded somewhere in the graph behind y.
func graphHas(y *tensor.Tensor, op string) bool {
	seen := map[*tensor.Node]bool{}
	stack := []*tensor.Tensor{y}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := t.GradNode()
		if n == nil || seen[n] {
			continue
		}
		if n.Op == op {
			return true
		}
		seen[n] = true
		for _, in := range n.Inputs {
			if in != nil {
				stack = append(stack, in)
			}
		}
	}
	return false
}

func (c gcase) shapesOf() [][]int {
	if c.shapes != nil {
		return c.shapes
	}
	s := make([][]int, len(c.data))
	for i, d := range c.data {
		s[i] = []int{len(d)}
	}
	return s
}

// loss evaluates sum(f(x) * w) in float64 without recording.
func (c gcase) loss(data [][]float64, w []float64) float64 {
	y := tensor.ToSlice[float64](c.f(build(data, c.shapesOf(), tensor.Float64, false)))
	s := 0.0
	for i := range y {
		s += y[i] * w[i]
	}
	return s
}

// numeric is the central-difference gradient.
func (c gcase) numeric(outShape []int) [][]float64 {
	const h = 1e-6
	data := c.inputs()
	w := weights(c.name, outShape)
	out := make([][]float64, len(data))
	for i := range data {
		out[i] = make([]float64, len(data[i]))
		for j := range data[i] {
			p := clone(data)
			p[i][j] += h
			lp := c.loss(p, w)
			p[i][j] -= 2 * h
			lm := c.loss(p, w)
			out[i][j] = (lp - lm) / (2 * h)
		}
	}
	return out
}

func clone(d [][]float64) [][]float64 {
	out := make([][]float64, len(d))
	for i := range d {
		out[i] = append([]float64{}, d[i]...)
	}
	return out
}

func close(a, b, rtol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= rtol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

var (
	passMu sync.Mutex
	passes = map[string]int{}
)

func countPass(op string) {
	passMu.Lock()
	passes[op]++
	passMu.Unlock()
}

// gradcheck checks c in float64 against finite differences, and in float32 against
// the float64 gradients.
func gradcheck(t *testing.T, c gcase) {
	t.Helper()
	err := tensor.Try(func() {
		ana, ok := c.analytic(t, tensor.Float64)
		if !ok {
			return
		}
		outShape := c.f(build(c.inputs(), c.shapesOf(), tensor.Float64, false)).Shape()
		num := c.numeric(outShape)
		good := true
		for i := range num {
			for j := range num[i] {
				if !close(ana[i][j], num[i][j], 1e-6) {
					t.Errorf("%s: input %d element %d: analytic %.10g, numeric %.10g", c.name, i, j, ana[i][j], num[i][j])
					good = false
				}
			}
		}
		a32, ok := c.analytic(t, tensor.Float32)
		if !ok {
			return
		}
		for i := range a32 {
			for j := range a32[i] {
				if !close(a32[i][j], ana[i][j], 1e-3) {
					t.Errorf("%s: float32 input %d element %d: %.7g, float64 %.10g", c.name, i, j, a32[i][j], ana[i][j])
					good = false
				}
			}
		}
		if good {
			countPass(c.op)
		}
	})
	if err != nil {
		t.Errorf("%s: %v", c.name, err)
	}
}

func logPasses(t *testing.T) {
	passMu.Lock()
	defer passMu.Unlock()
	ops := make([]string, 0, len(passes))
	for op := range passes {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	s := ""
	for _, op := range ops {
		s += fmt.Sprintf(" %s:%d", op, passes[op])
	}
	t.Logf("gradcheck passes per rule (%d rules):%s", len(ops), s)
}
