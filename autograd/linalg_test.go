package autograd

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

// Gradients through package linalg: finite differences for every rule (symmetric and
// positive definite inputs through a parametrisation, so that the differences move
// along symmetric matrices), PyTorch's recorded gradients, second derivatives, and no
// recording without RequiresGrad.

// symOf is (m + mᵀ)/2, a symmetric matrix the differences of m reach.
func symOf(m *T) *T { return m.Add(m.SwapAxes(-1, -2)).Mul(0.5) }

// spdOf is m mᵀ + n·I, positive definite.
func spdOf(m *T) *T {
	n := m.Shape()[m.NDim()-1]
	return m.MatMul(m.SwapAxes(-1, -2)).Add(tensor.Eye(m.DType(), n, n, 0).Mul(float64(n)))
}

// wellOf is m + 3·I: well conditioned for entries of m in ±[0.2, 2].
func wellOf(m *T) *T {
	n := m.Shape()[m.NDim()-1]
	return m.Add(tensor.Eye(m.DType(), n, n, 0).Mul(3.0))
}

func linalgCases() []gcase {
	norm := func(name string, shape []int, ord linalg.Ord, axes ...int) gcase {
		return gcase{name: "Norm/" + name, op: "linalg.Norm", shapes: sh(shape),
			f: f1(func(x *T) *T { return linalg.Norm(x, ord, axes...) })}
	}
	return []gcase{
		{name: "Det/3x3", op: "linalg.Det", shapes: sh(d(3, 3)), f: f1(linalg.Det)},
		{name: "Det/1x1", op: "linalg.Det", shapes: sh(d(1, 1)), f: f1(linalg.Det)},
		{name: "Det/batch", op: "linalg.Det", shapes: sh(d(2, 3, 4, 4)), f: f1(func(x *T) *T { return linalg.Det(wellOf(x)) })},
		{name: "Det/singular", op: "linalg.Det", data: [][]float64{{1, 2, 3, 2, 4, 6, 1, 0, 1}}, shapes: sh(d(3, 3)), f: f1(linalg.Det)},
		{name: "Det/singular-2x2-batch", op: "linalg.Det", data: [][]float64{{1, 2, 2, 4, 1, 2, 3, 4}}, shapes: sh(d(2, 2, 2)), f: f1(linalg.Det)},
		{name: "Det/rank-1", op: "linalg.Det", data: [][]float64{{1, 2, 3, 2, 4, 6, 3, 6, 9}}, shapes: sh(d(3, 3)), f: f1(linalg.Det)},

		{name: "Inv/3x3", op: "linalg.Inv", shapes: sh(d(3, 3)), f: f1(func(x *T) *T { return linalg.Inv(wellOf(x)) })},
		{name: "Inv/batch", op: "linalg.Inv", shapes: sh(d(2, 3, 3)), f: f1(func(x *T) *T { return linalg.Inv(wellOf(x)) })},

		{name: "Solve/vector", op: "linalg.Solve", shapes: sh(d(3, 3), d(3)), f: f2(func(a, b *T) *T { return linalg.Solve(wellOf(a), b) })},
		{name: "Solve/matrix", op: "linalg.Solve", shapes: sh(d(3, 3), d(3, 2)), f: f2(func(a, b *T) *T { return linalg.Solve(wellOf(a), b) })},
		{name: "Solve/batch-a-vector", op: "linalg.Solve", shapes: sh(d(2, 3, 3), d(3)), f: f2(func(a, b *T) *T { return linalg.Solve(wellOf(a), b) })},
		{name: "Solve/batch-b", op: "linalg.Solve", shapes: sh(d(3, 3), d(2, 3, 2)), f: f2(func(a, b *T) *T { return linalg.Solve(wellOf(a), b) })},
		{name: "Solve/broadcast", op: "linalg.Solve", shapes: sh(d(2, 1, 3, 3), d(2, 3, 1)), f: f2(func(a, b *T) *T { return linalg.Solve(wellOf(a), b) })},

		{name: "Cholesky/3x3", op: "linalg.Cholesky", shapes: sh(d(3, 3)), f: f1(func(x *T) *T { return linalg.Cholesky(spdOf(x)) })},
		{name: "Cholesky/batch", op: "linalg.Cholesky", shapes: sh(d(2, 4, 4)), f: f1(func(x *T) *T { return linalg.Cholesky(spdOf(x)) })},

		{name: "EigvalsH/3x3", op: "linalg.EigvalsH", shapes: sh(d(3, 3)), f: f1(func(x *T) *T { return linalg.EigvalsH(symOf(x)) })},
		{name: "EigvalsH/batch", op: "linalg.EigvalsH", shapes: sh(d(2, 4, 4)), f: f1(func(x *T) *T { return linalg.EigvalsH(symOf(x)) })},

		// Eigenvectors are unique up to sign: differentiate functions of v that are not.
		{name: "Eigh/w", op: "linalg.Eigh.w", shapes: sh(d(3, 3)), f: f1(func(x *T) *T { w, _ := linalg.Eigh(symOf(x)); return w })},
		{name: "Eigh/v", op: "linalg.Eigh.v", shapes: sh(d(4, 4)), f: f1(func(x *T) *T { _, v := linalg.Eigh(symOf(x)); return tensor.Square(v) })},
		{name: "Eigh/both", op: "linalg.Eigh.v", shapes: sh(d(3, 3)), f: f1(func(x *T) *T {
			w, v := linalg.Eigh(symOf(x))
			return tensor.Square(v).Mul(w.ExpandDims(-2))
		})},
		{name: "Eigh/batch", op: "linalg.Eigh.v", shapes: sh(d(2, 3, 3)), f: f1(func(x *T) *T {
			w, v := linalg.Eigh(symOf(x))
			return v.Mul(w.ExpandDims(-2)).MatMul(v.SwapAxes(-1, -2)).Add(tensor.Square(v))
		})},

		norm("default-all", d(2, 3, 4), linalg.Default),
		norm("default-all-keep", d(3, 4), linalg.Default, K),
		norm("vec-2", d(3, 5), linalg.P(2), 1),
		norm("vec-1", d(3, 5), linalg.P(1), 0),
		norm("vec-0", d(3, 5), linalg.P(0), 0),
		norm("vec-inf", d(3, 5), linalg.Inf, 1, K),
		norm("vec-neginf", d(4, 5), linalg.NegInf, -1),
		norm("vec-3", d(2, 3, 4), linalg.P(3), 1),
		norm("vec-1.5", d(6), linalg.P(1.5)),
		norm("vec-0.5", d(3, 4), linalg.P(0.5), 1),
		norm("vec--1", d(3, 4), linalg.P(-1), 0),
		norm("mat-fro", d(2, 3, 4), linalg.Fro, 0, 2),
		norm("mat-default", d(3, 4), linalg.Default, 1, 0),
		norm("mat-1", d(4, 3), linalg.P(1)),
		norm("mat--1", d(2, 4, 3), linalg.P(-1), 1, 2, K),
		norm("mat-inf", d(3, 4, 2), linalg.Inf, 2, 0),
		norm("mat--inf", d(4, 3), linalg.NegInf),
		norm("mat-2", d(2, 4, 3), linalg.P(2), 1, 2),
		norm("mat--2", d(3, 5), linalg.P(-2)),
		norm("mat-nuc", d(3, 2, 4), linalg.Nuc, 2, 0, K),
	}
}

