package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// Sums, means and standard deviations give NumPy's bits, so printed results match
// NumPy's to the last digit: the column means of standardised data are NumPy's rounding
// residue, not zeros and not some other residue.
//
//	np.random.seed(0); x = np.random.randn(1000, 3)
//	z = (x - x.mean(0, keepdims=True)) / x.std(0, keepdims=True)
//	z.mean(0)  # array([-8.46545056e-18,  8.37108161e-17,  5.03694308e-17])
func ExampleMean_numpyBits() {
	x := random.New(0).Randn(1000, 3)
	z := tensor.Standardize(x, 0)
	fmt.Println(z.Mean(0))
	// Output:
	// array([-8.46545056e-18,  8.37108161e-17,  5.03694308e-17])
}

// Compensated sums in float64 with compensation, rounding once: more accurate than
// NumPy's float32 pairwise sum (np.full(10**6, 0.1, np.float32).sum() is 100000.086).
func ExampleCompensated() {
	x := tensor.Full(tensor.Float32, 0.1, 1000000)
	fmt.Println(x.Sum().Item(), x.Sum(tensor.Compensated).Item())
	// Output:
	// 100000.0859375 100000
}

// SumWith takes NumPy's where= and initial=: np.sum(x, axis=1, where=m, initial=10).
func ExampleSumWith() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	m := tensor.FromSlice([]bool{true, false, true}) // broadcast over the rows
	fmt.Println(tensor.SumWith(x, tensor.ReduceOptions{Where: m, Initial: 10}, 1))
	fmt.Println(x.MeanWith(tensor.ReduceOptions{Where: m}, 0, tensor.KeepDims))
	// Output:
	// array([14., 20.])
	// array([[2.5, nan, 4.5]])
}

// MaxWith needs Initial with Where, as NumPy does, and gives it for an empty slice.
func ExampleMaxWith() {
	x := tensor.FromSlice([]int64{3, 9, 4, 1}, 2, 2)
	m := tensor.FromSlice([]bool{true, false, false, false}, 2, 2)
	fmt.Println(x.MaxWith(tensor.ReduceOptions{Where: m, Initial: 0}, 1))
	err := tensor.Try(func() { x.MaxWith(tensor.ReduceOptions{Where: m}) })
	fmt.Println(tensor.KindOf(err))
	fmt.Println(tensor.MaxWith(tensor.Zeros(tensor.Float32, 0), tensor.ReduceOptions{Initial: -1}).Item())
	// Output:
	// array([3, 0])
	// value
	// -1
}
