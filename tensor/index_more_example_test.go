package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// Advanced indexing through Slice: a mask over one dimension, an index array beside an
// int (adjacent, so the result keeps their place), and NewAxis with a mask.
func ExampleTensor_Slice_advanced() {
	x := tensor.Arange(tensor.Int64, 0, 12, 1).Reshape(3, 4)
	mask := tensor.FromSlice([]bool{true, false, false, true})
	fmt.Println(x.Slice(tensor.S(), mask))
	fmt.Println(x.Slice(1, []int{3, 0}))
	fmt.Println(x.Slice(tensor.NewAxis, []bool{false, true, true}).Shape())
	// Output:
	// array([[ 0,  3],
	//        [ 4,  7],
	//        [ 8, 11]])
	// array([7, 4])
	// [1 2 4]
}

// x[idx] = v with a repeated index: the last assignment wins, as in NumPy.
func ExampleSetSlice_indexArrays() {
	x := tensor.Zeros(tensor.Float64, 5)
	tensor.SetSlice(x, tensor.FromSlice([]float64{1, 2, 3}), []int{1, 1, 3})
	fmt.Println(x)
	// Output: array([0., 2., 0., 3., 0.])
}

func ExamplePut() {
	x := tensor.Arange(tensor.Float64, 0, 5, 1)
	tensor.Put(x, tensor.FromSlice([]int64{-1, 7}), tensor.FromSlice([]float64{10, 20}), "clip")
	fmt.Println(x)
	// Output: array([10.,  1.,  2.,  3., 20.])
}

func ExampleTakeAlongAxis() {
	x := tensor.FromSlice([]float64{3, 1, 2, 9, 7, 8}, 2, 3)
	fmt.Println(tensor.TakeAlongAxis(x, tensor.ArgSort(x, 1), 1))
	top := tensor.ArgMax(x, 1).Reshape(2, 1)
	fmt.Println(tensor.PutAlongAxis(x, top, 0.0, 1))
	// Output:
	// array([[1., 2., 3.],
	//        [7., 8., 9.]])
	// array([[0., 1., 2.],
	//        [0., 7., 8.]])
}

func ExampleArgWhere() {
	x := tensor.FromSlice([]int32{0, 5, 0, -1}, 2, 2)
	fmt.Println(tensor.ArgWhere(x))
	fmt.Println(tensor.FlatNonZero(x))
	// Output:
	// array([[0, 1],
	//        [1, 1]])
	// array([1, 3])
}
