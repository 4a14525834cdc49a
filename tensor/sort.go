package tensor

// Sorting, scans, set operations and comparison helpers.

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/device"
)

// sortAxis resolves the optional axis of Sort and ArgSort: -1 when none is given.
func sortAxis(op string, x *Tensor, axis []int) int {
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	switch len(axis) {
	case 0:
		return normAxis(op, -1, len(x.shape))
	case 1:
		return normAxis(op, axis[0], len(x.shape))
	}
	fail(Value, op, "takes at most one axis, got %v", axis)
	return 0
}

// nowhere is an operand the device does not write: Sort's unwanted output.
func nowhere(dt DType, shape []int) device.Operand {
	return device.Operand{DType: dt, Shape: shape, Strides: cStrides(shape)}
}

// Sort returns a sorted copy of x along axis (default -1), as np.sort: NaN sorts last.
func Sort(x *Tensor, axis ...int) *Tensor {
	x.must("Sort")
	const op = "Sort"
	ax := sortAxis(op, x, axis)
	d := deviceOf(op, x)
	out := alloc(op, d, x.dtype, x.shape)
	if out.Size() > 0 {
		check(op, d.Sort(out.operand(), nowhere(Int64, x.shape), x.operand(), ax))
	}
	return record("Sort", out, sortAxis("Sort", x, axis), nil, x)
}

// ArgSort returns the int64 positions that sort x along axis (default -1), as
// np.argsort(x, axis, kind="stable"): equal elements keep their order, NaN sorts last.
func ArgSort(x *Tensor, axis ...int) *Tensor {
	x.must("ArgSort")
	const op = "ArgSort"
	ax := sortAxis(op, x, axis)
	d := deviceOf(op, x)
	out := alloc(op, d, Int64, x.shape)
	if out.Size() > 0 {
		check(op, d.Sort(nowhere(x.dtype, x.shape), out.operand(), x.operand(), ax))
	}
	return out
}

// Sort returns a sorted copy along axis (see the function Sort).
func (t *Tensor) Sort(axis ...int) *Tensor { return Sort(t, axis...) }

// ArgSort returns the positions that sort t along axis (see the function ArgSort).
func (t *Tensor) ArgSort(axis ...int) *Tensor { return ArgSort(t, axis...) }

// Unique returns the sorted distinct elements of x, flattened, as np.unique: NaNs
// collapse to one NaN at the end, and -0.0 and 0.0 are one value (the first in sorted
// order is kept). The sort runs on x's device; the deduplication runs on the host, and
// the result is moved back to x's device.
func Unique(x *Tensor) *Tensor {
	x.must("Unique")
	v, _ := uniqueRuns("Unique", x)
	return v
}

// UniqueCounts returns Unique(x) and, for each value, how many times it occurs (int64),
// as np.uniqueRuns(x, return_counts=True). Like Unique it counts on the host.
func UniqueCounts(x *Tensor) (values, counts *Tensor) { return uniqueRuns("UniqueCounts", x) }

func uniqueRuns(op string, x *Tensor) (*Tensor, *Tensor) {
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	s := Sort(flatView(x)).CPU()
	var vals, counts *Tensor
	switch v := s.Data().(type) {
	case []float32:
		vals, counts = countRuns(v)
	case []float64:
		vals, counts = countRuns(v)
	case []int32:
		vals, counts = countRuns(v)
	case []int64:
		vals, counts = countRuns(v)
	case []uint8:
		vals, counts = countRuns(v)
	case []bool:
		vals, counts = countRuns(v)
	}
	return vals.To(x.Device()), counts.To(x.Device())
}

// countRuns collapses the runs of equal values of the sorted slice s (NaNs equal each other)
// into one value each and counts them, as CPU tensors.
func countRuns[T Elem](s []T) (*Tensor, *Tensor) {
	vals, counts := make([]T, 0, len(s)), make([]int64, 0, len(s))
	for i, v := range s {
		if i > 0 {
			p := s[i-1]
			if p == v || (p != p && v != v) {
				counts[len(counts)-1]++
				continue
			}
		}
		vals = append(vals, v)
		counts = append(counts, 1)
	}
	return FromSlice(vals), FromSlice(counts)
}

// cumulative is the dispatch of CumSum and CumProd.
func cumulative(op device.ScanOp, name string, x *Tensor, axis []int) *Tensor {
	x.must(name)
	in := x
	x = untrack(x)
	var ax int
	params := []int{}
	switch len(axis) {
	case 0:
		x = flatView(x)
	case 1:
		ax = normAxis(name, axis[0], len(x.shape))
		params = []int{ax}
	default:
		fail(Value, name, "takes at most one axis, got %v", axis)
	}
	d := deviceOf(name, x)
	out := alloc(name, d, sumType(x.dtype), x.shape)
	if out.Size() > 0 {
		check(name, d.Scan(op, out.operand(), x.operand(), ax))
	}
	return record(name, out, params, nil, in)
}

