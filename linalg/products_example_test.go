package linalg_test

import (
	"fmt"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func ExampleMultiDot() {
	a := tensor.Ones(tensor.Float64, 10, 100)
	b := tensor.Ones(tensor.Float64, 100, 5)
	c := tensor.Ones(tensor.Float64, 5, 50)
	// Computed as (a @ b) @ c: 7,500 multiplications instead of 75,000 for a @ (b @ c).
	fmt.Println(linalg.MultiDot(a, b, c).Shape())
	// A 1-D first or last operand is a row or column vector.
	v := tensor.FromSlice([]float64{1, 2})
	fmt.Println(linalg.MultiDot(v, tensor.Eye(tensor.Float64, 2, 0, 0), v))
	// Output:
	// [10 50]
	// array(5.)
}

func ExampleMatrixPower() {
	fib := tensor.FromSlice([]int64{1, 1, 1, 0}, 2, 2)
	fmt.Println(linalg.MatrixPower(fib, 10))
	fmt.Println(linalg.MatrixPower(tensor.FromSlice([]float64{2, 1, 1, 1}, 2, 2), -2))
	// Output:
	// array([[89, 55],
	//        [55, 34]])
	// array([[ 2., -3.],
	//        [-3.,  5.]])
}

func ExampleCond() {
	x := tensor.FromSlice([]float64{1, 0, 0, 4}, 2, 2)
	fmt.Println(linalg.Cond(x, linalg.Default)) // largest over smallest singular value
	fmt.Println(linalg.Cond(x, linalg.P(1)))    // Norm(x, 1) * Norm(Inv(x), 1)
	fmt.Println(linalg.Cond(tensor.FromSlice([]float64{1, 2, 2, 4}, 2, 2), linalg.Inf))
	// Output:
	// array(4.)
	// array(4.)
	// array(inf)
}
