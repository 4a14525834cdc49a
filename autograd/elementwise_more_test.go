package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// inUnit keeps values inside (-1, 1) away from the ends, for Arcsin, Arccos, Arctanh.
func inUnit(r *rand.Rand) float64 { return 1.6*r.Float64() - 0.8 }

// aboveOne keeps values in (1.2, 3), for Arccosh.
func aboveOne(r *rand.Rand) float64 { return 1.2 + 1.8*r.Float64() }

// TestGradcheckElementwiseMore checks tensor/math.go's rules against finite differences,
// on plain, transposed and reversed views, with broadcasting and Go scalars for the
// binary ops, and through Divmod's and ClipArray's compositions.
func TestGradcheckElementwiseMore(t *testing.T) {
	unary := []struct {
		name string
		f    func(x *T) *T
		vals func(*rand.Rand) float64
	}{
		{"Log2", tensor.Log2, positive}, {"Log10", tensor.Log10, positive}, {"Exp2", tensor.Exp2, nil},
		{"Tan", tensor.Tan, inUnit}, {"Arcsin", tensor.Arcsin, inUnit}, {"Arccos", tensor.Arccos, inUnit},
		{"Arctan", tensor.Arctan, nil}, {"Sinh", tensor.Sinh, nil}, {"Cosh", tensor.Cosh, nil},
		{"Arcsinh", tensor.Arcsinh, nil}, {"Arccosh", tensor.Arccosh, aboveOne},
		{"Arctanh", tensor.Arctanh, inUnit},
		{"Trunc", tensor.Trunc, func(r *rand.Rand) float64 { return float64(r.IntN(40)-20)/10 + 0.03 }},
	}
	var cs []gcase
	for _, o := range unary {
		f := o.f
		cs = append(cs,
			gcase{name: o.name, op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(f)},
			gcase{name: o.name + "/T", op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(func(x *T) *T { return f(x.T()) })},
			gcase{name: o.name + "/flip", op: o.name, shapes: sh(d(3, 4)), vals: o.vals, f: f1(func(x *T) *T { return f(x.Flip(1)) })},
		)
	}
	binary := []struct {
		name string
		f    func(a, b any) *T
		va   func(*rand.Rand) float64
		sa   float64
	}{
		{"Arctan2", tensor.Arctan2, nil, 1.5},
		{"Hypot", tensor.Hypot, nil, -1.5},
		{"Fmod", tensor.Fmod, positive, 1.7},
		{"Fmax", tensor.Fmax, nil, 0.5},
		{"Fmin", tensor.Fmin, nil, 0.5},
	}
	for _, o := range binary {
		f := o.f
		cs = append(cs,
			gcase{name: o.name + "/same", op: o.name, shapes: sh(d(3, 4), d(3, 4)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/outer", op: o.name, shapes: sh(d(3, 1), d(1, 4)), vals: o.va, f: f2(bin(f))},
			gcase{name: o.name + "/T", op: o.name, shapes: sh(d(4, 3), d(3, 4)), vals: o.va, f: f2(func(a, b *T) *T { return f(a.T(), b.Flip(0)) })},
			gcase{name: o.name + "/scalar-right", op: o.name, shapes: sh(d(3, 4)), vals: o.va, f: f1(func(a *T) *T { return f(a, o.sa) })},
			gcase{name: o.name + "/scalar-left", op: o.name, shapes: sh(d(3, 4)), vals: o.va, f: f1(func(a *T) *T { return f(o.sa, a) })},
		)
	}
	cs = append(cs,
		gcase{name: "Fmax/ties", op: "Fmax", data: rows(fl(1, 2, 3, 4), fl(1, 0, 3, 5)), f: f2(bin(tensor.Fmax))},
		gcase{name: "Divmod", op: "Mod", shapes: sh(d(3, 4), d(4)), vals: positive, f: f2(func(a, b *T) *T {
			q, r := tensor.Divmod(a, b)
			return q.Add(r.Mul(2.0))
		})},
		gcase{name: "ClipArray", op: "Maximum", shapes: sh(d(3, 4), d(4), d(3, 1)), f: func(x []*T) *T {
			return tensor.ClipArray(x[0], x[1], x[2].Abs().Add(2.5))
		}},
	)
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}
