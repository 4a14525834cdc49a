package autograd

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Function is an op with its own forward and backward (PyTorch's autograd.Function),
// run with Apply. Forward computes the result from its inputs, which it receives
// detached (so nothing it does is recorded), and saves what Backward needs in ctx.
// Backward returns one gradient per input (nil for none), each of its input's shape or
// broadcastable to it.
type Function interface {
	Forward(ctx *Context, in ...*tensor.Tensor) *tensor.Tensor
	Backward(ctx *Context, gradOut *tensor.Tensor) []*tensor.Tensor
}

// Context carries what a Function's Forward leaves for its Backward.
type Context struct {
	// Data holds anything else Backward needs (shapes, constants).
	Data any

	saved    []*tensor.Tensor
	versions []uint64
	inputOf  []int // the input each saved tensor is (-1 for none)
	inputs   []*tensor.Tensor
	detached []*tensor.Tensor
	needs    []bool
	create   bool
	op       string
}

// SaveForBackward keeps tensors for Backward. Writing into one of them before
// Backward runs makes Backward fail instead of computing with changed values.
func (ctx *Context) SaveForBackward(ts ...*tensor.Tensor) {
	for _, t := range ts {
		in := -1
		for i, d := range ctx.detached {
			if d != nil && t == d {
				in = i
			}
		}
		ctx.saved = append(ctx.saved, t)
		ctx.inputOf = append(ctx.inputOf, in)
		ctx.versions = append(ctx.versions, version(t))
	}
}

// Saved returns the tensors SaveForBackward kept, in order. When Backward runs with
// CreateGraph, a saved input is the input itself, so that a Backward written with
// tensor ops is differentiable again.
func (ctx *Context) Saved() []*tensor.Tensor {
	out := make([]*tensor.Tensor, len(ctx.saved))
	for i, t := range ctx.saved {
		if t != nil && version(t) != ctx.versions[i] {
			changed(ctx.op)
		}
		out[i] = t
		if ctx.create && ctx.inputOf[i] >= 0 {
			out[i] = ctx.inputs[ctx.inputOf[i]]
		}
	}
	return out
}

// NeedsInputGrad reports whether input i requires a gradient.
func (ctx *Context) NeedsInputGrad(i int) bool { return ctx.needs[i] }

func version(t *tensor.Tensor) uint64 {
	if t == nil {
		return 0
	}
	if v, ok := t.Buffer().(device.Versioned); ok {
		return v.Version()
	}
	return 0
}

// fnCall is the parameter a Function's node records.
type fnCall struct {
	fn  Function
	ctx *Context
}

// Apply runs fn on inputs and records it, so that Backward runs fn.Backward. The op's
// name in the graph is "autograd.Function(<type of fn>)". An input may be nil.
func Apply(fn Function, inputs ...*tensor.Tensor) *tensor.Tensor {
	const op = "autograd.Apply"
	if fn == nil {
		failOp(tensor.Value, op, "nil Function")
	}
	name := fmt.Sprintf("autograd.Function(%T)", fn)
	ctx := &Context{op: name, inputs: inputs, detached: make([]*tensor.Tensor, len(inputs)), needs: make([]bool, len(inputs))}
	args := make([]any, len(inputs))
	for i, in := range inputs {
		if in != nil {
			ctx.detached[i] = in.Detach()
			ctx.needs[i] = in.TracksGrad()
		}
		args[i] = in
	}
	out := fn.Forward(ctx, ctx.detached...)
	if out == nil {
		failOp(tensor.Value, op, "%T.Forward returned nil", fn)
	}
	for _, in := range inputs {
		if in != nil && out.SharesMemory(in) {
			out = out.Detach().Copy() // a result that is a view of an input gets its own storage
			break
		}
	}
	if out.TracksGrad() {
		out = out.Detach()
	}
	return tensor.Record(name, out, &fnCall{fn: fn, ctx: ctx}, args, inputs...)
}

func (f *fnCall) backward(c *call, g *tensor.Tensor) []*tensor.Tensor {
	f.ctx.create = c.create
	res := f.fn.Backward(f.ctx, g)
	if len(res) != len(c.ins) {
		fail(tensor.Value, "%s's Backward returned %d gradients for %d inputs", c.n.Op, len(res), len(c.ins))
	}
	return res
}
