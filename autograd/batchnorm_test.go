package autograd

import (
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestBatchNormGradcheck checks BatchNorm's rule against finite differences (4-d with
// weight and bias, 2-d without), its gradient of gradients (the gradient with
// CreateGraph, differentiated again through the recomputed statistics), and
// MaxPool2dBackward's rule (the gather) alone and as max-pooling's double backward.
func TestBatchNormGradcheck(t *testing.T) {
	bn := func(x []*tensor.Tensor) *tensor.Tensor {
		y, _, _ := tensor.BatchNorm(x[0], x[1], x[2], 1e-3)
		return y
	}
	idx := func() *tensor.Tensor {
		x := tensor.FromSlice([]float64{3, 1, 4, 1.5, 5, 9, 2, 6, 5.5, 3.5, 5.8, 9.7, 9.3, 2.3, 8.4, 6.2,
			4.3, 3.3, 8.3, 2.7, 9.5, 0.2, 8.8, 4.1}, 1, 2, 3, 4)
		_, i := tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}, Stride: [2]int{1, 2}})
		return i
	}()
	// tracked returns the inputs as leaves that require gradients: themselves in the
	// analytic pass, copies in the numeric one (which builds them untracked).
	tracked := func(x []*tensor.Tensor) []*tensor.Tensor {
		out := make([]*tensor.Tensor, len(x))
		for i, v := range x {
			out[i] = v
			if !v.TracksGrad() {
				out[i] = v.Copy().RequiresGrad()
			}
		}
		return out
	}
	cases := []gcase{
		{name: "BatchNorm 4-d", op: "BatchNorm", shapes: [][]int{{3, 2, 2, 3}, {2}, {2}}, f: bn},
		{name: "BatchNorm 2-d no affine", op: "BatchNorm", shapes: [][]int{{5, 3}},
			f: func(x []*tensor.Tensor) *tensor.Tensor {
				y, _, _ := tensor.BatchNorm(x[0], nil, nil, 0.1)
				return y.Mul(y)
			}},
		{name: "BatchNorm double backward", op: "Var", shapes: [][]int{{3, 2, 3}, {2}, {2}},
			f: func(x []*tensor.Tensor) *tensor.Tensor {
				x = tracked(x)
				y := bn(x)
				gs := Grad([]*tensor.Tensor{y.Mul(y).Mul(y).Sum()}, x, Options{CreateGraph: true})
				return tensor.Concatenate([]*tensor.Tensor{gs[0].Reshape(-1), gs[1], gs[2]}, 0)
			}},
		{name: "MaxPool2dBackward", op: "MaxPool2dBackward", shapes: [][]int{{1, 2, 2, 2}},
			f: func(x []*tensor.Tensor) *tensor.Tensor {
				return tensor.MaxPool2dBackward(x[0], idx, []int{1, 2, 3, 4})
			}},
		{name: "MaxPool2d double backward", op: "MaxPool2dBackward", shapes: [][]int{{1, 2, 4, 4}},
			f: func(x []*tensor.Tensor) *tensor.Tensor {
				x = tracked(x)
				out, _ := tensor.MaxPool2d(x[0], tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
				return Grad([]*tensor.Tensor{out.Mul(out).Sum()}, x, Options{CreateGraph: true})[0]
			}},
	}
	for _, c := range cases {
		gradcheck(t, c)
	}
}
