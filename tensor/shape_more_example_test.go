package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

func ExampleArraySplit() {
	x := tensor.Arange(tensor.Int64, 0, 7, 1)
	for _, p := range tensor.ArraySplit(x, 3, 0) {
		fmt.Println(p)
	}
	// Output:
	// array([0, 1, 2])
	// array([3, 4])
	// array([5, 6])
}

func ExampleDiagonal() {
	x := tensor.Arange(tensor.Int64, 0, 9, 1).Reshape(3, 3)
	fmt.Println(tensor.Diagonal(x, 1), tensor.Trace(x, 0))
	fmt.Println(tensor.Diag(tensor.FromSlice([]int64{1, 2}), -1))
	fmt.Println(tensor.Triu(x, 1))
	// Output:
	// array([1, 5]) array(12)
	// array([[0, 0, 0],
	//        [1, 0, 0],
	//        [0, 2, 0]])
	// array([[0, 1, 2],
	//        [0, 0, 5],
	//        [0, 0, 0]])
}

func ExampleRoll() {
	x := tensor.Arange(tensor.Int64, 0, 6, 1).Reshape(2, 3)
	fmt.Println(tensor.Roll(x, 1, 1))
	fmt.Println(tensor.Rot90(x, 1))
	// Output:
	// array([[2, 0, 1],
	//        [5, 3, 4]])
	// array([[2, 5],
	//        [1, 4],
	//        [0, 3]])
}

func ExampleMeshgrid() {
	xs := tensor.FromSlice([]float64{1, 2, 3})
	ys := tensor.FromSlice([]float64{10, 20})
	g := tensor.Meshgrid(xs, ys)
	fmt.Println(g[0])
	fmt.Println(g[1])
	// Output:
	// array([[1., 2., 3.],
	//        [1., 2., 3.]])
	// array([[10., 10., 10.],
	//        [20., 20., 20.]])
}

func ExamplePad() {
	x := tensor.FromSlice([]int64{1, 2, 3})
	for _, mode := range []string{"constant", "edge", "reflect", "symmetric", "wrap"} {
		fmt.Println(mode, tensor.Pad(x, [][2]int{{2, 3}}, mode))
	}
	// Output:
	// constant array([0, 0, 1, 2, 3, 0, 0, 0])
	// edge array([1, 1, 1, 2, 3, 3, 3, 3])
	// reflect array([3, 2, 1, 2, 3, 2, 1, 2])
	// symmetric array([2, 1, 1, 2, 3, 3, 2, 1])
	// wrap array([2, 3, 1, 2, 3, 1, 2, 3])
}

func ExampleExpandDims() {
	x := tensor.Zeros(tensor.Float32, 3)
	fmt.Println(tensor.ExpandDims(x, 0, -1).Shape(), tensor.AtLeast3D(x).Shape(), tensor.MoveAxis(tensor.Zeros(tensor.Float32, 2, 3, 4), 0, -1).Shape())
	// Output: [1 3 1] [1 3 1] [3 4 2]
}
