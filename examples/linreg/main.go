// Command linreg fits a linear regression y = X·w + b by batch gradient descent on the
// mean squared error: the forward pass is ordinary tensor ops on parameters that require
// gradients, autograd.Backward computes the gradient, and the update writes through
// Detach, so it is not recorded. The answer is checked against linalg.Lstsq.
//
//	go run ./examples/linreg
package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func main() {
	w, b, loss := fit(200, 0.1)
	fmt.Printf("loss %.6f\n", loss)
	fmt.Printf("w %.3f (true [2 -3.5 0.5])\n", tensor.ToSlice[float64](w))
	fmt.Printf("b %.3f (true 1)\n", b)
	lw, lb := lstsq()
	fmt.Printf("lstsq: w %.3f b %.3f\n", tensor.ToSlice[float64](lw), lb)
}

// data returns n samples of 3 features in [-1, 1) and targets X·[2, -3.5, 0.5] + 1 with a
// little noise, the same every run.
func data(n int) (X, y *tensor.Tensor) {
	r := rand.New(rand.NewPCG(1, 2))
	xs, ys := make([]float64, n*3), make([]float64, n)
	for i := range n {
		for j := range 3 {
			xs[i*3+j] = 2*r.Float64() - 1
		}
		ys[i] = 2*xs[i*3] - 3.5*xs[i*3+1] + 0.5*xs[i*3+2] + 1 + 0.01*r.NormFloat64()
	}
	return tensor.FromSlice(xs, n, 3), tensor.FromSlice(ys, n, 1)
}

// fit runs steps of gradient descent with learning rate lr on 500 samples and returns the
// weights (3,), the bias and the final mean squared error.
func fit(steps int, lr float64) (w *tensor.Tensor, b, loss float64) {
	X, y := data(500)
	w = tensor.Zeros(tensor.Float64, 3, 1).RequiresGrad()
	bias := tensor.Zeros(tensor.Float64, 1).RequiresGrad()
	for range steps {
		tensor.Scope(func() { // frees the step's temporaries when it ends
			pred := X.MatMul(w).Add(bias) // (500, 1): X @ w + b, recorded
			mse := tensor.MSE(y, pred)    // mean squared error, a 0-d tensor
			autograd.Backward(mse)        // fills w.Grad() and bias.Grad()
			for _, p := range []*tensor.Tensor{w, bias} {
				p.Detach().SubInPlace(p.Grad().Mul(lr)) // p -= lr * grad, not recorded
				p.ZeroGrad()
			}
		})
	}
	return w.Detach().Reshape(-1), bias.Item(), tensor.MSE(y, X.MatMul(w).Add(bias)).Item()
}

// lstsq solves the same problem in closed form: [X 1] [w; b] = y in the least-squares
// sense, with linalg.Lstsq.
func lstsq() (w *tensor.Tensor, b float64) {
	X, y := data(500)
	A := tensor.Concatenate([]*tensor.Tensor{X, tensor.Ones(tensor.Float64, X.Dim(0), 1)}, 1)
	sol, _, _, _ := linalg.Lstsq(A, y, linalg.DefaultRcond)
	s := tensor.ToSlice[float64](sol)
	return tensor.FromSlice(s[:3]), s[3]
}