func TestGradcheckLinalg(t *testing.T) {
	for _, c := range linalgCases() {
		t.Run(c.name, func(t *testing.T) { gradcheck(t, c) })
	}
}

// TestLinalgRecordsOnlyWithGrad checks that the linalg functions record nothing on
// tensors that do not require a gradient, and record one node on the leaf itself (no
// inner op records) on tensors that do.
func TestLinalgRecordsOnlyWithGrad(t *testing.T) {
	a := tensor.FromSlice([]float64{4, 1, 0, 1, 3, 1, 0, 1, 2}, 3, 3)
	b := tensor.FromSlice([]float64{1, 2, 3}, 3)
	ops := map[string]func(a, b *T) []*T{
		"linalg.Det":      func(a, _ *T) []*T { return []*T{linalg.Det(a)} },
		"linalg.Inv":      func(a, _ *T) []*T { return []*T{linalg.Inv(a)} },
		"linalg.Solve":    func(a, b *T) []*T { return []*T{linalg.Solve(a, b)} },
		"linalg.Cholesky": func(a, _ *T) []*T { return []*T{linalg.Cholesky(a)} },
		"linalg.EigvalsH": func(a, _ *T) []*T { return []*T{linalg.EigvalsH(a)} },
		"linalg.Eigh":     func(a, _ *T) []*T { w, v := linalg.Eigh(a); return []*T{w, v} },
		"linalg.Norm":     func(a, _ *T) []*T { return []*T{linalg.Norm(a, linalg.P(3), 1)} },
		"linalg.Norm/nuc": func(a, _ *T) []*T { return []*T{linalg.Norm(a, linalg.Nuc)} },
		"linalg.Norm/all": func(a, _ *T) []*T { return []*T{linalg.Norm(a, linalg.Default)} },
	}
	for name, f := range ops {
		for _, r := range f(a, b) {
			if r.GradNode() != nil || r.TracksGrad() {
				t.Errorf("%s without RequiresGrad recorded %v", name, r.GradNode())
			}
		}
		ag, bg := a.Copy().RequiresGrad(), b.Copy().RequiresGrad()
		for _, r := range f(ag, bg) {
			n := r.GradNode()
			if n == nil {
				t.Errorf("%s with RequiresGrad recorded nothing", name)
				continue
			}
			for i, in := range n.Inputs {
				if in.GradNode() != nil {
					t.Errorf("%s: input %d of its node was made by %s, not the leaf: an inner op recorded", name, i, in.GradNode().Op)
				}
			}
		}
	}
}

