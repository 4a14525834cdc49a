package nn

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// fail panics with a *tensor.Error; op names the nn function ("nn.Linear").
func fail(kind tensor.Kind, op, format string, args ...any) {
	panic(&tensor.Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)})
}

// Initialisations, as PyTorch 1.13's nn.init, drawn from a seeded random.Generator
// (the distributions and bounds are PyTorch's; the values are not, since the
// generators differ). Each returns a new float32 tensor on the CPU.

// Fans returns fan_in and fan_out of a weight shape as nn.init computes them: for a
// shape (out, in, k...) fan_in is in*prod(k) and fan_out out*prod(k).
func Fans(shape ...int) (fanIn, fanOut int) {
	if len(shape) < 2 {
		fail(tensor.Shape, "nn.Fans", "fan in and fan out need at least 2 dimensions, got %s", tensor.ShapeString(shape))
	}
	field := 1
	for _, n := range shape[2:] {
		field *= n
	}
	return shape[1] * field, shape[0] * field
}

// KaimingUniform draws a tensor of shape from U(-bound, bound) with bound =
// gain*sqrt(3/fan_in) and gain = sqrt(2/(1+a^2)), as nn.init.kaiming_uniform_ with
// mode "fan_in" and nonlinearity "leaky_relu"; a = sqrt(5), the default of Linear and
// Conv2d, gives bound 1/sqrt(fan_in).
func KaimingUniform(g *random.Generator, a float64, shape ...int) *tensor.Tensor {
	fanIn, _ := Fans(shape...)
	bound := 0.0
	if fanIn > 0 {
		bound = math.Sqrt(2/(1+a*a)) * math.Sqrt(3/float64(fanIn))
	}
	return Uniform(g, -bound, bound, shape...)
}

// Uniform draws a float32 tensor of shape from U(lo, hi) (nn.init.uniform_).
func Uniform(g *random.Generator, lo, hi float64, shape ...int) *tensor.Tensor {
	if g == nil {
		fail(tensor.Value, "nn.Uniform", "a nil random.Generator; make one with random.NewGenerator(seed)")
	}
	return g.Uniform(lo, hi, shape...).AsType(tensor.Float32)
}

// Normal draws a float32 tensor of shape from N(mean, std^2) (nn.init.normal_).
func Normal(g *random.Generator, mean, std float64, shape ...int) *tensor.Tensor {
	if g == nil {
		fail(tensor.Value, "nn.Normal", "a nil random.Generator; make one with random.NewGenerator(seed)")
	}
	return g.Normal(mean, std, shape...).AsType(tensor.Float32)
}

// BiasUniform draws a bias of n elements from U(-1/sqrt(fanIn), 1/sqrt(fanIn)), as
// Linear's and Conv2d's reset_parameters (0 bound when fanIn is 0).
func BiasUniform(g *random.Generator, fanIn, n int) *tensor.Tensor {
	bound := 0.0
	if fanIn > 0 {
		bound = 1 / math.Sqrt(float64(fanIn))
	}
	return Uniform(g, -bound, bound, n)
}
