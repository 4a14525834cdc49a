package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/tensor"
)

// TestAddAtTensor runs tensor.AddAt on the GPU (or the emulator) against the CPU: an
// axis, the flattened form on a transposed dst (through a temporary), a broadcast src of
// another dtype, integer counts, and an index out of range leaving dst as it was.
func TestAddAtTensor(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	idx := tensor.FromSlice([]int64{3, 0, -1, 3, 3, 1, -4})
	base := tensor.Arange(tensor.Float32, 0, 48, 1).Reshape(6, 8).Mul(0.25)
	src := tensor.Arange(tensor.Float64, 0, 42, 1).Reshape(6, 7).Mul(0.5)
	cases := []struct {
		name string
		run  func(dst, idx *tensor.Tensor, src *tensor.Tensor) *tensor.Tensor
	}{
		{"axis1-view", func(d, i, s *tensor.Tensor) *tensor.Tensor {
			v := d.Slice(tensor.S(tensor.None, tensor.None, -1), tensor.S(1, 6))
			tensor.AddAt(v, i, s, 1)
			return d
		}},
		{"flat-transposed", func(d, i, s *tensor.Tensor) *tensor.Tensor {
			tensor.AddAt(d.T(), i, s.Slice(0))
			return d
		}},
		{"axis0-broadcast", func(d, i, s *tensor.Tensor) *tensor.Tensor {
			tensor.AddAt(d, i.Slice(tensor.S(0, 5)), s.Slice(tensor.S(0, 1), tensor.S(0, 1)), 0)
			return d
		}},
		{"counts", func(d, i, s *tensor.Tensor) *tensor.Tensor {
			c := tensor.Zeros(tensor.Int64, 5).To(d.Device())
			tensor.AddAt(c, i, 1)
			return c
		}},
	}
	for _, c := range cases {
		want := c.run(base.Copy(), idx, src)
		got := c.run(base.To(g).Copy(), idx.To(g), src.To(g))
		if got.Device() != g {
			t.Fatalf("%s: ran on %s", c.name, got.Device().Name())
		}
		if !tensor.ArrayEqual(got.CPU(), want) {
			t.Errorf("%s: got\n%v\nwant\n%v", c.name, got.CPU(), want)
		}
	}
	d := base.To(g).Copy()
	err := tensor.Try(func() { tensor.AddAt(d, tensor.FromSlice([]int64{0, 8, -9}).To(g), 1.0, 1) })
	if tensor.KindOf(err) != tensor.Index || err.Error() != "tensor.AddAt: index 8 is out of bounds for axis 1 with size 8" {
		t.Errorf("got %v", err)
	}
	if !tensor.ArrayEqual(d.CPU(), base) {
		t.Errorf("dst changed despite the error")
	}
}
