package autograd_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/gradcases"
)

// TestTorchOracle runs PyTorch's recorded gradients (testdata/torch-grad-cases.jsonl,
// made by testdata/gen_grad.py) through autograd on the CPU: every rule, float32 and
// float64, broadcast, strided and negative-step leaves, ties, diamonds and
// Hessian-vector products. No case is skipped.
func TestTorchOracle(t *testing.T) {
	data, err := gradcases.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := gradcases.Run(data, device.CPU())
	checkOracle(t, r)
}

func checkOracle(t *testing.T, r gradcases.Report) {
	t.Helper()
	var b strings.Builder
	r.Print(&b)
	t.Log("\n" + b.String())
	failed := map[string]bool{}
	for _, f := range r.Failures {
		failed[f.ID] = true
		if why, ok := gradcases.KnownBugs[f.ID]; ok {
			t.Logf("known bug, %s: %s (%s)", f.ID, f.Why, why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	for id := range gradcases.KnownBugs {
		if !failed[id] {
			t.Errorf("%s passes now: remove it from gradcases.KnownBugs", id)
		}
	}
	if r.Passed+r.Failed < 400 {
		t.Errorf("only %d cases ran, want at least 400", r.Passed+r.Failed)
	}
}
