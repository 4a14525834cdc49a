// Package tensor is gotensor's n-dimensional array: NumPy's ndarray semantics (dtypes,
// strided views, broadcasting, type promotion, reductions) over storage owned by a
// device. Every op validates its operands here and then runs through one dispatch point
// (dispatch.go) on the device that holds them: the CPU backend, or a GPU.
//
// # Functions and methods
//
// One rule decides what is a function and what is a method:
//
//   - Every op is a package-level function with a signature and a doc comment:
//     tensor.Exp(x), tensor.Add(a, b), tensor.Reshape(x, 2, 3), tensor.Clip(x, 0, 1).
//     None is a package variable.
//   - A function whose first parameter is a single *Tensor also has a method of the
//     same name that forwards to it: x.Exp() is Exp(x), x.Sum(0) is Sum(x, 0), a.Add(b)
//     is Add(a, b), and out.AddInto(a, b) is AddInto(out, a, b).
//   - Functions whose first parameter is not a single tensor are functions only:
//     constructors (Zeros, Arange, FromSlice, Array), ops over several tensors
//     (Concatenate, Stack), generic functions (ToSlice, DataAs: Go methods cannot
//     have type parameters) and I/O (LoadNpy, SaveNpy). The element-wise ops with two
//     operands take any as both (Add(2, x) works) and have methods all the same:
//     x.Add(2), x.Maximum(y), x.Less(0).
//   - Methods without a function are what is not an op: accessors (Shape, DType, At,
//     Item), conversions to Go values (Int, Bool, String), device moves (To, CPU),
//     in-place updates (Fill, SetAt, AddInPlace) and autograd hooks (Grad, Detach).
//
// TestAPIRuleFunctionsHaveMethods and TestAPIRuleNoFuncVariables enforce the rule on the
// package source.
//
// # Numbers
//
// Where an op takes a number it takes any Go numeric type (int, int8, ..., uint64,
// float32, float64, named types over them) and bool, and where it takes "a tensor or a
// number" (the operands of Add, Where, MaskAssign, ...) the parameter is any. Go scalars
// are "weak", as Python scalars under NEP 50: a.Mul(0.5) keeps a's float32, and a Go
// integer outside the range of the integer dtype it meets (uint8 tensor + 300) is a
// Value error rather than a wrapped value. A uint64 beyond int64's range, the widest
// integer dtype, is a Value error.
//
// # Building tensors
//
// FromSlice wraps a flat Go slice; Array copies a Go number or nested slices of any depth
// (np.array([[1, 2], [3, 4]]) is Array([][]int{{1, 2}, {3, 4}})); Full, Zeros, Ones,
// Arange, Linspace and Eye make tensors from a dtype and shape. Go int is int64, as NumPy
// makes Python ints int64; the Go integer types gotensor has no dtype for take the
// nearest one that holds them (int8, int16 and uint16 give int32; uint32 and uint64
// give int64).
//
// Memory sharing, as with torch.from_numpy and .numpy(): FromSlice shares the caller's
// slice (an []int only where int has 64 bits); Array copies; Data returns the backing slice of a contiguous CPU tensor, shared; views
// (Slice, Transpose, Reshape where NumPy gives a view, BroadcastTo, Flip, ...) share
// storage with their base. Copy, Contiguous (when needed), Flatten, ToSlice and To (to
// another device) copy.
//
// # Reductions and NumPy's bits
//
// On the CPU, Sum, Prod, Mean, Var and Std (and the functions built on them) give NumPy
// 1.24's bits, not just its values: a float sum adds in the array's dtype in the order
// NumPy's reduction iterator does (the axes sorted by stride, so C-, F-ordered,
// transposed, sliced and reversed views each add in their own memory order; runs along the
// fastest reduced axes cut into pieces of 8,192 and each added by NumPy's pairwise
// summation, with eight accumulators and leaves of 128; elements along the other axes
// added one at a time), Mean and Var are composed as NumPy's _mean and _var, integer
// inputs to Mean, Var and Std are converted to float64 on the way as NumPy's buffered
// cast does, where= selects runs as NumPy's masked loop does (SumWith, MeanWith, ...),
// and dtype= (ReduceOptions.DType) casts each element as it is read, as NumPy's buffered
// cast does. AllWith and AnyWith take where= too.
// TestReduceBits checks some 3,600 recorded cases, in every layout above, bit for bit.
// No layout is known to differ. GPUs keep their own order (tree reductions accumulating
// in float64), so their results agree with NumPy's to rounding, not to the bit; so do
// reductions that record a gradient with where= or initial=, which are composed of
// differentiable ops. NumPy's float32 pairwise sums lose accuracy on long runs; the
// Compensated option (x.Sum(0, tensor.Compensated)) sums in float64 with compensation,
// as gotensor did before, at the cost of NumPy's bits.
//
// # Convolution and pooling
//
// Conv2d (with its adjoints Conv2dInput and Conv2dWeight), MaxPool2d, AvgPool2d,
// AdaptiveAvgPool2d (and their Backward forms) work on (N, C, H, W) or (C, H, W)
// tensors, as torch.nn.functional's conv2d and pooling (conv.go, pool.go).
//
// # Errors
//
// Misuse panics with a *Error, on the calling goroutine (a panic inside a worker
// goroutine of the CPU backend is carried back to the caller); Try turns it into an
// error and KindOf tells its Kind:
//
//   - Shape: operands whose shapes do not fit (broadcasting, matmul, reshape, concatenate,
//     a squeezed axis that is not 1).
//   - Axis: an axis outside [-rank, rank).
//   - Index: an index out of range, a non-integer index tensor, a mask of the wrong shape,
//     index tensors that do not broadcast together (NumPy's IndexError).
//   - Value: any other invalid argument: a bad dtype, a negative dimension, a shape whose
//     element or byte count overflows an int (NumPy's "array is too big"), a Go integer
//     scalar outside the range of the integer dtype it takes (NEP 50: uint8 + 300), a NaN,
//     infinite or out-of-range value stored into an integer tensor, a NaN or infinite
//     Arange bound, a write to a read-only view (a broadcast or a Diagonal), and a nil
//     *Tensor, a zero Tensor{} or a tensor used after Free.
//   - Singular: a singular matrix in linear algebra.
//   - Device: a device failure: an allocation larger than the memory the process may use
//     (the least of physical memory, the cgroup's memory.max and GOMEMLIMIT; it names the
//     bytes asked for and the limit, as NumPy's MemoryError, and the process goes on),
//     a driver error, or tensors on different devices.
//
// I/O (LoadNpy, ReadNpzFile, SaveNpy, ...) returns errors instead of panicking.
//
// # Memory
//
// Results need no freeing: a tensor's storage lives as long as the tensor or any view of
// it is reachable, as any Go value does, and its memory is reused once the garbage
// collector has found it dead. Go learns that late (NumPy frees a temporary the moment
// its last reference goes), so each device paces collections itself: once a window of
// bytes (8 MiB, or 16 times the size of the requests, up to 256 MiB) has been handed out
// since the last collection, it starts one on a background goroutine, and the memory of
// the results found dead serves the next allocations of their size without being zeroed
// (device.GCPacer; the CPU recycler and the CUDA caching allocator). A loop that makes
// temporaries, y := x.Sub(mean).Div(std), thus cycles through a few windows of memory,
// and the heap does not grow.
//
// What the user may keep: anything reachable. A tensor, its views, a slice from Data or
// FromSlice, a gradient from Grad: none of their memory is ever lent to another tensor
// while they can be reached (Data hands its slice out for good: that storage leaves the
// recycler). What is freed without the user asking: gradients that Backward made and
// that no one was handed (ZeroGrad frees them; optimizers read them with BorrowGrad), and
// autograd's own temporaries, as soon as a backward pass is done with them.
//
// Free gives a tensor's storage back at once, without waiting for a collection, for
// code that knows a large result is dead. It ends the tensor and every view of the
// same storage: any later use of them is a Value error, never a read of memory another
// tensor now owns. Free of an ended tensor does nothing. Writes through a Go slice from
// FromSlice or Data are outside the tensor's control.
//
// Scope does the same for a whole block, as TensorFlow.js's tidy: Scope(f) frees, when f
// returns or panics, the storage of every tensor that ops allocated on f's goroutine
// while it ran, except what was passed to Keep and what autograd, the optimizers and nn
// attach to long-lived tensors (leaves' gradients, optimizer state, parameters and
// buffers). A training step or a loop body in a Scope reuses the same memory, still in
// the caches, from one iteration to the next, and starts no collections: the quickstart
// MLP's training loop runs 0.1-0.3 garbage collections per 100 steps where it ran 10
// (docs/PERF.md). Ending a tensor this way is as safe as Free: a later use is a Value
// error naming the Scope. Opening and closing a Scope allocates nothing, and what the
// library makes beside the results and throws away at once (loop plans, the GEMM's
// per-call state, a backward pass's bookkeeping) is pooled, so that a step's heap
// objects are mostly its results: a Tensor each (shape and strides of rank up to 4
// inside it) and, for results that allocate, a buffer (about 180 objects a quickstart
// step). Those are never reused: a tensor someone can reach stays that tensor.
package tensor
