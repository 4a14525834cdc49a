package tensor

import "testing"

// TestNormComposedOnCPU runs the composed (any-device) BatchNorm, BatchNormBackward and
// MaxPool2dBackward on CPU tensors against the fused CPU kernels, so they are checked
// where no emulator is built.
func TestNormComposedOnCPU(t *testing.T) {
	fill := func(shape ...int) *Tensor {
		v := make([]float64, prod(shape))
		for i := range v {
			v[i] = float64((i*7919)%23-11) / 7
		}
		return FromSlice(v, shape...)
	}
	check := func(name string, got, want *Tensor) {
		t.Helper()
		if !AllClose(got, want, 1e-12, 1e-12) {
			t.Errorf("%s: composed\n%v\nkernel\n%v", name, got, want)
		}
	}
	for _, shape := range [][]int{{3, 4, 5, 2}, {6, 3}, {2, 3, 7}} {
		c := shape[1]
		x, w, b := fill(shape...), fill(c).Add(2.0), fill(c)
		y, m, v := BatchNorm(x, w, b, 1e-3)
		cy, cm, cv, saved := batchNormComposed(x, w, b, 1e-3)
		check("BatchNorm", cy, y)
		check("BatchNorm mean", cm, m)
		check("BatchNorm var", cv, v)
		g := fill(shape...).Mul(-0.5)
		dx, dw, db := BatchNormBackward(g, x, saved.Mean, saved.InvStd, w)
		cdx, cdw, cdb := batchNormBackwardComposed(g, x, saved.Mean, saved.InvStd, w)
		check("BatchNormBackward dx", cdx, dx)
		check("BatchNormBackward dweight", cdw, dw)
		check("BatchNormBackward dbias", cdb, db)
		ndx, _, _ := BatchNormBackward(g, x, saved.Mean, saved.InvStd, nil)
		cndx, _, _ := batchNormBackwardComposed(g, x, saved.Mean, saved.InvStd, nil)
		check("BatchNormBackward dx without weight", cndx, ndx)
	}
	x := fill(2, 3, 7, 6)
	out, idx := MaxPool2d(x, MaxPool2dOptions{Kernel: [2]int{3, 2}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, CeilMode: true})
	g := fill(out.Shape()...)
	check("MaxPool2dBackward", maxPoolGradComposed(g, idx, x.Shape(), 6, 42, idx.Size()/6), MaxPool2dBackward(g, idx, x.Shape()))
}
