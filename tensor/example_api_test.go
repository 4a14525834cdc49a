package tensor_test

import (
	"bytes"
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// Array builds a tensor from nested Go slices, as np.array([[1, 2], [3, 4]]); Go int
// gives int64, as Python's int does in NumPy.
func ExampleArray() {
	x := tensor.Array([][]int{{1, 2}, {3, 4}})
	fmt.Println(x.DType(), x.Shape())
	fmt.Println(x)

	y := tensor.Array([][][]float32{{{0.5}, {1}}, {{1.5}, {2}}})
	fmt.Println(y.DType(), y.Shape())

	// Leaves of type any promote as np.array([1, 2.5]) does.
	z := tensor.Array([]any{1, 2.5})
	fmt.Println(z.DType(), z)

	// A Go number makes a 0-d tensor.
	fmt.Println(tensor.Array(uint16(7)).DType(), tensor.Array(true))
	// Output:
	// int64 [2 2]
	// array([[1, 2],
	//        [3, 4]])
	// float32 [2 2 1]
	// float64 array([1. , 2.5])
	// int32 array(True)
}

// Ragged input, which NumPy refuses as inhomogeneous, is a Shape error naming where the
// first mismatch is.
func ExampleArray_ragged() {
	err := tensor.Try(func() { tensor.Array([][]float64{{1, 2}, {3}}) })
	fmt.Println(tensor.KindOf(err))
	fmt.Println(err)
	// Output:
	// shape
	// tensor.Array: ragged nested sequence: v[1] has length 1 where v[0] has length 2
}

// FromSlice of an []int gives an int64 tensor that shares the slice where int has 64
// bits (amd64, arm64); on 32-bit platforms it is a copy.
func ExampleFromSlice_int() {
	data := []int{10, 20, 30, 40, 50, 60}
	x := tensor.FromSlice(data, 2, 3)
	fmt.Println(x.DType(), x.Shape())
	fmt.Println(x.Sum(1)) // 10+20+30, 40+50+60
	fmt.Println(tensor.Scalar(5).DType())
	// Output:
	// int64 [2 3]
	// array([ 60, 150])
	// int64
}

// MaskSelect is NumPy's x[mask]: the elements where mask is true, in C order, as 1-D.
func ExampleMaskSelect() {
	x := tensor.Array([][]float64{{1, -2, 3}, {-4, 5, -6}})
	fmt.Println(tensor.MaskSelect(x, x.Greater(0)))
	fmt.Println(x.MaskSelect(x.Less(-3)))
	// Output:
	// array([1., 3., 5.])
	// array([-4., -6.])
}

// Where picks from x where cond is true and from y elsewhere, broadcasting the three;
// x and y may be tensors or Go numbers.
func ExampleWhere() {
	x := tensor.Array([]float64{-1.5, 0, 2.5})
	fmt.Println(tensor.Where(x.Greater(0), x, 0))
	fmt.Println(x.Less(0).Where(-1, 1))
	// Output:
	// array([0. , 0. , 2.5])
	// array([-1,  1,  1])
}

// Take gathers along an axis by integer indices (np.take); with no axis it indexes the
// flattened tensor. Negative indices count from the end.
func ExampleTake() {
	x := tensor.Array([][]int{{10, 11, 12}, {20, 21, 22}})
	idx := tensor.Array([]int{2, 0, -1})
	fmt.Println(tensor.Take(x, idx, 1))
	fmt.Println(x.Take(tensor.Array([]int{4})))
	// Output:
	// array([[12, 10, 12],
	//        [22, 20, 22]])
	// array([21])
}

// IndexArrays is NumPy's x[rows, cols] with integer index tensors, which broadcast
// together.
func ExampleIndexArrays() {
	x := tensor.Arange(tensor.Int64, 0, 12, 1).Reshape(3, 4)
	rows := tensor.Array([]int{0, 2, 2})
	cols := tensor.Array([]int{1, 0, -1})
	fmt.Println(tensor.IndexArrays(x, rows, cols))
	fmt.Println(x.IndexArrays(tensor.Array([]int{1}))) // x[[1]]
	// Output:
	// array([ 1,  8, 11])
	// array([[4, 5, 6, 7]])
}

// Concatenate joins tensors along an existing axis; the other dimensions must match.
func ExampleConcatenate() {
	a := tensor.Array([][]int{{1, 2}, {3, 4}})
	b := tensor.Array([][]int{{5, 6}})
	fmt.Println(tensor.Concatenate([]*tensor.Tensor{a, b}, 0))
	fmt.Println(tensor.Concatenate([]*tensor.Tensor{a, a}, -1))

	err := tensor.Try(func() { tensor.Concatenate([]*tensor.Tensor{a, b}, 1) })
	fmt.Println(tensor.KindOf(err))
	// Output:
	// array([[1, 2],
	//        [3, 4],
	//        [5, 6]])
	// array([[1, 2, 1, 2],
	//        [3, 4, 3, 4]])
	// shape
}

// Try turns the *tensor.Error that misuse panics with into an error; KindOf classifies it
// as NumPy's exceptions do.
func ExampleTry() {
	a := tensor.Zeros(tensor.Float64, 2, 3)
	b := tensor.Zeros(tensor.Float64, 4)
	err := tensor.Try(func() { tensor.Add(a, b) })
	fmt.Println(tensor.KindOf(err) == tensor.Shape)
	fmt.Println(err)

	err = tensor.Try(func() { tensor.Add(tensor.Zeros(tensor.Uint8, 2), 300) })
	fmt.Println(tensor.KindOf(err))

	fmt.Println(tensor.Try(func() { tensor.Add(a, 1) }))
	// Output:
	// true
	// tensor.Add: shapes (2, 3) and (4,) do not broadcast: dimension 1 is 3 vs 4
	// value
	// <nil>
}

// LoadNpy reads NumPy's .npy format, as written by np.save or SaveNpy.
func ExampleLoadNpy() {
	var buf bytes.Buffer
	if err := tensor.SaveNpy(&buf, tensor.Array([][]float32{{1, 2, 3}, {4, 5, 6}})); err != nil {
		panic(err)
	}
	x, err := tensor.LoadNpy(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(x.DType(), x.Shape())
	fmt.Println(x)

	_, err = tensor.LoadNpy(bytes.NewReader([]byte("not an npy file")))
	fmt.Println(err != nil)
	// Output:
	// float32 [2 3]
	// array([[1., 2., 3.],
	//        [4., 5., 6.]], dtype=float32)
	// true
}

// Clip's bounds are Go numbers of any type, nil for no bound, or tensors that broadcast.
func ExampleClip() {
	x := tensor.Array([]float64{-2, -0.5, 0.5, 2})
	fmt.Println(tensor.Clip(x, -1, 1))
	fmt.Println(x.Clip(nil, int8(0)))
	fmt.Println(tensor.Clip(x, tensor.Array([]float64{0, 0, 1, 1}), nil))
	// Output:
	// array([-1. , -0.5,  0.5,  1. ])
	// array([-2. , -0.5,  0. ,  0. ])
	// array([0., 0., 1., 2.])
}

// Go numbers of any type are accepted where a number is: here uint16, int8 and a named
// float type.
func ExampleFull() {
	type celsius float64
	fmt.Println(tensor.Full(tensor.Int32, uint16(7), 3))
	fmt.Println(tensor.Full(tensor.Float32, celsius(36.6), 2))
	fmt.Println(tensor.Array([]uint8{1, 2}).Add(int8(3)))
	// Output:
	// array([7, 7, 7], dtype=int32)
	// array([36.6, 36.6], dtype=float32)
	// array([4, 5], dtype=uint8)
}
