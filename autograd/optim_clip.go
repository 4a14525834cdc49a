package autograd

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// ClipGradNorm scales the gradients of params together so that their global norm of
// order normType (the norm of the vector of every gradient's norm; math.Inf(1) for the
// largest absolute value) is at most maxNorm, as torch.nn.utils.clip_grad_norm_: where
// the total norm exceeds maxNorm, every gradient is multiplied in place by
// maxNorm/(total+1e-6) (by NaN where the norm is NaN, as PyTorch does). It returns the
// total norm (NaN or Inf where a gradient holds one; 0 where no parameter has a
// gradient). Parameters whose Grad is nil are left
// out. normType must be positive (or +Inf): others are a Value error. Where the first
// gradient is float32, the norm and the scale are computed in float32, as PyTorch's.
func ClipGradNorm(params []*tensor.Tensor, maxNorm, normType float64) float64 {
	const op = "autograd.ClipGradNorm"
	if !(normType > 0) {
		failOp(tensor.Value, op, "invalid norm type %v: want a positive order or math.Inf(1)", normType)
	}
	if math.IsNaN(maxNorm) {
		failOp(tensor.Value, op, "invalid max norm NaN")
	}
	total, f32, have := 0.0, false, false
	for _, p := range params {
		g := gradOf(op, p)
		if g == nil {
			continue
		}
		n := gradNorm(g, normType)
		if !have {
			f32, have = g.DType() == tensor.Float32, true
		}
		if f32 {
			n = float64(float32(n)) // each norm is a tensor of the gradient's dtype
		}
		switch {
		case math.IsInf(normType, 1):
			if n > total || n != n {
				total = n
			}
		case normType == 2:
			total += n * n
		case normType == 1:
			total += n
		default:
			total += math.Pow(n, normType)
		}
	}
	if !have {
		return 0
	}
	switch {
	case math.IsInf(normType, 1), normType == 1:
	case normType == 2:
		total = math.Sqrt(total)
	default:
		total = math.Pow(total, 1/normType)
	}
	coef := maxNorm / (total + 1e-6)
	if f32 {
		total = float64(float32(total))
		coef = float64(float32(maxNorm) / (float32(total) + float32(1e-6)))
	}
	if !(coef >= 1) { // a NaN norm makes every gradient NaN, as PyTorch's
		for _, p := range params {
			if g := gradOf(op, p); g != nil {
				scaleGrad(g, coef)
			}
		}
	}
	return total
}

// ClipGradValue clamps every gradient of params to [-clip, clip] in place, as
// torch.nn.utils.clip_grad_value_ (NaN stays NaN). Parameters whose Grad is nil are
// left out; a negative or NaN clip is a Value error.
func ClipGradValue(params []*tensor.Tensor, clip float64) {
	const op = "autograd.ClipGradValue"
	if !(clip >= 0) {
		failOp(tensor.Value, op, "invalid clip value %v: want clip >= 0", clip)
	}
	for _, p := range params {
		g := gradOf(op, p)
		if g == nil {
			continue
		}
		switch {
		case !hostContiguous(g):
			tensor.ClipInto(g.Detach(), g, -clip, clip)
		case g.DType() == tensor.Float32:
			clipLoop(gradData[float32](g, g.Size()), float32(clip))
			bumpWrite(g)
		default:
			clipLoop(gradData[float64](g, g.Size()), clip)
			bumpWrite(g)
		}
	}
}

// gradOf is p's gradient (nil where it has none).
func gradOf(op string, p *tensor.Tensor) *tensor.Tensor {
	if p == nil {
		failOp(tensor.Value, op, "nil parameter")
	}
	g := p.BorrowGrad()
	if g != nil && !g.DType().IsFloat() {
		failOp(tensor.Value, op, "gradient of dtype %v: want float32 or float64", g.DType())
	}
	return g
}

// hostContiguous reports whether g's elements can be read and written as a Go slice.
func hostContiguous(g *tensor.Tensor) bool {
	return g.Device().IsHost() && g.IsContiguous() && !g.ReadOnly()
}

// gradNorm is the norm of order p of g's elements, accumulated in float64.
func gradNorm(g *tensor.Tensor, p float64) float64 {
	if !hostContiguous(g) {
		a := g.Detach().Abs()
		switch {
		case math.IsInf(p, 1):
			return a.Max().Item()
		case p == 2:
			return math.Sqrt(tensor.Square(a).Sum().Item())
		case p == 1:
			return a.Sum().Item()
		}
		return math.Pow(a.Pow(p).Sum().Item(), 1/p)
	}
	if g.DType() == tensor.Float32 {
		return normLoop(gradData[float32](g, g.Size()), p)
	}
	return normLoop(gradData[float64](g, g.Size()), p)
}

func normLoop[T optFloat](x []T, p float64) float64 {
	s := 0.0
	switch {
	case math.IsInf(p, 1):
		for _, v := range x {
			a := math.Abs(float64(v))
			if a > s || a != a {
				s = a
			}
			if s != s {
				return s
			}
		}
		return s
	case p == 2:
		for _, v := range x {
			s += float64(v) * float64(v)
		}
		return math.Sqrt(s)
	case p == 1:
		for _, v := range x {
			s += math.Abs(float64(v))
		}
		return s
	}
	for _, v := range x {
		s += math.Pow(math.Abs(float64(v)), p)
	}
	return math.Pow(s, 1/p)
}

// scaleGrad multiplies g by c in place, in g's dtype.
func scaleGrad(g *tensor.Tensor, c float64) {
	switch {
	case !hostContiguous(g):
		tensor.MulInto(g.Detach(), g, c)
	case g.DType() == tensor.Float32:
		scaleLoop(gradData[float32](g, g.Size()), float32(c))
		bumpWrite(g)
	default:
		scaleLoop(gradData[float64](g, g.Size()), c)
		bumpWrite(g)
	}
}

func scaleLoop[T optFloat](x []T, c T) {
	for i := range x {
		x[i] *= c
	}
}

func clipLoop[T optFloat](x []T, c T) {
	for i, v := range x {
		if v > c {
			x[i] = c
		} else if v < -c {
			x[i] = -c
		}
	}
}
