package conformance

// Handlers for the shape breadth family (testdata/breadth/gen_shape.py): the functions
// of tensor/shape_more.go and tensor/shape_diag.go. concatenate (axis null) and
// expand_dims (a list of axes) are the public vocabulary's handlers.

import (
	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("atleast_1d", func(c *Case) any { return tensor.AtLeast1D(c.In(0)) })
	Register("atleast_2d", func(c *Case) any { return tensor.AtLeast2D(c.In(0)) })
	Register("atleast_3d", func(c *Case) any { return tensor.AtLeast3D(c.In(0)) })
	Register("array_split", func(c *Case) any { return tensor.ArraySplit(c.In(0), c.Int("sections"), c.Int("axis")) })
	Register("moveaxis", func(c *Case) any { return tensor.MoveAxis(c.In(0), c.Int("source"), c.Int("destination")) })
	Register("swapaxes", func(c *Case) any { return tensor.SwapAxes(c.In(0), c.Int("axis1"), c.Int("axis2")) })
	Register("broadcast_arrays", func(c *Case) any { return tensor.BroadcastArrays(allInputs(c)...) })
	Register("diagonal", func(c *Case) any {
		return tensor.Diagonal(c.In(0), c.Int("offset"), c.Int("axis1"), c.Int("axis2"))
	})
	Register("trace", func(c *Case) any { return tensor.Trace(c.In(0), c.Int("offset"), c.Int("axis1"), c.Int("axis2")) })
	Register("diag", func(c *Case) any { return tensor.Diag(c.In(0), c.Int("k")) })
	Register("triu", func(c *Case) any { return tensor.Triu(c.In(0), c.Int("k")) })
	Register("tril", func(c *Case) any { return tensor.Tril(c.In(0), c.Int("k")) })
	Register("roll", func(c *Case) any { return tensor.Roll(c.In(0), c.Int("shift"), c.Ints("axis")...) })
	Register("rot90", func(c *Case) any { return tensor.Rot90(c.In(0), c.Int("k"), c.Ints("axes")...) })
	Register("meshgrid", func(c *Case) any {
		if c.String("indexing") == "ij" {
			return tensor.MeshgridIJ(allInputs(c)...)
		}
		return tensor.Meshgrid(allInputs(c)...)
	})
	Register("pad", func(c *Case) any {
		var pw [][2]int
		c.Param("pad_width", &pw)
		if c.Has("constant_values") {
			return tensor.Pad(c.In(0), pw, c.String("mode"), c.Scalar("constant_values"))
		}
		return tensor.Pad(c.In(0), pw, c.String("mode"))
	})
}
