package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestLayoutIndexShape runs the indexing and shape functions' layout-invariance table
// (layouttest.IndexShapeOps) on the GPU, or without one on the emulator, against the CPU's
// answers on copies, with TestLayout's layouts.
func TestLayoutIndexShape(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 1, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "flip-inner", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.IndexShapeOps(), cfg)
}
