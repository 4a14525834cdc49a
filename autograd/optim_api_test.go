package autograd

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

func TestOptimErrors(t *testing.T) {
	w := func() []*tensor.Tensor { return []*tensor.Tensor{leaf(1, 2)} }
	nan := math.NaN()
	for _, c := range []struct {
		name  string
		f     func()
		parts []string
	}{
		{"SGD/no LR", func() { NewSGD(w(), SGD{Momentum: 0.9}) }, []string{"autograd.NewSGD", "LR is required"}},
		{"SGD/negative LR", func() { NewSGD(w(), SGD{LR: -0.1}) }, []string{"invalid learning rate -0.1"}},
		{"SGD/NaN LR", func() { NewSGD(w(), SGD{LR: nan}) }, []string{"invalid learning rate NaN"}},
		{"SGD/negative momentum", func() { NewSGD(w(), SGD{LR: 0.1, Momentum: -1}) }, []string{"invalid momentum -1"}},
		{"SGD/negative weight decay", func() { NewSGD(w(), SGD{LR: 0.1, WeightDecay: -1}) }, []string{"invalid weight decay -1"}},
		{"SGD/nesterov without momentum", func() { NewSGD(w(), SGD{LR: 0.1, Nesterov: true}) }, []string{"Nesterov", "momentum 0"}},
		{"SGD/nesterov with dampening", func() { NewSGD(w(), SGD{LR: 0.1, Momentum: 0.9, Dampening: 0.1, Nesterov: true}) }, []string{"zero dampening"}},
		{"Adam/beta1 1", func() { NewAdam(w(), Adam{Beta1: 1}) }, []string{"autograd.NewAdam", "invalid beta1 1", "0 <= beta1 < 1"}},
		{"Adam/beta2 negative", func() { NewAdam(w(), Adam{Beta2: -0.5}) }, []string{"invalid beta2 -0.5"}},
		{"Adam/beta1 NaN", func() { NewAdam(w(), Adam{Beta1: nan}) }, []string{"invalid beta1 NaN"}},
		{"Adam/negative eps", func() { NewAdam(w(), Adam{Eps: -1e-8}) }, []string{"invalid epsilon"}},
		{"Adam/negative LR", func() { NewAdam(w(), Adam{LR: -1}) }, []string{"invalid learning rate -1"}},
		{"AdamW/negative weight decay", func() { NewAdamW(w(), AdamW{WeightDecay: -0.1}) }, []string{"autograd.NewAdamW", "invalid weight decay"}},
		{"AdamW/beta2 1", func() { NewAdamW(w(), AdamW{Beta2: 1}) }, []string{"invalid beta2 1"}},
		{"RMSprop/negative alpha", func() { NewRMSprop(w(), RMSprop{Alpha: -0.1}) }, []string{"autograd.NewRMSprop", "invalid alpha"}},
		{"RMSprop/negative momentum", func() { NewRMSprop(w(), RMSprop{Momentum: -0.1}) }, []string{"invalid momentum"}},
		{"RMSprop/negative eps", func() { NewRMSprop(w(), RMSprop{Eps: -1}) }, []string{"invalid epsilon"}},
		{"params/empty", func() { NewAdam(nil, Adam{}) }, []string{"empty parameter list"}},
		{"params/nil", func() { NewAdam([]*tensor.Tensor{leaf(1), nil}, Adam{}) }, []string{"parameter 1 is nil"}},
		{"params/integer", func() { NewSGD([]*tensor.Tensor{tensor.FromSlice([]int64{1, 2})}, SGD{LR: 1}) }, []string{"dtype int64", "float32 and float64"}},
		{"params/non-leaf", func() { NewSGD([]*tensor.Tensor{leaf(1, 2).Mul(2.0)}, SGD{LR: 1}) }, []string{"not a leaf", "Mul"}},
		{"params/no grad", func() { NewRMSprop([]*tensor.Tensor{tensor.FromSlice([]float64{1})}, RMSprop{}) }, []string{"does not require grad", "RequiresGrad"}},
		{"params/duplicate", func() { p := leaf(1); NewAdamW([]*tensor.Tensor{p, leaf(2), p}, AdamW{}) }, []string{"parameter 2 is parameter 0 again"}},
		{"SetLR/negative", func() { NewAdam(w(), Adam{}).SetLR(-1) }, []string{"SetLR", "invalid learning rate -1"}},
		{"SetLR/NaN", func() { NewAdam(w(), Adam{}).SetLR(nan) }, []string{"invalid learning rate NaN"}},
		{"StepLR/step size", func() { NewStepLR(NewAdam(w(), Adam{}), StepLR{}) }, []string{"autograd.NewStepLR", "invalid step size 0"}},
		{"StepLR/gamma", func() { NewStepLR(NewAdam(w(), Adam{}), StepLR{StepSize: 1, Gamma: -1}) }, []string{"invalid gamma -1"}},
		{"StepLR/nil optimizer", func() { NewStepLR(nil, StepLR{StepSize: 1}) }, []string{"nil optimizer"}},
		{"Cosine/TMax", func() { NewCosineAnnealingLR(NewAdam(w(), Adam{}), CosineAnnealingLR{}) }, []string{"invalid TMax 0"}},
		{"Cosine/EtaMin", func() { NewCosineAnnealingLR(NewAdam(w(), Adam{}), CosineAnnealingLR{TMax: 5, EtaMin: -1}) }, []string{"EtaMin"}},
		{"ClipGradNorm/norm type 0", func() { ClipGradNorm(w(), 1, 0) }, []string{"autograd.ClipGradNorm", "invalid norm type 0"}},
		{"ClipGradNorm/norm type -inf", func() { ClipGradNorm(w(), 1, math.Inf(-1)) }, []string{"invalid norm type -Inf"}},
		{"ClipGradNorm/NaN max", func() { ClipGradNorm(w(), nan, 2) }, []string{"invalid max norm NaN"}},
		{"ClipGradNorm/nil param", func() { ClipGradNorm([]*tensor.Tensor{nil}, 1, 2) }, []string{"nil parameter"}},
		{"ClipGradValue/negative", func() { ClipGradValue(w(), -1) }, []string{"autograd.ClipGradValue", "invalid clip value -1"}},
	} {
		wantErr(t, c.name, tensor.Value, c.f, c.parts...)
	}
}

