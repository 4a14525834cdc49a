package autograd

// Optimizers, as torch.optim
//
// An optimizer holds a list of parameters (float leaf tensors that require a gradient)
// and updates them in place from their Grad, without recording anything, as
// torch.optim's step():
//
//	opt := autograd.NewAdam([]*tensor.Tensor{w, b}, autograd.Adam{LR: 1e-2})
//	for epoch := 0; epoch < 100; epoch++ {
//		opt.ZeroGrad()
//		autograd.Backward(loss(w, b))
//		autograd.ClipGradNorm([]*tensor.Tensor{w, b}, 1, 2) // optional
//		opt.Step()
//	}
//
// NewSGD, NewAdam, NewAdamW and NewRMSprop take a config struct whose zero fields mean
// PyTorch's defaults (each field's comment names its default); autograd.Zero sets a
// field whose default is not 0 to 0. The updates follow PyTorch 1.13's single-tensor
// code step for step, in the parameter's dtype (float32 parameters compute in
// float32, as PyTorch does); state (momentum buffers, moments, step counts) is per
// parameter and starts at the parameter's first step with a gradient, and a parameter
// whose Grad is nil is skipped. On the CPU each parameter is updated by one loop over
// its elements that updates its state too, and a Step after the first allocates
// nothing; on other devices the same update runs as tensor ops (Into forms).
//
// ClipGradNorm and ClipGradValue are torch.nn.utils.clip_grad_norm_ and
// clip_grad_value_. NewStepLR and NewCosineAnnealingLR are learning-rate schedules as
// torch.optim.lr_scheduler's, stepped once per epoch after the optimizer.

