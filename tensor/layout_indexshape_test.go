package tensor_test

import (
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
)

// TestLayoutIndexShape is the layout-invariance property test of the indexing and shape
// functions (layouttest.IndexShapeOps) on the CPU: every op on views of every kind
// (contiguous, offset, transposed, negative-step, stepped, broadcast, size-0, 0-d)
// against the same op on their copies.
func TestLayoutIndexShape(t *testing.T) {
	cfg := layouttest.Config{Dev: device.CPU(), Large: !testing.Short(), Seed: 1}
	layouttest.Run(t, layouttest.IndexShapeOps(), cfg)
}
