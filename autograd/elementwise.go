package autograd

import (
	"math"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Element-wise ops: one input (Neg ... Clip), two (Add ... Mod), Where, FMA, and the
// copies (Copy, AsType, To).

func init() {
	register(map[string]rule{
		"Neg":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Neg()) },
		"Abs":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Sign(c.x(0)))) },
		"Exp":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(c.y())) },
		"Log":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Div(c.x(0))) },
		"Sqrt": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Div(c.y().Mul(2.0))) },
		"Tanh": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(g.Mul(tensor.Sub(1.0, tensor.Square(c.y()))))
		},
		"Sin":     func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Cos(c.x(0)))) },
		"Cos":     func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Sin(c.x(0))).Neg()) },
		"Square":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(c.x(0).Mul(2.0))) },
		"Log1p":   func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Div(c.x(0).Add(1.0))) },
		"Expm1":   func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(c.y().Add(1.0))) },
		"Sigmoid": sigmoidRule,
		"ReLU": func(c *call, g *tensor.Tensor) []*tensor.Tensor {
			return one(tensor.ReLUGrad(g, c.x(0))) // g where x > 0: one pass on the CPU
		},
		"Reciprocal": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Mul(tensor.Square(c.y())).Neg()) },
		"Floor":      zeroRule,
		"Ceil":       zeroRule,
		"Sign":       zeroRule,
		"Round":      zeroRule,
		"Clip":       clipRule,

		"Add":      func(c *call, g *tensor.Tensor) []*tensor.Tensor { return two(g, g) },
		"Sub":      func(c *call, g *tensor.Tensor) []*tensor.Tensor { return two(g, g.Neg()) },
		"Mul":      mulRule,
		"Div":      divRule,
		"Pow":      powRule,
		"Maximum":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return extremumRule(c, g, tensor.Greater) },
		"Minimum":  func(c *call, g *tensor.Tensor) []*tensor.Tensor { return extremumRule(c, g, tensor.Less) },
		"FloorDiv": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return two(zerosOf(c, 0, g), zerosOf(c, 1, g)) },
		"Mod":      modRule,
		"Where":    whereRule,
		"FMA":      fmaRule,

		"Copy":   func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g) },
		"AsType": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.AsType(c.ins[0].DType())) },
		"To":     func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.To(c.ins[0].Device())) },
	})
}

func one(g *tensor.Tensor) []*tensor.Tensor               { return []*tensor.Tensor{g} }
func two(a, b *tensor.Tensor) []*tensor.Tensor            { return []*tensor.Tensor{a, b} }
func zeroRule(c *call, _ *tensor.Tensor) []*tensor.Tensor { return one(zerosFor(c, 0)) }

// zerosOf is a zero gradient for input i (nil where it needs none).
func zerosOf(c *call, i int, _ *tensor.Tensor) *tensor.Tensor {
	if !c.need(i) {
		return nil
	}
	return zerosFor(c, i)
}

func sigmoidRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	s := c.y()
	return one(g.Mul(s.Mul(tensor.Sub(1.0, s))))
}

// clipRule passes the gradient where lo <= x <= hi, as PyTorch's clamp.
func clipRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var lo, hi float64
	switch p := c.n.Params.(type) {
	case device.Params:
		lo, hi = p.A, p.B
	case [2]float64:
		lo, hi = p[0], p[1]
	default:
		fail(tensor.Value, "the gradient of Clip needs its bounds, got parameters %T", c.n.Params)
	}
	x := c.x(0)
	in := tensor.Equal(x, x) // a NaN bound (Clip's nil) is no bound; a NaN x gets none
	if !math.IsNaN(lo) {
		in = tensor.LogicalAnd(in, tensor.GreaterEqual(x, lo))
	}
	if !math.IsNaN(hi) {
		in = tensor.LogicalAnd(in, tensor.LessEqual(x, hi))
	}
	return one(tensor.Where(in, g, 0.0))
}

func mulRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = g.Mul(c.arg(1))
	}
	if c.need(1) {
		gb = g.Mul(c.arg(0))
	}
	return two(ga, gb)
}

func divRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var ga, gb *tensor.Tensor
	b := c.arg(1)
	if c.need(0) {
		ga = g.Div(b)
	}
	if c.need(1) {
		gb = g.Mul(c.arg(0)).Div(tensor.Square(b)).Neg()
	}
	return two(ga, gb)
}

// powRule is PyTorch's pow_backward: b*a**(b-1) (0 where b == 0), and out*log(a) for the
// exponent (0 where a == 0 and b >= 0, where the limit is finite).
func powRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var ga, gb *tensor.Tensor
	// In the result's dtype: with a float32 base and a float64 exponent, log(a) in
	// float32 would give the float64 exponent a gradient of float32 accuracy.
	a, b := inDType(c.arg(0), c.n.Out.DType()), inDType(c.arg(1), c.n.Out.DType())
	if c.need(0) {
		d := b.Mul(tensor.Pow(a, b.Sub(1.0)))
		ga = g.Mul(tensor.Where(tensor.Equal(b, 0.0), 0.0, d))
	}
	if c.need(1) {
		d := c.y().Mul(tensor.Log(a))
		mask := tensor.LogicalAnd(tensor.Equal(a, 0.0), tensor.GreaterEqual(b, 0.0))
		gb = g.Mul(tensor.Where(mask, 0.0, d))
	}
	return two(ga, gb)
}

// inDType is t cast to dt (t itself when it has that dtype).
func inDType(t *tensor.Tensor, dt tensor.DType) *tensor.Tensor {
	if t.DType() == dt {
		return t
	}
	return t.AsType(dt)
}

// extremumRule is Maximum's (wins = Greater) or Minimum's (wins = Less): the gradient
// goes to the winning side, half to each on a tie.
func extremumRule(c *call, g *tensor.Tensor, wins func(a, b any) *tensor.Tensor) []*tensor.Tensor {
	a, b := c.arg(0), c.arg(1)
	half := g.Mul(0.5)
	tie := tensor.Equal(a, b)
	side := func(x, y *tensor.Tensor) *tensor.Tensor {
		return tensor.Where(wins(x, y), g, tensor.Where(tie, half, 0.0))
	}
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = side(a, b)
	}
	if c.need(1) {
		gb = side(b, a)
	}
	return two(ga, gb)
}

// modRule is PyTorch's remainder backward: g, and -g*floor(a/b) for the divisor.
func modRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var gb *tensor.Tensor
	if c.need(1) {
		gb = g.Mul(tensor.FloorDiv(c.arg(0), c.arg(1))).Neg()
	}
	return two(g, gb)
}

func whereRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	cond, ok := c.n.Params.(*tensor.Tensor)
	if !ok {
		fail(tensor.Value, "the gradient of Where needs its condition, got parameters %T", c.n.Params)
	}
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = tensor.Where(cond, g, 0.0)
	}
	if c.need(1) {
		gb = tensor.Where(cond, 0.0, g)
	}
	return two(ga, gb)
}

func fmaRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	res := make([]*tensor.Tensor, 3)
	if c.need(0) {
		res[0] = g.Mul(c.arg(1))
	}
	if c.need(1) {
		res[1] = g.Mul(c.arg(0))
	}
	res[2] = g
	return res
}
