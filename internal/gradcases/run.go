package gradcases

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/conformance"
	"github.com/gotensor/gotensor/tensor"
)

// Tolerances. float64: |got - want| <= RTol64*|want| + ATol64*max(1, max|want|) (the
// array's largest magnitude). float32: the references are exact (computed in float64
// at the float32 inputs), and a float32 result may be off by ULPs32 units in the last
// place of float32 relative to the element's magnitude plus the array's largest
// magnitude (so cancellation near zero, as in Softmax's and Var's gradients, is
// judged on the array's scale): |got - want| <= ULPs32*2^-23*(|want| + max|want|).
// Infinities must match exactly, NaN only NaN.
const (
	RTol64 = 1e-10
	ATol64 = 1e-12
	ULPs32 = 64
)

// KnownBugs are the cases that fail because of a bug not yet fixed, with the reason.
// They still run and still count as failed in the report; the tests log them instead
// of failing, and fail when one passes (then remove it here).
var KnownBugs = map[string]string{}

// CaseTimeout bounds one case; a case that runs longer is a failure ("hung").
var CaseTimeout = 2 * time.Minute

// Count is how one rule fared.
type Count struct{ Passed, Failed int }

// Failure is a case that did not reproduce PyTorch's gradients, with the difference.
type Failure struct{ ID, Rule, Why string }

// Report is the outcome of running a case file on one device.
type Report struct {
	Device         string
	Passed, Failed int
	Rules          map[string]*Count // by the case's rule (autograd's rule table key)
	Failures       []Failure
}

// Summary is "N passed, M failed".
func (r *Report) Summary() string { return fmt.Sprintf("%d passed, %d failed", r.Passed, r.Failed) }

// RuleNames lists the rules of the report, sorted.
func (r *Report) RuleNames() []string {
	names := make([]string, 0, len(r.Rules))
	for n := range r.Rules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Print writes the per-rule table, the failures and the summary.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "device: %s\n%-14s %6s %6s\n", r.Device, "rule", "passed", "failed")
	for _, n := range r.RuleNames() {
		c := r.Rules[n]
		fmt.Fprintf(w, "%-14s %6d %6d\n", n, c.Passed, c.Failed)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "FAIL %s: %s\n", f.ID, strings.ReplaceAll(f.Why, "\n", "\n    "))
	}
	fmt.Fprintln(w, r.Summary())
}

func (r *Report) count(rule string) *Count {
	c := r.Rules[rule]
	if c == nil {
		c = &Count{}
		r.Rules[rule] = c
	}
	return c
}

// Run runs every case of a case file on dev. A malformed line, an op the harness does
// not know, a panic or a mismatch is a failure; nothing is skipped.
func Run(data []byte, dev device.Device) Report {
	r := Report{Device: dev.Name(), Rules: map[string]*Count{}}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var c Case
		why := ""
		if err := json.Unmarshal(line, &c); err != nil {
			c.ID, c.Rule, why = "line "+strconv.Itoa(n+1), "(parse)", "malformed case: "+err.Error()
		} else if ops[c.Op] == nil {
			why = fmt.Sprintf("op %q has no harness mapping", c.Op)
		} else {
			why = call(&c, dev)
		}
		if why != "" {
			r.count(c.Rule).Failed++
			r.Failed++
			r.Failures = append(r.Failures, Failure{ID: c.ID, Rule: c.Rule, Why: why})
			continue
		}
		r.count(c.Rule).Passed++
		r.Passed++
	}
	return r
}

// call runs a case on its own goroutine (so that a hung case times out), turning any
// panic into a failure that names it.
func call(c *Case, dev device.Device) string {
	done := make(chan string, 1)
	go func() {
		why := ""
		defer func() {
			if p := recover(); p != nil {
				why = fmt.Sprintf("panic: %v\n%s", p, shortStack(debug.Stack()))
			}
			done <- why
		}()
		why = runCase(c, dev)
	}()
	select {
	case why := <-done:
		return why
	case <-time.After(CaseTimeout):
		return fmt.Sprintf("hung: no answer after %v", CaseTimeout)
	}
}

