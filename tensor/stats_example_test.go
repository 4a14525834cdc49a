package tensor_test

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// The NaN-ignoring reductions skip NaN as np.nanmean and friends do.
func ExampleNanMean() {
	x := tensor.FromSlice([]float64{1, math.NaN(), 3, 4, 5, math.NaN()}, 2, 3)
	fmt.Println(tensor.NanMean(x, 1))
	fmt.Println(tensor.NanMax(x, 0))
	fmt.Println(tensor.NanArgMin(x, 1))
	// Output:
	// array([2. , 4.5])
	// array([4., 5., 3.])
	// array([0, 0])
}

// Quantile takes NumPy's methods by name; q may be a number, a slice or a tensor.
func ExampleQuantile() {
	x := tensor.FromSlice([]float64{7, 1, 4, 10, 3})
	fmt.Println(tensor.Quantile(x, []float64{0.25, 0.5, 0.9}, "linear"))
	fmt.Println(tensor.Percentile(x, 50, "lower"))
	// Output:
	// array([3. , 4. , 8.8])
	// array(4.)
}

// Histogram bins equal widths over the data's range, or given edges; Bincount counts
// small integers.
func ExampleHistogram() {
	x := tensor.FromSlice([]float64{0.5, 1.5, 1.7, 2.2, 3, 3})
	hist, edges := tensor.Histogram(x, 3)
	fmt.Println(hist)
	fmt.Println(edges)
	fmt.Println(tensor.Bincount(tensor.FromSlice([]int64{0, 2, 2, 5}), nil, 0))
	// Output:
	// array([1, 2, 3])
	// array([0.5       , 1.33333333, 2.16666667, 3.        ])
	// array([1, 0, 2, 0, 0, 1])
}

// Cov and Corrcoef take rows as variables unless ColumnVars is set.
func ExampleCov() {
	m := tensor.FromSlice([]float64{0, 1, 2, 2, 1, 0}, 2, 3)
	fmt.Println(tensor.Cov(m))
	fmt.Println(tensor.Corrcoef(m))
	fmt.Println(tensor.Average(m, tensor.FromSlice([]float64{1, 1, 2}), 1))
	// Output:
	// array([[ 1., -1.],
	//        [-1.,  1.]])
	// array([[ 1., -1.],
	//        [-1.,  1.]])
	// array([1.25, 0.75])
}

// Diff and Gradient are np.diff and np.gradient: one result per axis for Gradient.
func ExampleGradient() {
	f := tensor.FromSlice([]int64{1, 2, 4, 7, 11})
	fmt.Println(tensor.Diff(f, 1))
	fmt.Println(tensor.DiffWith(f, 1, 0, 0, nil))
	fmt.Println(tensor.Gradient(f)[0])
	fmt.Println(tensor.Gradient(f, tensor.GradientOptions{Spacing: []any{0.5}, EdgeOrder: 2})[0])
	// Output:
	// array([1, 2, 3, 4])
	// array([1, 1, 2, 3, 4])
	// array([1. , 1.5, 2.5, 3.5, 4. ])
	// array([1., 3., 5., 7., 9.])
}
