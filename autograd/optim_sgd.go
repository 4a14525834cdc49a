package autograd

import (
	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/tensor"
)

// SGD configures stochastic gradient descent with optional momentum, as torch.optim.SGD:
//
//	d = g + WeightDecay*p
//	buf = d at the first step, else Momentum*buf + (1-Dampening)*d   (when Momentum != 0)
//	d = d + Momentum*buf with Nesterov, else buf                      (when Momentum != 0)
//	p = p - LR*d
type SGD struct {
	LR          float64 // learning rate; required (PyTorch has no default): 0 is a Value error, Zero is 0
	Momentum    float64 // default 0 (plain SGD)
	Dampening   float64 // default 0
	WeightDecay float64 // L2 penalty added to the gradient; default 0
	Nesterov    bool    // Nesterov momentum; needs Momentum > 0 and Dampening 0
	Maximize    bool    // ascend the gradient instead
}

// NewSGD returns an SGD optimizer of params (float leaf tensors that require grad).
// Invalid hyper-parameters are a Value error.
func NewSGD(params []*tensor.Tensor, c SGD) Optimizer {
	const op = "autograd.NewSGD"
	if c.LR == 0 && !isZero(c.LR) {
		failOp(tensor.Value, op, "the learning rate LR is required (PyTorch's SGD has no default); use autograd.Zero for 0")
	}
	c.LR, c.Momentum, c.Dampening, c.WeightDecay = orDefault(c.LR, 0), orDefault(c.Momentum, 0), orDefault(c.Dampening, 0), orDefault(c.WeightDecay, 0)
	checkRate(op, "learning rate", c.LR)
	checkRate(op, "momentum", c.Momentum)
	checkRate(op, "weight decay", c.WeightDecay)
	if c.Nesterov && (c.Momentum <= 0 || c.Dampening != 0) {
		failOp(tensor.Value, op, "Nesterov momentum requires a momentum and zero dampening (got momentum %v, dampening %v)", c.Momentum, c.Dampening)
	}
	return newOptim(op, params, c.LR, &sgdRule{c})
}

// isZero reports whether v is autograd.Zero.
func isZero(v float64) bool { return v == 0 && 1/v < 0 }

type sgdRule struct{ c SGD }

func (r *sgdRule) buffers() int {
	if r.c.Momentum != 0 {
		return 1
	}
	return 0
}

// fused is one SGD step of p (and its momentum buffer, nil without momentum) in one
// pass: cpu.SGDStep, AVX2 kernels split over the workers for large parameters.
func (r *sgdRule) fused(s *slot, g *tensor.Tensor, lr float64) {
	n := s.p.Size()
	switch pd := s.pd.(type) {
	case []float32:
		cpu.SGDStep(pd, gradData[float32](g, n), s.buf32(0), sgdCoefs[float32](r.c, lr, s.step))
	case []float64:
		cpu.SGDStep(pd, gradData[float64](g, n), s.buf64(0), sgdCoefs[float64](r.c, lr, s.step))
	}
}

// sgdCoefs is SGD's scalars in the parameter's dtype, as PyTorch casts them.
func sgdCoefs[T optFloat](c SGD, lr float64, step int) cpu.SGDCoef[T] {
	return cpu.SGDCoef[T]{WD: T(c.WeightDecay), Momentum: T(c.Momentum), Damp1: T(1 - c.Dampening), NegLR: T(-lr),
		First: step == 1, Nesterov: c.Nesterov, Maximize: c.Maximize}
}

func (r *sgdRule) composed(s *slot, g *tensor.Tensor, lr float64) {
	c := r.c
	d := g
	if c.Maximize {
		d = d.Neg()
	}
	if c.WeightDecay != 0 {
		d = d.Add(s.d.Mul(c.WeightDecay))
	}
	if c.Momentum != 0 {
		buf := s.state[0]
		if s.step == 1 {
			tensor.MulInto(buf, d, 1) // buf = d (clone)
		} else {
			tensor.AddInto(buf, tensor.MulInto(buf, buf, c.Momentum), d.Mul(1-c.Dampening))
		}
		if c.Nesterov {
			d = d.Add(buf.Mul(c.Momentum))
		} else {
			d = buf
		}
	}
	tensor.AddInto(s.d, s.d, d.Mul(-lr))
}
