package nn_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/nncases"
)

// TestTorchOracle runs PyTorch's recorded forward values and gradients of every layer
// and loss (testdata/torch-nn-cases.jsonl) on the CPU, in every input layout.
func TestTorchOracle(t *testing.T) {
	data, err := nncases.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := nncases.Run(data, device.CPU())
	var b strings.Builder
	r.Print(&b)
	t.Log(b.String())
	for _, f := range r.Failures {
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	if r.Passed+r.Failed < 400 {
		t.Errorf("only %d cases ran, want at least 400", r.Passed+r.Failed)
	}
}