func TestOptimDefaults(t *testing.T) {
	ps := []*tensor.Tensor{leaf(1)}
	adam := func(o Optimizer) *adamRule { return o.(*optim).upd.(*adamRule) }
	rms := func(o Optimizer) RMSprop { return o.(*optim).upd.(*rmspropRule).c }
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"Adam", *adam(NewAdam(ps, Adam{})), adamRule{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8}},
		{"Adam/Zero", *adam(NewAdam(ps, Adam{Beta1: Zero, Eps: Zero, AMSGrad: true})), adamRule{lr: 1e-3, beta2: 0.999, amsgrad: true}},
		{"AdamW", *adam(NewAdamW(ps, AdamW{})), adamRule{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: 1e-2, decoupled: true}},
		{"AdamW/Zero", *adam(NewAdamW(ps, AdamW{WeightDecay: Zero, Beta2: Zero})), adamRule{lr: 1e-3, beta1: 0.9, eps: 1e-8, decoupled: true}},
		{"RMSprop", rms(NewRMSprop(ps, RMSprop{})), RMSprop{LR: 1e-2, Alpha: 0.99, Eps: 1e-8}},
		{"RMSprop/Zero", rms(NewRMSprop(ps, RMSprop{Alpha: Zero, Momentum: 0.5})), RMSprop{LR: 1e-2, Eps: 1e-8, Momentum: 0.5}},
		{"SGD", NewSGD(ps, SGD{LR: 0.5}).(*optim).upd.(*sgdRule).c, SGD{LR: 0.5}},
		{"SGD/Zero LR", NewSGD(ps, SGD{LR: Zero}).LR(), 0.0},
		{"Adam LR", NewAdam(ps, Adam{}).LR(), 1e-3},
		{"RMSprop LR", NewRMSprop(ps, RMSprop{}).LR(), 1e-2},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
	// Zero is a zero: no field ends up negative.
	if r := adam(NewAdam(ps, Adam{Beta1: Zero})); math.Signbit(r.beta1) {
		t.Errorf("Beta1: Zero gave %v, want +0", r.beta1)
	}
}

// TestOptimSkipsNilGrad: a parameter without a gradient keeps its value and gets no
// state, and ZeroGrad clears every gradient.
func TestOptimSkipsNilGrad(t *testing.T) {
	for _, c := range optimCases {
		a, b := leaf(1, 2), leaf(3, 4)
		a.SetGrad(tensor.FromSlice([]float64{0.5, -0.5}))
		opt := c.make([]*tensor.Tensor{a, b})
		opt.Step()
		wantVals(t, c.name+": b", b, 3, 4)
		if v := vals(a); v[0] == 1 || v[1] == 2 {
			t.Errorf("%s: a = %v not updated", c.name, v)
		}
		if s := opt.(*optim).slots[1]; s.step != 0 || s.state[0] != nil {
			t.Errorf("%s: b got state without a gradient: step %d", c.name, s.step)
		}
		b.SetGrad(tensor.FromSlice([]float64{1, 1}))
		opt.ZeroGrad()
		if a.Grad() != nil || b.Grad() != nil {
			t.Errorf("%s: ZeroGrad left gradients %v, %v", c.name, a.Grad(), b.Grad())
		}
		opt.Step() // nothing to do
	}
}

