package linalg

import (
	"math"
	"strconv"

	"github.com/gotensor/gotensor/tensor"
)

// Ord is the order of a norm, np.linalg.norm's ord. The zero value, Default, is NumPy's
// ord=None; P(p) is a numeric order (P(1), P(2), P(-1), P(0), P(3.5), ...); Inf, NegInf,
// Fro and Nuc are NumPy's inf, -inf, "fro" and "nuc".
type Ord struct {
	kind ordKind
	p    float64
}

type ordKind uint8

const (
	ordNone ordKind = iota
	ordP
	ordFro
	ordNuc
)

// The named norm orders.
var (
	Default = Ord{}             // NumPy's ord=None: the 2-norm of vectors, Frobenius of matrices
	Fro     = Ord{kind: ordFro} // Frobenius norm, matrices only: sqrt(sum(x²))
	Nuc     = Ord{kind: ordNuc} // nuclear norm, matrices only: the sum of the singular values
	Inf     = P(math.Inf(1))    // max |x| for vectors, the largest absolute row sum for matrices
	NegInf  = P(math.Inf(-1))   // min |x| for vectors, the smallest absolute row sum for matrices
)

// P returns the numeric norm order p: for vectors sum(|x|^p)^(1/p) (p = 0 counts the
// non-zero elements; ±Inf are max and min |x|); for matrices only 1, -1, 2, -2 and ±Inf
// are defined (absolute column sums, singular values, absolute row sums).
func P(p float64) Ord { return Ord{kind: ordP, p: p} }

// String spells the order as NumPy does: "None", "fro", "nuc", "inf", "-inf", "2", ...
func (o Ord) String() string {
	switch o.kind {
	case ordNone:
		return "None"
	case ordFro:
		return "fro"
	case ordNuc:
		return "nuc"
	}
	switch {
	case math.IsInf(o.p, 1):
		return "inf"
	case math.IsInf(o.p, -1):
		return "-inf"
	}
	return strconv.FormatFloat(o.p, 'g', -1, 64)
}

func (o Ord) is(p float64) bool { return o.kind == ordP && o.p == p }

// Norm is np.linalg.norm(x, ord, axis): a vector norm over one axis, a matrix norm over
// two (rows, columns), reducing those axes; tensor.KeepDims among the axes keeps them
// with size 1 (NumPy's keepdims=True). With no axes, Default is the 2-norm of the
// flattened tensor (any rank) and other orders need a 1-D tensor (vector norm) or a 2-D
// one (matrix norm). Vector orders: Default and P(2) sqrt(sum(x²)), P(1) sum|x|, Inf max
// |x|, NegInf min |x|, P(0) the count of non-zeros, P(p) sum(|x|^p)^(1/p). Matrix orders:
// Default and Fro sqrt(sum(x²)), P(1)/P(-1) the max/min absolute column sum, Inf/NegInf
// the max/min absolute row sum, P(2)/P(-2) the largest/smallest singular value, Nuc
// their sum. float32 stays float32; integers and bools give float64. An axis out of
// range is an Axis error; an order that does not apply, duplicate axes or more than two
// axes a Value error.
//
// Gradient (autograd), as PyTorch's: 2-norm and Frobenius x·g/‖x‖ (0 where the norm is 0);
// P(1) sign(x)·g; P(0) zero; Inf and NegInf (vector) sign(x)·g shared evenly among the
// elements whose |x| equals the norm; other P(p) sign(x)|x|^(p-1)·g/‖x‖^(p-1) (0 where
// the norm is 0, and for p < 1 where x is 0); matrix P(±1) and Inf/NegInf the same
// sharing among the tied columns or rows; P(±2) and Nuc from the SVD (U diag(g) Vᵀ over
// the largest or smallest singular value, shared among ties, or U Vᵀ), first order only.
func Norm(x *tensor.Tensor, ord Ord, axes ...int) *tensor.Tensor {
	if x == nil {
		fail(tensor.Value, "linalg.Norm", "nil tensor")
	}
	r, p := norm(detach(x), ord, axes)
	return tensor.Record("linalg.Norm", r, p, nil, x)
}

// NormParams is what Norm records for its gradient rule (tensor.Node.Params of a
// "linalg.Norm" node).
type NormParams struct {
	Ord      Ord
	Axes     []int // the reduced axes, non-negative: one (vector norm) or rows and columns (matrix norm); nil for Default over the whole tensor
	KeepDims bool
}

// Number returns p for an order made by P(p) (Inf and NegInf included), and false for
// Default, Fro and Nuc.
func (o Ord) Number() (p float64, ok bool) { return o.p, o.kind == ordP }