// TestLinalgNormAtZero: PyTorch gives 0, not NaN, for the gradient of a norm at 0.
func TestLinalgNormAtZero(t *testing.T) {
	for _, ord := range []linalg.Ord{linalg.Default, linalg.P(2), linalg.P(1), linalg.Inf, linalg.P(3), linalg.P(0.5), linalg.P(-1), linalg.P(1.5), linalg.P(0)} {
		x := tensor.Zeros(tensor.Float64, 3).RequiresGrad()
		Backward(linalg.Norm(x, ord))
		for i, v := range vals(x.Grad()) {
			if v != 0 {
				t.Errorf("Norm %v at 0: gradient element %d is %v, want 0", ord, i, v)
			}
		}
	}
	m := tensor.Zeros(tensor.Float64, 2, 3).RequiresGrad()
	Backward(linalg.Norm(m, linalg.Fro))
	for _, v := range vals(m.Grad()) {
		if v != 0 {
			t.Errorf("Norm fro at 0: gradient %v, want 0", vals(m.Grad()))
		}
	}
}

// TestLinalgEighDegenerate documents PyTorch's behaviour: a repeated eigenvalue leaves
// the eigenvalues' gradient finite and makes a loss of the eigenvectors non-finite.
func TestLinalgEighDegenerate(t *testing.T) {
	x := tensor.FromSlice([]float64{2, 0, 0, 0, 2, 0, 0, 0, 5}, 3, 3).RequiresGrad()
	w, _ := linalg.Eigh(x)
	Backward(w.Sum())
	for i, v := range vals(x.Grad()) {
		if want := []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}[i]; math.Abs(v-want) > 1e-12 {
			t.Fatalf("gradient of sum(eigvalsh) at a repeated eigenvalue: %v, want the identity", vals(x.Grad()))
		}
	}
	x.ZeroGrad()
	_, v := linalg.Eigh(x)
	Backward(v.Mul(tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3)).Sum())
	finite := true
	for _, g := range vals(x.Grad()) {
		finite = finite && !math.IsNaN(g) && !math.IsInf(g, 0)
	}
	if finite {
		t.Errorf("the eigenvectors' gradient at a repeated eigenvalue is finite (%v): want Inf or NaN as PyTorch", vals(x.Grad()))
	}
}

