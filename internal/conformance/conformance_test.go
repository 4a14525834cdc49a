package conformance

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// allowUnsupported lists the ops that may show as unsupported (no handler) without
// failing the test. It shrinks as work lands; an op with a handler is never unsupported,
// so an entry for one is harmless but should be removed.
var allowUnsupported = map[string]string{
	// Empty: every op of the public case file has a handler.
}

// TestNumPyCases runs every embedded case on the CPU and, where a CUDA device opens, on
// it too.
func TestNumPyCases(t *testing.T) {
	devs := []device.Device{device.CPU()}
	if d, err := device.CUDA(0); err == nil {
		devs = append(devs, d)
	} else {
		t.Logf("CUDA cases skipped: %v", err)
	}
	for _, d := range devs {
		t.Run(d.Name(), func(t *testing.T) { checkReport(t, Run(NumPyCases, d)) })
	}
}

// TestBreadthCases runs the breadth families' cases (testdata/breadth) on the CPU and,
// where a CUDA device opens, on it too.
func TestBreadthCases(t *testing.T) {
	if len(strings.TrimSpace(string(BreadthCases()))) == 0 {
		t.Skip("testdata/breadth has no case file yet")
	}
	devs := []device.Device{device.CPU()}
	if d, err := device.CUDA(0); err == nil {
		devs = append(devs, d)
	}
	for _, d := range devs {
		t.Run(d.Name(), func(t *testing.T) { checkReport(t, Run(BreadthCases(), d)) })
	}
}

