package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// SumWith and MeanWith with DType are NumPy's dtype=: float32 data summed in float64.
func ExampleReduceOptions_dtype() {
	x := tensor.FromSlice([]float32{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2, 3)
	f64 := tensor.Float64
	o := tensor.ReduceOptions{DType: &f64}
	fmt.Println(tensor.SumWith(x, o).Item()) // np.sum(x, dtype=np.float64)
	fmt.Println(tensor.SumWith(x, o, 0))     // np.sum(x, axis=0, dtype=np.float64)
	fmt.Println(tensor.MeanWith(x, o, 1))    // np.mean(x, axis=1, dtype=np.float64)
	u8 := tensor.Uint8
	small := tensor.FromSlice([]uint8{200, 100})
	fmt.Println(tensor.SumWith(small, tensor.ReduceOptions{DType: &u8}).Item()) // wraps, as NumPy's uint8 sum
	// Output:
	// 2.1000000461935997
	// array([0.50000001, 0.7       , 0.90000004])
	// array([0.20000001, 0.50000001])
	// 44
}

// AllWith and AnyWith are np.all and np.any with where=: elements outside the mask count
// as true for All and false for Any.
func ExampleAllWith() {
	b := tensor.FromSlice([]bool{true, false, true, true, true, true}, 2, 3)
	m := tensor.FromSlice([]bool{true, false, true})
	fmt.Println(tensor.AllWith(b, tensor.ReduceOptions{Where: m}, 0))                    // np.all(b, axis=0, where=m)
	fmt.Println(tensor.AnyWith(tensor.LogicalNot(b), tensor.ReduceOptions{Where: m}, 1)) // np.any(~b, axis=1, where=m)
	// Output:
	// array([ True,  True,  True])
	// array([False, False])
}
