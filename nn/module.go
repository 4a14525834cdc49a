package nn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// Module is a layer or a model: a Forward computation over registered parameters,
// buffers and child modules, as PyTorch's nn.Module. Every type that embeds Base and
// has a Forward method is a Module; Base provides the rest (parameters by name,
// train/eval mode, state dicts, moving to a device or dtype).
type Module interface {
	// Forward computes the module's output for x.
	Forward(x *tensor.Tensor) *tensor.Tensor
	// Parameters lists the parameters of the module and its children, in
	// NamedParameters' order.
	Parameters() []*tensor.Tensor
	// NamedParameters lists the parameters with their state_dict names ("0.weight"),
	// the module's own first (in registration order), then each child's, depth first.
	NamedParameters() []Named
	// Buffers lists the buffers in NamedBuffers' order.
	Buffers() []*tensor.Tensor
	// NamedBuffers lists the buffers (BatchNorm's running statistics) the same way.
	NamedBuffers() []Named
	// StateDict lists parameters and buffers in PyTorch's state_dict order: each
	// module's parameters, then its buffers, then its children's entries.
	StateDict() []Named
	// LoadStateDict copies the entries of sd into the parameters and buffers; names,
	// shapes and dtypes must match exactly (see LoadStateDict).
	LoadStateDict(sd map[string]*tensor.Tensor) error
	// Train sets training mode (on) or evaluation mode (off) for the module and its
	// children; Eval is Train(false).
	Train(on bool)
	// Eval sets evaluation mode.
	Eval()
	// Training reports whether the module is in training mode (the default).
	Training() bool
	// To moves the parameters and buffers to a device.
	To(dev device.Device)
	// AsType converts the float parameters and buffers to a float dtype.
	AsType(dt tensor.DType)

	base() *Base
}

// Named is a tensor with its state_dict name.
type Named struct {
	Name   string
	Tensor *tensor.Tensor
}

// Base is embedded in every module: it registers parameters, buffers and children by
// name and implements Module's methods except Forward. Its zero value is a module in
// training mode with nothing registered.
//
// Parameters and buffers are registered as pointers to the fields that hold them, so
// LoadStateDict, To, AsType and NoGrad can replace or reach what Forward reads.
type Base struct {
	params   []slot
	buffers  []slot
	children []child
	eval     bool
}

type slot struct {
	name string
	p    **tensor.Tensor
}

type child struct {
	name string
	m    Module
}

func (b *Base) base() *Base { return b }

// RegisterParameter registers *p as the parameter name: a float tensor that collects a
// gradient (it is marked RequiresGrad). A nil *p (Linear without bias) is skipped by
// every listing, as PyTorch's None parameters are.
func (b *Base) RegisterParameter(name string, p **tensor.Tensor) {
	b.checkName("RegisterParameter", name)
	if *p != nil && !(*p).TracksGrad() {
		(*p).RequiresGrad()
	}
	tensor.Keep(*p) // a module's state outlives any tensor.Scope it was made in
	b.params = append(b.params, slot{name, p})
}

// RegisterBuffer registers *p as the buffer name: state saved with the parameters but
// not trained (BatchNorm's running statistics). A nil *p is skipped.
func (b *Base) RegisterBuffer(name string, p **tensor.Tensor) {
	b.checkName("RegisterBuffer", name)
	tensor.Keep(*p)
	b.buffers = append(b.buffers, slot{name, p})
}

// RegisterModule registers m as the child name; its entries are named "name.<entry>".
func (b *Base) RegisterModule(name string, m Module) {
	b.checkName("RegisterModule", name)
	if m == nil {
		fail(tensor.Value, "nn.RegisterModule", "module %q is nil", name)
	}
	b.children = append(b.children, child{name, m})
}

