package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Views and joins: the gradient is the inverse view of the result's gradient.

func init() {
	register(map[string]rule{
		"Reshape":     func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Reshape(c.shape(0)...)) },
		"BroadcastTo": func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(sumTo(g, c.shape(0))) },
		"Transpose":   transposeRule,
		"Flip":        flipRule,
		"Slice":       sliceRule,
		"Concatenate": concatenateRule,
		sliceGradOp:   func(c *call, g *tensor.Tensor) []*tensor.Tensor { return one(g.Slice(c.n.Params.([]any)...)) },
	})
}

func transposeRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	perm, ok := c.n.Params.([]int)
	if !ok {
		fail(tensor.Value, "the gradient of Transpose needs its permutation, got %T", c.n.Params)
	}
	inv := make([]int, len(perm))
	for i, a := range perm {
		inv[a] = i
	}
	return one(g.Transpose(inv...))
}

func flipRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axes, ok := c.n.Params.([]int)
	if !ok {
		fail(tensor.Value, "the gradient of Flip needs its axes, got %T", c.n.Params)
	}
	return one(g.Flip(axes...))
}

// sliceGradOp records sliceGrad, so that the gradient of Slice is differentiable again
// (its gradient is the same Slice).
const sliceGradOp = "autograd.SliceGrad"

func sliceRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	specs, ok := c.n.Params.([]any)
	if !ok {
		fail(tensor.Value, "the gradient of Slice needs its specs, got %T", c.n.Params)
	}
	return one(sliceGrad(g, c.ins[0], specs))
}

// sliceGrad is zeros of in's shape and dtype with g written at in.Slice(specs...).
func sliceGrad(g, in *tensor.Tensor, specs []any) *tensor.Tensor {
	z := tensor.ZerosLike(in.Detach())
	if g.DType() != z.DType() {
		z = z.AsType(g.DType())
	}
	z.SetSlice(g.Detach(), specs...)
	return tensor.Record(sliceGradOp, z, specs, []any{g}, g)
}

// concatenateRule cuts the gradient into the inputs' pieces along the axis.
func concatenateRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis, ok := c.n.Params.(int)
	if !ok {
		fail(tensor.Value, "the gradient of Concatenate needs its axis, got %T", c.n.Params)
	}
	res := make([]*tensor.Tensor, len(c.ins))
	lo := 0
	for i, in := range c.ins {
		n := in.Shape()[axis]
		if c.need(i) {
			specs := make([]any, axis+1)
			for k := range axis {
				specs[k] = tensor.S()
			}
			specs[axis] = tensor.S(lo, lo+n)
			res[i] = g.Slice(specs...)
		}
		lo += n
	}
	return res
}

func init() {
	register(map[string]rule{
		"Tile":   tileRule,
		"Repeat": repeatRule,
	})
}

// tileRule views the gradient as (r0, n0, r1, n1, ...) and sums over the r's.
func tileRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	reps, ok := c.n.Params.([]int)
	if !ok {
		fail(tensor.Value, "the gradient of Tile needs its reps, got %T", c.n.Params)
	}
	shape := c.shape(0)
	r := max(len(shape), len(reps))
	src, full := make([]int, r), make([]int, r)
	for k := range r {
		src[k], full[k] = 1, 1
	}
	copy(src[r-len(shape):], shape)
	copy(full[r-len(reps):], reps)
	inter := make([]int, 0, 2*r)
	axes := make([]int, 0, r)
	for k := range r {
		axes = append(axes, 2*k)
		inter = append(inter, full[k], src[k])
	}
	return one(g.Reshape(inter...).Sum(axes...).Reshape(shape...))
}

// repeatRule views the gradient as (..., n, repeats, ...) and sums over repeats.
func repeatRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	p, ok := c.n.Params.(tensor.RepeatParams)
	if !ok {
		fail(tensor.Value, "the gradient of Repeat needs its parameters, got %T", c.n.Params)
	}
	shape := c.shape(0)
	src, ax := shape, 0
	if len(p.Axis) == 0 {
		src = []int{prod(shape)}
	} else {
		ax = p.Axis[0]
		if ax < 0 {
			ax += len(shape)
		}
	}
	inter := append(append(append([]int{}, src[:ax+1]...), p.Repeats), src[ax+1:]...)
	return one(g.Reshape(inter...).Sum(ax + 1).Reshape(shape...))
}
