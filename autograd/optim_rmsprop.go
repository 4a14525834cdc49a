package autograd

import (
	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/tensor"
)

// RMSprop configures RMSprop, as torch.optim.RMSprop:
//
//	g = g + WeightDecay*p
//	v = Alpha*v + (1-Alpha)*g*g
//	a = Alpha*a + (1-Alpha)*g; avg = sqrt(v - a*a) + Eps  (Centered)
//	avg = sqrt(v) + Eps                                    (otherwise)
//	buf = Momentum*buf + g/avg; p = p - LR*buf             (Momentum > 0)
//	p = p - LR*g/avg                                       (otherwise)
type RMSprop struct {
	LR          float64 // learning rate; default 1e-2
	Alpha       float64 // smoothing constant; default 0.99 (Zero for 0)
	Eps         float64 // added to the denominator; default 1e-8 (Zero for 0)
	WeightDecay float64 // L2 penalty; default 0
	Momentum    float64 // default 0
	Centered    bool    // normalise by the gradient's estimated variance
	Maximize    bool    // ascend the gradient instead
}

// NewRMSprop returns an RMSprop optimizer of params (float leaf tensors that require
// grad). Invalid hyper-parameters are a Value error.
func NewRMSprop(params []*tensor.Tensor, c RMSprop) Optimizer {
	const op = "autograd.NewRMSprop"
	c = RMSprop{LR: orDefault(c.LR, 1e-2), Alpha: orDefault(c.Alpha, 0.99), Eps: orDefault(c.Eps, 1e-8),
		WeightDecay: orDefault(c.WeightDecay, 0), Momentum: orDefault(c.Momentum, 0), Centered: c.Centered, Maximize: c.Maximize}
	checkRate(op, "learning rate", c.LR)
	checkRate(op, "epsilon", c.Eps)
	checkRate(op, "momentum", c.Momentum)
	checkRate(op, "weight decay", c.WeightDecay)
	checkRate(op, "alpha", c.Alpha)
	return newOptim(op, params, c.LR, &rmspropRule{c})
}

type rmspropRule struct{ c RMSprop }

// State buffers: 0 the squared average, 1 the momentum buffer, 2 the gradient average.
func (r *rmspropRule) buffers() int {
	if r.c.Centered {
		return 3
	}
	if r.c.Momentum > 0 {
		return 2
	}
	return 1
}

// rmspropCoefs is RMSprop's scalars in the parameter's dtype, as PyTorch casts them.
func rmspropCoefs[T optFloat](c RMSprop, lr float64) cpu.RMSpropCoef[T] {
	return cpu.RMSpropCoef[T]{WD: T(c.WeightDecay), Alpha: T(c.Alpha), OMA: T(1 - c.Alpha), Eps: T(c.Eps),
		Momentum: T(c.Momentum), NegLR: T(-lr), Maximize: c.Maximize}
}

// fused is one RMSprop step of p and its state in one pass (cpu.RMSpropStep: AVX2
// kernels, split over the workers for large parameters), given the momentum buffer
// only with momentum and the gradient average only when centered.
func (r *rmspropRule) fused(s *slot, g *tensor.Tensor, lr float64) {
	n := s.p.Size()
	switch pd := s.pd.(type) {
	case []float32:
		buf, ga := s.buf32(1), s.buf32(2)
		if r.c.Momentum <= 0 {
			buf = nil
		}
		cpu.RMSpropStep(pd, gradData[float32](g, n), s.buf32(0), buf, ga, rmspropCoefs[float32](r.c, lr))
	case []float64:
		buf, ga := s.buf64(1), s.buf64(2)
		if r.c.Momentum <= 0 {
			buf = nil
		}
		cpu.RMSpropStep(pd, gradData[float64](g, n), s.buf64(0), buf, ga, rmspropCoefs[float64](r.c, lr))
	}
}

func (r *rmspropRule) composed(s *slot, g *tensor.Tensor, lr float64) {
	c, p, v := r.c, s.d, s.state[0]
	if c.Maximize {
		g = g.Neg()
	}
	if c.WeightDecay != 0 {
		g = g.Add(p.Mul(c.WeightDecay))
	}
	tensor.AddInto(v, tensor.MulInto(v, v, c.Alpha), g.Mul(1-c.Alpha).Mul(g))
	var avg *tensor.Tensor
	if c.Centered {
		a := s.state[2]
		tensor.AddInto(a, tensor.MulInto(a, a, c.Alpha), g.Mul(1-c.Alpha))
		avg = v.Add(a.Neg().Mul(a)).Sqrt()
	} else {
		avg = v.Sqrt()
	}
	avg = avg.Add(c.Eps)
	if c.Momentum > 0 {
		buf := s.state[1]
		tensor.AddInto(buf, tensor.MulInto(buf, buf, c.Momentum), g.Div(avg))
		tensor.AddInto(p, p, buf.Mul(-lr))
	} else {
		tensor.AddInto(p, p, g.Mul(-lr).Div(avg))
	}
}
