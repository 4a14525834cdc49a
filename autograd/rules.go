package autograd

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// rule maps the gradient of a node's result to the gradients of its inputs: one entry
// per input, nil where the input needs none (a Go scalar, an integer tensor, an input
// that requires no gradient). The engine sums each gradient back to its input's shape,
// dtype and device, so a rule may return a gradient of the broadcast shape.
type rule func(c *call, g *tensor.Tensor) []*tensor.Tensor

// rules is the one table of gradient rules, keyed by tensor.Node.Op. Each family's file
// adds its entries in an init function.
var rules = map[string]rule{}

func register(m map[string]rule) {
	for k, r := range m {
		if _, dup := rules[k]; dup {
			panic("autograd: duplicate rule for " + k)
		}
		rules[k] = r
	}
}

// call is one node as a rule sees it. Without CreateGraph the inputs and the result are
// detached, so the rule's tensor ops record nothing; with it they are the tracked
// tensors, so the gradients it returns are themselves differentiable.
type call struct {
	n      *tensor.Node
	out    *tensor.Tensor   // the result: n.Out, or the tracked result with CreateGraph
	ins    []*tensor.Tensor // the inputs (nil for Go scalars)
	needs  []bool           // which inputs want a gradient
	create bool
}

// x is input i's values, refused when they were written after the op recorded them.
func (c *call) x(i int) *tensor.Tensor {
	if c.n.Changed(i) {
		changed(c.n.Op)
	}
	return c.ins[i]
}

// y is the result's values, refused when they were written after the op.
func (c *call) y() *tensor.Tensor {
	if c.n.Changed(len(c.n.Inputs)) {
		changed(c.n.Op)
	}
	return c.out
}

// arg is operand i's values as a tensor: the input itself, or a Go scalar operand as a
// 0-d tensor of the result's dtype (so that it keeps the result's dtype when combined).
func (c *call) arg(i int) *tensor.Tensor {
	if c.ins[i] != nil {
		return c.x(i)
	}
	return tensor.Full(c.n.Out.DType(), scalar(c.n.Op, c.n.Args[i])).To(c.n.Out.Device())
}

// shape is input i's shape (no values needed).
func (c *call) shape(i int) []int { return c.ins[i].Shape() }

// need reports whether input i wants a gradient.
func (c *call) need(i int) bool { return c.needs[i] }

// scalar converts a Go number operand to float64.
func scalar(op string, v any) float64 {
	switch s := v.(type) {
	case float64:
		return s
	case float32:
		return float64(s)
	case int:
		return float64(s)
	case int32:
		return float64(s)
	case int64:
		return float64(s)
	case uint8:
		return float64(s)
	case bool:
		if s {
			return 1
		}
		return 0
	}
	fail(tensor.Value, "the gradient of %s got an operand of unsupported type %T", op, v)
	return 0
}

// changed is the error of a rule whose saved tensor was written after it was saved.
func changed(op string) {
	fail(tensor.Value, "tensor needed for the gradient of %s was modified in place (version counter): compute on a copy or do the in-place write after Backward", op)
}

// fail panics with a *tensor.Error from autograd.
func fail(kind tensor.Kind, format string, args ...any) {
	panic(&tensor.Error{Kind: kind, Op: "autograd.Backward", Msg: fmt.Sprintf(format, args...)})
}

// failOp is fail with another op name ("autograd.Grad", "autograd.Apply").
func failOp(kind tensor.Kind, op, format string, args ...any) {
	panic(&tensor.Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)})
}

// sumTo sums g back to shape, undoing broadcasting: the leading dimensions g has in
// excess and the dimensions where shape has 1. It is the one place that unbroadcasts.
func sumTo(g *tensor.Tensor, shape []int) *tensor.Tensor {
	r := g.NDim()
	lead := r - len(shape)
	if lead < 0 {
		return g.BroadcastTo(shape...)
	}
	var buf [8]int
	axes := buf[:0]
	kept := false // some axis is summed to length 1 rather than dropped
	for k := range r {
		if k < lead {
			axes = append(axes, k)
		} else if shape[k-lead] == 1 && g.Dim(k) != 1 {
			axes, kept = append(axes, k), true
		}
	}
	switch {
	case len(axes) == 0 && sameDims(g, shape):
		return g
	case len(axes) == 0:
		return g.Reshape(shape...)
	case !kept:
		return g.Sum(axes...) // the leading axes dropped: shape itself
	}
	return g.Sum(append(axes, tensor.KeepDims)...).Reshape(shape...)
}

// sameDims reports whether g has shape, without copying g's shape.
func sameDims(g *tensor.Tensor, shape []int) bool {
	if g.NDim() != len(shape) {
		return false
	}
	for k, n := range shape {
		if g.Dim(k) != n {
			return false
		}
	}
	return true
}

// zeros is a zero gradient for input i.
func zerosFor(c *call, i int) *tensor.Tensor { return tensor.ZerosLike(c.ins[i].Detach()) }
