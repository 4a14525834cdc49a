package autograd

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// Rules of tensor/math.go's differentiable ops: the logarithms and exponential of base 2
// and 10, the trigonometric and hyperbolic functions and their inverses, Arctan2, Hypot,
// Fmod (PyTorch's formulas), Erf and Erfc, Fmax and Fmin (as Maximum and Minimum, NaN
// losing); Trunc's gradient is zero. Divmod and ClipArray are made of FloorDiv, Mod,
// Maximum and Minimum and need no rule; the integer and bool ops record nothing.

func init() {
	register(map[string]rule{
		"Log2":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Div(c.x(0).Mul(math.Ln2))) },
		"Log10": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Div(c.x(0).Mul(math.Ln10))) },
		"Exp2":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(c.y().Mul(math.Ln2))) },
		"Tan": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Mul(tensor.Square(c.y()).Add(1.0)))
		},
		"Arcsin": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Sqrt(tensor.Sub(1.0, tensor.Square(c.x(0))))))
		},
		"Arccos": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Sqrt(tensor.Sub(1.0, tensor.Square(c.x(0))))).Neg())
		},
		"Arctan": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Square(c.x(0)).Add(1.0)))
		},
		"Sinh": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Cosh(c.x(0)))) },
		"Cosh": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Sinh(c.x(0)))) },
		"Arcsinh": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Sqrt(tensor.Square(c.x(0)).Add(1.0))))
		},
		"Arccosh": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Sqrt(tensor.Square(c.x(0)).Sub(1.0))))
		},
		"Arctanh": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Div(tensor.Sub(1.0, tensor.Square(c.x(0)))))
		},
		"Trunc":   zeroRule,
		"Erf":     func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(erfSlope(c.x(0)))) },
		"Erfc":    func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(erfSlope(c.x(0))).Neg()) },
		"Arctan2": arctan2Rule,
		"Hypot":   hypotRule,
		"Fmod":    fmodRule,
		"Fmax":    func(c *call, g *tensor.Tensor) []*tensor.Tensor { return fextremumRule(c, g, tensor.Greater) },
		"Fmin":    func(c *call, g *tensor.Tensor) []*tensor.Tensor { return fextremumRule(c, g, tensor.Less) },
	})
}

// erfSlope is d/dx erf(x) = 2/sqrt(pi) * exp(-x²), made of tensor ops so that it has
// gradients of its own (Erfc's slope is its negative).
func erfSlope(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Exp(tensor.Square(x).Neg()).Mul(2 / math.SqrtPi)
}

// arctan2Rule: d/da atan2(a, b) = b/(a²+b²), d/db = -a/(a²+b²).
func arctan2Rule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	a, b := c.arg(0), c.arg(1)
	s := g.Div(tensor.Square(a).Add(tensor.Square(b)))
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = s.Mul(b)
	}
	if c.need(1) {
		gb = s.Mul(a).Neg()
	}
	return two(ga, gb)
}

// hypotRule: d/da hypot(a, b) = a/hypot, d/db = b/hypot.
func hypotRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	s := g.Div(c.y())
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = s.Mul(c.arg(0))
	}
	if c.need(1) {
		gb = s.Mul(c.arg(1))
	}
	return two(ga, gb)
}

// fmodRule is PyTorch's: g for the dividend, -g*trunc(a/b) for the divisor.
func fmodRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var gb *tensor.Tensor
	if c.need(1) {
		gb = g.Mul(tensor.Trunc(tensor.Div(c.arg(0), c.arg(1)))).Neg()
	}
	return two(g, gb)
}

// fextremumRule is Fmax's (wins = Greater) and Fmin's (Less): the gradient goes to a
// where a wins or b is NaN, to b where b wins or a is NaN, half to each on a tie, as
// Maximum's.
func fextremumRule(c *call, g *tensor.Tensor, wins func(a, b any) *tensor.Tensor) []*tensor.Tensor {
	a, b := c.arg(0), c.arg(1)
	toA := tensor.LogicalOr(wins(a, b), tensor.IsNaN(b))
	tie := tensor.Equal(a, b)
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = tensor.Where(toA, g, tensor.Where(tie, g.Mul(0.5), 0.0))
	}
	if c.need(1) {
		toB := tensor.LogicalNot(tensor.LogicalOr(toA, tie))
		gb = tensor.Where(toB, g, tensor.Where(tie, g.Mul(0.5), 0.0))
	}
	return two(ga, gb)
}
