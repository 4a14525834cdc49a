package layouttest

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// An Op is one row of the table: a function of input tensors, the input shapes to run it
// on, and how its answers must agree.
type Op struct {
	Family, Name string
	Shapes       [][][]int                            // tuples of input shapes
	DTypes       []tensor.DType                       // case dtypes; nil: all six
	In           func(dt tensor.DType) []tensor.DType // each input's dtype for a case dtype; nil: all dt
	Fill         []Fill                               // per input; nil (or a nil entry): Values
	Tol          Tol
	Deg          int      // Accum scale degree (0 means 1)
	Skip         []string // layouts the op does not run on (with the reason at the op)
	Writes       bool     // Fn writes into input 0 in place: no read-only layout there, and its base outside the view must stay as it was
	Fn           func(in []*tensor.Tensor) []*tensor.Tensor
	// Into, where the op has an Into form, writes the op's answer on in into out; it is run
	// into every writable layout inside guard bands, and into outputs overlapping an input.
	Into func(out *tensor.Tensor, in []*tensor.Tensor)
}

// One wraps a single-result function as an Op's Fn.
func One(f func(in []*tensor.Tensor) *tensor.Tensor) func([]*tensor.Tensor) []*tensor.Tensor {
	return func(in []*tensor.Tensor) []*tensor.Tensor { return []*tensor.Tensor{f(in)} }
}

// AllDTypes is every dtype, Bool first.
var AllDTypes = []tensor.DType{tensor.Bool, tensor.Uint8, tensor.Int32, tensor.Int64, tensor.Float32, tensor.Float64}

// FloatDTypes is the float dtypes.
var FloatDTypes = []tensor.DType{tensor.Float32, tensor.Float64}

// Config says where a run's views live and how much it runs.
type Config struct {
	Dev   device.Device // the device under test; answers are compared with the CPU's on copies
	Large bool          // also run shape tuples over 4096 elements (the parallel paths), on fewer layouts
	Seed  uint64
	// Layouts, if set, restricts the layouts to those named (Contig always runs).
	Layouts []string
	// OneAtATime leaves out the cases where every input of a multi-input op takes the
	// same non-contiguous layout.
	OneAtATime bool
	// Verbose logs each op's time.
	Verbose bool
}

// Stats counts a family's cases.
type Stats struct {
	Checked, Errors, Failed int // answers compared, both sides refused alike, failures
	Time                    time.Duration
}

// Run runs every op of ops on cfg.Dev and reports failures on t; it returns the counts
// per family, which it also logs.
func Run(t *testing.T, ops []Op, cfg Config) map[string]*Stats {
	t.Helper()
	stats := map[string]*Stats{}
	for _, op := range ops {
		st := stats[op.Family]
		if st == nil {
			st = &Stats{}
			stats[op.Family] = st
		}
		r := &runner{t: t, op: op, cfg: cfg, st: st, cross: !cfg.Dev.IsHost()}
		start := time.Now()
		r.run()
		st.Time += time.Since(start)
		if cfg.Verbose {
			t.Logf("%-30s %v", op.Name, time.Since(start))
		}
	}
	fams := make([]string, 0, len(stats))
	total := Stats{}
	for f, s := range stats {
		fams = append(fams, f)
		total.Checked += s.Checked
		total.Errors += s.Errors
		total.Failed += s.Failed
	}
	sort.Strings(fams)
	for _, f := range fams {
		s := stats[f]
		t.Logf("%-12s %6d cases checked, %5d refused alike, %4d failed in %v", f, s.Checked, s.Errors, s.Failed, s.Time.Round(time.Millisecond))
	}
	t.Logf("%-12s %6d cases checked, %5d refused alike, %4d failed (on %s)", "total", total.Checked, total.Errors, total.Failed, cfg.Dev.Name())
	return stats
}

type runner struct {
	t      *testing.T
	op     Op
	cfg    Config
	st     *Stats
	cross  bool
	rng    *rand.Rand
	shown  int
	caseNo int
}

// largeLayouts are the layouts large shapes run on.
var largeLayouts = []string{"contig", "transposed", "flipped"}

