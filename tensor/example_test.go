package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// FromSlice shares the Go slice, as torch.from_numpy does: no copy is made.
func ExampleFromSlice() {
	data := []float64{1, 2, 3, 4, 5, 6}
	x := tensor.FromSlice(data, 2, 3)
	fmt.Println(x.Shape(), x.DType(), x.Size(), x.NBytes())

	data[0] = 100 // writes through the slice show in the tensor
	fmt.Println(x.At(0, 0))
	// Output:
	// [2 3] float64 6 48
	// 100
}

func ExampleZeros() {
	w := tensor.Zeros(tensor.Float32, 3, 4)
	fmt.Println(w.Shape(), w.DType())
	fmt.Println(tensor.ToSlice[float32](w))
	// Output:
	// [3 4] float32
	// [0 0 0 0 0 0 0 0 0 0 0 0]
}

func ExampleArange() {
	x := tensor.Arange(tensor.Int64, 0, 10, 3)
	fmt.Println(tensor.ToSlice[int64](x))
	fmt.Println(tensor.ToSlice[float64](tensor.Linspace(tensor.Float64, 0, 1, 5, true)))
	// Output:
	// [0 3 6 9]
	// [0 0.25 0.5 0.75 1]
}

func ExampleEye() {
	fmt.Println(tensor.ToSlice[float64](tensor.Eye(tensor.Float64, 3, 0, 0)))
	// Output: [1 0 0 0 1 0 0 0 1]
}

// Slicing returns a view: same storage, new layout, as NumPy's basic indexing.
func ExampleTensor_Slice() {
	original := tensor.Arange(tensor.Float64, 0, 16, 1).Reshape(4, 4)

	view := original.Slice(tensor.S(tensor.None, tensor.None, 2), tensor.S(tensor.None, tensor.None, 2)) // original[::2, ::2]
	cp := original.Copy()
	fmt.Println(view.Shape(), tensor.ToSlice[float64](view))
	fmt.Println(view.SharesMemory(original), cp.SharesMemory(original))

	original.SetAt(999, 0, 0)
	fmt.Println(view.At(0, 0), cp.At(0, 0))

	row := original.Slice(1)                                         // original[1]
	col := original.Slice(tensor.S(), -1)                            // original[:, -1]
	rev := original.Slice(1, tensor.S(tensor.None, tensor.None, -1)) // original[1, ::-1]
	fmt.Println(tensor.ToSlice[float64](row), tensor.ToSlice[float64](col), tensor.ToSlice[float64](rev))
	// Output:
	// [2 2] [0 2 8 10]
	// true false
	// 999 0
	// [4 5 6 7] [3 7 11 15] [7 6 5 4]
}

// Shapes broadcast from the right, as in NumPy: (2,3) + (3,) adds the row to each row.
func ExampleAdd() {
	a := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	bias := tensor.FromSlice([]float64{10, 20, 30})
	fmt.Println(tensor.ToSlice[float64](a.Add(bias)))

	col := tensor.FromSlice([]float64{100, 200}, 2, 1)
	fmt.Println(tensor.ToSlice[float64](tensor.Add(a, col)))

	fmt.Println(tensor.BroadcastShapes([]int{2, 1, 4}, []int{3, 4}))

	// A Go scalar keeps the tensor's dtype (NumPy 2's "weak" scalars).
	f := tensor.FromSlice([]float32{1, 2}).Mul(0.5)
	fmt.Println(f.DType(), tensor.ToSlice[float32](f))
	// Output:
	// [11 22 33 14 25 36]
	// [101 102 103 204 205 206]
	// [2 3 4]
	// float32 [0.5 1]
}

// Reductions take axes; tensor.KeepDims among them keeps the reduced axes with size 1.
func ExampleSum() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	fmt.Println(x.Sum().Item())
	fmt.Println(tensor.ToSlice[float64](x.Sum(0)))
	fmt.Println(tensor.ToSlice[float64](x.Sum(1)))
	fmt.Println(x.Sum(1, tensor.KeepDims).Shape())
	fmt.Println(x.Mean().Item(), tensor.ToSlice[int64](x.ArgMax(1)))
	// Output:
	// 21
	// [5 7 9]
	// [6 15]
	// [2 1]
	// 3.5 [2 2]
}

// MatMul follows np.matmul: matrices multiply, batch dimensions broadcast, and a 1-D
// operand is a row on the left or a column on the right.
func ExampleMatMul() {
	a := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tensor.FromSlice([]float64{7, 8, 9, 10, 11, 12}, 3, 2)
	c := a.MatMul(b)
	fmt.Println(c.Shape(), tensor.ToSlice[float64](c))

	v := tensor.FromSlice([]float64{1, 1, 1})
	fmt.Println(tensor.ToSlice[float64](tensor.MatMul(a, v)))
	fmt.Println(a.T().Shape())
	// Output:
	// [2 2] [58 64 139 154]
	// [6 15]
	// [3 2]
}

// Reshape gives a view where NumPy does; -1 stands for the size that fits.
func ExampleTensor_Reshape() {
	images := tensor.Zeros(tensor.Uint8, 100, 784)
	fmt.Println(images.Reshape(100, 28, 28).Shape())
	fmt.Println(images.Reshape(100, 28, 28, -1).Shape())
	fmt.Println(images.Reshape(100, 28, 28, 1).Reshape(100, -1).Shape())

	seq := tensor.Zeros(tensor.Float32, 32, 50, 128)
	fmt.Println(seq.Transpose(1, 0, 2).Shape(), seq.ExpandDims(0).Shape(), seq.ExpandDims(-1).Squeeze().Shape())
	// Output:
	// [100 28 28]
	// [100 28 28 1]
	// [100 784]
	// [50 32 128] [1 32 50 128] [32 50 128]
}

// FMA computes a*b + c in one pass, each element rounded once on the CPU.
func ExampleFMA() {
	x := tensor.FromSlice([]float32{1, 2, 3})
	w := tensor.FromSlice([]float32{0.5, 0.5, 0.5})
	fmt.Println(tensor.ToSlice[float32](tensor.FMA(x, w, 1)))

	// Into an existing tensor, here in place: x = 2x + x.
	tensor.FMAInto(x, x, 2, x)
	fmt.Println(tensor.ToSlice[float32](x))
	// Output:
	// [1.5 2 2.5]
	// [3 6 9]
}
