// Command linreg fits a linear regression y = X·w + b by batch gradient descent on the
// mean squared error, with plain tensor ops: the forward pass, the gradient and the update
// are each a line of matrix products and broadcasting.
//
//	go run ./examples/linreg
package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/gotensor/gotensor/tensor"
)

func main() {
	w, b, loss := fit(200, 0.1)
	fmt.Printf("loss %.6f\n", loss)
	fmt.Printf("w %.3f (true [2 -3.5 0.5])\n", tensor.ToSlice[float64](w))
	fmt.Printf("b %.3f (true 1)\n", b)
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
	n := float64(X.Dim(0))
	w = tensor.Zeros(tensor.Float64, 3, 1)
	bias := tensor.Zeros(tensor.Float64, 1)
	for range steps {
		pred := X.MatMul(w).Add(bias)          // (500, 1): X @ w + b
		diff := pred.Sub(y)                    // residuals
		gradW := X.T().MatMul(diff).Mul(2 / n) // d(MSE)/dw = 2/n Xᵀ(pred - y)
		gradB := diff.Sum(0).Mul(2 / n)        // d(MSE)/db = 2/n Σ(pred - y)
		w.SubInPlace(gradW.Mul(lr))            // w -= lr * gradW, in place
		bias.SubInPlace(gradB.Mul(lr))
	}
	diff := X.MatMul(w).Add(bias).Sub(y)
	return w.Reshape(-1), bias.Item(), diff.Mul(diff).Mean().Item()
}