// TestOptimLayouts: a parameter that is a strided view (updated by tensor ops) and one
// with a strided gradient follow the same path as contiguous ones.
func TestOptimLayouts(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, c := range optimCases {
			base := tensor.Arange(dt, 0, 12, 1).Reshape(3, 4).Div(10.0)
			ref := base.T().Copy().RequiresGrad()          // (4, 3), contiguous: fused
			view := base.Copy().T().RequiresGrad()         // (4, 3), transposed: composed
			grad := base.Sub(0.5).Mul(base).T()            // (4, 3), transposed
			other := base.Copy().T().Copy().RequiresGrad() // contiguous, strided gradient
			opt := c.make([]*tensor.Tensor{ref, view, other})
			if opt.(*optim).slots[1].fused {
				t.Fatalf("%s: a transposed parameter was marked fused", c.name)
			}
			for step := 0; step < 5; step++ {
				ref.SetGrad(grad.Copy())
				view.SetGrad(grad.Copy())
				other.SetGrad(grad)
				opt.Step()
			}
			r, v, o := vals(ref), vals(view), vals(other)
			for i := range r {
				if r[i] != v[i] || r[i] != o[i] {
					t.Fatalf("%v %s: element %d: fused %v, composed %v, strided gradient %v", dt, c.name, i, r[i], v[i], o[i])
				}
			}
		}
	}
}

// TestOptimStepCountsWrites: a Step writes its parameters as tensor's writers do, so a
// graph that saved a parameter before the step cannot run backward after it.
func TestOptimStepCountsWrites(t *testing.T) {
	for _, c := range optimCases {
		w := leaf(1, 2)
		y := w.Mul(w).Sum() // saves w
		w.SetGrad(tensor.FromSlice([]float64{1, 1}))
		c.make([]*tensor.Tensor{w}).Step()
		wantErr(t, c.name, tensor.Value, func() { Backward(y) })
	}
}

func TestClipGradNorm(t *testing.T) {
	withGrads := func(dt tensor.DType, gs ...[]float64) []*tensor.Tensor {
		var ps []*tensor.Tensor
		for _, g := range gs {
			p := tensor.Zeros(dt, len(g)).RequiresGrad()
			p.SetGrad(tensor.FromSlice(append([]float64{}, g...)).AsType(dt))
			ps = append(ps, p)
		}
		return ps
	}
	inf := math.Inf(1)
	scaled := [][]float64{nil}
	for _, c := range []struct {
		name          string
		dt            tensor.DType
		grads         [][]float64
		max, p, total float64
		want          [][]float64 // nil: unchanged; scaled: by max/(total+1e-6)
	}{
		{"2/clipped", tensor.Float64, [][]float64{{3, 4}, {12}}, 1.3, 2, 13, scaled},
		{"2/under", tensor.Float64, [][]float64{{3, 4}, {12}}, 20, 2, 13, nil},
		{"inf/clipped", tensor.Float64, [][]float64{{3, -4}, {2}}, 1, inf, 4, scaled},
		{"1/clipped", tensor.Float64, [][]float64{{3, -4}, {3}}, 5, 1, 10, scaled},
		{"3/under", tensor.Float64, [][]float64{{1, 1}, {1}}, 2, 3, math.Cbrt(3), nil},
		{"2/float32", tensor.Float32, [][]float64{{3, 4}, {12}}, 1.3, 2, 13, scaled},
		{"inf/float32", tensor.Float32, [][]float64{{3, -4}, {2}}, 1, inf, 4, scaled},
		{"NaN", tensor.Float64, [][]float64{{3, math.NaN()}, {2}}, 1, 2, math.NaN(), [][]float64{{math.NaN(), math.NaN()}, {math.NaN()}}},
		{"Inf", tensor.Float64, [][]float64{{3, inf}, {2}}, 1, 2, inf, [][]float64{{0, math.NaN()}, {0}}},
	} {
		ps := withGrads(c.dt, c.grads...)
		tol := 1e-12
		if c.dt == tensor.Float32 {
			tol = 1e-6
		}
		if got := ClipGradNorm(ps, c.max, c.p); !close(got, c.total, tol) {
			t.Errorf("%s: total norm %v, want %v", c.name, got, c.total)
		}
		want := c.want
		switch {
		case want == nil:
			want = c.grads
		case &want[0] == &scaled[0]:
			want = nil
			for _, g := range c.grads {
				var w []float64
				for _, v := range g {
					w = append(w, v*c.max/(c.total+1e-6))
				}
				want = append(want, w)
			}
		}
		for i, p := range ps {
			g := vals(p.Grad())
			for j := range g {
				if !close(g[j], want[i][j], tol) {
					t.Errorf("%s: gradient %d = %v, want %v", c.name, i, g, want[i])
					break
				}
			}
		}
	}
	if got := ClipGradNorm([]*tensor.Tensor{leaf(1)}, 1, 2); got != 0 {
		t.Errorf("no gradients: total norm %v, want 0", got)
	}
	// A strided gradient goes through tensor ops, with the same result.
	p := tensor.Zeros(tensor.Float64, 2, 2).RequiresGrad()
	p.SetGrad(tensor.FromSlice([]float64{3, 0, 4, 0}, 2, 2).T())
	if got := ClipGradNorm([]*tensor.Tensor{p}, 1, 2); got != 5 {
		t.Errorf("strided gradient: total norm %v, want 5", got)
	}
	wantVals(t, "strided gradient", p.Grad(), 0.6/(1+2e-7), 0.8/(1+2e-7), 0, 0)
}

