package autograd

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Options control a backward pass.
type Options struct {
	// Seeds are the gradients of the outputs (PyTorch's grad_outputs), one per output,
	// each of its output's shape and dtype; nil entries, or none at all, stand for ones,
	// which only an output of one element may omit.
	Seeds []*tensor.Tensor
	// RetainGraph keeps the graph after the pass, so that another pass can run through
	// it; by default the pass releases every node it ran.
	RetainGraph bool
	// CreateGraph records the pass itself, so that the gradients it produces can be
	// differentiated again (Hessian-vector products, gradient penalties). It implies
	// RetainGraph.
	CreateGraph bool
}

// Backward computes the gradient of out with respect to every leaf that requires one
// (tensor.RequiresGrad) and adds it to the leaf's Grad, and to the Grad of non-leaves
// marked with RetainGrad. An out of one element needs no seed (its gradient is 1); any
// other out needs one seed of its shape and dtype. The graph is released afterwards:
// use BackwardWith and RetainGraph to run through it again.
func Backward(out *tensor.Tensor, seed ...*tensor.Tensor) {
	if len(seed) > 1 {
		failOp(tensor.Value, "autograd.Backward", "takes at most one seed, got %d", len(seed))
	}
	BackwardWith(out, Options{Seeds: seed})
}

// BackwardWith is Backward with options.
func BackwardWith(out *tensor.Tensor, opts Options) {
	if out == nil {
		failOp(tensor.Value, "autograd.Backward", "nil output tensor")
	}
	p := getPass()
	p.one[0] = out
	p.start("autograd.Backward", p.one[:], opts)
	p.run(nil)
	for _, k := range p.order {
		t := p.rep[k]
		switch g := p.grads[k]; {
		case g == nil:
		case k.n == nil:
			p.accumulate(t, g)
		case t.RetainsGrad():
			p.accumulate(t, g)
		}
	}
	p.release()
}

// Grad returns the gradients of outputs (summed, each weighted by its seed) with respect
// to inputs, as torch.autograd.grad: no tensor's Grad changes. An input the outputs do
// not depend on gets nil. With CreateGraph the gradients are recorded, so that they can
// be differentiated again.
func Grad(outputs, inputs []*tensor.Tensor, opts ...Options) []*tensor.Tensor {
	const op = "autograd.Grad"
	var o Options
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		failOp(tensor.Value, op, "takes at most one Options, got %d", len(opts))
	}
	if len(outputs) == 0 {
		failOp(tensor.Value, op, "no outputs given")
	}
	for i, t := range inputs {
		if t == nil {
			failOp(tensor.Value, op, "input %d is nil", i)
		}
		if !t.TracksGrad() {
			failOp(tensor.Value, op, "input %d (%v of shape %s) does not require a gradient: call RequiresGrad on it before computing the outputs",
				i, t.DType(), tensor.ShapeString(t.Shape()))
		}
	}
	p := getPass()
	p.start(op, outputs, o)
	want := map[key]bool{}
	keys := make([][]key, len(inputs))
	for i, t := range inputs {
		keys[i] = []key{keyOf(t)}
		want[keyOf(t)] = true
	}
	p.run(want)
	res := make([]*tensor.Tensor, len(inputs))
	for i := range inputs {
		var g *tensor.Tensor
		for _, k := range keys[i] {
			switch gk := p.grads[k]; {
			case gk == nil:
			case g == nil:
				g = gk
			default:
				g = tensor.Add(g, gk)
			}
		}
		if g != nil {
			res[i] = p.handOut(g)
		}
	}
	p.release()
	return res
}

// key identifies a tensor of the graph: its node for results of recorded ops, its
// GradKey for leaves (the copies of a leaf that nodes hold as inputs share it).
type key struct {
	n  *tensor.Node
	id any
}

func keyOf(t *tensor.Tensor) key {
	if n := t.GradNode(); n != nil {
		return key{n: n}
	}
	return key{id: t.GradKey()}
}

