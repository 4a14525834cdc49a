package autograd

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// The trajectories of testdata/optim_float{64,32}.json, recorded from PyTorch 1.13 by
// testdata/gen_optim.py: each run fits mean((X @ W + b - Y)**2) for 100 steps with one
// optimizer configuration and records W, b and the rate after steps 1..10, 20, ..., 100.

type optimRecord struct {
	DType string
	X, Y  [][]float64
	W0    []float64 `json:"W0"`
	B0    []float64 `json:"b0"`
	Runs  []optimRun
}

type optimRun struct {
	Name, Optimizer string
	Config          map[string]any
	Extra           struct {
		Clip   []any // max norm, norm type (a number or "inf")
		Sched  []any // "step", step size, gamma or "cosine", TMax, EtaMin
		Skip   bool  // b's gradient dropped before odd steps
		Negate bool  // minimise -loss (with Maximize)
	}
	Steps []int
	W     [][]float64 `json:"W"`
	B     [][]float64 `json:"b"`
	LR    []float64   `json:"lr"`
	Norm  []*float64  `json:"norm"`
}

func loadOptimRecord(t *testing.T, path string) *optimRecord {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r optimRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &r
}

func flat(rows [][]float64) []float64 {
	var out []float64
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// cfgNum is the number key of a run's config, or 0 (the Go default) where absent.
func cfgNum(c map[string]any, key string) float64 {
	v, _ := c[key].(float64)
	return v
}

func cfgBool(c map[string]any, key string) bool {
	v, _ := c[key].(bool)
	return v
}

// newRunOptimizer makes the run's optimizer from its PyTorch keyword arguments.
func newRunOptimizer(t *testing.T, run *optimRun, params []*tensor.Tensor) Optimizer {
	c := run.Config
	var b1, b2 float64
	if betas, ok := c["betas"].([]any); ok {
		b1, b2 = betas[0].(float64), betas[1].(float64)
	}
	switch run.Optimizer {
	case "SGD":
		return NewSGD(params, SGD{LR: cfgNum(c, "lr"), Momentum: cfgNum(c, "momentum"), Dampening: cfgNum(c, "dampening"),
			WeightDecay: cfgNum(c, "weight_decay"), Nesterov: cfgBool(c, "nesterov"), Maximize: cfgBool(c, "maximize")})
	case "Adam":
		return NewAdam(params, Adam{LR: cfgNum(c, "lr"), Beta1: b1, Beta2: b2, Eps: cfgNum(c, "eps"),
			WeightDecay: cfgNum(c, "weight_decay"), AMSGrad: cfgBool(c, "amsgrad"), Maximize: cfgBool(c, "maximize")})
	case "AdamW":
		return NewAdamW(params, AdamW{LR: cfgNum(c, "lr"), Beta1: b1, Beta2: b2, Eps: cfgNum(c, "eps"),
			WeightDecay: cfgNum(c, "weight_decay"), AMSGrad: cfgBool(c, "amsgrad"), Maximize: cfgBool(c, "maximize")})
	case "RMSprop":
		return NewRMSprop(params, RMSprop{LR: cfgNum(c, "lr"), Alpha: cfgNum(c, "alpha"), Eps: cfgNum(c, "eps"),
			WeightDecay: cfgNum(c, "weight_decay"), Momentum: cfgNum(c, "momentum"), Centered: cfgBool(c, "centered"),
			Maximize: cfgBool(c, "maximize")})
	}
	t.Fatalf("%s: unknown optimizer %q", run.Name, run.Optimizer)
	return nil
}

func newRunScheduler(run *optimRun, opt Optimizer) Scheduler {
	s := run.Extra.Sched
	if s == nil {
		return nil
	}
	if s[0] == "step" {
		return NewStepLR(opt, StepLR{StepSize: int(s[1].(float64)), Gamma: s[2].(float64)})
	}
	return NewCosineAnnealingLR(opt, CosineAnnealingLR{TMax: int(s[1].(float64)), EtaMin: s[2].(float64)})
}

// relErr is |got-want| relative to |want|, with an absolute floor.
func relErr(got, want, floor float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), floor)
}

