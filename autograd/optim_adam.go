package autograd

import (
	"math"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/tensor"
)

// Adam configures Adam, as torch.optim.Adam (weight decay as an L2 penalty added to the
// gradient), at step t of a parameter:
//
//	g = g + WeightDecay*p
//	m = Beta1*m + (1-Beta1)*g
//	v = Beta2*v + (1-Beta2)*g*g
//	vmax = max(vmax, v), used for v below                   (with AMSGrad)
//	p = p - LR/(1-Beta1**t) * m / (sqrt(v)/sqrt(1-Beta2**t) + Eps)
type Adam struct {
	LR          float64 // learning rate; default 1e-3
	Beta1       float64 // decay of the gradient's running mean; default 0.9 (Zero for 0)
	Beta2       float64 // decay of the squared gradient's running mean; default 0.999 (Zero for 0)
	Eps         float64 // added to the denominator; default 1e-8 (Zero for 0)
	WeightDecay float64 // L2 penalty; default 0
	AMSGrad     bool    // use the maximum of the second moments so far
	Maximize    bool    // ascend the gradient instead
}

// AdamW configures Adam with decoupled weight decay, as torch.optim.AdamW: each step
// first multiplies p by 1 - LR*WeightDecay, then makes Adam's update without weight
// decay.
type AdamW struct {
	LR          float64 // learning rate; default 1e-3
	Beta1       float64 // default 0.9 (Zero for 0)
	Beta2       float64 // default 0.999 (Zero for 0)
	Eps         float64 // default 1e-8 (Zero for 0)
	WeightDecay float64 // decoupled weight decay; default 1e-2 (Zero for 0)
	AMSGrad     bool
	Maximize    bool
}

// NewAdam returns an Adam optimizer of params (float leaf tensors that require grad).
// Invalid hyper-parameters are a Value error.
func NewAdam(params []*tensor.Tensor, c Adam) Optimizer {
	r := &adamRule{lr: orDefault(c.LR, 1e-3), beta1: orDefault(c.Beta1, 0.9), beta2: orDefault(c.Beta2, 0.999),
		eps: orDefault(c.Eps, 1e-8), wd: orDefault(c.WeightDecay, 0), amsgrad: c.AMSGrad, maximize: c.Maximize}
	return r.optimizer("autograd.NewAdam", params)
}

// NewAdamW returns an AdamW optimizer of params (float leaf tensors that require grad).
// Invalid hyper-parameters are a Value error.
func NewAdamW(params []*tensor.Tensor, c AdamW) Optimizer {
	r := &adamRule{lr: orDefault(c.LR, 1e-3), beta1: orDefault(c.Beta1, 0.9), beta2: orDefault(c.Beta2, 0.999),
		eps: orDefault(c.Eps, 1e-8), wd: orDefault(c.WeightDecay, 1e-2), amsgrad: c.AMSGrad, maximize: c.Maximize,
		decoupled: true}
	return r.optimizer("autograd.NewAdamW", params)
}

// adamRule is Adam and AdamW.
type adamRule struct {
	lr, beta1, beta2, eps, wd    float64
	amsgrad, maximize, decoupled bool
}

func (r *adamRule) optimizer(op string, params []*tensor.Tensor) Optimizer {
	checkRate(op, "learning rate", r.lr)
	checkRate(op, "epsilon", r.eps)
	checkBeta(op, "beta1", r.beta1)
	checkBeta(op, "beta2", r.beta2)
	checkRate(op, "weight decay", r.wd)
	return newOptim(op, params, r.lr, r)
}

func (r *adamRule) buffers() int {
	if r.amsgrad {
		return 3
	}
	return 2
}

// adamScalars are the step's scalars in float64, as PyTorch computes them in Python.
func (r *adamRule) scalars(lr float64, step int) (stepSize, bc2sqrt float64) {
	t := float64(step)
	bc1 := 1 - math.Pow(r.beta1, t)
	bc2 := 1 - math.Pow(r.beta2, t)
	return lr / bc1, math.Sqrt(bc2)
}

// adamCoefs is Adam's scalars in the parameter's dtype, as PyTorch casts them.
func adamCoefs[T optFloat](r *adamRule, lr float64, step int) cpu.AdamCoef[T] {
	stepSize, bc2sqrt := r.scalars(lr, step)
	return cpu.AdamCoef[T]{Decay: T(1 - lr*r.wd), WD: T(r.wd), Beta1: T(r.beta1), OMB1: T(1 - r.beta1),
		Beta2: T(r.beta2), OMB2: T(1 - r.beta2), BC2Sqrt: T(bc2sqrt), Eps: T(r.eps), NegStep: T(-stepSize),
		Decoupled: r.decoupled, Maximize: r.maximize}
}

// fused is one Adam(W) step of p and its state in one pass (cpu.AdamStep: AVX2 kernels,
// split over the workers for large parameters); the third buffer, vmax, is nil
// without AMSGrad.
func (r *adamRule) fused(s *slot, g *tensor.Tensor, lr float64) {
	n := s.p.Size()
	switch pd := s.pd.(type) {
	case []float32:
		cpu.AdamStep(pd, gradData[float32](g, n), s.buf32(0), s.buf32(1), s.buf32(2), adamCoefs[float32](r, lr, s.step))
	case []float64:
		cpu.AdamStep(pd, gradData[float64](g, n), s.buf64(0), s.buf64(1), s.buf64(2), adamCoefs[float64](r, lr, s.step))
	}
}

func (r *adamRule) composed(s *slot, g *tensor.Tensor, lr float64) {
	p, m, v := s.d, s.state[0], s.state[1]
	if r.maximize {
		g = g.Neg()
	}
	if r.decoupled {
		tensor.MulInto(p, p, 1-lr*r.wd)
	} else if r.wd != 0 {
		g = g.Add(p.Mul(r.wd))
	}
	tensor.AddInto(m, tensor.MulInto(m, m, r.beta1), g.Mul(1-r.beta1))
	tensor.AddInto(v, tensor.MulInto(v, v, r.beta2), g.Mul(1-r.beta2).Mul(g))
	if r.amsgrad {
		v = tensor.MaximumInto(s.state[2], s.state[2], v)
	}
	stepSize, bc2sqrt := r.scalars(lr, s.step)
	denom := v.Sqrt().Div(bc2sqrt).Add(r.eps)
	tensor.AddInto(p, p, m.Mul(-stepSize).Div(denom))
}
