package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestStatsLayout runs layouttest's table of the statistics (NaN reductions, quantiles,
// histograms, covariance, differences; composed of other ops or computed on the host)
// on the GPU, or without one on the emulator, one input's layout at a time: every
// result must come back on the GPU and agree with the CPU's answer on copies.
func TestStatsLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 13, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "negstep", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.StatsOps(), cfg)
}
