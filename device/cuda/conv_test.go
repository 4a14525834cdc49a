package cuda_test

import (
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/gradcases"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestConvOracle runs PyTorch's recorded convolution and pooling cases
// (autograd/testdata/conv-grad-cases.jsonl) on the GPU, or without one on the
// emulator: Conv2d, its adjoints and the poolings are composed there of Take, MatMul,
// Max/ArgMax, Sum and AddAt, forward, gradients and Hessian-vector products.
func TestConvOracle(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	data, err := gradcases.LoadConv()
	if err != nil {
		t.Fatal(err)
	}
	before := g.Launches()
	r := gradcases.Run(data, g)
	var b strings.Builder
	r.Print(&b)
	t.Logf("%d kernels launched\n%s", g.Launches()-before, b.String())
	if n := g.Launches() - before; n < int64(r.Passed+r.Failed) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the device", n, r.Passed+r.Failed)
	}
	for _, f := range r.Failures {
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	if r.Passed+r.Failed < 100 {
		t.Errorf("only %d cases ran, want at least 100", r.Passed+r.Failed)
	}
}

// TestConvMatchesCPU compares the device's composed convolution, its adjoints and the
// poolings with the CPU's kernels on shapes of the CNN example's kind (a few images),
// float32, including the max-pool indices.
func TestConvMatchesCPU(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	r := tensor.FromSlice(make([]float32, 3*4*10*9), 3, 4, 10, 9)
	for i, v := range tensor.Arange(tensor.Float32, 0, float64(r.Size()), 1).Data().([]float32) {
		r.Data().([]float32)[i] = float32((int(v)*7919)%97) / 13
	}
	w := tensor.FromSlice(make([]float32, 6*2*3*3), 6, 2, 3, 3)
	for i := range w.Data().([]float32) {
		w.Data().([]float32)[i] = float32((i*31)%17-8) / 9
	}
	bias := tensor.FromSlice([]float32{0.5, -1, 0.25, 2, 0, -0.75}, 6)
	o := tensor.Conv2dOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, Groups: 2}
	pairs := []struct {
		name string
		f    func(dev device.Device) *tensor.Tensor
	}{
		{"Conv2d", func(dev device.Device) *tensor.Tensor { return tensor.Conv2d(r.To(dev), w.To(dev), bias.To(dev), o) }},
		{"Conv2dInput", func(dev device.Device) *tensor.Tensor {
			y := tensor.Conv2d(r, w, nil, o).To(dev)
			return tensor.Conv2dInput(y, w.To(dev), r.Shape(), o)
		}},
		{"Conv2dWeight", func(dev device.Device) *tensor.Tensor {
			y := tensor.Conv2d(r, w, nil, o).To(dev)
			return tensor.Conv2dWeight(r.To(dev), y, w.Shape(), o)
		}},
		{"MaxPool2d", func(dev device.Device) *tensor.Tensor {
			out, _ := tensor.MaxPool2d(r.To(dev), tensor.MaxPool2dOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, CeilMode: true})
			return out
		}},
		{"MaxPool2dIndices", func(dev device.Device) *tensor.Tensor {
			_, idx := tensor.MaxPool2d(r.To(dev), tensor.MaxPool2dOptions{Kernel: [2]int{2, 3}, Dilation: [2]int{2, 1}})
			return idx
		}},
		{"AvgPool2d", func(dev device.Device) *tensor.Tensor {
			return tensor.AvgPool2d(r.To(dev), tensor.AvgPool2dOptions{Kernel: [2]int{3, 2}, Padding: [2]int{1, 1}, CeilMode: true, ExcludePad: true})
		}},
		{"AdaptiveAvgPool2d", func(dev device.Device) *tensor.Tensor { return tensor.AdaptiveAvgPool2d(r.To(dev), 3, 4) }},
	}
	for _, p := range pairs {
		want, got := p.f(device.CPU()), p.f(g)
		if got.Device() != device.Device(g) {
			t.Errorf("%s: result on %s", p.name, got.Device().Name())
		}
		if !tensor.AllClose(got.CPU().AsType(tensor.Float64), want.AsType(tensor.Float64), 1e-5, 1e-5) {
			t.Errorf("%s: device\n%v\nCPU\n%v", p.name, got.CPU(), want)
		}
	}
}

// TestConvPoolLayout runs the convolutions and poolings on device views of every kind,
// against the CPU's answers on contiguous copies (no NaN or Inf: a window's NaN may be
// another on the device, as MaxPool2d documents).
func TestConvPoolLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	layouttest.Run(t, layouttest.ConvOps(true), layouttest.Config{Dev: g, Seed: 7})
}

// TestConvMixedDevices: operands on two devices are a Device error naming both.
func TestConvMixedDevices(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	x := tensor.Zeros(tensor.Float32, 1, 2, 4, 4)
	w := tensor.Zeros(tensor.Float32, 3, 2, 3, 3).To(g)
	err := tensor.Try(func() { tensor.Conv2d(x, w, nil, tensor.Conv2dOptions{}) })
	if tensor.KindOf(err) != tensor.Device || !strings.Contains(err.Error(), g.Name()) {
		t.Errorf("Conv2d on cpu and %s: got %v, want a Device error naming both", g.Name(), err)
	}
}
