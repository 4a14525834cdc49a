// Package interop converts gotensor tensors to and from gorgonia.org/tensor's *Dense and
// gonum's *mat.Dense and *mat.VecDense. It lives apart from package tensor so that the
// core imports neither library.
//
// # Sharing
//
// A conversion shares memory when the other library can describe the same elements with
// its own layout, and copies otherwise, as np.asarray does. Sharing means a write through
// either value shows in the other; a copy owns its elements. Which calls share:
//
//   - FromGorgonia(d): d of dtype float32, float64, int32, int64, uint8 or bool that is
//     contiguous, column-major (AsFortran), lazily transposed (T) or a Slice view, with or
//     without steps. Copies: the other integer dtypes (widened) and rare Slice views (below).
//   - ToGorgonia(t): a writable CPU tensor that is C-contiguous (a plain Dense) or has
//     positive, non-overlapping strides: transposes, axis permutations, slices with
//     positive steps, integer indexing, new axes (a gorgonia view made with gorgonia's own
//     Slice and T). Copies: broadcast views, negative strides (Flip), other devices.
//   - FromMat(m): *mat.Dense, including Slice views (rare ones below are copied);
//     *mat.VecDense as an n×1 column; implicit transposes (T()) of those. Copies: any
//     other mat.Matrix (SymDense, TriDense, ...).
//   - ToMat(t): a writable float64 CPU matrix whose rows are unit-stride runs at a row
//     stride >= its columns (contiguous, row and column ranges, rows with a step).
//     Copies: transposes, column steps, negative strides, broadcasts, other dtypes.
//   - FromVec(v): *mat.VecDense, any Inc. Copies: any other mat.Vector.
//   - ToVec(t): a writable float64 CPU vector with a positive stride. Copies: the rest.
//
// The views FromGorgonia and FromMat copy: gotensor has no constructor that takes
// arbitrary strides, so a shared tensor is cut out of a C-contiguous block of the other
// library's backing array (extended to its capacity) with gotensor's own views (Reshape,
// Slice with steps, Transpose). For a matrix view with n columns and row stride s that
// block ends pad elements after the view's last element, where pad is the smallest
// divisor of s that is at least n, minus n (zero when n divides s). The view is copied
// when those elements lie past the end of its parent: only a view that includes the
// parent's last row and starts after its first column can be copied (columns 1:4 of a
// 4×5 matrix are; columns 1:3 of a 3×4 matrix are not). Higher-rank views follow the same
// rule. The other direction has no such case, since a tensor's whole buffer is at hand.
//
// # Dtypes
//
// gotensor's float32, float64, int32, int64, uint8 and bool map to gorgonia's dtypes of
// the same names. gorgonia's Int (Go's int, 64 bits on every platform gotensor supports)
// is copied into an int64 tensor, not shared, since gotensor's int64 storage is []int64;
// Uint32 is copied into int64 and Int8, Int16 and Uint16 into int32. ToGorgonia never
// produces Int. gonum matrices hold float64: ToMat and ToVec copy a float32 (or integer,
// or bool) tensor into float64, converted as AsType does.
//
// # Errors
//
// Misuse panics with a *tensor.Error whose Op is "interop.<Func>" (tensor.Try turns it
// into an error): an unsupported gorgonia dtype, a masked Dense or one in memory Go cannot
// reach (kind Value); a tensor of the wrong rank for gonum, or with one zero dimension
// (kind Shape).
package interop
