package tensor

// Statistics composed of reductions, element-wise ops and MatMul, as NumPy composes
// them: Ptp, CountNonzero, Average, Cov and Corrcoef. They run on every device; the few
// checks NumPy makes on values (weights that sum to zero, negative or fractional
// frequency weights) read a scalar back to the host.

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// Ptp is the range of values (maximum minus minimum) over the given axes (all when none;
// KeepDims keeps them as size 1), as np.ptp: x's dtype (unsigned values wrap as
// NumPy's do), NaN where a slice holds one. A bool tensor (NumPy's boolean subtract) and
// an empty reduction are Value errors.
func Ptp(x *Tensor, axes ...int) *Tensor {
	const op = "Ptp"
	x.must(op)
	if x.dtype == Bool {
		fail(Value, op, "the peak-to-peak of a bool tensor is a boolean subtract, which NumPy refuses: AsType first")
	}
	if reducedSize(op, x, axes) == 0 {
		fail(Value, op, "zero-size tensor of shape %s to a reduction that has no identity", shapeStr(x.shape))
	}
	return Sub(Max(x, axes...), Min(x, axes...))
}

// CountNonzero counts the elements that are not zero (NaN counts) over the given axes
// (all when none; KeepDims keeps them as size 1), as np.count_nonzero: int64, 0-d when
// no axis is given.
func CountNonzero(x *Tensor, axes ...int) *Tensor {
	const op = "CountNonzero"
	x = untrack(x.must(op))
	if x.dtype == Bool {
		return Sum(x, axes...)
	}
	return Sum(NotEqual(x, 0), axes...)
}

// Ptp is the range of values over the given axes (see the function Ptp).
func (t *Tensor) Ptp(axes ...int) *Tensor { return Ptp(t, axes...) }

// CountNonzero counts the non-zero elements over the given axes (see the function).
func (t *Tensor) CountNonzero(axes ...int) *Tensor { return CountNonzero(t, axes...) }

// Average is the weighted mean over the given axes (all when none; KeepDims keeps them
// as size 1), as np.average(x, axis, weights): sum(x*w)/sum(w). weights is nil (then it
// is Mean) or a tensor of x's shape, or, with exactly one axis, a 1-D tensor as long as
// that axis. The result's dtype is np.result_type(x, weights), with float64 for bool and
// integer x. Weights of another shape without one axis are a Shape error; weights that
// sum to zero over a slice are a Value error (NumPy's ZeroDivisionError).
func Average(x, weights *Tensor, axes ...int) *Tensor {
	avg, _ := average("Average", x, weights, axes, false)
	return avg
}

// AverageWithSum is Average that also returns the sum of the weights of each slice,
// broadcast to the average's shape, as np.average(..., returned=True); without weights
// the sum is the count of elements averaged, in the average's dtype.
func AverageWithSum(x, weights *Tensor, axes ...int) (avg, weightSum *Tensor) {
	return average("AverageWithSum", x, weights, axes, true)
}

// Average is the weighted mean over the given axes (see the function Average).
func (t *Tensor) Average(weights *Tensor, axes ...int) *Tensor { return Average(t, weights, axes...) }

// AverageWithSum is the weighted mean and the sum of the weights (see the function).
func (t *Tensor) AverageWithSum(weights *Tensor, axes ...int) (avg, weightSum *Tensor) {
	return AverageWithSum(t, weights, axes...)
}

