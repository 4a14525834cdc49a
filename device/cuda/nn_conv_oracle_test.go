package cuda_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/nncases"
)

// TestNNConvOracle runs PyTorch's recorded forward values and gradients of package nn's
// convolution and pooling layers (nn/testdata/torch-nn-conv-cases.jsonl) on the GPU, or
// without one on the emulator, with the layers moved there by To and the inputs built
// there. A case that fails on the CPU too is nn's business (TestTorchOracleConv).
func TestNNConvOracle(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	data, err := nncases.LoadFile(nncases.ConvCaseFile)
	if err != nil {
		t.Fatal(err)
	}
	cpuFails := map[string]bool{}
	for _, f := range nncases.Run(data, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	before := g.Launches()
	r := nncases.Run(data, g)
	var b strings.Builder
	r.Print(&b)
	t.Logf("%d kernels launched\n%s", g.Launches()-before, b.String())
	if n := g.Launches() - before; n < int64(r.Passed+r.Failed) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the device", n, r.Passed+r.Failed)
	}
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	for _, layer := range []string{"Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"} {
		if c := r.Rules[layer]; c == nil || c.Passed+c.Failed < 16 {
			t.Errorf("%s: too few cases ran (%v)", layer, c)
		}
	}
}
