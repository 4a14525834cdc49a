package tensor

import (
	"testing"
)

// TestConvComposedOnCPU runs the composed (any-device) convolution and pooling paths on
// CPU tensors against the CPU kernels, so they are checked where no emulator is built.
func TestConvComposedOnCPU(t *testing.T) {
	fill := func(shape ...int) *Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float64, n)
		for i := range v {
			v[i] = float64((i*7919)%23-11) / 7
		}
		return FromSlice(v, shape...)
	}
	x, w, b := fill(2, 4, 7, 6), fill(6, 2, 3, 2), fill(6)
	o := Conv2dOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 2}, Groups: 2}.norm("test")
	g := convShapes("test", x.shape, w.shape, o)
	y := fill(g.outShape()...)
	check := func(name string, got, want *Tensor) {
		t.Helper()
		if !AllClose(got, want, 1e-12, 1e-12) {
			t.Errorf("%s: composed\n%v\nkernel\n%v", name, got, want)
		}
	}
	check("Conv2d", conv2dComposed(x, w, b, g), Conv2d(x, w, b, o))
	check("Conv2dInput", conv2dInputComposed("test", y, w, g), Conv2dInput(y, w, x.shape, o))
	check("Conv2dWeight", conv2dWeightComposed("test", x, y, g), Conv2dWeight(x, y, w.shape, o))

	ao := AvgPool2dOptions{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, CeilMode: true}
	tb, oh, ow := avgTable("test", x.shape, 7, 6, ao)
	gp := fill(2, 4, oh, ow)
	check("AvgPool2dBackward", avgPoolGradComposed(gp, tb, x.shape), AvgPool2dBackward(gp, x.shape, ao))
	check("AvgPool2d composed", avgPoolComposed(x, tb, oh, ow), AvgPool2d(x, ao))
	mo := MaxPool2dOptions{Kernel: [2]int{3, 3}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, CeilMode: true}
	mt, moh, mow := maxTable("test", x.shape, 7, 6, mo)
	out, idx := maxPoolComposed(x, mt, moh, mow)
	wout, widx := MaxPool2d(x, mo)
	check("MaxPool2d", out, wout)
	check("MaxPool2d indices", idx.AsType(Float64), widx.AsType(Float64))
}