func average(op string, x, w *Tensor, args []int, returned bool) (avg, wsum *Tensor) {
	x.must(op)
	if w == nil {
		avg = Mean(x, args...)
		if !returned {
			return avg, nil
		}
		if avg.Size() == 0 {
			fail(Value, op, "the count of an empty average of shape %s is a division by zero (NumPy's ZeroDivisionError)", shapeStr(avg.shape))
		}
		return avg, FullLike(avg, float64(x.Size())/float64(avg.Size()))
	}
	w.must(op)
	rt := device.ResultType(x.dtype, w.dtype)
	if !x.dtype.IsFloat() {
		rt = device.ResultType(rt, Float64)
	}
	if !slices.Equal(x.shape, w.shape) {
		var axes []int
		for _, a := range args {
			if a != KeepDims {
				axes = append(axes, a)
			}
		}
		switch {
		case len(axes) == 0:
			fail(Shape, op, "weights of shape %s for x of shape %s: give the axis they run along", shapeStr(w.shape), shapeStr(x.shape))
		case len(axes) > 1:
			fail(Value, op, "weights of shape %s for x of shape %s take one axis, got %v", shapeStr(w.shape), shapeStr(x.shape), axes)
		case len(w.shape) != 1:
			fail(Shape, op, "weights of shape %s for x of shape %s: want 1-D weights when the shapes differ", shapeStr(w.shape), shapeStr(x.shape))
		}
		ax := normAxis(op, axes[0], len(x.shape))
		if w.shape[0] != x.shape[ax] {
			fail(Shape, op, "%d weights for axis %d of length %d (x of shape %s)", w.shape[0], ax, x.shape[ax], shapeStr(x.shape))
		}
		shape := make([]int, len(x.shape))
		for k := range shape {
			shape[k] = 1
		}
		shape[ax] = w.shape[0]
		w = w.Reshape(shape...)
	}
	w = w.as(rt)
	wsum = Sum(w, args...)
	if Any(Equal(wsum, 0)).Bool() {
		fail(Value, op, "weights sum to zero, can't be normalized")
	}
	avg = Div(Sum(Mul(x.as(rt), w), args...), wsum)
	if returned && !slices.Equal(wsum.shape, avg.shape) {
		wsum = wsum.BroadcastTo(avg.shape...).Copy()
	}
	return avg, wsum
}

// CovOptions are the options of Cov and Corrcoef, NumPy's keyword arguments. The zero
// value is np.cov's defaults: rows are variables, normalised by N - 1, no weights.
type CovOptions struct {
	// Y holds more variables, in the same layout as m, joined after m's (np.cov's y).
	Y *Tensor
	// ColumnVars makes each column a variable and each row an observation
	// (rowvar=False).
	ColumnVars bool
	// Bias normalises by N (ddof 0) instead of N - 1.
	Bias bool
	// Ddof, when set, normalises by N - *Ddof whatever Bias says.
	Ddof *int
	// FWeights are 1-D integer frequency weights, one per observation (np.cov's
	// fweights); AWeights are 1-D observation weights (aweights). Cov only.
	FWeights, AWeights *Tensor
}

func covOptions(op string, opts []CovOptions) CovOptions {
	switch len(opts) {
	case 0:
		return CovOptions{}
	case 1:
		return opts[0]
	}
	fail(Value, op, "takes at most one CovOptions, got %d", len(opts))
	return CovOptions{}
}

// Cov is the covariance matrix of the variables in m, as np.cov(m, y, rowvar, bias,
// ddof, fweights, aweights): each row of m is a variable and each column an observation
// (columns with ColumnVars); the result is float64, k x k for k variables, squeezed as
// NumPy does (0-d for one variable). Where the normalisation N - ddof (or its weighted
// form) is not positive it is taken as 0, as NumPy does (with a warning there): the
// result is then Inf or NaN. m or Y of rank above 2, weights of another length than the
// observations or not 1-D are Shape errors; negative weights and fractional frequency
// weights are Value errors. It is composed of Mean, element-wise ops and MatMul on m's
// device.
func Cov(m *Tensor, opts ...CovOptions) *Tensor {
	const op = "Cov"
	m.must(op)
	o := covOptions(op, opts)
	x := covMatrix(op, "m", m, o.ColumnVars)
	if x.shape[0] == 0 {
		return alloc(op, m.Device(), Float64, []int{0, 0})
	}
	if o.Y != nil {
		y := covMatrix(op, "y", o.Y, o.ColumnVars)
		if y.shape[1] != x.shape[1] {
			fail(Shape, op, "y has %d observations and m %d", y.shape[1], x.shape[1])
		}
		x = Concatenate([]*Tensor{x, y}, 0)
	}
	ddof := 1
	if o.Bias {
		ddof = 0
	}
	if o.Ddof != nil {
		ddof = *o.Ddof
	}
	nobs := x.shape[1]
	var w, aw *Tensor
	if o.FWeights != nil {
		fw := covWeights(op, "fweights", o.FWeights, nobs)
		if !All(Equal(fw, Round(fw, 0))).Bool() {
			fail(Value, op, "fweights must be integer")
		}
		w = fw
	}
	if o.AWeights != nil {
		aw = covWeights(op, "aweights", o.AWeights, nobs)
		if w == nil {
			w = aw
		} else {
			w = Mul(w, aw)
		}
	}
	avg, wsum := average(op, x, w, []int{1}, true)
	var fact float64
	switch {
	case w == nil:
		fact = float64(nobs - ddof)
	case ddof == 0:
		fact = wsum.At(0)
	case aw == nil:
		fact = wsum.At(0) - float64(ddof)
	default:
		s := wsum.At(0)
		fact = s - float64(ddof)*Sum(Mul(w, aw)).Item()/s
	}
	if fact <= 0 {
		fact = 0
	}
	x = Sub(x, avg.Reshape(-1, 1))
	xt := x.T()
	if w != nil {
		xt = Mul(x, w).T()
	}
	return Mul(MatMul(x, xt), 1/fact).Squeeze()
}

