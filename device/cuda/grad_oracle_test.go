package cuda_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/gradcases"
)

// TestGradOracle runs PyTorch's recorded gradients (autograd/testdata) through
// autograd on the GPU, or without one on the emulator: the leaves are moved with To
// before their views are built and marked, so every rule runs on the device. Failures
// are compared with the CPU's: a case that fails on the CPU too is autograd's
// business (TestTorchOracle reports it), not the device's.
func TestGradOracle(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	data, err := gradcases.Load()
	if err != nil {
		t.Fatal(err)
	}
	cpuFails := map[string]bool{}
	for _, f := range gradcases.Run(data, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	before := g.Launches()
	r := gradcases.Run(data, g)
	var b strings.Builder
	r.Print(&b)
	t.Logf("%d kernels launched\n%s", g.Launches()-before, b.String())
	if n := g.Launches() - before; n < int64(r.Passed+r.Failed) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the device", n, r.Passed+r.Failed)
	}
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			if _, known := gradcases.KnownBugs[f.ID]; !known {
				t.Errorf("%s fails on the CPU and is not in gradcases.KnownBugs", f.ID)
			}
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	if r.Passed+r.Failed < 400 {
		t.Errorf("only %d cases ran, want at least 400", r.Passed+r.Failed)
	}
}
