package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

func ExampleEinsum() {
	a := tensor.Arange(tensor.Float64, 0, 6, 1).Reshape(2, 3)
	b := tensor.Arange(tensor.Float64, 0, 3, 1)
	fmt.Println(tensor.Einsum("ij,j->i", a, b)) // a @ b
	fmt.Println(tensor.Einsum("ij->ji", a))     // a.T, a view
	fmt.Println(tensor.Einsum("ij", a).Shape()) // implicit output: the letters once each, sorted
	fmt.Println(tensor.Einsum("ii", tensor.Eye(tensor.Float64, 3, 0, 0)))
	// Output:
	// array([ 5., 14.])
	// array([[0., 3.],
	//        [1., 4.],
	//        [2., 5.]])
	// [2 3]
	// array(3.)
}

func ExampleTensorDot() {
	a := tensor.Arange(tensor.Float64, 0, 24, 1).Reshape(2, 3, 4)
	b := tensor.Ones(tensor.Float64, 3, 4)
	fmt.Println(tensor.TensorDot(a, b, 2))                              // sums over the last two axes of a
	fmt.Println(tensor.TensorDotAxes(a, b, []int{1}, []int{0}).Shape()) // a's axis 1 with b's axis 0
	// Output:
	// array([ 66., 210.])
	// [2 4 4]
}

func ExampleKron() {
	a := tensor.FromSlice([]int64{1, 2})
	b := tensor.FromSlice([]int64{1, 10, 100, 1000}, 2, 2)
	fmt.Println(tensor.Kron(a, b))
	// Output:
	// array([[   1,   10,    2,   20],
	//        [ 100, 1000,  200, 2000]])
}

func ExampleCross() {
	x := tensor.FromSlice([]float64{1, 0, 0})
	y := tensor.FromSlice([]float64{0, 1, 0})
	fmt.Println(tensor.Cross(x, y))
	fmt.Println(tensor.Cross(tensor.FromSlice([]float64{1, 2}), tensor.FromSlice([]float64{3, 4}))) // 2-vectors: the z component
	// Output:
	// array([0., 0., 1.])
	// array(-2.)
}

func ExampleConvolve() {
	a := tensor.FromSlice([]float64{1, 2, 3})
	v := tensor.FromSlice([]float64{0, 1, 0.5})
	fmt.Println(tensor.Convolve(a, v, "full"))
	fmt.Println(tensor.Convolve(a, v, "same"))
	fmt.Println(tensor.Correlate(a, v, "valid"))
	// Output:
	// array([0. , 1. , 2.5, 4. , 1.5])
	// array([1. , 2.5, 4. ])
	// array([3.5])
}
