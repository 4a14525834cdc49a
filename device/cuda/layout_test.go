package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestLayout runs layouttest's layout-invariance table on the GPU, or without one on the
// emulator: every op on GPU views against the CPU's answer on copies of those views
// (transcendental functions within 4 ulps, float accumulations and products within the
// Accum bound, everything else bit for bit), with guard bands and overlapping outputs for
// the Into forms. To keep the emulator's time modest it runs one input's layout at a time,
// on the layouts below (fewer with -short); the CPU run (tensor's tests) has them all and
// the large shapes.
func TestLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 1, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "flip-inner", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	t.Run("elementwise", func(t *testing.T) { layouttest.Run(t, layouttest.ElementwiseOps(), cfg) })
	t.Run("reductions", func(t *testing.T) { layouttest.Run(t, layouttest.ReductionOps(), cfg) })
	t.Run("other", func(t *testing.T) { layouttest.Run(t, layouttest.OtherOps(), cfg) })
}