func (b *Base) checkName(op, name string) {
	if name == "" || strings.Contains(name, ".") {
		fail(tensor.Value, "nn."+op, "name %q must be non-empty and contain no dot", name)
	}
	for _, s := range b.params {
		if s.name == name {
			fail(tensor.Value, "nn."+op, "name %q is already a parameter", name)
		}
	}
	for _, s := range b.buffers {
		if s.name == name {
			fail(tensor.Value, "nn."+op, "name %q is already a buffer", name)
		}
	}
	for _, c := range b.children {
		if c.name == name {
			fail(tensor.Value, "nn."+op, "name %q is already a child module", name)
		}
	}
}

// Children lists the direct children with their names.
func (b *Base) Children() []NamedModule {
	out := make([]NamedModule, len(b.children))
	for i, c := range b.children {
		out[i] = NamedModule{c.name, c.m}
	}
	return out
}

// NamedModule is a child module with its name.
type NamedModule struct {
	Name   string
	Module Module
}

// walk calls f for b and every descendant with its name prefix ("" or "0.").
func (b *Base) walk(prefix string, f func(prefix string, b *Base)) {
	f(prefix, b)
	for _, c := range b.children {
		c.m.base().walk(prefix+c.name+".", f)
	}
}

func (b *Base) slots(buffers bool) []namedSlot {
	var out []namedSlot
	b.walk("", func(prefix string, m *Base) {
		list := m.params
		if buffers {
			list = m.buffers
		}
		for _, s := range list {
			if *s.p != nil {
				out = append(out, namedSlot{prefix + s.name, s.p})
			}
		}
	})
	return out
}

type namedSlot struct {
	name string
	p    **tensor.Tensor
}

func named(ss []namedSlot) []Named {
	out := make([]Named, len(ss))
	for i, s := range ss {
		out[i] = Named{s.name, *s.p}
	}
	return out
}

// NamedParameters lists the parameters with their state_dict names.
func (b *Base) NamedParameters() []Named { return named(b.slots(false)) }

// Parameters lists the parameters in NamedParameters' order (what an optimizer takes).
func (b *Base) Parameters() []*tensor.Tensor {
	var out []*tensor.Tensor
	for _, n := range b.NamedParameters() {
		out = append(out, n.Tensor)
	}
	return out
}

// NamedBuffers lists the buffers with their state_dict names.
func (b *Base) NamedBuffers() []Named { return named(b.slots(true)) }

// Buffers lists the buffers in NamedBuffers' order.
func (b *Base) Buffers() []*tensor.Tensor {
	var out []*tensor.Tensor
	for _, n := range b.NamedBuffers() {
		out = append(out, n.Tensor)
	}
	return out
}

// stateSlots lists parameters and buffers in state_dict order.
func (b *Base) stateSlots() []namedSlot {
	var out []namedSlot
	b.walk("", func(prefix string, m *Base) {
		for _, list := range [][]slot{m.params, m.buffers} {
			for _, s := range list {
				if *s.p != nil {
					out = append(out, namedSlot{prefix + s.name, s.p})
				}
			}
		}
	})
	return out
}

// StateDict lists parameters and buffers in PyTorch's state_dict order. The tensors
// are the module's own (detached views of the parameters): writing into them writes
// into the module.
func (b *Base) StateDict() []Named {
	ss := b.stateSlots()
	out := make([]Named, len(ss))
	for i, s := range ss {
		out[i] = Named{s.name, (*s.p).Detach()}
	}
	return out
}