func (r *runner) run() {
	h := fnv.New64a()
	h.Write([]byte(r.op.Name))
	r.rng = rand.New(rand.NewPCG(r.cfg.Seed, h.Sum64()))
	dts := r.op.DTypes
	if dts == nil {
		dts = AllDTypes
	}
	for _, shapes := range r.op.Shapes {
		n := 0
		for _, s := range shapes {
			n += prod(s)
		}
		large := n > 4096
		if large && !r.cfg.Large {
			continue
		}
		for _, dt := range dts {
			in := make([]tensor.DType, len(shapes))
			for k := range in {
				in[k] = dt
			}
			if r.op.In != nil {
				in = r.op.In(dt)
			}
			for _, combo := range combos(len(shapes)) {
				if large && slices.ContainsFunc(combo, func(l Layout) bool {
					return l.Name != combo[len(combo)-1].Name || !slices.Contains(largeLayouts, l.Name)
				}) {
					continue
				}
				r.runCase(shapes, in, combo, large)
			}
		}
	}
	if r.shown > 5 {
		r.t.Errorf("%s: %d more failures not shown", r.op.Name, r.shown-5)
	}
}

// combos are the layouts of a case's inputs: all contiguous, then each layout on one
// input with the others contiguous, and on all inputs at once.
func combos(n int) [][]Layout {
	out := [][]Layout{slices.Repeat([]Layout{Contig}, n)}
	for _, l := range Layouts[1:] {
		for k := 0; k < n; k++ {
			c := slices.Repeat([]Layout{Contig}, n)
			c[k] = l
			out = append(out, c)
		}
		if n > 1 {
			out = append(out, slices.Repeat([]Layout{l}, n))
		}
	}
	return out
}

func (r *runner) fail(name, format string, args ...any) {
	r.st.Failed++
	r.shown++
	if r.shown <= 5 {
		r.t.Errorf("%s %s: %s", r.op.Name, name, fmt.Sprintf(format, args...))
	}
}

// operand is one input: its pristine CPU base and view, and its base and view on the
// device under test (separate storage, even on the CPU).
type operand struct {
	layout           Layout
	cpuBase, cpuView *tensor.Tensor
	base, view       *tensor.Tensor
}

func (r *runner) operand(l Layout, dt tensor.DType, shape []int, k int, shapes [][]int) (operand, bool) {
	if l.Base(shape) == nil || l.ReadOnly && r.op.Writes && k == 0 {
		return operand{}, false
	}
	fill := Values(r.caseNo%2 == 0)
	if k < len(r.op.Fill) && r.op.Fill[k] != nil {
		fill = r.op.Fill[k]
	}
	in, _ := makeInput(r.rng, device.CPU(), l, dt, shape, fill, shapes)
	o := operand{layout: l, cpuBase: in.base, cpuView: in.view}
	o.base = in.base.Copy().To(r.cfg.Dev)
	o.view = l.View(o.base, shape)
	return o, true
}

func (r *runner) runCase(shapes [][]int, dts []tensor.DType, combo []Layout, large bool) {
	if slices.ContainsFunc(combo, func(l Layout) bool {
		return slices.Contains(r.op.Skip, l.Name) || r.cfg.Layouts != nil && l.Name != "contig" && !slices.Contains(r.cfg.Layouts, l.Name)
	}) {
		return
	}
	if r.cfg.OneAtATime && len(combo) > 1 && !slices.ContainsFunc(combo, func(l Layout) bool { return l.Name == "contig" }) {
		return
	}
	r.caseNo++
	ops := make([]operand, len(shapes))
	names := make([]string, len(shapes))
	for k := range shapes {
		o, ok := r.operand(combo[k], dts[k], shapes[k], k, shapes)
		if !ok {
			return
		}
		ops[k] = o
		names[k] = fmt.Sprintf("%v%s:%s", dts[k], tensor.ShapeString(shapes[k]), combo[k].Name)
	}
	name := "[" + strings.Join(names, " ") + "]"
	copies := make([]*tensor.Tensor, len(ops))
	views := make([]*tensor.Tensor, len(ops))
	for k, o := range ops {
		copies[k] = o.cpuView.Copy()
		views[k] = o.view
	}
	sc := 0.0
	if r.op.Tol == Accum || r.op.Tol == Assoc {
		sc = scale(copies, max(1, r.op.Deg))
	}
	want := call(func() []*tensor.Tensor { return r.op.Fn(copies) })
	got := call(func() []*tensor.Tensor { return r.op.Fn(views) })
	if !r.agree(name, got, want, sc) {
		return
	}
	for k, o := range ops {
		var skip []bool
		if r.op.Writes && k == 0 {
			skip = positions(o.view, o.base.Size())
		}
		if msg := untouched(o.base.CPU(), o.cpuBase, skip); msg != "" {
			r.fail(name, "input %d: %s", k, msg)
			return
		}
	}
	if r.op.Into != nil && !large && want.err == nil && len(want.res) == 1 {
		r.runInto(name, ops, want.res[0], sc)
	}
}