func shortStack(s []byte) string {
	lines := strings.Split(strings.TrimSpace(string(s)), "\n")
	var keep []string
	for i := 1; i+1 < len(lines) && len(keep) < 10; i += 2 {
		fn := lines[i]
		if strings.HasPrefix(fn, "runtime") || strings.HasPrefix(fn, "panic(") || strings.Contains(fn, "gradcases.call") {
			continue
		}
		keep = append(keep, "\t"+fn+" "+strings.TrimSpace(lines[i+1]))
	}
	return strings.Join(keep, "\n")
}

// runCase builds the operands on dev, runs the op, checks the outputs, runs autograd
// and checks the gradients (and the Hessian-vector product for order 2).
func runCase(c *Case, dev device.Device) string {
	a := make(args, len(c.Inputs))
	leaves := make([]*tensor.Tensor, len(c.Inputs)) // nil where no gradient is wanted
	var wrt []*tensor.Tensor                        // the leaves, in input order
	for i, in := range c.Inputs {
		switch {
		case in.Scalar != nil:
			a[i] = *in.Scalar
		case in.Ref != nil:
			a[i] = a[*in.Ref]
		default:
			t := in.build(dev)
			a[i] = t
			if in.Grad {
				leaves[i] = t
				wrt = append(wrt, t)
			}
		}
	}
	outs := ops[c.Op](c, a)
	if c.Post == "square" {
		for i, o := range outs {
			outs[i] = tensor.Square(o)
		}
	} else if c.Post != "" {
		return fmt.Sprintf("unknown post op %q", c.Post)
	}
	if len(outs) != len(c.Value) || len(outs) != len(c.Seeds) {
		return fmt.Sprintf("%d outputs, want %d (and %d seeds)", len(outs), len(c.Value), len(c.Seeds))
	}
	for i, o := range outs {
		if o.Device() != dev && c.Op != "ToCPU" {
			return fmt.Sprintf("output %d on %s, want %s", i, o.Device().Name(), dev.Name())
		}
		if why := compareArray(o, c.Value[i], c.lowPrecision()); why != "" {
			return fmt.Sprintf("forward output %d: %s", i, why)
		}
	}
	seeds := make([]*tensor.Tensor, len(outs))
	for i, s := range c.Seeds {
		if s != nil {
			seeds[i] = s.Tensor().To(outs[i].Device())
		}
	}
	var grads []*tensor.Tensor
	switch {
	case c.Order == 2:
		grads = autograd.Grad(outs, wrt, autograd.Options{Seeds: seeds, CreateGraph: true})
	case len(outs) == 1:
		if seeds[0] == nil {
			autograd.Backward(outs[0])
		} else {
			autograd.Backward(outs[0], seeds[0])
		}
		for _, l := range wrt {
			grads = append(grads, l.Grad())
		}
	default:
		grads = autograd.Grad(outs, wrt, autograd.Options{Seeds: seeds})
	}
	if why := compareGrads(c, "gradient", leaves, grads, c.Expect); why != "" {
		return why
	}
	if c.Order != 2 {
		return ""
	}
	// Hessian-vector product: the gradient of sum_i <g_i, v_i> over the first
	// gradients that depend on the inputs (the others contribute nothing).
	var gs, vs []*tensor.Tensor
	k := 0
	for i, l := range leaves {
		if l == nil {
			continue
		}
		if g := grads[k]; g != nil && g.TracksGrad() {
			if c.HVPV[i] == nil {
				return fmt.Sprintf("input %d: no hvp_v", i)
			}
			gs, vs = append(gs, g), append(vs, c.HVPV[i].Tensor().To(g.Device()))
		}
		k++
	}
	hv := make([]*tensor.Tensor, len(wrt))
	if len(gs) > 0 {
		hv = autograd.Grad(gs, wrt, autograd.Options{Seeds: vs})
	}
	return compareGrads(c, "Hessian-vector product", leaves, hv, c.HVPExpect)
}