// TestLinalgSecondOrder checks Hessian-vector products through the linalg rules
// against finite differences of their gradients.
func TestLinalgSecondOrder(t *testing.T) {
	cases := []struct {
		name  string
		shape []int
		f     func(x *T) *T
	}{
		{"Det", d(2, 3, 3), func(x *T) *T { return linalg.Det(wellOf(x)).Sum() }},
		{"Inv", d(3, 3), func(x *T) *T { return tensor.Square(linalg.Inv(wellOf(x))).Sum() }},
		{"Solve", d(3, 3), func(x *T) *T {
			return tensor.Square(linalg.Solve(wellOf(x), x.Slice(S(None), 0))).Sum()
		}},
		{"Cholesky", d(3, 3), func(x *T) *T { return tensor.Sin(linalg.Cholesky(spdOf(x))).Sum() }},
		{"EigvalsH", d(3, 3), func(x *T) *T { return tensor.Exp(linalg.EigvalsH(symOf(x))).Sum() }},
		{"Eigh", d(3, 3), func(x *T) *T {
			w, v := linalg.Eigh(symOf(x))
			return tensor.Square(v).Mul(w.ExpandDims(-2)).Sum()
		}},
		{"Norm2", d(2, 3), func(x *T) *T { return linalg.Norm(x, linalg.P(2), 1).Sum() }},
		{"Norm3", d(2, 3), func(x *T) *T { return linalg.Norm(x, linalg.P(3), 0).Sum() }},
		{"Norm1.5", d(2, 3), func(x *T) *T { return linalg.Norm(x, linalg.P(1.5), 1).Sum() }},
		{"NormFro", d(2, 3), func(x *T) *T { return tensor.Square(linalg.Norm(x, linalg.Fro)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gc := gcase{name: "hvp/" + c.name, shapes: sh(c.shape)}
			xs := gc.inputs()[0]
			gradAt := func(v []float64, create bool) (*T, *T) {
				x := tensor.FromSlice(append([]float64{}, v...), c.shape...).RequiresGrad()
				return x, Grad([]*T{c.f(x)}, []*T{x}, Options{CreateGraph: create})[0]
			}
			vs := weights("v"+c.name, c.shape)
			x, g := gradAt(xs, true)
			hv := Grad([]*T{g.Mul(tensor.FromSlice(vs, c.shape...)).Sum()}, []*T{x})[0]
			if hv == nil {
				t.Fatalf("no second derivative")
			}
			const h = 1e-5
			p, m := append([]float64{}, xs...), append([]float64{}, xs...)
			for i := range xs {
				p[i] += h * vs[i]
				m[i] -= h * vs[i]
			}
			_, gp := gradAt(p, false)
			_, gm := gradAt(m, false)
			a, b, got := vals(gp), vals(gm), vals(hv)
			for i := range got {
				if num := (a[i] - b[i]) / (2 * h); !close(got[i], num, 1e-6) {
					t.Fatalf("HVP element %d: %v, numeric %v", i, got[i], num)
				}
			}
		})
	}
}

// TestLinalgSVDNoSecondOrder: the SVD-based rules refuse CreateGraph with a Value error.
func TestLinalgSVDNoSecondOrder(t *testing.T) {
	for name, f := range map[string]func(x *T) *T{
		"nuc":      func(x *T) *T { return linalg.Norm(x, linalg.Nuc) },
		"2":        func(x *T) *T { return linalg.Norm(x, linalg.P(2)) },
		"singular": func(x *T) *T { return linalg.Det(x.Mul(tensor.FromSlice([]float64{1, 1, 0, 0}, 2, 2))) },
	} {
		x := tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2).RequiresGrad()
		err := tensor.Try(func() { Grad([]*T{f(x)}, []*T{x}, Options{CreateGraph: true}) })
		if tensor.KindOf(err) != tensor.Value {
			t.Errorf("%s with CreateGraph: %v, want a Value error", name, err)
		}
		if g := Grad([]*T{f(x)}, []*T{x})[0]; g == nil {
			t.Errorf("%s: no first-order gradient", name)
		}
	}
}

// The PyTorch references of testdata/linalg-grad-cases.json (gen_linalg.py).
type torchArray struct {
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
}

func (a torchArray) tensor() *T { return tensor.FromSlice(append([]float64{}, a.Data...), a.Shape...) }

type torchLinalgCase struct {
	Name    string       `json:"name"`
	Fn      string       `json:"fn"`
	Inputs  []torchArray `json:"inputs"`
	Seeds   []torchArray `json:"seeds"`
	Outputs []torchArray `json:"outputs"`
	Grads   []torchArray `json:"grads"`
	Params  *struct {
		Ord      any   `json:"ord"`
		Axes     []int `json:"axes"`
		KeepDims bool  `json:"keepdims"`
	} `json:"params"`
}

