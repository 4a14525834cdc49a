package tensor_test

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// SearchSorted finds insertion points in a sorted tensor; with a sorter (ArgSort of an
// unsorted one) it reads the tensor in that order. NaN sorts last, as in Sort.
func ExampleSearchSorted() {
	a := tensor.FromSlice([]float64{1, 2, 2, 3, math.NaN()})
	v := tensor.FromSlice([]float64{2, 2.5, math.NaN(), 0}, 2, 2)
	fmt.Println(tensor.SearchSorted(a, v, "left", nil))
	fmt.Println(a.SearchSorted(2, "right", nil))

	u := tensor.FromSlice([]int64{30, 10, 20})
	fmt.Println(u.SearchSorted(tensor.FromSlice([]int64{15, 30}), "left", u.ArgSort()))
	// Output:
	// array([[1, 3],
	//        [4, 0]])
	// array(3)
	// array([1, 2])
}

// Digitize bins values by increasing or decreasing edges.
func ExampleDigitize() {
	x := tensor.FromSlice([]float64{-1, 0, 0.5, 1, 7})
	fmt.Println(x.Digitize(tensor.FromSlice([]float64{0, 1, 5}), false))
	fmt.Println(x.Digitize(tensor.FromSlice([]float64{0, 1, 5}), true))
	fmt.Println(x.Digitize(tensor.FromSlice([]float64{5, 1, 0}), false))
	// Output:
	// array([0, 1, 1, 2, 3])
	// array([0, 0, 1, 1, 3])
	// array([3, 2, 2, 1, 0])
}

// Partition puts the k-th smallest element in place with the smaller ones before it and
// the larger ones after: the top 3 of each row are the last 3 after partitioning at n-3.
// ArgPartition gives their positions.
func ExamplePartition() {
	scores := tensor.FromSlice([]float64{0.1, 0.9, 0.4, 0.7, 0.3, 0.8, 0.2, 0.6}, 2, 4)
	top := scores.Partition(-3).Slice(tensor.S(), tensor.S(-3, tensor.None))
	fmt.Println(top.Shape(), tensor.ToSlice[float64](top.Sort()))
	// Axis None partitions the flattened scores; the first 2 positions hold the 2 smallest.
	idx := scores.ArgPartition(1, tensor.None)
	fmt.Println(idx.Shape(), tensor.ToSlice[int64](idx.Slice(tensor.S(0, 2)).Sort()))
	// Output:
	// [2 3] [0.4 0.7 0.9 0.3 0.6 0.8]
	// [8] [0 6]
}

// LexSort sorts by several keys, the last one first: here by surname, then by first name.
func ExampleLexSort() {
	surname := tensor.FromSlice([]int64{2, 1, 2, 1})
	first := tensor.FromSlice([]float64{0.5, 0.7, 0.1, 0.7})
	fmt.Println(tensor.LexSort([]*tensor.Tensor{first, surname}))
	// Output: array([1, 3, 2, 0])
}

// IsIn tests membership in a set of values of any shape; NaN is in nothing.
func ExampleIsIn() {
	x := tensor.FromSlice([]float64{1, 2, math.NaN(), 4}, 2, 2)
	set := tensor.FromSlice([]float64{4, math.NaN(), 1})
	fmt.Println(x.IsIn(set, false))
	fmt.Println(x.IsIn(2, true))
	// Output:
	// array([[ True, False],
	//        [False,  True]])
	// array([[ True, False],
	//        [ True,  True]])
}

// Interp evaluates a piecewise-linear function; InterpPeriodic wraps around a period.
func ExampleInterp() {
	xp := tensor.FromSlice([]float64{0, 1, 3})
	fp := tensor.FromSlice([]float64{10, 20, 0})
	x := tensor.FromSlice([]float64{-1, 0.5, 2, 5})
	fmt.Println(x.Interp(xp, fp, nil, nil))
	fmt.Println(x.Interp(xp, fp, -1, math.NaN()))
	fmt.Println(x.InterpPeriodic(xp, fp, 4))
	// Output:
	// array([10., 15., 10.,  0.])
	// array([-1., 15., 10., nan])
	// array([ 0., 15., 10., 20.])
}
