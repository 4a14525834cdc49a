package tensor_test

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// The float functions follow NumPy: integer inputs give float64, domain errors give NaN.
func ExampleLog2() {
	fmt.Println(tensor.ToSlice[float64](tensor.Log2(tensor.FromSlice([]int64{1, 8, 1024, 0}))))
	fmt.Println(tensor.ToSlice[float64](tensor.Arcsin(tensor.FromSlice([]float64{1, 0, 2}))))
	// Output:
	// [0 3 10 -Inf]
	// [1.5707963267948966 0 NaN]
}

// Fmod keeps the dividend's sign, Mod (and Divmod's remainder) the divisor's.
func ExampleDivmod() {
	a := tensor.FromSlice([]int32{7, -7, 7, -7})
	b := tensor.FromSlice([]int32{2, 2, -2, -2})
	q, r := tensor.Divmod(a, b)
	fmt.Println(tensor.ToSlice[int32](q), tensor.ToSlice[int32](r))
	fmt.Println(tensor.ToSlice[int32](tensor.Fmod(a, b)))
	// Output:
	// [3 -4 -4 3] [1 1 -1 -1]
	// [1 -1 1 -1]
}

// Fmax and Fmin ignore NaN where Maximum and Minimum propagate it.
func ExampleFmax() {
	a := tensor.FromSlice([]float64{1, math.NaN(), math.NaN()})
	b := tensor.FromSlice([]float64{math.NaN(), 2, math.NaN()})
	fmt.Println(tensor.ToSlice[float64](tensor.Fmax(a, b)), tensor.ToSlice[float64](tensor.Maximum(a, b)))
	// Output:
	// [1 2 NaN] [NaN NaN NaN]
}

// The bitwise ops take integers and bools; shifts past the width give 0 (or -1), as NumPy.
func ExampleLeftShift() {
	x := tensor.FromSlice([]int64{1, 1, -8})
	fmt.Println(tensor.ToSlice[int64](tensor.LeftShift(x, tensor.FromSlice([]int64{4, 64, 1}))))
	fmt.Println(tensor.ToSlice[int64](tensor.RightShift(x, 70)))
	fmt.Println(tensor.ToSlice[int64](tensor.BitwiseAnd(x, 6)), tensor.ToSlice[int64](tensor.Invert(x)))
	fmt.Println(tensor.Try(func() { tensor.BitwiseOr(tensor.Ones(tensor.Float32, 2), 1) }))
	// Output:
	// [16 0 -16]
	// [0 0 -1]
	// [0 0 0] [-2 -2 7]
	// tensor.BitwiseOr: BitwiseOr of a float32 tensor and a Go int is not supported: it takes integers and bools (NumPy's bitwise_or); convert with AsType
}

// ClipArray takes tensor bounds that broadcast, or Go numbers, or nil for none.
func ExampleClipArray() {
	x := tensor.FromSlice([]float64{-3, 0.5, 4, 9}, 2, 2)
	lo := tensor.FromSlice([]float64{0, 1}, 2)
	fmt.Println(tensor.ToSlice[float64](tensor.ClipArray(x, lo, 5)))
	fmt.Println(tensor.ToSlice[float64](tensor.ClipArray(x, nil, lo)))
	// Output:
	// [0 1 4 5]
	// [-3 0.5 0 1]
}

func ExampleHypot() {
	fmt.Println(tensor.ToSlice[float64](tensor.Hypot(tensor.FromSlice([]float64{3, 1e300}), 4.0)))
	fmt.Println(tensor.ToSlice[float64](tensor.Arctan2(tensor.FromSlice([]float64{1, -1}), -1.0)))
	// Output:
	// [5 1e+300]
	// [2.356194490192345 -2.356194490192345]
}
