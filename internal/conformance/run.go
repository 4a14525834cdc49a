package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// CaseTimeout bounds the time one case may take; a case that runs longer is a failure
// ("hung") and the run goes on without it.
var CaseTimeout = 2 * time.Minute

// OpCount is how one op fared: cases ran (passed + failed) and cases whose op has no
// handler (unsupported, never counted as passed).
type OpCount struct {
	Ran         int `json:"-"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Unsupported int `json:"unsupported"`
}

// Failure is a case that did not reproduce NumPy's answer, with the difference.
type Failure struct {
	ID  string `json:"id"`
	Why string `json:"why"`
}

// Report is the outcome of running a case file on one device. Its JSON form is the one
// ci/conformance -json prints.
type Report struct {
	Device      string              `json:"-"`
	Ran         int                 `json:"-"`
	Passed      int                 `json:"passed"`
	Failed      int                 `json:"failed"`
	Unsupported int                 `json:"unsupported"`
	Ops         map[string]*OpCount `json:"ops"`
	Failures    []Failure           `json:"failures"`
}

// OpNames lists the ops of the report, sorted.
func (r *Report) OpNames() []string {
	ops := make([]string, 0, len(r.Ops))
	for op := range r.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

// Summary is the report's last line: "N passed, M failed, K unsupported".
func (r *Report) Summary() string {
	return fmt.Sprintf("%d passed, %d failed, %d unsupported", r.Passed, r.Failed, r.Unsupported)
}

// UnsupportedOps lists the ops that had cases but no handler, sorted.
func (r *Report) UnsupportedOps() []string {
	var ops []string
	for _, op := range r.OpNames() {
		if r.Ops[op].Unsupported > 0 {
			ops = append(ops, op)
		}
	}
	return ops
}

func (r *Report) count(op string) *OpCount {
	oc := r.Ops[op]
	if oc == nil {
		oc = &OpCount{}
		r.Ops[op] = oc
	}
	return oc
}

func (r *Report) fail(op, id, why string) {
	oc := r.count(op)
	oc.Ran++
	oc.Failed++
	r.Ran++
	r.Failed++
	r.Failures = append(r.Failures, Failure{ID: id, Why: why})
}

// Run runs every case of a JSON-lines case file on dev: each case's op goes to its
// handler (no handler: unsupported), under tensor.Try and a recover, so that a panic of
// any kind is a failure naming it, never a crash. The result is brought to the CPU and
// compared with NumPy's: the error kind where NumPy raised, else dtype, shape and values
// within the case's tolerance (none on the CPU for the ops of exactOnCPU). A malformed
// line is a failure of op "(parse)".
func Run(data []byte, dev device.Device) Report {
	r := Report{Device: dev.Name(), Ops: map[string]*OpCount{}, Failures: []Failure{}}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			r.fail("(parse)", "line "+strconv.Itoa(n+1), "malformed case: "+err.Error())
			continue
		}
		c.dev = dev
		if dev.IsHost() && exactOnCPU[c.Op] && !notNumPys[c.ID] {
			c.RTol, c.ATol = 0, 0
		}
		h := handler(c.Op)
		if h == nil {
			r.count(c.Op).Unsupported++
			r.Unsupported++
			continue
		}
		if why := runCase(&c, h); why != "" {
			r.fail(c.Op, c.ID, why)
			continue
		}
		oc := r.count(c.Op)
		oc.Ran++
		oc.Passed++
		r.Ran++
		r.Passed++
	}
	return r
}

// exactOnCPU are the ops whose float results the CPU computes in NumPy's order of
// operations, so that they compare exactly there (rtol and atol 0): the sums, products,
// means, variances and standard deviations (and the extrema, exact anyway), with and
// without initial= and where=. Other devices keep the case's tolerance.
var exactOnCPU = map[string]bool{
	"sum": true, "prod": true, "mean": true, "var": true, "std": true, "max": true, "min": true,
	"sum_with": true, "prod_with": true, "max_with": true, "min_with": true,
	"mean_with": true, "var_with": true, "std_with": true,
}

// notNumPys are the cases of exactOnCPU's ops whose expected value is not NumPy's own
// result but a more accurate one (a float64 sum rounded to float32): they keep their
// tolerance.
var notNumPys = map[string]bool{"sum/long-f32-accurate": true}

// outcome is what a handler did: returned a value, or failed with err (a *tensor.Error
// under tensor.Try) or with some other panic.
type outcome struct {
	val   any
	err   error
	panic string
}

// call runs h on c, turning *tensor.Error panics into err and any other panic into a
// description with its stack, on its own goroutine so that a hung case times out.
func call(c *Case, h Handler) outcome {
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				o.panic = fmt.Sprintf("panic: %v\n%s", p, shortStack(debug.Stack()))
			}
			done <- o
		}()
		o.err = tensor.Try(func() { o.val = h(c) })
	}()
	select {
	case o := <-done:
		return o
	case <-time.After(CaseTimeout):
		return outcome{panic: fmt.Sprintf("hung: no answer after %v", CaseTimeout)}
	}
}

// shortStack keeps the frames of a panic's stack that tell where it happened.
func shortStack(s []byte) string {
	lines := strings.Split(strings.TrimSpace(string(s)), "\n")
	var keep []string
	for i := 1; i+1 < len(lines) && len(keep) < 12; i += 2 {
		fn := lines[i]
		if strings.HasPrefix(fn, "runtime/debug.") || strings.HasPrefix(fn, "panic(") ||
			strings.Contains(fn, "conformance.call") || strings.HasPrefix(fn, "runtime.") ||
			strings.Contains(fn, "gotensor/tensor.Try") {
			continue
		}
		keep = append(keep, "\t"+fn+" "+strings.TrimSpace(lines[i+1]))
	}
	return strings.Join(keep, "\n")
}

// runCase runs one case with handler h and returns why it failed, or "" if it passed.
func runCase(c *Case, h Handler) string {
	o := call(c, h)
	if o.panic != "" {
		return o.panic
	}
	if c.Error != nil {
		want := *c.Error
		switch {
		case o.err == nil:
			return fmt.Sprintf("want a %q error, got a result: %s", want, describe(o.val))
		case tensor.KindOf(o.err).String() != want:
			return fmt.Sprintf("want a %q error, got a %q error: %v", want, tensor.KindOf(o.err), o.err)
		}
		return ""
	}
	if o.err != nil {
		return fmt.Sprintf("unexpected %q error: %v", tensor.KindOf(o.err), o.err)
	}
	return compare(o.val, c.Expect, c.RTol, c.ATol)
}

// describe is a short account of a handler's result for messages.
func describe(v any) string {
	switch x := v.(type) {
	case *tensor.Tensor:
		if x == nil {
			return "nil tensor"
		}
		return fmt.Sprintf("%v tensor of shape %v", x.DType(), x.Shape())
	case []*tensor.Tensor:
		parts := make([]string, len(x))
		for i, t := range x {
			parts[i] = describe(t)
		}
		return fmt.Sprintf("%d tensors [%s]", len(x), strings.Join(parts, "; "))
	}
	return fmt.Sprintf("%T", v)
}

// compare checks a handler's result against the expected tensor or list of tensors and
// returns the first difference, or "".
func compare(got any, expect json.RawMessage, rtol, atol float64) string {
	raw := bytes.TrimSpace(expect)
	if len(raw) == 0 || string(raw) == "null" {
		return "the case has neither an expected result nor an error"
	}
	if raw[0] == '[' {
		var want []Array
		if err := json.Unmarshal(raw, &want); err != nil {
			return "bad expected list: " + err.Error()
		}
		ts, ok := got.([]*tensor.Tensor)
		if !ok {
			return fmt.Sprintf("want a list of %d tensors, got %s", len(want), describe(got))
		}
		if len(ts) != len(want) {
			return fmt.Sprintf("want %d tensors, got %d", len(want), len(ts))
		}
		for i := range want {
			if why := compareArray(ts[i], want[i], rtol, atol); why != "" {
				return fmt.Sprintf("result %d: %s", i, why)
			}
		}
		return ""
	}
	var want Array
	if err := json.Unmarshal(raw, &want); err != nil {
		return "bad expected tensor: " + err.Error()
	}
	t, ok := got.(*tensor.Tensor)
	if !ok {
		return fmt.Sprintf("want a tensor, got %s", describe(got))
	}
	return compareArray(t, want, rtol, atol)
}

// hostValues reads a tensor's elements in C order on the host: as float64 for float
// dtypes, int64 for integers and bools (exact).
func hostValues(t *tensor.Tensor) (f []float64, i []int64) {
	c := t.CPU().Contiguous()
	if c.ReadOnly() {
		c = c.Copy() // a read-only view that is contiguous (Data refuses it)
	}
	switch d := c.Data().(type) {
	case []float32:
		f = make([]float64, len(d))
		for k, v := range d {
			f[k] = float64(v)
		}
	case []float64:
		f = append([]float64{}, d...)
	case []int32:
		i = make([]int64, len(d))
		for k, v := range d {
			i[k] = int64(v)
		}
	case []int64:
		i = append([]int64{}, d...)
	case []uint8:
		i = make([]int64, len(d))
		for k, v := range d {
			i[k] = int64(v)
		}
	case []bool:
		i = make([]int64, len(d))
		for k, v := range d {
			if v {
				i[k] = 1
			}
		}
	default:
		panic(fmt.Sprintf("conformance: unexpected host data %T", d))
	}
	return f, i
}

// wantValues decodes the expected elements the same way hostValues reads results.
func wantValues(a Array, isFloat bool) (f []float64, i []int64) {
	if isFloat {
		f = make([]float64, len(a.Data))
		for k, raw := range a.Data {
			f[k] = number(raw)
		}
		return f, nil
	}
	i = make([]int64, len(a.Data))
	for k, raw := range a.Data {
		if json.Unmarshal(raw, &i[k]) != nil {
			i[k] = int64(number(raw))
		}
	}
	return nil, i
}

// compareArray checks dtype, shape and values of t against want.
func compareArray(t *tensor.Tensor, want Array, rtol, atol float64) (why string) {
	if t == nil {
		return "got a nil tensor"
	}
	var problems []string
	if got := t.DType().String(); got != want.DType {
		problems = append(problems, fmt.Sprintf("dtype %s, want %s", got, want.DType))
	}
	shape := t.Shape()
	wshape := want.Shape
	if wshape == nil {
		wshape = []int{}
	}
	if !sameShape(shape, wshape) {
		problems = append(problems, fmt.Sprintf("shape %v, want %v", shape, wshape))
		return strings.Join(problems, "; ")
	}
	if len(want.Data) != t.Size() {
		problems = append(problems, fmt.Sprintf("expected data has %d elements for shape %v", len(want.Data), wshape))
		return strings.Join(problems, "; ")
	}
	gf, gi := hostValues(t)
	wantFloat := strings.HasPrefix(want.DType, "float")
	wf, wi := wantValues(want, wantFloat)
	// Compare across kinds where the dtype is already wrong, for a fuller message.
	if wantFloat && gf == nil {
		gf = intsToFloats(gi)
	}
	if !wantFloat && gi == nil {
		wf, wi = intsToFloats(wi), nil
	}
	var diff string
	if wf != nil {
		diff = diffFloats(shape, gf, wf, rtol, atol, t.DType() == device.Float32)
	} else {
		diff = diffInts(shape, gi, wi)
	}
	if diff != "" {
		problems = append(problems, diff)
	} else if len(problems) > 0 {
		problems = append(problems, "values match")
	}
	return strings.Join(problems, "; ")
}

func intsToFloats(v []int64) []float64 {
	f := make([]float64, len(v))
	for k, x := range v {
		f[k] = float64(x)
	}
	return f
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// Close reports whether got matches want as the cases define it: NaN matches NaN, an
// infinity only itself, anything else within atol + rtol*|want|.
func Close(got, want, rtol, atol float64) bool {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		return math.IsNaN(want) && math.IsNaN(got)
	case math.IsInf(want, 0) || math.IsInf(got, 0):
		return got == want
	}
	return math.Abs(got-want) <= atol+rtol*math.Abs(want)
}

func diffFloats(shape []int, got, want []float64, rtol, atol float64, f32 bool) string {
	first, bad := -1, 0
	for k := range want {
		if !Close(got[k], want[k], rtol, atol) {
			if first < 0 {
				first = k
			}
			bad++
		}
	}
	if bad == 0 {
		return ""
	}
	g, w := got[first], want[first]
	bits := 64
	if f32 {
		bits = 32
	}
	return fmt.Sprintf("%d of %d values differ; first at index %v: got %s, want %s (|diff| %.3g > tol %.3g)",
		bad, len(want), Unravel(first, shape), strconv.FormatFloat(g, 'g', -1, bits),
		strconv.FormatFloat(w, 'g', -1, bits), math.Abs(g-w), atol+rtol*math.Abs(w))
}

func diffInts(shape []int, got, want []int64) string {
	first, bad := -1, 0
	for k := range want {
		if got[k] != want[k] {
			if first < 0 {
				first = k
			}
			bad++
		}
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d values differ; first at index %v: got %d, want %d",
		bad, len(want), Unravel(first, shape), got[first], want[first])
}

// Unravel turns a flat C-order position into an index (the gradient harness uses it too).
func Unravel(k int, shape []int) []int {
	idx := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		if shape[d] > 0 {
			idx[d] = k % shape[d]
			k /= shape[d]
		}
	}
	return idx
}