// pass is the state of one backward pass. Ended passes go back to a pool with their
// maps and slices emptied, so that a training loop's passes reuse them.
type pass struct {
	op      string
	opts    Options
	order   []key                  // post-order: every node after its inputs
	rep     map[key]*tensor.Tensor // a tensor for each key (the tracked result)
	grads   map[key]*tensor.Tensor // the gradient summed so far
	keep    map[key]bool           // gradients handed out at the end: never freed
	refs    map[device.Buffer]int  // pending gradients per storage
	protect map[device.Buffer]bool // storage the user can reach: never freed
	handed  map[device.Buffer]bool // storage given to the user by this pass
	ran     []*tensor.Node         // nodes whose rule ran, released at the end
	c       call                   // the rule call step makes, reused
	seen    map[key]bool           // walk's visited keys
	needed  map[key]bool           // run's nodes on a path to a wanted gradient
	stack   []frame                // walk's depth-first stack
	one     [1]*tensor.Tensor      // Backward's output list
}

// frame is a node on walk's stack and the index of the next input to visit.
type frame struct {
	k    key
	next int
}

var passPool sync.Pool

// getPass returns an empty pass, from the pool when it has one.
func getPass() *pass {
	if p, ok := passPool.Get().(*pass); ok {
		return p
	}
	return &pass{rep: map[key]*tensor.Tensor{}, grads: map[key]*tensor.Tensor{}, keep: map[key]bool{},
		refs: map[device.Buffer]int{}, protect: map[device.Buffer]bool{}, handed: map[device.Buffer]bool{},
		seen: map[key]bool{}, needed: map[key]bool{}}
}

// put empties p and returns it to the pool. A pass over a very large graph is let go
// rather than kept with its maps' memory.
func (p *pass) put() {
	if len(p.order) > 1<<12 {
		return
	}
	clear(p.rep)
	clear(p.grads)
	clear(p.keep)
	clear(p.refs)
	clear(p.protect)
	clear(p.handed)
	clear(p.seen)
	clear(p.needed)
	clear(p.order)
	clear(p.ran)
	clear(p.c.ins)
	clear(p.stack)
	p.order, p.ran, p.stack = p.order[:0], p.ran[:0], p.stack[:0]
	p.c = call{ins: p.c.ins, needs: p.c.needs}
	p.op, p.opts, p.one = "", Options{}, [1]*tensor.Tensor{}
	passPool.Put(p)
}

// start checks the outputs of an empty pass, orders their graph and seeds their gradients.
func (p *pass) start(op string, outs []*tensor.Tensor, opts Options) {
	if opts.CreateGraph {
		opts.RetainGraph = true
	}
	if len(opts.Seeds) > len(outs) {
		failOp(tensor.Value, op, "%d seeds for %d outputs", len(opts.Seeds), len(outs))
	}
	p.op, p.opts = op, opts
	for i, out := range outs {
		if out == nil {
			failOp(tensor.Value, op, "output %d is nil", i)
		}
		if !out.TracksGrad() {
			failOp(tensor.Value, op, "output %d (%v of shape %s) does not require a gradient: no input of the ops that made it called RequiresGrad",
				i, out.DType(), tensor.ShapeString(out.Shape()))
		}
	}
	p.walk(outs)
	for i, out := range outs {
		var s *tensor.Tensor
		if i < len(opts.Seeds) {
			s = opts.Seeds[i]
		}
		p.add(keyOf(out), p.seed(out, s))
	}
}

