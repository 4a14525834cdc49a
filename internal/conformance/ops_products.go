package conformance

// Handlers for the products family (testdata/breadth/gen_products.py): einsum,
// tensordot, inner, kron, cross, convolve and correlate of tensor/einsum.go and
// tensor/products.go, and linalg's multi_dot, matrix_power and cond. Params map as the
// script writes them: tensordot's axes is an int or a pair of lists; cross has no axis,
// "axis" or "axes" (axisa, axisb, axisc); cond's ord is norm's (see normOrd).

import (
	"encoding/json"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("einsum", func(c *Case) any { return tensor.Einsum(c.String("subscripts"), allInputs(c)...) })
	Register("tensordot", func(c *Case) any {
		var n int
		if json.Unmarshal(c.Params["axes"], &n) == nil {
			return tensor.TensorDot(c.In(0), c.In(1), n)
		}
		var pair [2][]int
		c.Param("axes", &pair)
		return tensor.TensorDotAxes(c.In(0), c.In(1), pair[0], pair[1])
	})
	Register("inner", func(c *Case) any { return tensor.Inner(c.In(0), c.In(1)) })
	Register("kron", func(c *Case) any { return tensor.Kron(c.In(0), c.In(1)) })
	Register("cross", func(c *Case) any {
		switch {
		case c.Has("axis"):
			return tensor.Cross(c.In(0), c.In(1), c.Int("axis"))
		case c.Has("axes"):
			return tensor.Cross(c.In(0), c.In(1), c.Ints("axes")...)
		}
		return tensor.Cross(c.In(0), c.In(1))
	})
	Register("convolve", func(c *Case) any { return tensor.Convolve(c.In(0), c.In(1), c.String("mode")) })
	Register("correlate", func(c *Case) any { return tensor.Correlate(c.In(0), c.In(1), c.String("mode")) })
	Register("linalg.multi_dot", func(c *Case) any { return linalg.MultiDot(allInputs(c)...) })
	Register("linalg.matrix_power", func(c *Case) any { return linalg.MatrixPower(c.In(0), c.Int("n")) })
	Register("linalg.cond", func(c *Case) any { return linalg.Cond(c.In(0), normOrd(c)) })
}
