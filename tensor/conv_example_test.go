package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

func ExampleConv2d() {
	// One 4x4 image, one channel; a 2x2 filter summing its window, plus a bias of 0.5.
	x := tensor.Arange(tensor.Float64, 0, 16, 1).Reshape(1, 1, 4, 4)
	w := tensor.Ones(tensor.Float64, 1, 1, 2, 2)
	b := tensor.FromSlice([]float64{0.5}, 1)
	fmt.Println(tensor.Conv2d(x, w, b, tensor.Conv2dOptions{Stride: [2]int{2, 2}}))
	// Zero padding of 1 and a 3x3 kernel keep the size.
	y := x.Conv2d(tensor.Ones(tensor.Float64, 1, 1, 3, 3), nil, tensor.Conv2dOptions{Padding: [2]int{1, 1}})
	fmt.Println(y.Shape())
	// Output:
	// array([[[[10.5, 18.5],
	//          [42.5, 50.5]]]])
	// [1 1 4 4]
}

func ExampleMaxPool2d() {
	x := tensor.FromSlice([]float32{
		1, 5, 2, 0,
		3, 4, 8, 1,
		0, 2, 6, 7,
		9, 1, 3, 3,
	}, 1, 4, 4)
	out, idx := tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
	fmt.Println(out)
	fmt.Println(idx) // positions within the 4x4 plane
	// Output:
	// array([[[5., 8.],
	//         [9., 7.]]], dtype=float32)
	// array([[[ 1,  6],
	//         [12, 11]]])
}

func ExampleAvgPool2d() {
	x := tensor.Arange(tensor.Float64, 0, 9, 1).Reshape(1, 3, 3)
	// 2x2 windows with stride 2 and zero padding 1: the corner window holds 1 pixel and
	// 3 zeros, and divides by 4.
	in := tensor.AvgPool2d(x, tensor.AvgPool2dOptions{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}})
	// The same, dividing by the pixels inside the image only.
	ex := tensor.AvgPool2d(x, tensor.AvgPool2dOptions{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}, Padding: [2]int{1, 1}, ExcludePad: true})
	fmt.Println(in)
	fmt.Println(ex)
	// Output:
	// array([[[0.  , 0.75],
	//         [2.25, 6.  ]]])
	// array([[[0. , 1.5],
	//         [4.5, 6. ]]])
}

func ExampleAdaptiveAvgPool2d() {
	// 5 columns into 2: windows [0, 3) and [2, 5) overlap at column 2.
	x := tensor.Arange(tensor.Float64, 0, 5, 1).Reshape(1, 1, 5)
	fmt.Println(tensor.AdaptiveAvgPool2d(x, 1, 2))
	// Output:
	// array([[[1., 3.]]])
}
