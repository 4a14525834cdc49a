package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestReduceOptionsLayout runs layouttest's table of the reductions with initial= and
// where= (SumWith ... StdWith, composed of Where and the device's reductions on a GPU) on
// the GPU, or without one on the emulator: every result must come back on the GPU and
// agree with the CPU's answer on copies.
func TestReduceOptionsLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 29, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "negstep", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.ReduceOptionOps(), cfg)
}