// LoadStateDict copies the tensors of sd into the module's parameters and buffers
// (moving them to each parameter's device). It is an error, naming every offending
// entry, when sd lacks an entry of the module, has one the module lacks, or has an
// entry whose shape or dtype differs from the module's; nothing is copied then.
func (b *Base) LoadStateDict(sd map[string]*tensor.Tensor) error {
	ss := b.stateSlots()
	var missing, unexpected, wrong []string
	have := map[string]bool{}
	for _, s := range ss {
		have[s.name] = true
		v, ok := sd[s.name]
		if !ok || v == nil {
			missing = append(missing, s.name)
			continue
		}
		p := *s.p
		if !slices.Equal(v.Shape(), p.Shape()) {
			wrong = append(wrong, fmt.Sprintf("%s: shape %s in the checkpoint, %s in the model",
				s.name, tensor.ShapeString(v.Shape()), tensor.ShapeString(p.Shape())))
		} else if v.DType() != p.DType() {
			wrong = append(wrong, fmt.Sprintf("%s: dtype %v in the checkpoint, %v in the model", s.name, v.DType(), p.DType()))
		}
	}
	for name := range sd {
		if !have[name] {
			unexpected = append(unexpected, name)
		}
	}
	slices.Sort(unexpected)
	if len(missing)+len(unexpected)+len(wrong) > 0 {
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, "missing keys "+strings.Join(missing, ", "))
		}
		if len(unexpected) > 0 {
			parts = append(parts, "unexpected keys "+strings.Join(unexpected, ", "))
		}
		parts = append(parts, wrong...)
		return fmt.Errorf("nn.LoadStateDict: the state dict does not match the model: %s", strings.Join(parts, "; "))
	}
	return tensor.Try(func() {
		for _, s := range ss {
			p := *s.p
			tensor.SetSlice(p.Detach(), sd[s.name].Detach().To(p.Device()))
		}
	})
}

// Train sets training mode (on) or evaluation mode for b and its children.
func (b *Base) Train(on bool) {
	b.walk("", func(_ string, m *Base) { m.eval = !on })
}

// Eval sets evaluation mode for b and its children (Train(false)).
func (b *Base) Eval() { b.Train(false) }

// Training reports whether b is in training mode.
func (b *Base) Training() bool { return !b.eval }

// To moves every parameter and buffer to dev (a no-op for those already there); the
// moved parameters are new leaves that require gradients, so an optimizer must be
// made after To, as in PyTorch.
func (b *Base) To(dev device.Device) {
	b.convert(func(t *tensor.Tensor) *tensor.Tensor { return t.To(dev) })
}

// AsType converts every float parameter and buffer to the float dtype dt
// (PyTorch's module.double() or .float()); integer buffers keep their dtype.
func (b *Base) AsType(dt tensor.DType) {
	if !dt.IsFloat() {
		fail(tensor.Value, "nn.AsType", "modules hold float parameters, not %v", dt)
	}
	b.convert(func(t *tensor.Tensor) *tensor.Tensor {
		if !t.DType().IsFloat() || t.DType() == dt {
			return t
		}
		return t.AsType(dt)
	})
}

func (b *Base) convert(f func(*tensor.Tensor) *tensor.Tensor) {
	for _, s := range b.slots(false) {
		old := *s.p
		t := f(old.Detach())
		if t.Buffer() == old.Buffer() && t.DType() == old.DType() {
			continue
		}
		*s.p = t.RequiresGrad()
	}
	for _, s := range b.slots(true) {
		*s.p = tensor.Keep(f(*s.p))
	}
}

// NoGrad runs f with the parameters of m replaced by detached views of themselves, so
// that Forward inside f records no graph and computes the same values (PyTorch's
// torch.no_grad for one model). The parameters are restored when f returns or panics.
// Use it for evaluation; do not run a training Forward of m on another goroutine
// meanwhile, since the parameter fields are swapped.
func NoGrad(m Module, f func()) {
	ss := m.base().slots(false)
	saved := make([]*tensor.Tensor, len(ss))
	for i, s := range ss {
		saved[i] = *s.p
		*s.p = saved[i].Detach()
	}
	defer func() {
		for i, s := range ss {
			*s.p = saved[i]
		}
	}()
	f()
}

// Infer is m.Forward(x) in NoGrad, with x detached: the evaluation path, which records
// no gradient. It does not change the mode; call m.Eval() first for Dropout and
// BatchNorm's evaluation behaviour.
func Infer(m Module, x *tensor.Tensor) *tensor.Tensor {
	var y *tensor.Tensor
	NoGrad(m, func() { y = m.Forward(x.Detach()) })
	return y
}
