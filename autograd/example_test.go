package autograd_test

import (
	"fmt"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

func ExampleBackward() {
	w := tensor.FromSlice([]float64{1, 2, 3}).RequiresGrad()
	x := tensor.FromSlice([]float64{0.5, -1, 2})
	loss := w.Mul(x).Sum().Add(w.Mul(w).Sum()) // w·x + |w|^2
	autograd.Backward(loss)
	fmt.Println(w.Grad()) // x + 2w
	// Output: array([2.5, 3. , 8. ])
}

func ExampleGrad() {
	x := tensor.FromSlice([]float64{1, 2}).RequiresGrad()
	y := x.Pow(3).Sum()
	g := autograd.Grad([]*tensor.Tensor{y}, []*tensor.Tensor{x}, autograd.Options{CreateGraph: true})[0]
	h := autograd.Grad([]*tensor.Tensor{g.Sum()}, []*tensor.Tensor{x})[0]
	fmt.Println(g, h) // 3x^2 and 6x
	// Output: array([ 3., 12.]) array([ 6., 12.])
}
