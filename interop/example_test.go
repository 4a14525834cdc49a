package interop_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	gorgonia "gorgonia.org/tensor"

	"github.com/gotensor/gotensor/interop"
	"github.com/gotensor/gotensor/tensor"
)

func ExampleFromGorgonia() {
	d := gorgonia.New(gorgonia.WithShape(2, 3), gorgonia.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	x := interop.FromGorgonia(d) // shares d's memory
	x.SetAt(20, 0, 1)
	fmt.Println(x.Shape(), d.Data())

	// A lazily transposed Dense is shared as a transposed view.
	if err := d.T(); err != nil {
		panic(err)
	}
	xt := interop.FromGorgonia(d)
	fmt.Println(xt.Shape(), xt.ElemStrides(), xt.At(1, 0))
	// Output:
	// [2 3] [1 20 3 4 5 6]
	// [3 2] [1 3] 20
}

func ExampleToGorgonia() {
	x := tensor.FromSlice([]int32{0, 1, 2, 3, 4, 5}, 2, 3)
	d := interop.ToGorgonia(x.T()) // a gorgonia view of the same memory
	if err := d.SetAt(int32(50), 2, 1); err != nil {
		panic(err)
	}
	fmt.Println(d.Shape(), d.Dtype(), tensor.ToSlice[int32](x))
	// Output: (3, 2) int32 [0 1 2 3 4 50]
}

func ExampleFromMat() {
	m := mat.NewDense(3, 4, []float64{
		0, 1, 2, 3,
		4, 5, 6, 7,
		8, 9, 10, 11,
	})
	x := interop.FromMat(m.Slice(0, 2, 1, 3)) // a view of rows 0-1, columns 1-2: shared
	x.SetAt(-1, 1, 1)
	fmt.Println(x.Shape(), x.ElemStrides(), m.At(1, 2))
	// Output: [2 2] [4 1] -1
}

func ExampleToMat() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	m := interop.ToMat(x.Slice(tensor.S(1, 3))) // rows 1 and 2, shared
	m.Scale(10, m)                              // gonum writes into x's memory
	fmt.Println(tensor.ToSlice[float64](x))
	// Output: [1 2 30 40 50 60]
}

func ExampleToVec() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6})
	v := interop.ToVec(x.Slice(tensor.S(tensor.None, tensor.None, 2))) // Inc 2, shared
	v.ScaleVec(-1, v)
	fmt.Println(v.Len(), v.RawVector().Inc, tensor.ToSlice[float64](x))
	// Output: 3 2 [-1 2 -3 4 -5 6]
}
