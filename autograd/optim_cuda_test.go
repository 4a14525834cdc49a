package autograd

import (
	"testing"

	"github.com/gotensor/gotensor/device"
	_ "github.com/gotensor/gotensor/device/cuda" // registers device.CUDA
	"github.com/gotensor/gotensor/tensor"
)

// TestOptimCUDA replays the recorded trajectories with the parameters on a CUDA device,
// where the optimizers update through tensor ops; it skips without one.
func TestOptimCUDA(t *testing.T) {
	dev, err := device.CUDA(0)
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	for _, c := range []struct {
		file string
		dt   tensor.DType
		tol  float64
	}{
		{"testdata/optim_float64.json", tensor.Float64, 1e-9},
		{"testdata/optim_float32.json", tensor.Float32, 1e-5},
	} {
		rec := loadOptimRecord(t, c.file)
		floor := 1e-12 / c.tol
		for i := range rec.Runs {
			run := &rec.Runs[i]
			t.Run(c.dt.String()+"/"+run.Name, func(t *testing.T) {
				p, lr, n := replay(t, rec, run, c.dt, dev, false, floor)
				t.Logf("max relative error: params %.2g, lr %.2g, clipped norm %.2g", p, lr, n)
				if p > c.tol || n > c.tol || lr > 1e-12 {
					t.Errorf("differs from PyTorch's by %.3g (norm %.3g, lr %.3g) relative, want <= %g", p, n, lr, c.tol)
				}
			})
		}
	}
}