// compareGrads checks the gradients of the leaves (in order) against the expected
// ones; a nil gradient stands for zeros (an input the output does not depend on).
func compareGrads(c *Case, what string, leaves, grads []*tensor.Tensor, want []*Array) string {
	if len(want) != len(leaves) {
		return fmt.Sprintf("%d expected %ss for %d inputs", len(want), what, len(leaves))
	}
	k := 0
	for i, l := range leaves {
		if l == nil {
			continue
		}
		if want[i] == nil {
			return fmt.Sprintf("input %d requires a gradient but the case expects none", i)
		}
		g := grads[k]
		k++
		if g == nil {
			g = tensor.ZerosLike(l.Detach())
		}
		if g.Device() != l.Device() {
			return fmt.Sprintf("%s of input %d on %s, the input is on %s", what, i, g.Device().Name(), l.Device().Name())
		}
		if why := compareArray(g, *want[i], c.lowPrecision()); why != "" {
			return fmt.Sprintf("%s of input %d: %s", what, i, why)
		}
	}
	return ""
}

// lowPrecision reports whether the case computes anything in float32 (an input, a
// seed or an output): then every comparison, float64 gradients included, takes the
// float32 budget, since a float64 gradient that went through a float32 op carries
// float32 rounding.
func (c *Case) lowPrecision() bool {
	for _, in := range c.Inputs {
		if in.DType == "float32" {
			return true
		}
	}
	for _, v := range c.Value {
		if v.DType == "float32" {
			return true
		}
	}
	return false
}

// compareArray checks dtype, shape and values of t against want.
func compareArray(t *tensor.Tensor, want Array, f32 bool) string {
	if t == nil {
		return "nil tensor"
	}
	var problems []string
	if got := t.DType().String(); got != want.DType {
		problems = append(problems, fmt.Sprintf("dtype %s, want %s", got, want.DType))
	}
	wshape := want.Shape
	if wshape == nil {
		wshape = []int{}
	}
	if shape := t.Shape(); !slices.Equal(shape, wshape) {
		return strings.Join(append(problems, fmt.Sprintf("shape %v, want %v", shape, wshape)), "; ")
	}
	got := hostFloats(t)
	w := want.floats()
	if len(got) != len(w) {
		return fmt.Sprintf("%d values, want %d", len(got), len(w))
	}
	if d := diff(t.Shape(), got, w, f32 || t.DType() == device.Float32 || want.DType == "float32"); d != "" {
		problems = append(problems, d)
	}
	return strings.Join(problems, "; ")
}

// hostFloats reads a tensor's elements in C order on the host as float64.
func hostFloats(t *tensor.Tensor) []float64 {
	c := t.Detach().CPU().Contiguous()
	switch d := c.Data().(type) {
	case []float32:
		f := make([]float64, len(d))
		for k, v := range d {
			f[k] = float64(v)
		}
		return f
	case []float64:
		return append([]float64{}, d...)
	}
	return tensor.ToSlice[float64](c)
}

// Close reports whether got matches want under the tolerance of the dtype, with
// scale the array's largest finite magnitude.
func Close(got, want, scale float64, f32 bool) bool {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		return math.IsNaN(want) && math.IsNaN(got)
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		return got == want
	}
	tol := RTol64*math.Abs(want) + ATol64*max(1, scale)
	if f32 {
		tol = ULPs32 * 0x1p-23 * (math.Abs(want) + scale)
	}
	return math.Abs(got-want) <= tol
}

func diff(shape []int, got, want []float64, f32 bool) string {
	scale := 0.0
	for _, w := range want {
		if !math.IsInf(w, 0) && !math.IsNaN(w) {
			scale = max(scale, math.Abs(w))
		}
	}
	first, bad := -1, 0
	for k := range want {
		if !Close(got[k], want[k], scale, f32) {
			if first < 0 {
				first = k
			}
			bad++
		}
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d values differ; first at index %v: got %v, want %v (|diff| %.3g)",
		bad, len(want), conformance.Unravel(first, shape), got[first], want[first], math.Abs(got[first]-want[first]))
}