// CumSum returns the running sum along axis, or of the flattened tensor when no axis is
// given, as np.cumsum: bool and integer inputs accumulate in int64 (NumPy's default
// integer on Linux; uint8 too, where NumPy uses uint64).
func CumSum(x *Tensor, axis ...int) *Tensor { return cumulative(device.CumSum, "CumSum", x, axis) }

// CumProd returns the running product along axis, or of the flattened tensor, as
// np.cumprod, with CumSum's dtypes.
func CumProd(x *Tensor, axis ...int) *Tensor { return cumulative(device.CumProd, "CumProd", x, axis) }

// CumSum returns the running sum (see the function CumSum).
func (t *Tensor) CumSum(axis ...int) *Tensor { return CumSum(t, axis...) }

// CumProd returns the running product (see the function CumProd).
func (t *Tensor) CumProd(axis ...int) *Tensor { return CumProd(t, axis...) }

// Median returns the median over the given axes (all when none; KeepDims keeps them as
// size 1), as np.median: the mean of the two middle elements for an even count, float64
// for bool and integer input, NaN where a reduced line holds a NaN or is empty.
func Median(x *Tensor, axes ...int) (res *Tensor) {
	x.must("Median")
	const op = "Median"
	params, in := redParams(op, x, axes, 0), x
	defer func() {
		if res != nil {
			record(op, res, params, nil, in)
		}
	}()
	x = untrack(x)
	ax, keep := parseAxes(op, len(x.shape), axes)
	rt := floatType(x.dtype)
	// Move the reduced axes last and merge them into one.
	reduced := make([]bool, len(x.shape))
	for _, a := range ax {
		reduced[a] = true
	}
	var perm, kept, kshape []int
	n := 1
	for k, m := range x.shape {
		if reduced[k] {
			kshape = append(kshape, 1)
			n *= m
		} else {
			perm, kept = append(perm, k), append(kept, m)
			kshape = append(kshape, m)
		}
	}
	perm = append(perm, ax...)
	var med *Tensor
	if n == 0 {
		med = Full(rt, math.NaN(), kept...).To(x.Device())
	} else {
		s := Sort(x.Transpose(perm...).Reshape(append(append([]int{}, kept...), n)...).as(rt))
		mid := func(i int) *Tensor { return axisWindow(s, len(kept), i, 1, 1).Squeeze(len(kept)) }
		if n%2 == 1 {
			med = mid(n / 2).Copy()
		} else {
			med = Add(mid(n/2-1), mid(n/2)).MulInPlace(0.5)
		}
		if rt.IsFloat() {
			// NaN sorts last: a line with a NaN has one in its last place.
			med = Where(IsNaN(mid(n-1)), math.NaN(), med)
		}
	}
	if keep {
		return med.Reshape(kshape...)
	}
	return med
}

// Median returns the median over the given axes (see the function Median).
func (t *Tensor) Median(axes ...int) *Tensor { return Median(t, axes...) }

// IsClose reports element-wise whether a and b are equal within tolerance, as
// np.isclose: |a - b| <= atol + rtol*|b| for finite values, exact equality for
// infinities, and NaN equal to NaN only when equalNaN is set. a and b are tensors or Go
// numbers and broadcast together; the result is bool. The tolerances rtol and atol are
// Go numbers of any type (1e-5, float32(1e-3), 0).
func IsClose(a, b any, rtol, atol any, equalNaN bool) *Tensor {
	const op = "IsClose"
	rtol, atol = floatArg(op, "rtol", rtol), floatArg(op, "atol", atol)
	x, y := asOperand(op, a), asOperand(op, b)
	ct := promote(x, y)
	if !ct.IsFloat() {
		ct = Float64
	}
	xt, yt := x.tensor(ct).as(ct), y.tensor(ct).as(ct)
	broadcastShapes(op, xt.shape, yt.shape)
	tol := LessEqual(Abs(Sub(xt, yt)), Add(Mul(Abs(yt), rtol), atol))
	finite := LogicalAnd(IsFinite(xt), IsFinite(yt))
	res := Where(finite, tol, Equal(xt, yt))
	if equalNaN {
		res = LogicalOr(res, LogicalAnd(IsNaN(xt), IsNaN(yt)))
	}
	return res
}

// AllClose reports whether every element of a and b is close, as np.allclose (NaN is
// never close to NaN). rtol and atol are Go numbers of any type, as in IsClose.
func AllClose(a, b any, rtol, atol any) bool {
	return All(IsClose(a, b, rtol, atol, false)).Bool()
}

// ArrayEqual reports whether a and b have the same shape and equal elements, as
// np.array_equal (NaN is not equal to NaN; dtypes may differ).
func ArrayEqual(a, b *Tensor) bool {
	a.must("ArrayEqual")
	b.must("ArrayEqual")
	if a == nil || b == nil {
		fail(Value, "ArrayEqual", "nil tensor")
	}
	if !slices.Equal(a.shape, b.shape) {
		return false
	}
	if a.Size() == 0 {
		return true
	}
	return All(Equal(a, b)).Bool()
}