// seed checks the seed of out, or makes the default one.
func (p *pass) seed(out, s *tensor.Tensor) *tensor.Tensor {
	if s == nil {
		if out.Size() != 1 {
			failOp(tensor.Value, p.op, "the output has shape %s: a seed (the output's gradient) is needed for an output that is not a single element",
				tensor.ShapeString(out.Shape()))
		}
		s = tensor.OnesLike(out.Detach())
		p.refs[s.Buffer()]++
		return s
	}
	if !slices.Equal(s.Shape(), out.Shape()) {
		failOp(tensor.Shape, p.op, "seed of shape %s for an output of shape %s", tensor.ShapeString(s.Shape()), tensor.ShapeString(out.Shape()))
	}
	if s.DType() != out.DType() {
		failOp(tensor.Value, p.op, "seed of dtype %v for an output of dtype %v", s.DType(), out.DType())
	}
	if s.Device() != out.Device() {
		failOp(tensor.Value, p.op, "seed on %v for an output on %v", s.Device(), out.Device())
	}
	p.protect[s.Buffer()] = true
	if !p.opts.CreateGraph {
		s = s.Detach()
	}
	p.refs[s.Buffer()]++
	return s
}

// walk orders the graph behind outs, every node after its inputs, with an iterative
// depth-first search, and refuses nodes released by an earlier pass.
func (p *pass) walk(outs []*tensor.Tensor) {
	for _, out := range outs {
		p.visit(out)
		for len(p.stack) > 0 {
			f := &p.stack[len(p.stack)-1]
			if f.k.n == nil || f.next == len(f.k.n.Inputs) {
				p.order = append(p.order, f.k)
				p.stack = p.stack[:len(p.stack)-1]
				continue
			}
			in := f.k.n.Inputs[f.next]
			f.next++
			if in != nil {
				p.protect[in.Buffer()] = true
				if in.TracksGrad() {
					p.visit(in)
				}
			}
		}
	}
}

// visit puts t's key on walk's stack, unless it was seen.
func (p *pass) visit(t *tensor.Tensor) {
	k := keyOf(t)
	if p.seen[k] {
		return
	}
	p.seen[k] = true
	p.rep[k] = t
	if k.n != nil {
		if k.n.Released() {
			failOp(tensor.Value, p.op, "the graph through %s was released by an earlier backward pass: pass Options{RetainGraph: true} to the first pass to run through it twice", k.n.Op)
		}
		p.protect[k.n.Out.Buffer()] = true
	} else {
		p.protect[t.Buffer()] = true
	}
	p.stack = append(p.stack, frame{k: k})
}

// run runs the rules from the outputs down. want, when not nil, limits the pass to the
// nodes on a path to one of its keys (Grad), whose gradients are kept.
func (p *pass) run(want map[key]bool) {
	needed := p.needed
	for _, k := range p.order {
		if want == nil {
			needed[k] = true
			if k.n == nil || p.rep[k].RetainsGrad() {
				p.keep[k] = true
			}
			continue
		}
		if want[k] {
			needed[k], p.keep[k] = true, true
		}
		if k.n != nil {
			for _, in := range k.n.Inputs {
				if in != nil && in.TracksGrad() && needed[keyOf(in)] {
					needed[k] = true
				}
			}
		}
	}
	for i := len(p.order) - 1; i >= 0; i-- {
		k := p.order[i]
		g := p.grads[k]
		if k.n == nil || g == nil || !needed[k] {
			continue
		}
		p.step(k, g)
		if !p.keep[k] {
			delete(p.grads, k)
			p.drop(g)
		}
	}
}

