package data_test

import (
	"testing"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// epochConcat runs one shuffled epoch of a Loader over x and y and returns its X and Y
// batches concatenated.
func epochConcat(x, y *tensor.Tensor, prefetch int) []*tensor.Tensor {
	l := data.NewLoader(x, y, data.LoaderOptions{BatchSize: 3, Shuffle: true, Seed: 11, Prefetch: prefetch})
	var xs, ys []*tensor.Tensor
	for b := range l.Epoch() {
		xs, ys = append(xs, b.X), append(ys, b.Y)
	}
	if len(xs) == 0 {
		return []*tensor.Tensor{x.Slice(tensor.S(0, 0)).Copy(), y.Slice(tensor.S(0, 0)).Copy()}
	}
	return []*tensor.Tensor{tensor.Concatenate(xs, 0), tensor.Concatenate(ys, 0)}
}

// TestLayouts: ScaleImages and a Loader's batches do not depend on the inputs' layout
// (contiguous, transposed, negative steps, stepped, broadcast, size 0); 0-d inputs and
// 1-D images are refused on every layout alike.
func TestLayouts(t *testing.T) {
	ops := []layouttest.Op{
		{Family: "data", Name: "ScaleImages", Shapes: [][][]int{{{3, 4, 5}}, {{2, 3}}, {{0, 4, 4}}, {{2, 1, 7, 3}}, {{}}, {{5}}},
			DTypes: []tensor.DType{tensor.Uint8}, Tol: layouttest.Exact,
			Fn: layouttest.One(func(in []*tensor.Tensor) *tensor.Tensor { return data.ScaleImages(in[0]) })},
		{Family: "data", Name: "Loader", Shapes: [][][]int{{{7, 3}, {7}}, {{10, 2, 3}, {10, 2}}, {{0, 4}, {0}}, {{5, 0}, {5}}, {{4}, {4, 1}}, {{}, {}}},
			Tol: layouttest.Exact, Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return epochConcat(in[0], in[1], 2) }},
		{Family: "data", Name: "Loader no prefetch", Shapes: [][][]int{{{7, 3}, {7}}},
			Tol: layouttest.Exact, Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return epochConcat(in[0], in[1], -1) }},
	}
	layouttest.Run(t, ops, layouttest.Config{Dev: device.CPU(), Seed: 3})
}
