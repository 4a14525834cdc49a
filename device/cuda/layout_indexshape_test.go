package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestLayoutIndexShape runs the indexing and shape functions' layout-invariance table
// (layouttest.IndexShapeOps) on the GPU, or without one on the emulator, against the CPU's
// answers on copies, with TestLayout's layouts.
func TestLayoutIndexShape(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 1, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "flip-inner", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.IndexShapeOps(), cfg)
}

// TestIndexGoSlices checks advanced indexing with Go slices ([]int, []bool, made on the
// host) on a GPU tensor, and the writes that go through scatterSet, against the CPU.
func TestIndexGoSlices(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	x := tensor.Arange(tensor.Float64, 0, 24, 1).Reshape(2, 3, 4)
	gx := x.To(g)
	gets := map[string]func(x *tensor.Tensor) *tensor.Tensor{
		"mask":     func(x *tensor.Tensor) *tensor.Tensor { return x.Slice(tensor.S(), []bool{true, false, true}) },
		"ints":     func(x *tensor.Tensor) *tensor.Tensor { return x.Slice([]int{1, 0, 1}, tensor.S(), []int{-1}) },
		"0-d bool": func(x *tensor.Tensor) *tensor.Tensor { return x.Slice(tensor.Scalar(true), 1) },
		"diagonal": func(x *tensor.Tensor) *tensor.Tensor { return x.Diagonal(1, 1, 2) },
		"pad":      func(x *tensor.Tensor) *tensor.Tensor { return x.Pad([][2]int{{1, 2}}, "reflect") },
		"set ints": func(x *tensor.Tensor) *tensor.Tensor { return x.Copy().SetSlice(-1.0, []int{0, 0}, []int{2, 2}) },
		"set mask": func(x *tensor.Tensor) *tensor.Tensor {
			return x.Copy().SetSlice(7, tensor.S(), []bool{false, true, true}, 0)
		},
		"put": func(x *tensor.Tensor) *tensor.Tensor {
			return x.Copy().T().Put(tensor.FromSlice([]int64{5, 5, 23}).To(x.Device()), 4.5)
		},
		"put along": func(x *tensor.Tensor) *tensor.Tensor {
			return x.Copy().PutAlongAxis(tensor.Zeros(tensor.Int64, 2, 1, 4).To(x.Device()), 0, 1)
		},
		"take along": func(x *tensor.Tensor) *tensor.Tensor {
			return x.TakeAlongAxis(tensor.Ones(tensor.Int64, 2, 3, 1).To(x.Device()), -1)
		},
	}
	for name, f := range gets {
		want := f(x)
		got := f(gx)
		if got.Device() != g {
			t.Errorf("%s ran on %s", name, got.Device().Name())
		}
		if !tensor.ArrayEqual(got.CPU(), want) {
			t.Errorf("%s on %s:\n%v\nwant\n%v", name, g.Name(), got.CPU(), want)
		}
	}
}
