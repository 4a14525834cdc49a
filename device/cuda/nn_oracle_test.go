package cuda_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/nncases"
)

// TestNNOracle runs PyTorch's recorded forward values and gradients of package nn's
// layers and losses (nn/testdata) on the GPU, or without one on the emulator: modules
// are moved with To and inputs built on the device, so every op runs there. A case
// that fails on the CPU too is nn's business (nn's TestTorchOracle reports it).
func TestNNOracle(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	data, err := nncases.Load()
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
	if r.Passed+r.Failed < 400 {
		t.Errorf("only %d cases ran, want at least 400", r.Passed+r.Failed)
	}
}