func norm(x *tensor.Tensor, ord Ord, axes []int) (*tensor.Tensor, *NormParams) {
	const op = "linalg.Norm"
	keep := false
	var ax []int
	for _, a := range axes {
		if a == tensor.KeepDims {
			keep = true
		} else {
			ax = append(ax, a)
		}
	}
	if x.DType() != tensor.Float32 && x.DType() != tensor.Float64 {
		x = x.AsType(tensor.Float64)
	}
	rank := x.NDim()
	if len(ax) == 0 {
		if ord.kind == ordNone {
			r := sqrtSumSquares(x)
			if keep {
				r = r.Reshape(ones(rank)...)
			}
			return r, &NormParams{Ord: ord, KeepDims: keep}
		}
		switch rank {
		case 1:
			ax = []int{0}
		case 2:
			ax = []int{0, 1}
		default:
			fail(tensor.Value, op, "improper number of dimensions to norm: ord=%v without axes needs a 1-D or 2-D tensor, got shape %s", ord, tensor.ShapeString(x.Shape()))
		}
	}
	for i, a := range ax {
		if a < -rank || a >= rank {
			fail(tensor.Axis, op, "axis %d is out of bounds for a tensor of dimension %d", a, rank)
		}
		if a < 0 {
			ax[i] = a + rank
		}
	}
	params := &NormParams{Ord: ord, Axes: ax, KeepDims: keep}
	switch len(ax) {
	case 1:
		return vectorNorm(x, ord, ax[0], keep), params
	case 2:
		if ax[0] == ax[1] {
			fail(tensor.Value, op, "duplicate axes given: %v", axes)
		}
		r := matrixNorm(x, ord, ax[0], ax[1])
		if keep {
			shape := x.Shape()
			shape[ax[0]], shape[ax[1]] = 1, 1
			r = r.Reshape(shape...)
		}
		return r, params
	}
	fail(tensor.Value, op, "improper number of dimensions to norm: %d axes given, want 1 or 2", len(ax))
	return nil, nil
}

func ones(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// sqrtSumSquares is sqrt(sum(x², axes...)).
func sqrtSumSquares(x *tensor.Tensor, axes ...int) *tensor.Tensor {
	s := tensor.Sum(tensor.Square(x), axes...)
	return tensor.SqrtInto(s, s)
}

// vectorNorm is the norm of order ord along axis (already normalised).
func vectorNorm(x *tensor.Tensor, ord Ord, axis int, keep bool) *tensor.Tensor {
	args := []int{axis}
	if keep {
		args = append(args, tensor.KeepDims)
	}
	switch {
	case ord.kind == ordNone || ord.is(2):
		return sqrtSumSquares(x, args...)
	case ord.kind != ordP:
		fail(tensor.Value, "linalg.Norm", "invalid norm order %q for vectors", ord.String())
	case ord.is(math.Inf(1)):
		return tensor.Max(tensor.Abs(x), args...)
	case ord.is(math.Inf(-1)):
		return tensor.Min(tensor.Abs(x), args...)
	case ord.is(0):
		return tensor.Sum(tensor.NotEqual(x, 0).AsType(x.DType()), args...)
	case ord.is(1):
		return tensor.Sum(tensor.Abs(x), args...)
	}
	s := tensor.Sum(tensor.Pow(tensor.Abs(x), ord.p), args...)
	return tensor.PowInto(s, s, 1/ord.p)
}

// matrixNorm is the norm of order ord over the matrices with rows along axis row and
// columns along axis col (normalised, distinct), without keepdims.
func matrixNorm(x *tensor.Tensor, ord Ord, row, col int) *tensor.Tensor {
	switch {
	case ord.kind == ordNone || ord.kind == ordFro:
		return sqrtSumSquares(x, row, col)
	case ord.kind == ordNuc:
		return tensor.Sum(svdVals("linalg.Norm", moveToEnd(x, row, col)), -1)
	case ord.is(2):
		return tensor.Max(svdVals("linalg.Norm", moveToEnd(x, row, col)), -1)
	case ord.is(-2):
		return tensor.Min(svdVals("linalg.Norm", moveToEnd(x, row, col)), -1)
	case ord.is(1) || ord.is(-1):
		// Column sums reduce the row axis; then the column axis shifts if it followed.
		s := tensor.Sum(tensor.Abs(x), row)
		if col > row {
			col--
		}
		if ord.p > 0 {
			return tensor.Max(s, col)
		}
		return tensor.Min(s, col)
	case ord.is(math.Inf(1)) || ord.is(math.Inf(-1)):
		s := tensor.Sum(tensor.Abs(x), col)
		if row > col {
			row--
		}
		if ord.p > 0 {
			return tensor.Max(s, row)
		}
		return tensor.Min(s, row)
	}
	fail(tensor.Value, "linalg.Norm", "invalid norm order %q for matrices: want Default, Fro, Nuc, Inf, NegInf or P(±1), P(±2)", ord.String())
	return nil
}

// moveToEnd permutes x so that axes row and col are the last two, in that order.
func moveToEnd(x *tensor.Tensor, row, col int) *tensor.Tensor {
	perm := make([]int, 0, x.NDim())
	for i := 0; i < x.NDim(); i++ {
		if i != row && i != col {
			perm = append(perm, i)
		}
	}
	return x.Transpose(append(perm, row, col)...)
}
