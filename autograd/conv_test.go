package autograd

import (
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestConvGradcheck checks the convolution and pooling rules against finite
// differences: a small CNN chain (conv, ReLU, max-pool, grouped strided conv, average
// pool, adaptive pool), and the adjoints' own rules (the double-backward path):
// Conv2dInput, Conv2dWeight, AvgPool2dBackward and AdaptiveAvgPool2dBackward.
func TestConvGradcheck(t *testing.T) {
	o1 := tensor.Conv2dOptions{Padding: [2]int{1, 1}}
	o2 := tensor.Conv2dOptions{Stride: [2]int{2, 1}, Padding: [2]int{1, 0}, Dilation: [2]int{1, 2}, Groups: 2}
	ap := tensor.AvgPool2dOptions{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}, Padding: [2]int{1, 1}, ExcludePad: true}
	cases := []gcase{
		{name: "cnn chain", op: "MaxPool2d", shapes: [][]int{{2, 2, 6, 6}, {4, 2, 3, 3}, {4}, {6, 2, 2, 2}, {6}},
			f: func(x []*tensor.Tensor) *tensor.Tensor {
				h := tensor.ReLU(tensor.Conv2d(x[0], x[1], x[2], o1))
				h, _ = tensor.MaxPool2d(h, tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
				h = tensor.Conv2d(h, x[3], x[4], o2)
				return tensor.AdaptiveAvgPool2d(tensor.AvgPool2d(h, ap), 2, 1)
			}},
		{name: "Conv2d unbatched", op: "Conv2d", shapes: [][]int{{3, 5, 4}, {2, 3, 2, 3}, {2}},
			f: func(x []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2d(x[0], x[1], x[2], o1) }},
		{name: "Conv2dInput", op: "Conv2dInput", shapes: [][]int{{2, 6, 3, 4}, {6, 2, 2, 2}},
			f: func(x []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2dInput(x[0], x[1], []int{2, 4, 5, 6}, o2) }},
		{name: "Conv2dWeight", op: "Conv2dWeight", shapes: [][]int{{2, 4, 5, 6}, {2, 6, 3, 4}},
			f: func(x []*tensor.Tensor) *tensor.Tensor { return tensor.Conv2dWeight(x[0], x[1], []int{6, 2, 2, 2}, o2) }},
		{name: "AvgPool2dBackward", op: "AvgPool2dBackward", shapes: [][]int{{2, 3, 5, 4}},
			f: func(x []*tensor.Tensor) *tensor.Tensor { return tensor.AvgPool2dBackward(x[0], []int{2, 3, 4, 3}, ap) }},
		{name: "AdaptiveAvgPool2dBackward", op: "AdaptiveAvgPool2dBackward", shapes: [][]int{{3, 2, 3}},
			f: func(x []*tensor.Tensor) *tensor.Tensor { return tensor.AdaptiveAvgPool2dBackward(x[0], []int{3, 5, 7}) }},
	}
	for _, c := range cases {
		gradcheck(t, c)
	}
}
