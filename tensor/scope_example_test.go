package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// A loop body in a Scope: each iteration's temporaries are freed when it ends, so the
// next iteration reuses their memory; Keep takes a result out of the scope.
func ExampleScope() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	mean, std := x.Mean(0), x.Std(0)
	var total float64
	var last *tensor.Tensor
	for i := range 3 {
		tensor.Scope(func() {
			z := x.Sub(mean).Div(std).Mul(float64(i))   // three temporaries, freed at the end
			total += z.Abs().Sum().Item()               // a Go value outlives the scope
			last = tensor.Keep(z.Slice(tensor.S(0, 1))) // a kept view keeps its storage
		})
	}
	fmt.Println(total)
	fmt.Println(last)
	// Output:
	// 18
	// array([[-2., -2., -2.]])
}
