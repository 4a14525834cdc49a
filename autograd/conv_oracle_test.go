package autograd_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/gradcases"
)

// TestConvOracle runs PyTorch's recorded convolution and pooling cases
// (testdata/conv-grad-cases.jsonl, made by testdata/gen_conv.py) on the CPU: forward
// values, max-pool indices, gradients of every input and, for the hvp cases,
// Hessian-vector products through the double-backward rules. None is skipped.
func TestConvOracle(t *testing.T) {
	data, err := gradcases.LoadConv()
	if err != nil {
		t.Fatal(err)
	}
	r := gradcases.Run(data, device.CPU())
	var b strings.Builder
	r.Print(&b)
	t.Log("\n" + b.String())
	for _, f := range r.Failures {
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	if r.Passed+r.Failed < 100 {
		t.Errorf("only %d cases ran, want at least 100", r.Passed+r.Failed)
	}
}
