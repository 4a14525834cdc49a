package linalg_test

import (
	"fmt"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func ExampleNorm() {
	x := tensor.FromSlice([]float64{3, 4, 0, -12}, 2, 2)
	fmt.Println(linalg.Norm(x, linalg.Default).Item())                      // Frobenius
	fmt.Println(tensor.ToSlice[float64](linalg.Norm(x, linalg.Default, 1))) // each row's 2-norm
	fmt.Println(linalg.Norm(x, linalg.Inf).Item())                          // largest absolute row sum
	fmt.Println(tensor.ToSlice[float64](linalg.Norm(x, linalg.P(1), -1, tensor.KeepDims)))
	// Output:
	// 13
	// [5 12]
	// 12
	// [7 12]
}

func ExampleSolve() {
	a := tensor.FromSlice([]float64{3, 1, 1, 2}, 2, 2)
	b := tensor.FromSlice([]float64{9, 8})
	x := linalg.Solve(a, b)
	fmt.Println(tensor.ToSlice[float64](x))

	err := tensor.Try(func() { linalg.Solve(tensor.FromSlice([]float64{1, 2, 2, 4}, 2, 2), b) })
	fmt.Println(tensor.KindOf(err), err)
	// Output:
	// [2 3]
	// singular linalg.Solve: singular matrix: the 2×2 matrix has a zero pivot in its LU factorisation
}

func ExampleInv() {
	a := tensor.FromSlice([]float32{4, 7, 2, 6}, 2, 2)
	inv := linalg.Inv(a) // float32 in, float32 out, computed in float64
	fmt.Println(inv.DType(), tensor.ToSlice[float32](inv))
	fmt.Printf("%.6f\n", tensor.ToSlice[float32](tensor.MatMul(a, inv)))
	// Output:
	// float32 [0.6 -0.7 -0.2 0.4]
	// [1.000000 0.000000 0.000000 1.000000]
}

func ExampleEigh() {
	a := tensor.FromSlice([]float64{2, 1, 1, 2}, 2, 2)
	w, v := linalg.Eigh(a)
	fmt.Printf("%.4f\n", tensor.ToSlice[float64](w))
	fmt.Printf("%.4f\n", tensor.ToSlice[float64](tensor.Abs(v)))
	// Output:
	// [1.0000 3.0000]
	// [0.7071 0.7071 0.7071 0.7071]
}