func checkReport(t *testing.T, r Report) {
	t.Helper()
	for _, f := range r.Failures {
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	for _, op := range r.UnsupportedOps() {
		if _, ok := allowUnsupported[op]; !ok {
			t.Errorf("op %s: %d cases unsupported (no handler) and not in allowUnsupported", op, r.Ops[op].Unsupported)
		}
	}
	for _, op := range r.OpNames() {
		if _, ok := allowUnsupported[op]; ok && r.Ops[op].Unsupported == 0 {
			t.Errorf("op %s now has a handler: remove it from allowUnsupported", op)
		}
	}
	if r.Ran == 0 {
		t.Errorf("no case ran")
	}
	t.Log(r.Summary())
}

// enc writes an expected tensor as the case files do.
func enc(t *testing.T, dtype string, shape []int, data ...any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(map[string]any{"dtype": dtype, "shape": shape, "data": data})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCompare(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	f64 := func(v ...float64) *tensor.Tensor { return tensor.FromSlice(v) }
	f32 := func(v ...float32) *tensor.Tensor { return tensor.FromSlice(v) }
	cases := []struct {
		name       string
		got        any
		want       json.RawMessage
		rtol, atol float64
		fail       string // "" for a match, else a part of the expected message
	}{
		{"equal", f64(1, 2), enc(t, "float64", []int{2}, 1.0, 2.0), 0, 0, ""},
		{"nan-nan", f64(nan, 1), enc(t, "float64", []int{2}, "nan", 1.0), 0, 0, ""},
		{"nan-number", f64(nan, 1), enc(t, "float64", []int{2}, 0.0, 1.0), 1, 1, "got NaN, want 0"},
		{"number-nan", f64(0, 1), enc(t, "float64", []int{2}, "nan", 1.0), 1, 1, "want NaN"},
		{"inf-inf", f64(inf, -inf), enc(t, "float64", []int{2}, "inf", "-inf"), 0, 0, ""},
		{"inf-sign", f64(inf), enc(t, "float64", []int{1}, "-inf"), 1, 1, "want -Inf"},
		{"inf-big", f64(inf), enc(t, "float64", []int{1}, 1e308), 1, 1, "got +Inf"},
		{"big-inf", f64(1e308), enc(t, "float64", []int{1}, "inf"), 1, 1, "want +Inf"},
		{"in-tol", f64(1.5), enc(t, "float64", []int{1}, 1.0), 0.25, 0.25, ""},
		{"out-of-tol", f64(1.51), enc(t, "float64", []int{1}, 1.0), 0.25, 0.25, "first at index [0]"},
		{"second-element", f64(1, 2, 3.5), enc(t, "float64", []int{3}, 1.0, 2.0, 3.0), 1e-6, 1e-6, "1 of 3 values differ; first at index [2]"},
		{"f32", f32(0.1), enc(t, "float32", []int{1}, float64(float32(0.1))), 0, 0, ""},
		{"dtype", f64(1, 2), enc(t, "float32", []int{2}, 1.0, 2.0), 0, 0, "dtype float64, want float32"},
		{"dtype-int", tensor.FromSlice([]int64{1}), enc(t, "int32", []int{1}, 1), 0, 0, "dtype int64, want int32"},
		{"shape", f64(1, 2), enc(t, "float64", []int{1, 2}, 1.0, 2.0), 0, 0, "shape [2], want [1 2]"},
		{"0-d", tensor.Scalar(2.0), enc(t, "float64", []int{}, 2.0), 0, 0, ""},
		{"0-d-vs-1", f64(2), enc(t, "float64", []int{}, 2.0), 0, 0, "shape [1], want []"},
		{"int-exact", tensor.FromSlice([]int64{1 << 60}), enc(t, "int64", []int{1}, int64(1<<60+1)), 1, 1, "got 1152921504606846976, want 1152921504606846977"},
		{"int-tol-ignored", tensor.FromSlice([]int32{3}), enc(t, "int32", []int{1}, 4), 1, 1, "got 3, want 4"},
		{"bool", tensor.FromSlice([]bool{true, false}), enc(t, "bool", []int{2}, true, false), 0, 0, ""},
		{"bool-diff", tensor.FromSlice([]bool{true, true}), enc(t, "bool", []int{2}, true, false), 0, 0, "got 1, want 0"},
		{"strided", f64(1, 2, 3, 4).Reshape(2, 2).T(), enc(t, "float64", []int{2, 2}, 1.0, 3.0, 2.0, 4.0), 0, 0, ""},
		{"list", []*tensor.Tensor{f64(1), f64(2)}, json.RawMessage(`[` + string(enc(t, "float64", []int{1}, 1.0)) + `,` + string(enc(t, "float64", []int{1}, 2.0)) + `]`), 0, 0, ""},
		{"list-len", []*tensor.Tensor{f64(1)}, json.RawMessage(`[` + string(enc(t, "float64", []int{1}, 1.0)) + `,` + string(enc(t, "float64", []int{1}, 2.0)) + `]`), 0, 0, "want 2 tensors, got 1"},
		{"list-value", []*tensor.Tensor{f64(1), f64(3)}, json.RawMessage(`[` + string(enc(t, "float64", []int{1}, 1.0)) + `,` + string(enc(t, "float64", []int{1}, 2.0)) + `]`), 0, 0, "result 1:"},
		{"list-vs-one", f64(1), json.RawMessage(`[` + string(enc(t, "float64", []int{1}, 1.0)) + `]`), 0, 0, "want a list"},
		{"not-a-tensor", 3.0, enc(t, "float64", []int{}, 3.0), 0, 0, "want a tensor, got float64"},
		{"nil", (*tensor.Tensor)(nil), enc(t, "float64", []int{}, 3.0), 0, 0, "nil tensor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			why := compare(tc.got, tc.want, tc.rtol, tc.atol)
			switch {
			case tc.fail == "" && why != "":
				t.Errorf("want a match, got %q", why)
			case tc.fail != "" && why == "":
				t.Errorf("want a mismatch (%q), got a match", tc.fail)
			case tc.fail != "" && !strings.Contains(why, tc.fail):
				t.Errorf("mismatch %q does not say %q", why, tc.fail)
			}
		})
	}
}

// TestRunOutcomes checks errors, panics and unsupported ops through runCase and Run.
func TestRunOutcomes(t *testing.T) {
	shapeErr := "shape"
	want := enc(t, "float64", []int{1}, 1.0)
	mk := func(errKind *string) *Case {
		return &Case{ID: "t/1", Op: "t", Expect: want, Error: errKind, dev: device.CPU()}
	}
	ok := func(*Case) any { return tensor.FromSlice([]float64{1}) }
	bad := func(*Case) any { return tensor.Add(tensor.Zeros(tensor.Float64, 3), tensor.Zeros(tensor.Float64, 2)) }
	badAxis := func(*Case) any { return tensor.Zeros(tensor.Float64, 3).Sum(5) }
	crash := func(*Case) any { var s []int; return s[3] }
	cases := []struct {
		name string
		c    *Case
		h    Handler
		fail string
	}{
		{"pass", mk(nil), ok, ""},
		{"error-as-expected", mk(&shapeErr), bad, ""},
		{"wrong-kind", mk(&shapeErr), badAxis, `want a "shape" error, got a "axis" error`},
		{"no-error", mk(&shapeErr), ok, `want a "shape" error, got a result`},
		{"unexpected-error", mk(nil), bad, `unexpected "shape" error`},
		{"runtime-panic", mk(nil), crash, "panic: runtime error: index out of range"},
		{"string-panic", mk(nil), func(*Case) any { panic("boom") }, "panic: boom"},
		{"hung", mk(nil), func(*Case) any { time.Sleep(time.Second); return nil }, "hung"},
	}
	defer func(d time.Duration) { CaseTimeout = d }(CaseTimeout)
	CaseTimeout = 50 * time.Millisecond
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			why := runCase(tc.c, tc.h)
			if tc.fail == "" && why != "" || tc.fail != "" && !strings.Contains(why, tc.fail) {
				t.Errorf("got %q, want %q", why, tc.fail)
			}
		})
	}

	lines := `{"id":"x/1","op":"no-such-op","inputs":[],"params":{},"expect":null,"error":null,"rtol":0,"atol":0}
not json
{"id":"add/x","op":"add","inputs":[{"dtype":"float64","shape":[1],"data":[1]},{"dtype":"float64","shape":[1],"data":[2]}],"params":{},"expect":{"dtype":"float64","shape":[1],"data":[3]},"error":null,"rtol":0,"atol":0}
{"id":"add/y","op":"add","inputs":[{"dtype":"float64","shape":[1],"data":[1]},{"dtype":"float64","shape":[1],"data":[2]}],"params":{},"expect":{"dtype":"float64","shape":[1],"data":[4]},"error":null,"rtol":0,"atol":0}
`
	r := Run([]byte(lines), device.CPU())
	if r.Passed != 1 || r.Failed != 2 || r.Unsupported != 1 || r.Ran != 3 {
		t.Errorf("Run: %s, ran %d; want 1 passed, 2 failed, 1 unsupported, ran 3", r.Summary(), r.Ran)
	}
	if c := r.Ops["no-such-op"]; c == nil || c.Unsupported != 1 || c.Passed != 0 {
		t.Errorf("unsupported op counted as %+v", c)
	}
	if len(r.Failures) != 2 || r.Failures[0].ID != "line 2" || r.Failures[1].ID != "add/y" {
		t.Errorf("failures %+v", r.Failures)
	}
	b, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"passed", "failed", "unsupported", "ops", "failures"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("JSON report %s lacks %q", b, k)
		}
	}
}
