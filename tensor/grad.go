package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/cpu"
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
	detached []Tensor  // the inputs without their autograd state (DetachedInput)
}

// DetachedInput returns Inputs[i] detached (Detach), or nil where that operand was a Go
// scalar: the node holds it, so that a backward pass's rules read their inputs without
// recording, and without allocating a detached copy at each pass.
func (n *Node) DetachedInput(i int) *Tensor {
	if n.Inputs[i] == nil {
		return nil
	}
	return &n.detached[i]
}

// gradMeta is the autograd state of a tensor; nil for tensors outside any graph.
type gradMeta struct {
	requires bool    // a leaf that collects a gradient, or a result of a recorded op
	grad     *Tensor // the gradient collected by Backward (leaves, or retained results)
	node     *Node   // the op that made this tensor; nil for leaves
	retain   bool    // keep the gradient of a non-leaf (PyTorch's retain_grad)
	// lent: grad was handed out by Grad or given by SetGrad, so someone else may hold
	// it; ZeroGrad frees the memory of a gradient that was not (see AdoptGrad).
	lent bool
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
	keepOwned(t) // a leaf that collects gradients outlives any Scope it was made in
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
// backward passes until ZeroGrad or SetGrad(nil). The caller may keep the gradient as
// long as it likes: once Grad has handed it out, ZeroGrad leaves its memory alone.
func (t *Tensor) Grad() *Tensor {
	if t.must("Grad").ag == nil {
		return nil
	}
	if t.ag.grad != nil {
		t.ag.lent = true
	}
	return t.ag.grad
}

// BorrowGrad is Grad for code that uses the gradient only until it returns and keeps no
// reference to it, view or result that shares its memory (optimizers' Step, gradient
// clipping): it does not count as handing the gradient out, so ZeroGrad can still free
// it for the next backward pass to reuse.
func (t *Tensor) BorrowGrad() *Tensor {
	if t.must("BorrowGrad").ag == nil {
		return nil
	}
	return t.ag.grad
}

// SetGrad replaces t's gradient (nil clears it). The caller keeps g: ZeroGrad will not
// free it.
func (t *Tensor) SetGrad(g *Tensor) { t.setGrad("SetGrad", g, g != nil) }

// AdoptGrad replaces t's gradient with g, a tensor that no one else holds or views (a
// backward pass's own result): until Grad hands it out, ZeroGrad frees its memory at
// once, so that a training loop's gradients reuse the same memory step after step
// instead of waiting for the garbage collector. What autograd's Backward uses.
func (t *Tensor) AdoptGrad(g *Tensor) { t.setGrad("AdoptGrad", g, false) }

func (t *Tensor) setGrad(op string, g *Tensor, lent bool) {
	t.must(op)
	if g != nil && !slices.Equal(g.must(op).shape, t.shape) {
		fail(Shape, op, "gradient of shape %s for a tensor of shape %s", shapeStr(g.shape), shapeStr(t.shape))
	}
	if t.ag == nil {
		if g == nil {
			return
		}
		t.ag = &gradMeta{}
	}
	t.ag.grad, t.ag.lent = g, lent
	keepOwned(g) // attached to t: no Scope frees it (ZeroGrad may)
}

// ZeroGrad clears t's gradient, as PyTorch's zero_grad(set_to_none=True). A gradient
// that Backward made and that was never handed out (by Grad; optimizers read it with
// BorrowGrad) is freed at once: its memory serves the next backward pass.
func (t *Tensor) ZeroGrad() {
	if t.must("ZeroGrad").ag == nil {
		return
	}
	g, lent := t.ag.grad, t.ag.lent
	t.ag.grad, t.ag.lent = nil, false
	if g != nil && !lent && (g.ag == nil || g.ag.node == nil) {
		g.Free()
	}
}

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
	d := t.must("Detach").detached()
	return &d
}

// detached is t's view without autograd state, as a value (Detach's, and the copies a
// Node holds).
func (t *Tensor) detached() Tensor {
	return Tensor{buf: t.buf, dtype: t.dtype, shape: t.shape, strides: t.strides, offset: t.offset, readOnly: t.readOnly}
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
	return recordNode(op, out, false, params, args, ins)
}

// tracked reports whether one of ins requires a gradient.
func tracked(ins ...*Tensor) bool {
	for _, in := range ins {
		if in != nil && in.ag != nil && in.ag.requires {
			return true
		}
	}
	return false
}

