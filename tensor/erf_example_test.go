package tensor_test

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// Erf is odd and saturates at ±1; Erfc keeps the tail that 1 - Erf rounds away. The exact
// GELU is x*(1+Erf(x/√2))/2.
func ExampleErf() {
	x := tensor.FromSlice([]float64{0, 0.5, -1, 3, math.Inf(1)})
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](tensor.Erf(x)))
	fmt.Printf("%.3g\n", tensor.ToSlice[float64](tensor.Erfc(tensor.FromSlice([]float64{6, 10}))))
	fmt.Println(tensor.Erf(tensor.FromSlice([]int32{1})).DType()) // integers give float64
	g := tensor.FromSlice([]float32{-1, 0, 1, 2})
	gelu := g.Mul(tensor.Erf(g.Mul(1 / math.Sqrt2)).Add(1.0)).Mul(0.5)
	fmt.Printf("%.4f\n", tensor.ToSlice[float32](gelu))
	// Output:
	// [0.000000 0.520500 -0.842701 0.999978 1.000000]
	// [2.15e-17 2.09e-45]
	// float64
	// [-0.1587 0.0000 0.8413 1.9545]
}
