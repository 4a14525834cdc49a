// Package autograd is reverse-mode automatic differentiation over the tensor package's
// recording hook (define-by-run, as PyTorch).
//
// A tensor marked with RequiresGrad is a leaf; every op of package tensor on it records
// a tensor.Node on its result, and Backward walks those nodes from an output back to the
// leaves, adding the gradient to each leaf's Grad:
//
//	w := tensor.FromSlice([]float64{1, 2, 3}, 3).RequiresGrad()
//	loss := w.Mul(w).Sum()        // sum(w**2)
//	autograd.Backward(loss)       // w.Grad() is 2*w = [2, 4, 6]
//
// Gradients accumulate across passes until ZeroGrad, and a pass releases the graph it
// ran through unless Options.RetainGraph is set. Grad returns gradients without
// touching any Grad (torch.autograd.grad); with Options.CreateGraph the pass is itself
// recorded, so gradients can be differentiated again (Hessian-vector products). Apply
// runs a user-defined Function with its own Backward.
//
// The rules live in one table keyed by the op's name, one file per family
// (elementwise.go, reduce.go, view.go, matmul.go, index.go, ml.go), each a short
// function of tensor ops; broadcasting is undone in one place, so each gradient is
// summed back to its input's shape, and cast to its input's dtype and device. Writing
// into a tensor a rule needs (the input of Log, the result of Exp) between the forward
// op and Backward is a Value error at Backward, caught by the storage's version counter.
//
// Conventions, as PyTorch's:
//   - Abs and ReLU have gradient 0 at 0; Sign, Round, Floor, Ceil and FloorDiv have
//     gradient 0 everywhere; Clip passes the gradient where lo <= x <= hi.
//   - Maximum and Minimum give each side half the gradient on a tie; Max and Min split
//     it evenly among the elements equal to the result (amax/amin), and give 0 where the
//     result is NaN.
//   - Median gives half to each of the two middle elements (all to the middle one for
//     an odd count), each half split evenly among the elements equal to it; 0 on NaN.
//   - Pow: b*a**(b-1) for the base (0 where b == 0) and out*log(a) for the exponent (0
//     where a == 0 and b >= 0).
//   - Sqrt at 0 gives inf; Prod is exact with zeros (no division by them); Var and Std
//     use ddof.
//   - Mod's divisor gets -g*floor(a/b), as torch.remainder.
//   - Take, IndexArrays and MaskSelect scatter-add the gradient (repeated indices add
//     up) with tensor.AddAt on its device; Sort sends it back through the stable sort's
//     permutation.
//
// Custom ops: a Function's Forward receives its inputs detached and may save tensors
// in its Context; its Backward returns one gradient per input.
//
// Optimizers (optim.go) update parameters in place from their Grad as torch.optim does:
// NewSGD, NewAdam, NewAdamW and NewRMSprop take config structs whose zero fields mean
// PyTorch's defaults (Zero sets such a field to 0), Step skips parameters without a
// gradient and ZeroGrad sets gradients to nil. On the CPU each parameter is updated by one
// fused loop that allocates nothing after the first step. ClipGradNorm and ClipGradValue
// clip gradients, and NewStepLR and NewCosineAnnealingLR schedule the learning rate.
//
// Memory: a pass frees its own temporaries (the gradients of intermediate results) as
// soon as it is done with them, ZeroGrad frees the gradients it attached to leaves, and
// a training step run in tensor.Scope frees every other temporary of the step (the
// forward pass's results, the graph's saved tensors) when it ends, so that the next step
// reuses the same memory and no garbage collection has to find it dead. Leaves' gradients
// and optimizer state made inside a scope are kept; the loss, to be used after the scope,
// must be passed to tensor.Keep (which keeps its graph too, for a Backward after the scope).
//
// linalg.Det, Inv, Solve, Cholesky, EigvalsH, Eigh and Norm have rules too (linalg.go),
// batched, with PyTorch's formulas.
//
// Every rule runs with plain tensor ops, on the device of its operands, from any
// goroutine: a pass keeps its state to itself, so goroutines training their own
// tensors never interfere.
package autograd