// covMatrix is m as np.cov reads it: float64, at least 2-D, variables in rows.
func covMatrix(op, name string, m *Tensor, columnVars bool) *Tensor {
	m.must(op)
	if len(m.shape) > 2 {
		fail(Shape, op, "%s of shape %s has more than 2 dimensions", name, shapeStr(m.shape))
	}
	x := m.as(Float64)
	switch len(x.shape) {
	case 0:
		x = x.Reshape(1, 1)
	case 1:
		x = x.Reshape(1, -1)
	}
	if columnVars && x.shape[0] != 1 {
		x = x.T()
	}
	return x
}

// covWeights checks the weights of Cov (1-D, one per observation, none negative) and
// returns them as float64.
func covWeights(op, name string, w *Tensor, nobs int) *Tensor {
	w.must(op)
	if len(w.shape) != 1 {
		fail(Shape, op, "%s of shape %s: want 1-D weights, one per observation", name, shapeStr(w.shape))
	}
	if w.shape[0] != nobs {
		fail(Shape, op, "%d %s for %d observations", w.shape[0], name, nobs)
	}
	w = w.as(Float64)
	if Any(Less(w, 0)).Bool() {
		fail(Value, op, "%s cannot be negative", name)
	}
	return w
}

// Corrcoef is the matrix of Pearson correlation coefficients of the variables in x, as
// np.corrcoef(x, y, rowvar): Cov divided by the outer product of the standard
// deviations, clipped to [-1, 1]; 0-d for one variable (NaN where its variance is 0, as
// NumPy's c/c). Only Y and ColumnVars of the options apply (NumPy's bias and ddof have
// no effect); weights are a Value error.
func Corrcoef(x *Tensor, opts ...CovOptions) *Tensor {
	const op = "Corrcoef"
	x.must(op)
	o := covOptions(op, opts)
	if o.FWeights != nil || o.AWeights != nil {
		fail(Value, op, "takes no weights (np.corrcoef has none): use Cov")
	}
	c := Cov(x, CovOptions{Y: o.Y, ColumnVars: o.ColumnVars})
	if len(c.shape) == 0 {
		return Div(c, c)
	}
	k := c.shape[0]
	c = c.Contiguous()
	sd := Sqrt(c.view([]int{k}, []int{c.strides[0] + c.strides[1]}, c.offset))
	c = Div(Div(c, sd.Reshape(k, 1)), sd.Reshape(1, k))
	return Clip(c, -1, 1)
}

// Cov is the covariance matrix of the variables in t (see the function Cov).
func (t *Tensor) Cov(opts ...CovOptions) *Tensor { return Cov(t, opts...) }

// Corrcoef is the correlation matrix of the variables in t (see the function Corrcoef).
func (t *Tensor) Corrcoef(opts ...CovOptions) *Tensor { return Corrcoef(t, opts...) }
