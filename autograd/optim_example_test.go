package autograd_test

import (
	"fmt"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

// Fit y = 2x + 1 by least squares with Adam.
func ExampleNewAdam() {
	x := tensor.FromSlice([]float64{0, 1, 2, 3})
	y := tensor.FromSlice([]float64{1, 3, 5, 7})
	w := tensor.Zeros(tensor.Float64, 1).RequiresGrad()
	b := tensor.Zeros(tensor.Float64, 1).RequiresGrad()
	params := []*tensor.Tensor{w, b}
	opt := autograd.NewAdam(params, autograd.Adam{LR: 0.1})
	for step := 0; step < 500; step++ {
		opt.ZeroGrad()
		loss := tensor.Square(x.Mul(w).Add(b).Sub(y)).Mean()
		autograd.Backward(loss)
		opt.Step()
	}
	fmt.Printf("w = %.3f, b = %.3f\n", w.Item(), b.Item())
	// Output: w = 2.000, b = 1.000
}

// SGD with momentum, gradient clipping and a learning rate divided by 10 every 30 epochs.
func ExampleNewSGD() {
	w := tensor.FromSlice([]float64{3, -4}).RequiresGrad()
	params := []*tensor.Tensor{w}
	opt := autograd.NewSGD(params, autograd.SGD{LR: 0.1, Momentum: 0.9})
	sched := autograd.NewStepLR(opt, autograd.StepLR{StepSize: 30, Gamma: 0.1})
	for epoch := 0; epoch < 90; epoch++ {
		opt.ZeroGrad()
		autograd.Backward(w.Mul(w).Sum()) // |w|^2
		norm := autograd.ClipGradNorm(params, 1, 2)
		if epoch == 0 {
			fmt.Printf("first gradient norm %.1f, clipped to 1\n", norm)
		}
		opt.Step()
		sched.Step()
	}
	fmt.Printf("lr %.0e, w = [%.4f %.4f]\n", opt.LR(), w.At(0), w.At(1))
	// Output:
	// first gradient norm 10.0, clipped to 1
	// lr 1e-04, w = [0.0030 -0.0040]
}
