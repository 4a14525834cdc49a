package linalg

import "github.com/gotensor/gotensor/tensor"

// Gradients: Det, Inv, Solve, Cholesky, EigvalsH, Eigh and Norm record themselves as one
// node each (two for Eigh) when an input requires a gradient, and package autograd holds
// their rules ("linalg.Det", ...). They compute on detached inputs, so that none of the
// tensor ops inside them records. The other functions of the package record nothing:
// their results do not require a gradient.

// detach returns x without its autograd state when it has one, so that computing on it
// records nothing; nil stays nil (the callers report it).
func detach(x *tensor.Tensor) *tensor.Tensor {
	if x != nil && x.TracksGrad() {
		return x.Detach()
	}
	return x
}

// EighParams is what Eigh records for its gradient rules (tensor.Node.Params of the
// "linalg.Eigh.w" and "linalg.Eigh.v" nodes): copies of the eigenvalues and eigenvectors
// it returned, which the rule of each output needs from the other and which writes to
// the returned tensors do not change.
type EighParams struct {
	W, V *tensor.Tensor
}
