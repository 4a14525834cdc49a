package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestNormLayout runs BatchNorm, BatchNormBackward and MaxPool2dBackward (composed on the
// device) on device views of every kind, against the CPU's fused kernels on contiguous
// copies.
func TestNormLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	layouttest.Run(t, layouttest.NormOps(true), layouttest.Config{Dev: g, Seed: 11})
}

// TestNormMatchesCPU compares the device's BatchNorm, its gradients through autograd and
// MaxPool2dBackward with the CPU's on a block of the CNN example's kind, float32.
func TestNormMatchesCPU(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	x := tensor.Arange(tensor.Float32, 0, 3*4*6*6, 1).Reshape(3, 4, 6, 6)
	x = tensor.Sin(x.Mul(0.37)).Mul(3).Add(1)
	w := tensor.FromSlice([]float32{0.5, 1, 1.5, -2}, 4)
	b := tensor.FromSlice([]float32{0, 0.25, -1, 2}, 4)
	run := func(dev device.Device) []*tensor.Tensor {
		xd, wd, bd := x.Copy().To(dev).RequiresGrad(), w.Copy().To(dev).RequiresGrad(), b.Copy().To(dev).RequiresGrad()
		y, m, v := tensor.BatchNorm(xd, wd, bd, 1e-5)
		out, idx := tensor.MaxPool2d(tensor.ReLU(y), tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
		autograd.Backward(out.Mul(out).Sum())
		dp := tensor.MaxPool2dBackward(out.Detach(), idx, y.Shape())
		return []*tensor.Tensor{y.Detach(), m, v, xd.Grad(), wd.Grad(), bd.Grad(), dp}
	}
	want, got := run(device.CPU()), run(g)
	names := []string{"y", "mean", "var", "dx", "dweight", "dbias", "MaxPool2dBackward"}
	for i := range want {
		if got[i].Device() != device.Device(g) {
			t.Errorf("%s: on %s", names[i], got[i].Device().Name())
		}
		if !tensor.AllClose(got[i].CPU().AsType(tensor.Float64), want[i].AsType(tensor.Float64), 1e-4, 1e-4) {
			t.Errorf("%s: device\n%v\nCPU\n%v", names[i], got[i].CPU(), want[i])
		}
	}
}