func TestClipGradValue(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		p := tensor.Zeros(dt, 5).RequiresGrad()
		p.SetGrad(tensor.FromSlice([]float64{-3, -0.5, 0.25, 2, math.NaN()}).AsType(dt))
		q := tensor.Zeros(dt, 2, 2).RequiresGrad()
		q.SetGrad(tensor.FromSlice([]float64{-3, 0.5, 2, 0}, 2, 2).AsType(dt).T()) // strided
		ClipGradValue([]*tensor.Tensor{p, q, leaf(1)}, 1)
		g := vals(p.Grad())
		if g[0] != -1 || g[1] != -0.5 || g[2] != 0.25 || g[3] != 1 || !math.IsNaN(g[4]) {
			t.Errorf("%v: clipped to %v, want [-1 -0.5 0.25 1 NaN]", dt, g)
		}
		wantVals(t, dt.String()+" strided", q.Grad(), -1, 1, 0.5, 0)
	}
}

func TestSchedulers(t *testing.T) {
	ps := []*tensor.Tensor{leaf(1)}
	opt := NewSGD(ps, SGD{LR: 1})
	s := NewStepLR(opt, StepLR{StepSize: 3, Gamma: 0.5})
	if s.Epoch() != 0 || s.LR() != 1 {
		t.Fatalf("new StepLR: epoch %d, LR %v", s.Epoch(), s.LR())
	}
	for e := 1; e <= 10; e++ {
		s.Step()
		if want := math.Pow(0.5, float64(e/3)); opt.LR() != want || s.LR() != want || s.Epoch() != e {
			t.Errorf("StepLR epoch %d: LR %v (scheduler %v, epoch %d), want %v", e, opt.LR(), s.LR(), s.Epoch(), want)
		}
	}
	// Recursive, as PyTorch's: a rate set in between carries over.
	opt.SetLR(4)
	s.Step() // epoch 11
	s.Step() // epoch 12: decays
	if opt.LR() != 2 {
		t.Errorf("StepLR after SetLR(4): LR %v, want 2", opt.LR())
	}
	// Default gamma 0.1.
	opt = NewAdam(ps, Adam{LR: 1})
	s = NewStepLR(opt, StepLR{StepSize: 1})
	s.Step()
	if opt.LR() != 0.1 {
		t.Errorf("StepLR default gamma: LR %v, want 0.1", opt.LR())
	}

	// Cosine: the recursive form stays within rounding of the closed form,
	// eta_min + (lr0 - eta_min)*(1 + cos(pi*e/TMax))/2, over several periods.
	opt = NewRMSprop(ps, RMSprop{LR: 0.1})
	s = NewCosineAnnealingLR(opt, CosineAnnealingLR{TMax: 7, EtaMin: 0.01})
	for e := 1; e <= 40; e++ {
		s.Step()
		want := 0.01 + (0.1-0.01)*(1+math.Cos(math.Pi*float64(e)/7))/2
		if !close(opt.LR(), want, 1e-12) {
			t.Errorf("cosine epoch %d: LR %v, want %v", e, opt.LR(), want)
		}
	}
}