// torchOrd converts the recorded order (null, "fro", "nuc", "inf", "-inf", a number).
func torchOrd(t *testing.T, o any) linalg.Ord {
	switch v := o.(type) {
	case nil:
		return linalg.Default
	case float64:
		return linalg.P(v)
	case string:
		switch v {
		case "fro":
			return linalg.Fro
		case "nuc":
			return linalg.Nuc
		case "inf":
			return linalg.Inf
		case "-inf":
			return linalg.NegInf
		}
	}
	t.Fatalf("unknown order %v", o)
	return linalg.Ord{}
}

func (c torchLinalgCase) run(t *testing.T, xs []*T) []*T {
	switch c.Fn {
	case "Det":
		return []*T{linalg.Det(xs[0])}
	case "Inv":
		return []*T{linalg.Inv(xs[0])}
	case "Solve":
		return []*T{linalg.Solve(xs[0], xs[1])}
	case "Cholesky":
		return []*T{linalg.Cholesky(xs[0])}
	case "EigvalsH":
		return []*T{linalg.EigvalsH(xs[0])}
	case "Eigh":
		w, v := linalg.Eigh(xs[0])
		return []*T{w, v}
	case "Norm":
		axes := append([]int{}, c.Params.Axes...)
		if c.Params.KeepDims {
			axes = append(axes, K)
		}
		return []*T{linalg.Norm(xs[0], torchOrd(t, c.Params.Ord), axes...)}
	}
	t.Fatalf("unknown function %s", c.Fn)
	return nil
}

// alignColumns returns seed with each matrix column j multiplied by the sign that
// turns column j of got into column j of want (eigenvectors are unique up to sign).
func alignColumns(got, want *T, seed *T) *T {
	shape := got.Shape()
	n := shape[len(shape)-1]
	dot := vals(got.Mul(want).Sum(-2)) // (..., n)
	signs := make([]float64, len(dot))
	for i, v := range dot {
		signs[i] = 1
		if v < 0 {
			signs[i] = -1
		}
	}
	lead := append(append([]int{}, shape[:len(shape)-2]...), 1, n)
	return seed.Mul(tensor.FromSlice(signs, lead...))
}

func TestLinalgAgainstPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/linalg-grad-cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []torchLinalgCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	fns := map[string]int{}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			xs := make([]*T, len(c.Inputs))
			for i, in := range c.Inputs {
				xs[i] = in.tensor().RequiresGrad()
			}
			outs := c.run(t, xs)
			seeds := make([]*T, len(outs))
			for i, o := range outs {
				want := c.Outputs[i].tensor()
				seeds[i] = c.Seeds[i].tensor().Reshape(o.Shape()...)
				if c.Fn == "Eigh" && i == 1 {
					seeds[i] = alignColumns(o.Detach(), want, seeds[i])
					o = o.Mul(alignColumns(o.Detach(), want, tensor.OnesLike(want)))
				}
				checkClose(t, "output", vals(o), want.Reshape(-1), 1e-10)
			}
			gs := Grad(outs, xs, Options{Seeds: seeds})
			for i, g := range gs {
				if g == nil {
					t.Fatalf("input %d got no gradient", i)
				}
				checkClose(t, "gradient", vals(g), c.Grads[i].tensor().Reshape(-1), 1e-10)
			}
			fns[c.Fn]++
		})
	}
	t.Logf("PyTorch cases per function: %v", fns)
}

func checkClose(t *testing.T, what string, got []float64, want *T, rtol float64) {
	t.Helper()
	w := vals(want)
	if len(got) != len(w) {
		t.Fatalf("%s: %d elements, want %d", what, len(got), len(w))
	}
	scale := 0.0
	for _, v := range w {
		scale = math.Max(scale, math.Abs(v))
	}
	for i := range w {
		if math.Abs(got[i]-w[i]) > rtol*math.Max(1, scale) {
			t.Fatalf("%s element %d: %.17g, PyTorch %.17g (all: %v vs %v)", what, i, got[i], w[i], got, w)
		}
	}
}