func recordNode(op string, out *Tensor, into bool, params any, args []any, ins []*Tensor) *Tensor {
	if !tracked(ins...) || !out.dtype.IsFloat() {
		return out
	}
	var n *Node
	var snaps []Tensor
	var meta *gradMeta
	if len(ins) <= 2 {
		// An op of one or two operands (nearly all): the node, its lists, the input
		// snapshots and the detached result in one allocation.
		r := &nodeRecord{}
		n, snaps = &r.node, r.snaps[:len(ins)]
		n.detached = r.det[:len(ins):len(ins)]
		n.Inputs, n.versions = r.ins[:len(ins):len(ins)], r.vers[:len(ins)+1:len(ins)+1]
		r.out = out.detached()
		n.Out, meta = &r.out, &r.meta
	} else {
		n = &Node{Inputs: make([]*Tensor, len(ins)), versions: make([]uint64, len(ins)+1), Out: out.Detach()}
		snaps = make([]Tensor, len(ins))
		n.detached = make([]Tensor, len(ins))
	}
	n.Op, n.Args, n.Params = op, args, params
	for i, in := range ins {
		if in == nil {
			continue
		}
		// The input as it is now, with its autograd state: a later in-place op that
		// records on the same *Tensor must not rewrite this node's history.
		snaps[i] = *in
		n.Inputs[i] = &snaps[i]
		n.detached[i] = in.detached()
		if into && in.buf == out.buf && !disjoint(out, in) {
			n.versions[i] = overwritten // the op wrote over this input's values
		} else {
			n.versions[i] = bufVersion(in.buf)
		}
	}
	n.versions[len(ins)] = bufVersion(out.buf)
	if meta != nil {
		*meta = gradMeta{requires: true, node: n}
		out.ag = meta
	} else {
		out.ag = &gradMeta{requires: true, node: n}
	}
	return out
}

// nodeRecord is what recording an op of at most two operands allocates, in one piece.
type nodeRecord struct {
	node  Node
	ins   [2]*Tensor
	vers  [3]uint64
	snaps [2]Tensor
	det   [2]Tensor
	out   Tensor
	meta  gradMeta
}

// disjoint reports whether a and b, views of one buffer, certainly touch no common
// element: their spans of buffer positions do not intersect.
func disjoint(a, b *Tensor) bool {
	alo, ahi := span(a)
	blo, bhi := span(b)
	return ahi < blo || bhi < alo
}

// span is the lowest and highest buffer position t reaches (hi < lo when t is empty).
func span(t *Tensor) (lo, hi int) {
	lo, hi = t.offset, t.offset
	for k, n := range t.shape {
		if n == 0 {
			return 0, -1
		}
		if s := t.strides[k] * (n - 1); s > 0 {
			hi += s
		} else {
			lo += s
		}
	}
	return lo, hi
}

// GradKey identifies the autograd variable t is: tensors with the same key (t, and the
// copies of it that nodes hold as inputs) share one gradient. It is nil for tensors
// outside any graph.
func (t *Tensor) GradKey() any {
	if t.must("GradKey").ag == nil {
		return nil
	}
	return t.ag
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
func (n *Node) Release() {
	n.Inputs, n.Args, n.Params, n.Out, n.versions, n.detached = nil, nil, nil, nil, nil, nil
}

// Released reports whether Release has been called.
func (n *Node) Released() bool { return n.versions == nil }

// bufVersion is the write count of a buffer's storage (0 for buffers that keep none).
func bufVersion(b device.Buffer) uint64 {
	if c, ok := b.(*cpu.Buffer); ok {
		return c.Version()
	}
	if v, ok := b.(device.Versioned); ok {
		return v.Version()
	}
	return 0
}

// bumpVersion counts a write to t's storage: every writer (Into and in-place forms,
// SetAt, SetSlice, MaskAssign, Fill, Free, ...) calls it through writable, so that a
// saved tensor written after it was saved is caught at backward time.
func bumpVersion(t *Tensor) {
	if c, ok := t.buf.(*cpu.Buffer); ok {
		c.BumpVersion()
		return
	}
	if v, ok := t.buf.(device.Versioned); ok {
		v.BumpVersion()
	}
}

// MarkWritten tells t's storage that code is about to write into it through a Go slice
// (from Data or FromSlice), as random.Shuffle does, so that autograd's version counter
// sees the write; a read-only view, or a leaf that requires a gradient, is a Value error,
// as for every writer. Writes through slices made without calling it go unseen.
func (t *Tensor) MarkWritten() { writable("MarkWritten", t) }

// checkLeafWrite refuses a write into a leaf that requires a gradient, as PyTorch does:
// its value is what the gradient is taken at. Optimizers write through Detach.
func checkLeafWrite(op string, t *Tensor) {
	if t.ag != nil && t.ag.requires && t.ag.node == nil {
		fail(Value, op, "a leaf tensor that requires grad cannot be written in place; write through Detach() (as optimizers do)")
	}
}