import (
	"math"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Optimizer updates a list of parameters from their gradients.
type Optimizer interface {
	// Step updates every parameter whose Grad is not nil, in place.
	Step()
	// ZeroGrad sets every parameter's Grad to nil (PyTorch's zero_grad(set_to_none=True)).
	ZeroGrad()
	// LR is the learning rate the next Step uses.
	LR() float64
	// SetLR sets the learning rate (what schedules do); a negative or NaN rate is a
	// Value error.
	SetLR(lr float64)
}

// Zero is an explicit 0 for a config field whose zero value means a non-zero default,
// as in AdamW{WeightDecay: autograd.Zero} or RMSprop{Alpha: autograd.Zero}. It is
// negative zero, which compares equal to 0.
var Zero = math.Copysign(0, -1)

// orDefault is v, or def where v is the zero value (but not Zero).
func orDefault(v, def float64) float64 {
	if v == 0 {
		if math.Signbit(v) {
			return 0
		}
		return def
	}
	return v
}

// optFloat is the element type of the fused update loops.
type optFloat interface{ ~float32 | ~float64 }

// update is one algorithm's update of one parameter.
type update interface {
	// buffers is the number of state buffers a parameter needs.
	buffers() int
	// fused updates s's parameter and state from g through their Go slices: s.p is a
	// contiguous host tensor and g a contiguous host tensor of its dtype.
	fused(s *slot, g *tensor.Tensor, lr float64)
	// composed is the same update as tensor ops, for any device and layout.
	composed(s *slot, g *tensor.Tensor, lr float64)
}

// slot is one parameter and its state.
type slot struct {
	p     *tensor.Tensor    // the parameter as given
	d     *tensor.Tensor    // p.Detach(): what the update writes through
	state [3]*tensor.Tensor // the rule's buffers, from the parameter's first step
	step  int               // the steps taken with a gradient, this one included
	fused bool              // p is contiguous, writable host memory
	pd    any               // p's elements ([]float32 or []float64) where fused
	sd    [3]any            // the state's elements where fused
}

// optim is the Optimizer of every algorithm: the parameters, their state and the rate.
type optim struct {
	op      string // "autograd.NewSGD", ... for messages
	slots   []slot
	lr      float64
	upd     update
	noFused bool // tests: run the composed path on the CPU too
}

// newOptim validates params and makes the optimizer.
func newOptim(op string, params []*tensor.Tensor, lr float64, r update) *optim {
	if len(params) == 0 {
		failOp(tensor.Value, op, "empty parameter list: give the tensors to optimize")
	}
	o := &optim{op: op, lr: lr, upd: r, slots: make([]slot, len(params))}
	seen := make(map[any]int, len(params))
	for i, p := range params {
		switch {
		case p == nil:
			failOp(tensor.Value, op, "parameter %d is nil", i)
		case !p.DType().IsFloat():
			failOp(tensor.Value, op, "parameter %d has dtype %v: only float32 and float64 tensors can be optimized", i, p.DType())
		case !p.IsLeaf():
			failOp(tensor.Value, op, "parameter %d (shape %s) is not a leaf but the result of %s: optimize the leaf tensors it was computed from",
				i, tensor.ShapeString(p.Shape()), p.GradNode().Op)
		case !p.TracksGrad():
			failOp(tensor.Value, op, "parameter %d (shape %s) does not require grad: call RequiresGrad() on it first", i, tensor.ShapeString(p.Shape()))
		}
		if j, dup := seen[p.GradKey()]; dup {
			failOp(tensor.Value, op, "parameter %d is parameter %d again: give each parameter once", i, j)
		}
		seen[p.GradKey()] = i
		d := p.Detach()
		o.slots[i] = slot{p: p, d: d, fused: d.Device().IsHost() && d.IsContiguous() && !d.ReadOnly()}
	}
	return o
}

func (o *optim) LR() float64 { return o.lr }

func (o *optim) SetLR(lr float64) {
	if !(lr >= 0) {
		failOp(tensor.Value, "autograd.Optimizer.SetLR", "invalid learning rate %v: want lr >= 0", lr)
	}
	o.lr = lr
}

func (o *optim) ZeroGrad() {
	for i := range o.slots {
		o.slots[i].p.ZeroGrad() // frees a gradient no one was handed (tensor.AdoptGrad)
	}
}

func (o *optim) Step() {
	for i := range o.slots {
		s := &o.slots[i]
		g := s.p.BorrowGrad()
		if g == nil {
			continue
		}
		fused := s.fused && !o.noFused
		if s.step == 0 {
			s.init(o.upd.buffers(), fused)
		}
		s.step++
		if !fused {
			o.upd.composed(s, g.Detach(), o.lr)
			continue
		}
		if !g.Device().IsHost() || !g.IsContiguous() || g.DType() != s.p.DType() {
			g = g.Detach().CPU().AsType(s.p.DType()) // a gradient set by hand; rare
		}
		o.upd.fused(s, g, o.lr)
		bumpWrite(s.p) // the update wrote p's storage through a slice
	}
}

// init allocates s's n state buffers, zeroed, on the parameter's device (as Go slices
// shared with tensors where the update is fused).
func (s *slot) init(n int, fused bool) {
	shape := s.p.Shape()
	if fused {
		s.pd = s.d.Data()
	}
	for k := 0; k < n; k++ {
		if !fused {
			s.state[k] = tensor.Keep(tensor.ZerosLike(s.d)) // outlives a tensor.Scope around Step
			continue
		}
		switch s.p.DType() {
		case tensor.Float32:
			b := make([]float32, s.p.Size())
			s.state[k], s.sd[k] = tensor.FromSlice(b, shape...), b
		default:
			b := make([]float64, s.p.Size())
			s.state[k], s.sd[k] = tensor.FromSlice(b, shape...), b
		}
	}
}

// gradData is the elements of g, a contiguous host tensor of dtype T, without
// allocating (Data would box a new slice header).
func gradData[T optFloat](g *tensor.Tensor, n int) []T {
	off := g.Offset()
	return g.Buffer().(device.HostBuffer).Slice().([]T)[off : off+n]
}

// bumpWrite counts a write to t's storage made through a Go slice, so that autograd
// catches a saved tensor changed since it was saved (tensor's own writers count theirs).
func bumpWrite(t *tensor.Tensor) {
	if v, ok := t.Buffer().(device.Versioned); ok {
		v.BumpVersion()
	}
}

// buf32 and buf64 are state buffer k of s as a Go slice (nil where the rule did not
// allocate it).
func (s *slot) buf32(k int) []float32 {
	b, _ := s.sd[k].([]float32)
	return b
}

func (s *slot) buf64(k int) []float64 {
	b, _ := s.sd[k].([]float64)
	return b
}

// checkRate fails unless v >= 0 (NaN fails), as torch.optim's checks.
func checkRate(op, name string, v float64) {
	if !(v >= 0) {
		failOp(tensor.Value, op, "invalid %s %v: want %s >= 0", name, v, name)
	}
}

// checkBeta fails unless 0 <= v < 1.
func checkBeta(op, name string, v float64) {
	if !(v >= 0 && v < 1) {
		failOp(tensor.Value, op, "invalid %s %v: want 0 <= %s < 1", name, v, name)
	}
}
