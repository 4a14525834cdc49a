package autograd

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// gelu is the exact GELU, x*(1+erf(x/√2))/2, as package nn composes it.
func gelu(x *T) *T { return x.Mul(tensor.Erf(x.Mul(1 / math.Sqrt2)).Add(1.0)).Mul(0.5) }

// TestGradcheckErf checks Erf's and Erfc's rules against finite differences on plain,
// transposed and reversed views and through the exact GELU, and Erf's second derivative
// (-2x erf'(x)) through Grad with CreateGraph.
func TestGradcheckErf(t *testing.T) {
	var cs []gcase
	for _, o := range []struct {
		name string
		f    func(x *T) *T
	}{{"Erf", tensor.Erf}, {"Erfc", tensor.Erfc}} {
		f := o.f
		cs = append(cs,
			gcase{name: o.name, op: o.name, shapes: sh(d(3, 4)), f: f1(f)},
			gcase{name: o.name + "/T", op: o.name, shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return f(x.T()) })},
			gcase{name: o.name + "/flip", op: o.name, shapes: sh(d(3, 4)), f: f1(func(x *T) *T { return f(x.Flip(1)) })},
		)
	}
	cs = append(cs,
		gcase{name: "Erf/values", op: "Erf", data: rows(fl(0, -0.5, 1e-3, 3.5, -2.2, 0.84375)), f: f1(tensor.Erf)},
		gcase{name: "GELU", op: "Erf", shapes: sh(d(2, 5)), f: f1(gelu)},
	)
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}

	xs := []float64{0.3, -0.7, 1.1, 0, -1.3, 2}
	x := tensor.FromSlice(append([]float64{}, xs...)).RequiresGrad()
	g := Grad([]*T{tensor.Erf(x).Sum()}, []*T{x}, Options{CreateGraph: true})[0]
	h := Grad([]*T{g.Sum()}, []*T{x})[0]
	got := vals(h)
	for i, v := range xs {
		want := -2 * v * 2 / math.SqrtPi * math.Exp(-v*v)
		if !close(got[i], want, 1e-12) {
			t.Fatalf("erf''(%v) = %v, want %v", v, got[i], want)
		}
	}
}
