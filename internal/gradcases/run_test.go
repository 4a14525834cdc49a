package gradcases

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The harness itself: it must fail a case whose expectation is off by more than the
// tolerance, an op it does not know and a malformed line, and never skip any.

func loadCases(t *testing.T) []Case {
	t.Helper()
	data, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var cs []Case
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

func line(t *testing.T, c Case) []byte {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// perturb returns a copy of a with element k scaled by 1+rel (or set to rel if zero).
func perturb(a *Array, k int, rel float64) *Array {
	b := *a
	b.Data = append([]json.RawMessage{}, a.Data...)
	v := number(a.Data[k])
	if v == 0 {
		v = rel
	} else {
		v *= 1 + rel
	}
	b.Data[k], _ = json.Marshal(v)
	return &b
}

func TestHarnessDetects(t *testing.T) {
	cs := loadCases(t)
	seen := map[string]bool{}
	checked := 0
	for _, c := range cs {
		if _, known := KnownBugs[c.ID]; seen[c.Rule] || known {
			continue
		}
		seen[c.Rule] = true
		// Pristine: passes.
		if r := Run(line(t, c), device.CPU()); r.Passed != 1 {
			t.Errorf("%s: pristine case fails: %v", c.ID, r.Failures)
			continue
		}
		for i, e := range c.Expect {
			if e == nil || len(e.Data) == 0 || number(e.Data[0]) != number(e.Data[0]) {
				continue
			}
			rel := 1e-8 // 100x the float64 tolerance
			if e.DType == "float32" || c.lowPrecision() {
				rel = 1e-3
			}
			bad := c
			bad.Expect = append([]*Array{}, c.Expect...)
			bad.Expect[i] = perturb(e, 0, rel)
			if r := Run(line(t, bad), device.CPU()); r.Failed != 1 || !strings.Contains(r.Failures[0].Why, "gradient") {
				t.Errorf("%s: a gradient off by %g relative passes: %+v", c.ID, rel, r)
			}
			checked++
			break
		}
	}
	if checked < 40 {
		t.Errorf("only %d rules checked", checked)
	}
	bogus := cs[0]
	bogus.Op = "NoSuchOp"
	if r := Run(line(t, bogus), device.CPU()); r.Failed != 1 || !strings.Contains(r.Failures[0].Why, "no harness mapping") {
		t.Errorf("unknown op: %+v", r)
	}
	if r := Run([]byte("{not json\n"), device.CPU()); r.Failed != 1 || r.Failures[0].Rule != "(parse)" {
		t.Errorf("malformed line: %+v", r)
	}
	// A wrong seed changes every gradient.
	for _, c := range cs {
		if len(c.Seeds) == 1 && c.Seeds[0] != nil && c.Order == 1 && c.Rule == "Mul" {
			c.Seeds = []*Array{perturb(c.Seeds[0], 0, 0.5)}
			if r := Run(line(t, c), device.CPU()); r.Failed != 1 {
				t.Errorf("%s: a wrong seed passes", c.ID)
			}
			break
		}
	}
}

// TestCaseFile checks the case file's coverage: at least 400 cases, both dtypes,
// second-order cases, and every harness op used.
func TestCaseFile(t *testing.T) {
	cs := loadCases(t)
	if len(cs) < 400 {
		t.Errorf("%d cases, want at least 400", len(cs))
	}
	used := map[string]bool{}
	order2, f32 := 0, 0
	for _, c := range cs {
		used[c.Op] = true
		if c.Order == 2 {
			order2++
		}
		if strings.Contains(c.ID, "/float32/") {
			f32++
		}
	}
	for _, op := range Ops() {
		if !used[op] && !convOps[op] { // conv ops: TestConvCaseFile
			t.Errorf("harness op %s has no case", op)
		}
	}
	if order2 < 20 || f32 < 100 {
		t.Errorf("%d second-order and %d float32 cases", order2, f32)
	}
}