// step runs the rule of node k with its summed gradient g and passes the results on.
func (p *pass) step(k key, g *tensor.Tensor) {
	n := k.n
	// One call, its slices reused node after node: no rule keeps it past its return.
	c := &p.c
	ni := len(n.Inputs)
	if cap(c.ins) < ni {
		c.ins, c.needs = make([]*tensor.Tensor, ni), make([]bool, ni)
	}
	ins, needs := c.ins[:ni], c.needs[:ni]
	clear(ins)
	clear(needs)
	*c = call{n: n, out: n.Out, ins: ins, needs: needs, create: p.opts.CreateGraph}
	any := false
	for i, in := range n.Inputs {
		if in == nil {
			continue
		}
		c.needs[i] = in.TracksGrad()
		any = any || c.needs[i]
		if c.create {
			c.ins[i] = in
		} else {
			c.ins[i] = n.DetachedInput(i)
		}
	}
	if c.create {
		c.out = p.rep[k]
	}
	if !any {
		return
	}
	var res []*tensor.Tensor
	if f, ok := n.Params.(*fnCall); ok {
		res = f.backward(c, g)
	} else if r := rules[n.Op]; r != nil {
		res = r(c, g)
	} else {
		fail(tensor.Value, "no gradient rule for %s", n.Op)
	}
	if len(res) != len(n.Inputs) {
		fail(tensor.Value, "the gradient rule of %s returned %d gradients for %d inputs", n.Op, len(res), len(n.Inputs))
	}
	for i, gi := range res {
		if gi == nil || !c.needs[i] {
			continue
		}
		gi = fit(n.Op, gi, n.Inputs[i])
		p.refs[gi.Buffer()]++
		p.add(keyOf(n.Inputs[i]), gi)
	}
	p.ran = append(p.ran, n)
}

// fit brings a rule's gradient to its input's shape, dtype and device.
func fit(op string, g, in *tensor.Tensor) *tensor.Tensor {
	if !g.SameShape(in) {
		g = sumTo(g, in.Shape())
	}
	if !g.SameShape(in) {
		fail(tensor.Shape, "the gradient rule of %s gave shape %s for an input of shape %s", op,
			tensor.ShapeString(g.Shape()), tensor.ShapeString(in.Shape()))
	}
	if g.DType() != in.DType() {
		g = g.AsType(in.DType())
	}
	if g.Device() != in.Device() {
		g = g.To(in.Device())
	}
	return g
}

// add sums g (already counted in refs) into the gradient of k.
func (p *pass) add(k key, g *tensor.Tensor) {
	old := p.grads[k]
	if old == nil {
		p.grads[k] = g
		return
	}
	s := tensor.Add(old, g)
	p.refs[s.Buffer()]++
	p.grads[k] = s
	p.drop(old)
	p.drop(g)
}

// drop ends one pending use of g's storage and frees it when it was the last and the
// storage is autograd's own (never with CreateGraph, where gradients are graph nodes).
func (p *pass) drop(g *tensor.Tensor) {
	b := g.Buffer()
	p.refs[b]--
	if p.refs[b] > 0 || p.protect[b] || p.handed[b] || p.opts.CreateGraph {
		return
	}
	delete(p.refs, b)
	g.Free()
	freed.Add(1)
}

// freed counts the gradient temporaries passes gave back (for tests).
var freed atomic.Int64

// handOut returns g as a gradient the user owns: g itself when its storage is
// autograd's, contiguous, writable and given to no one else, else a copy.
func (p *pass) handOut(g *tensor.Tensor) *tensor.Tensor {
	b := g.Buffer()
	if p.handed[b] || p.protect[b] || p.refs[b] > 1 || g.ReadOnly() || !g.IsContiguous() || g.Offset() != 0 {
		g = g.Copy()
		b = g.Buffer()
	}
	p.handed[b] = true
	return g
}

// accumulate adds g to t's Grad.
func (p *pass) accumulate(t, g *tensor.Tensor) {
	old := t.BorrowGrad()
	if old == nil {
		t.AdoptGrad(p.handOut(g))
		return
	}
	s := tensor.Add(old, g)
	p.handed[s.Buffer()] = true
	t.ZeroGrad() // frees old unless Grad handed it out
	t.AdoptGrad(s)
}

// release drops the nodes that ran, unless the graph is retained, and ends the pass.
func (p *pass) release() {
	if !p.opts.RetainGraph {
		for _, n := range p.ran {
			n.Release()
		}
	}
	p.put()
}
