package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/conformance"
)

// TestConformance runs NumPy's recorded answers through tensor on the GPU, or without
// one on the emulator: the whole path from tensor's dispatch to the kernels. Failures are
// compared with the CPU's: a case that fails on the CPU too is the CPU's business.
func TestConformance(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cpuFails := map[string]bool{}
	for _, f := range conformance.Run(conformance.NumPyCases, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	before := g.Launches()
	r := conformance.Run(conformance.NumPyCases, g)
	t.Logf("%s on %s, %d kernels launched", r.Summary(), g.Name(), g.Launches()-before)
	if g.Launches()-before < int64(r.Ran) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the GPU", g.Launches()-before, r.Ran)
	}
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
}
