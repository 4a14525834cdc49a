package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestSearchLayout runs layouttest's search family (SearchSorted, Digitize, Partition,
// ArgPartition, LexSort, IsIn, Interp) on the GPU, or without one on the emulator, against
// the CPU's answers on copies: the results must come back on the device, whatever the
// operands' layouts.
func TestSearchLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 1, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.SearchOps(), cfg)
}
