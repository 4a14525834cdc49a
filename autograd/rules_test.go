package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

type T = tensor.Tensor

func f1(f func(x *T) *T) func([]*T) *T    { return func(x []*T) *T { return f(x[0]) } }
func f2(f func(a, b *T) *T) func([]*T) *T { return func(x []*T) *T { return f(x[0], x[1]) } }
func sh(s ...[]int) [][]int               { return s }
func d(s ...int) []int                    { return s }
func rows(v ...[]float64) [][]float64     { return v }
func fl(v ...float64) []float64           { return v }
func bin(f func(a, b any) *T) func(a, b *T) *T {
	return func(a, b *T) *T { return f(a, b) }
}

// unaryCases: each op on a (3, 4) tensor, on its transpose and on a reversed view.
func unaryCases() []gcase {
	ops := []struct {
		name string
		f    func(x *T) *T
		vals func(*rand.Rand) float64
	}{
		{"Neg", tensor.Neg, nil},
		{"Abs", tensor.Abs, nil},
		{"Exp", tensor.Exp, nil},
		{"Log", tensor.Log, positive},
		{"Sqrt", tensor.Sqrt, positive},
		{"Tanh", tensor.Tanh, nil},
		{"Sin", tensor.Sin, nil},
		{"Cos", tensor.Cos, nil},
		{"Square", tensor.Square, nil},
		{"Floor", tensor.Floor, nil},
		{"Ceil", tensor.Ceil, nil},
		{"Sign", tensor.Sign, nil},
		{"Log1p", tensor.Log1p, positive},
		{"Expm1", tensor.Expm1, nil},
		{"Sigmoid", tensor.Sigmoid, nil},
		{"ReLU", tensor.ReLU, nil},
		{"Reciprocal", tensor.Reciprocal, nil},
		{"Clip", func(x *T) *T { return tensor.Clip(x, -0.9, 1.1) }, nil},
		{"Round", func(x *T) *T { return tensor.Round(x, 1) }, func(r *rand.Rand) float64 { return float64(r.IntN(40)-20)/10 + 0.03 }},
	}
	var cs []gcase
	for _, o := range ops {
		f := o.f
		cs = append(cs,
			gcase{name: o.name, op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(f)},
			gcase{name: o.name + "/T", op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(func(x *T) *T { return f(x.T()) })},
			gcase{name: o.name + "/flip", op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(func(x *T) *T { return f(x.Flip(1).Slice(tensor.S(tensor.None, tensor.None, -2))) })},
		)
	}
	cs = append(cs, gcase{name: "ExpInto", op: "Exp", shapes: sh(d(2, 3)), f: f1(func(x *T) *T {
		return tensor.ExpInto(tensor.Empty(x.DType(), 2, 3), x)
	})})
	return cs
}

// binaryCases: each op with broadcast operands, size-1 dims, a transposed operand and
// Go scalars on either side.
func binaryCases() []gcase {
	ops := []struct {
		name string
		f    func(a, b any) *T
		va   func(*rand.Rand) float64
		sa   float64 // scalar operand
	}{
		{"Add", tensor.Add, nil, 1.5},
		{"Sub", tensor.Sub, nil, 1.5},
		{"Mul", tensor.Mul, nil, 1.5},
		{"Div", tensor.Div, nil, 1.5},
		{"Pow", tensor.Pow, positive, 1.5},
		{"Maximum", tensor.Maximum, nil, 0.5},
		{"Minimum", tensor.Minimum, nil, 0.5},
		{"Mod", tensor.Mod, positive, 1.7},
		{"FloorDiv", tensor.FloorDiv, positive, 1.7},
	}
	var cs []gcase
	for _, o := range ops {
		f := o.f
		cs = append(cs,
			gcase{name: o.name + "/same", op: o.name, shapes: sh(d(3, 4), d(3, 4)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/row", op: o.name, shapes: sh(d(3, 4), d(4)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/outer", op: o.name, shapes: sh(d(3, 1), d(1, 4)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/3d", op: o.name, shapes: sh(d(2, 1, 4), d(3, 1)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/T", op: o.name, shapes: sh(d(4, 3), d(3, 4)), vals: o.va, f: f2(func(a, b *T) *T { return f(a.T(), b.Flip(0)) })},
			gcase{name: o.name + "/scalar-right", op: o.name, shapes: sh(d(3, 4)), vals: o.va, f: f1(func(a *T) *T { return f(a, o.sa) })},
			gcase{name: o.name + "/scalar-left", op: o.name, shapes: sh(d(3, 4)), vals: o.va, f: f1(func(a *T) *T { return f(o.sa, a) })},
			gcase{name: o.name + "/0d", op: o.name, shapes: sh(d(3, 4), d()), vals: o.va, f: f2(bin(f))},
		)
	}
	cs = append(cs,
		gcase{name: "Pow/int-exponent", op: "Pow", shapes: sh(d(3, 4)), f: f1(func(a *T) *T { return a.Pow(3) })},
		gcase{name: "Pow/exponent-at-zero-base", op: "Pow", data: rows(fl(2, 3, 0.5, 2)), f: f1(func(b *T) *T {
			// the base's gradient at 0 is checked by TestPowZero
			return tensor.FromSlice([]float64{0, 0, 2, 1.5}).AsType(b.DType()).Pow(b)
		})},
		gcase{name: "Maximum/ties", op: "Maximum", data: rows(fl(1, 2, 3, 4), fl(1, 0, 3, 5)), f: f2(bin(tensor.Maximum))},
		gcase{name: "Minimum/ties", op: "Minimum", data: rows(fl(1, 2, 3, 4), fl(1, 0, 3, 5)), f: f2(bin(tensor.Minimum))},
		gcase{name: "Where", op: "Where", shapes: sh(d(3, 4), d(4)), f: f2(func(a, b *T) *T {
			cond := tensor.FromSlice([]bool{true, false, true, true, false, false, true, false, true, true, false, true}, 3, 4)
			return tensor.Where(cond, a, b)
		})},
		gcase{name: "Where/scalar", op: "Where", shapes: sh(d(3, 1)), f: f1(func(a *T) *T {
			cond := tensor.FromSlice([]bool{true, false, true, false}, 4)
			return tensor.Where(cond, 2.0, a)
		})},
		gcase{name: "FMA", op: "FMA", shapes: sh(d(3, 4), d(4), d(3, 1)), f: func(x []*T) *T { return tensor.FMA(x[0], x[1], x[2]) }},
		gcase{name: "FMA/scalar", op: "FMA", shapes: sh(d(3, 4), d(3, 4)), f: func(x []*T) *T { return tensor.FMA(x[0], 2.5, x[1].T().T()) }},
		gcase{name: "Copy", op: "Copy", shapes: sh(d(3, 4)), f: f1(func(a *T) *T { return a.T().Copy() })},
		gcase{name: "AsType", op: "AsType", shapes: sh(d(3, 4)), f: f1(func(a *T) *T { return a.AsType(a.DType()).Mul(a) })},
	)
	return cs
}

func TestGradcheckElementwise(t *testing.T) {
	for _, c := range append(unaryCases(), binaryCases()...) {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
	logPasses(t)
}
