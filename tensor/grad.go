package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// The recording hook of reverse-mode differentiation (the autograd package holds the
// rules and the walk). An op records a Node on its result only when one of its tensor
// inputs requires a gradient: whether an op records depends on its inputs alone, so there
// is no process-wide switch and goroutines never interfere. Tensors that never required a
// gradient pay one nil check per input.

// Node is the record of one op in a graph: what autograd needs to differentiate it.
type Node struct {
	Op       string    // the op's name, the key of autograd's rule table ("Add", "Sum", ...)
	Inputs   []*Tensor // the tensor operands in order; nil where an operand was a Go scalar
	Args     []any     // the operands as given (tensors or Go numbers), for rules on scalars
	Params   any       // the op's parameters the rule needs (axes, keepdims, ddof, ...)
	Out      *Tensor   // the result, detached (for rules that use it: Exp, Sqrt, Max, ...)
	versions []uint64  // the versions of the inputs' and the result's storage when recorded
}

// gradMeta is the autograd state of a tensor; nil for tensors outside any graph.
type gradMeta struct {
	requires bool    // a leaf that collects a gradient, or a result of a recorded op
	grad     *Tensor // the gradient collected by Backward (leaves, or retained results)
	node     *Node   // the op that made this tensor; nil for leaves
	retain   bool    // keep the gradient of a non-leaf (PyTorch's retain_grad)
}

// RequiresGrad marks t as a leaf that collects a gradient in Grad when Backward runs
// through it, and returns t. Only float tensors can: an integer or bool tensor is a Value
// error. A tensor made by a recorded op already requires a gradient.
func (t *Tensor) RequiresGrad() *Tensor {
	t.must("RequiresGrad")
	if !t.dtype.IsFloat() {
		fail(Value, "RequiresGrad", "only float tensors can require gradients, not %v", t.dtype)
	}
	if t.ag == nil {
		t.ag = &gradMeta{}
	}
	t.ag.requires = true
	return t
}

// TracksGrad reports whether t requires a gradient: a leaf marked with RequiresGrad or
// the result of an op recorded on such tensors.
func (t *Tensor) TracksGrad() bool { return t.must("TracksGrad").ag != nil && t.ag.requires }

// IsLeaf reports whether t was not made by a recorded op (PyTorch's is_leaf).
func (t *Tensor) IsLeaf() bool { return t.must("IsLeaf").ag == nil || t.ag.node == nil }

// GradNode is the record of the op that made t, or nil for leaves and untracked tensors.
func (t *Tensor) GradNode() *Node {
	if t.must("GradNode").ag == nil {
		return nil
	}
	return t.ag.node
}

// Grad is the gradient Backward collected for t, or nil. Gradients accumulate across
// backward passes until ZeroGrad or SetGrad(nil).
func (t *Tensor) Grad() *Tensor {
	if t.must("Grad").ag == nil {
		return nil
	}
	return t.ag.grad
}

// SetGrad replaces t's gradient (nil clears it); autograd and optimizers use it.
func (t *Tensor) SetGrad(g *Tensor) {
	t.must("SetGrad")
	if g != nil && !slices.Equal(g.must("SetGrad").shape, t.shape) {
		fail(Shape, "SetGrad", "gradient of shape %s for a tensor of shape %s", shapeStr(g.shape), shapeStr(t.shape))
	}
	if t.ag == nil {
		if g == nil {
			return
		}
		t.ag = &gradMeta{}
	}
	t.ag.grad = g
}

// ZeroGrad clears t's gradient, as PyTorch's zero_grad(set_to_none=True).
func (t *Tensor) ZeroGrad() { t.SetGrad(nil) }

// RetainGrad makes Backward keep the gradient of t, a non-leaf, in Grad (PyTorch's
// retain_grad); on a leaf it does nothing.
func (t *Tensor) RetainGrad() *Tensor {
	if t.must("RetainGrad").ag != nil && t.ag.node != nil {
		t.ag.retain = true
	}
	return t
}