// replay trains the run's problem in dt and returns the largest relative error of the
// parameters, the rates and the clipped norms against the recording.
// On dev (nil for the CPU) or with composed, the update runs as tensor ops.
func replay(t *testing.T, rec *optimRecord, run *optimRun, dt tensor.DType, dev device.Device, composed bool, floor float64) (params, lrs, norms float64) {
	if dev == nil {
		dev = device.CPU()
	}
	X := tensor.FromSlice(flat(rec.X), 8, 4).AsType(dt).To(dev)
	Y := tensor.FromSlice(flat(rec.Y), 8, 3).AsType(dt).To(dev)
	W := tensor.FromSlice(append([]float64{}, rec.W0...), 4, 3).AsType(dt).To(dev).RequiresGrad()
	b := tensor.FromSlice(append([]float64{}, rec.B0...), 3).AsType(dt).To(dev).RequiresGrad()
	ps := []*tensor.Tensor{W, b}
	opt := newRunOptimizer(t, run, ps)
	o := opt.(*optim)
	o.noFused = composed
	defer func() {
		for i, s := range o.slots {
			if fused := s.pd != nil; fused != (dev.IsHost() && !composed) {
				t.Errorf("%s: parameter %d updated fused = %v on %s with composed = %v", run.Name, i, fused, dev.Name(), composed)
			}
		}
	}()
	sched := newRunScheduler(run, opt)
	k := 0
	for step := 1; step <= run.Steps[len(run.Steps)-1]; step++ {
		opt.ZeroGrad()
		loss := tensor.Square(X.MatMul(W).Add(b).Sub(Y)).Mean()
		if run.Extra.Negate {
			loss = loss.Neg()
		}
		Backward(loss)
		norm := math.NaN()
		if c := run.Extra.Clip; c != nil {
			p := math.Inf(1)
			if f, ok := c[1].(float64); ok {
				p = f
			}
			norm = ClipGradNorm(ps, c[0].(float64), p)
		}
		if run.Extra.Skip && step%2 == 1 {
			b.SetGrad(nil)
		}
		opt.Step()
		if sched != nil {
			sched.Step()
		}
		if step != run.Steps[k] {
			continue
		}
		for i, v := range append(tensor.ToSlice[float64](W), tensor.ToSlice[float64](b)...) {
			want := append(run.W[k], run.B[k]...)[i]
			params = math.Max(params, relErr(v, want, floor))
		}
		lrs = math.Max(lrs, relErr(opt.LR(), run.LR[k], 1e-300))
		if sched != nil && sched.LR() != opt.LR() {
			t.Errorf("%s: scheduler's LR %v, optimizer's %v", run.Name, sched.LR(), opt.LR())
		}
		if run.Norm[k] != nil {
			norms = math.Max(norms, relErr(norm, *run.Norm[k], floor))
		}
		k++
	}
	return params, lrs, norms
}

func TestOptimTrajectories(t *testing.T) {
	for _, c := range []struct {
		file        string
		dt          tensor.DType
		tol, floor  float64 // parameters and norms: |got-want| <= tol*max(|want|, floor)
		lrTol       float64
		wantRecords int
	}{
		{"testdata/optim_float64.json", tensor.Float64, 1e-9, 1e-3, 1e-12, 23},
		{"testdata/optim_float32.json", tensor.Float32, 1e-5, 1e-1, 1e-12, 8},
	} {
		rec := loadOptimRecord(t, c.file)
		if len(rec.Runs) != c.wantRecords {
			t.Errorf("%s: %d runs, want %d", c.file, len(rec.Runs), c.wantRecords)
		}
		for i := range rec.Runs {
			run := &rec.Runs[i]
			for _, composed := range []bool{false, true} {
				name := fmt.Sprintf("%v/%s/fused", c.dt, run.Name)
				if composed {
					name = fmt.Sprintf("%v/%s/composed", c.dt, run.Name)
				}
				t.Run(name, func(t *testing.T) {
					p, lr, n := replay(t, rec, run, c.dt, nil, composed, c.floor)
					t.Logf("max relative error: params %.2g, lr %.2g, clipped norm %.2g", p, lr, n)
					if p > c.tol || n > c.tol {
						t.Errorf("params differ from PyTorch's by %.3g (norm %.3g) relative, want <= %g", p, n, c.tol)
					}
					if lr > c.lrTol {
						t.Errorf("learning rate differs from PyTorch's by %.3g relative, want <= %g", lr, c.lrTol)
					}
				})
			}
		}
	}
}
