package nn

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// Activations: modules without parameters over element-wise tensor ops.

// ReLU is max(x, 0) (PyTorch's nn.ReLU; gradient 0 at 0).
type ReLU struct{ Base }

// NewReLU makes a ReLU.
func NewReLU() *ReLU { return &ReLU{} }

// Forward applies ReLU.
func (*ReLU) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.ReLU(x) }

// Sigmoid is 1/(1+exp(-x)) (PyTorch's nn.Sigmoid).
type Sigmoid struct{ Base }

// NewSigmoid makes a Sigmoid.
func NewSigmoid() *Sigmoid { return &Sigmoid{} }

// Forward applies Sigmoid.
func (*Sigmoid) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.Sigmoid(x) }

// Tanh is the hyperbolic tangent (PyTorch's nn.Tanh).
type Tanh struct{ Base }

// NewTanh makes a Tanh.
func NewTanh() *Tanh { return &Tanh{} }

// Forward applies Tanh.
func (*Tanh) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.Tanh(x) }

// Softmax normalises exp(x) along Dim to sum to 1 (PyTorch's nn.Softmax(dim)).
type Softmax struct {
	Base
	Dim int
}

// NewSoftmax makes a Softmax along dim (negative counts from the end).
func NewSoftmax(dim int) *Softmax { return &Softmax{Dim: dim} }

// Forward applies Softmax.
func (s *Softmax) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.Softmax(x, s.Dim) }

// GELU is x*Phi(x), Phi the standard normal CDF (PyTorch's nn.GELU): exact,
// 0.5*x*Erfc(-x/sqrt(2)) (tensor.Erfc, which keeps its precision for large negative
// x where 1+Erf(x/sqrt(2)) would cancel), by default, or with Approximate "tanh"
// 0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))).
type GELU struct {
	Base
	Approximate string // "none" (or "") or "tanh"
}

// NewGELU makes a GELU; approximate is "none" or "tanh", as PyTorch's argument.
func NewGELU(approximate string) *GELU {
	if approximate != "none" && approximate != "" && approximate != "tanh" {
		fail(tensor.Value, "nn.NewGELU", "approximate %q, want \"none\" or \"tanh\"", approximate)
	}
	return &GELU{Approximate: approximate}
}

// Forward applies GELU.
func (g *GELU) Forward(x *tensor.Tensor) *tensor.Tensor {
	if g.Approximate == "tanh" {
		c := math.Sqrt(2 / math.Pi)
		inner := x.Add(x.Mul(x).Mul(x).Mul(0.044715)).Mul(c)
		return x.Mul(0.5).Mul(tensor.Tanh(inner).Add(1))
	}
	if !x.DType().IsFloat() {
		x = x.AsType(tensor.Float64)
	}
	return x.Mul(0.5).Mul(tensor.Erfc(x.Mul(-1 / math.Sqrt2)))
}
