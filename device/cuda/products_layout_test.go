package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestProductsLayout runs layouttest's table of Einsum, the tensor products and the
// convolutions (all composed of other ops) on the GPU, or without one on the emulator,
// with TestLayout's layouts, one input's layout at a time.
func TestProductsLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 13, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "negstep", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.ProductOps(), cfg)
}