// RetainsGrad reports whether RetainGrad was called on t.
func (t *Tensor) RetainsGrad() bool { return t.must("RetainsGrad").ag != nil && t.ag.retain }

// Detach returns a view of t's storage that records nothing and requires no gradient
// (PyTorch's detach): evaluating through it builds no graph, and writing through it is
// how optimizers update parameters. Writes through it still count as writes to t.
func (t *Tensor) Detach() *Tensor {
	t.must("Detach")
	return &Tensor{buf: t.buf, dtype: t.dtype, shape: t.shape, strides: t.strides, offset: t.offset, readOnly: t.readOnly}
}

// Record attaches a Node for op to out when one of ins requires a gradient and out is a
// float tensor, and returns out. Ops of this package record themselves; a user-defined
// op (see autograd.Function) records through it. ins are the tensor operands (nil for
// scalars), args the operands as given.
func Record(op string, out *Tensor, params any, args []any, ins ...*Tensor) *Tensor {
	return record(op, out, params, args, ins...)
}

// record is Record for the package's own ops: it costs one nil check per input when
// nothing requires a gradient.
func record(op string, out *Tensor, params any, args []any, ins ...*Tensor) *Tensor {
	tracked := false
	for _, in := range ins {
		if in != nil && in.ag != nil && in.ag.requires {
			tracked = true
			break
		}
	}
	if !tracked || !out.dtype.IsFloat() {
		return out
	}
	n := &Node{Op: op, Inputs: ins, Args: args, Params: params, Out: out.Detach()}
	n.versions = make([]uint64, len(ins)+1)
	for i, in := range ins {
		switch {
		case in == nil:
		case in == out || in.buf == out.buf && overlaps(out, in):
			// An in-place op (AddInto(t, t, 1)): the input is t as it was, with its own
			// history; its values are gone, so a rule that needs them reports it.
			old := *in
			ins[i] = &old
			n.versions[i] = overwritten
		default:
			n.versions[i] = bufVersion(in.buf)
		}
	}
	n.versions[len(ins)] = bufVersion(out.buf)
	out.ag = &gradMeta{requires: true, node: n}
	return out
}

// overwritten marks an input an in-place op wrote over: Changed always reports it.
const overwritten = ^uint64(0)

// Changed reports whether input i (i == len(Inputs) for the result) was written after
// the node was recorded, or was overwritten by the op itself. A rule that needs that
// tensor's values would compute with changed ones, so autograd refuses it.
func (n *Node) Changed(i int) bool {
	t := n.Out
	if i < len(n.Inputs) {
		t = n.Inputs[i]
	}
	return t != nil && (n.versions[i] == overwritten || bufVersion(t.buf) != n.versions[i])
}

// Release drops the node's references to its inputs, parameters and result, so the graph
// behind it can be collected (what backward does unless the graph is retained).
func (n *Node) Release() { n.Inputs, n.Args, n.Params, n.Out, n.versions = nil, nil, nil, nil, nil }

// Released reports whether Release has been called.
func (n *Node) Released() bool { return n.versions == nil }

// bufVersion is the write count of a buffer's storage (0 for buffers that keep none).
func bufVersion(b device.Buffer) uint64 {
	if v, ok := b.(device.Versioned); ok {
		return v.Version()
	}
	return 0
}

// bumpVersion counts a write to t's storage: every writer (Into and in-place forms,
// SetAt, SetSlice, MaskAssign, Fill, Free, ...) calls it through writable, so that a
// saved tensor written after it was saved is caught at backward time.
func bumpVersion(t *Tensor) {
	if v, ok := t.buf.(device.Versioned); ok {
		v.BumpVersion()
	}
}

// checkLeafWrite refuses a write into a leaf that requires a gradient, as PyTorch does:
// its value is what the gradient is taken at. Optimizers write through Detach.
func checkLeafWrite(op string, t *Tensor) {
	if t.ag != nil && t.ag.requires && t.ag.node == nil {
		fail(Value, op, "a leaf tensor that requires grad cannot be written in place; write through Detach() (as optimizers do)")
	}
}