// agree compares two outcomes and counts the case; false if there is nothing more to do.
func (r *runner) agree(name string, got, want outcome, sc float64) bool {
	switch {
	case got.crash != "" || want.crash != "":
		r.fail(name, "crashed (on views: %v; on copies: %v)", orNone(got.crash), orNone(want.crash))
		return false
	case got.err != nil && want.err != nil:
		if tensor.KindOf(got.err) != tensor.KindOf(want.err) {
			r.fail(name, "error %v on views, %v on copies", got.err, want.err)
			return false
		}
		r.st.Errors++
		return false
	case got.err != nil || want.err != nil:
		r.fail(name, "error on views: %v; on copies: %v", got.err, want.err)
		return false
	case len(got.res) != len(want.res):
		r.fail(name, "%d results, want %d", len(got.res), len(want.res))
		return false
	}
	for i := range got.res {
		if got.res[i].Device() != r.cfg.Dev && got.res[i].NDim() > 0 {
			r.fail(name, "result %d on %s, want %s", i, got.res[i].Device().Name(), r.cfg.Dev.Name())
			return false
		}
		h := call(func() []*tensor.Tensor { return []*tensor.Tensor{got.res[i].CPU()} })
		if h.err != nil || h.crash != "" {
			g := got.res[i]
			r.fail(name, "result %d (shape %v strides %v offset %d, buffer of %d) to the CPU: %v%s", i, g.Shape(), g.ElemStrides(), g.Offset(), g.Buffer().Len(), h.err, h.crash)
			return false
		}
		if msg := compare(h.res[0], want.res[i], r.op.Tol, r.cross, sc); msg != "" {
			r.fail(name, "result %d: %s", i, msg)
			return false
		}
	}
	r.st.Checked++
	return true
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sentinel fills guard bands: NaN for floats, an unlikely value for integers.
func sentinel(dt tensor.DType) float64 {
	switch dt {
	case tensor.Bool:
		return 1
	case tensor.Uint8:
		return 0xA5
	case tensor.Int32, tensor.Int64:
		return -1234567
	}
	return math.NaN()
}

// runInto writes the op into each writable layout of want's shape inside a guard band of
// sentinels, then into outputs that overlap an input, and checks the answers and that
// nothing around the output changed.
func (r *runner) runInto(name string, ops []operand, want *tensor.Tensor, sc float64) {
	shape := want.Shape()
	copies := make([]*tensor.Tensor, len(ops))
	for k, o := range ops {
		copies[k] = o.cpuView.Copy().To(r.cfg.Dev)
	}
	allContig := !slices.ContainsFunc(ops, func(o operand) bool { return o.layout.Name != "contig" })
	for _, l := range Layouts {
		bs := l.Base(shape)
		if l.ReadOnly || bs == nil || !allContig && l.Name != "contig" || r.cfg.Layouts != nil && l.Name != "contig" && !slices.Contains(r.cfg.Layouts, l.Name) {
			continue
		}
		n := prod(bs)
		guard := tensor.Full(want.DType(), sentinel(want.DType()), n+6)
		base := guard.Copy().To(r.cfg.Dev)
		out := l.View(base.Slice(tensor.S(3, 3+n)).Reshape(bs...), shape)
		r.checkInto(name+" into "+l.Name, out, base, guard, copies, want, sc)
	}
	// Outputs overlapping input k: the input itself (in place) and its reverse.
	for k, o := range ops {
		single := !slices.ContainsFunc(ops, func(p operand) bool { return p.layout.Name != "contig" && p.layout.Name != o.layout.Name })
		if o.layout.ReadOnly || !single || o.view.DType() != want.DType() || !slices.Equal(o.view.Shape(), shape) {
			continue
		}
		for _, flip := range []bool{false, true} {
			base := o.cpuBase.Copy().To(r.cfg.Dev)
			in := slices.Clone(copies)
			in[k] = o.layout.View(base, shape)
			out := in[k]
			what := "in place"
			if flip {
				out, what = out.Flip(), "into its reverse"
			}
			r.checkInto(fmt.Sprintf("%s input %d %s", name, k, what), out, base, o.cpuBase, in, want, sc)
		}
	}
}

func (r *runner) checkInto(name string, out, base, before *tensor.Tensor, in []*tensor.Tensor, want *tensor.Tensor, sc float64) {
	got := call(func() []*tensor.Tensor { r.op.Into(out, in); return []*tensor.Tensor{out} })
	if !r.agree(name, got, outcome{res: []*tensor.Tensor{want}}, sc) {
		return
	}
	if msg := untouched(base.CPU(), before, positions(out, base.Size())); msg != "" {
		r.st.Checked--
		r.fail(name, "%s", msg)
	}
}
