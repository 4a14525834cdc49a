package tensor

// Searching and sorting beyond sort.go: SearchSorted, Digitize, Partition, ArgPartition,
// LexSort, IsIn, Interp and InterpPeriodic, as NumPy's functions of the same names.
//
// Partition and ArgPartition are Sort and ArgSort (a full sort satisfies the partition
// property), so they run on every device with its sort kernels. The others have no device
// kernel: they read their operands on the host, compute there, and return the result on
// the operands' device.

import (
	"math"
	"slices"
	"sort"

	"github.com/gotensor/gotensor/device"
)

// key is the element type the host searches compare in: float64 where the operands'
// common dtype is a float, else int64 (bool, uint8, int32, int64 are exact in it).
type key interface{ float64 | int64 }

// lessNaN is np.sort's order: NaN after every number, and equal to itself.
func lessNaN[T key](a, b T) bool { return a < b || (a == a && b != b) }

// cmpNaN is lessNaN as a three-way comparison (-0.0 and 0.0 are equal).
func cmpNaN[T key](a, b T) int {
	switch {
	case lessNaN(a, b):
		return -1
	case lessNaN(b, a):
		return 1
	}
	return 0
}

// floatKeys reads o on the host, in C order, as float64 values of dtype ct (a float):
// a Go scalar is rounded to ct first, as NEP 50 casts a weak scalar to the array's dtype.
func floatKeys(o operand, ct DType) []float64 {
	if o.t == nil {
		v := o.s.F
		if ct == Float32 {
			v = float64(float32(v))
		}
		return []float64{v}
	}
	return ToSlice[float64](o.t)
}

// intKeys reads o on the host, in C order, as int64 (bool as 0 and 1). A Go integer
// scalar keeps its value even where it lies outside the tensor dtype's range: the
// comparison is exact.
func intKeys(o operand) []int64 {
	if o.t == nil {
		return []int64{o.s.I}
	}
	return ToSlice[int64](o.t)
}

// hostResult puts a result computed on the host on device d, in shape (nil, that of a Go
// scalar operand, is 0-d).
func hostResult[T Elem](data []T, shape []int, d device.Device) *Tensor {
	if shape == nil {
		shape = []int{}
	}
	return FromSlice(data, shape...).To(d)
}

// searchIn returns, for each of v, how many elements of the sorted a (read in the order
// ord, or in its own order where ord is nil) sort before it (left) or not after it (right).
func searchIn[T key](a []T, ord []int64, v []T, right bool) []int64 {
	at := func(i int) T {
		if ord == nil {
			return a[i]
		}
		return a[ord[i]]
	}
	out := make([]int64, len(v))
	for k, x := range v {
		if right {
			out[k] = int64(sort.Search(len(a), func(i int) bool { return lessNaN(x, at(i)) }))
		} else {
			out[k] = int64(sort.Search(len(a), func(i int) bool { return !lessNaN(at(i), x) }))
		}
	}
	return out
}

// sorterOrder checks SearchSorted's sorter (nil: none) against a of length n and
// returns its values.
func sorterOrder(op string, sorter *Tensor, n int) []int64 {
	if sorter == nil {
		return nil
	}
	sorter.must(op)
	if !sorter.dtype.IsInt() {
		fail(Value, op, "sorter must only contain integers, got %v", sorter.dtype)
	}
	if len(sorter.shape) != 1 || sorter.shape[0] != n {
		fail(Value, op, "sorter of shape %s: want shape (%d,), the size of a", shapeStr(sorter.shape), n)
	}
	ord := ToSlice[int64](sorter)
	for _, i := range ord {
		if i < 0 || i >= int64(n) {
			fail(Value, op, "sorter index %d is out of range [0, %d)", i, n)
		}
	}
	return ord
}

// SearchSorted returns the int64 positions at which the elements of v would be inserted
// into the 1-D a, sorted ascending, to keep it sorted, as np.searchsorted(a, v, side,
// sorter): with side "left" the first such position, with "right" the last. v is a tensor
// of any shape (the result has its shape) or a Go number (a 0-d result). sorter, if not
// nil, holds the integer positions that sort a (ArgSort(a)); a is then read in that order.
// NaN sorts after every number, as in Sort. a and v compare in their promoted dtype (a Go
// scalar is weak, as in Add), exactly: a Go integer outside the range of a's integer dtype
// lands at an end. Where a is not sorted the positions are unspecified, as in NumPy.
// The search runs on the host; the result is on the operands' device.
func SearchSorted(a *Tensor, v any, side string, sorter *Tensor) *Tensor {
	const op = "SearchSorted"
	a.must(op)
	vo := asOperand(op, v)
	var right bool
	switch side {
	case "left":
	case "right":
		right = true
	default:
		fail(Value, op, "search side must be 'left' or 'right' (got %q)", side)
	}
	if len(a.shape) != 1 {
		fail(Value, op, "a must be 1-D, got shape %s", shapeStr(a.shape))
	}
	d := deviceOf(op, a, vo.t, sorter)
	ord := sorterOrder(op, sorter, a.shape[0])
	ao := operand{t: a}
	var out []int64
	if ct := promote(ao, vo); ct.IsFloat() {
		out = searchIn(floatKeys(ao, ct), ord, floatKeys(vo, ct), right)
	} else {
		out = searchIn(intKeys(ao), ord, intKeys(vo), right)
	}
	return hostResult(out, shapeOf(vo), d)
}

// SearchSorted returns the insertion positions of v in t (see the function SearchSorted).
func (t *Tensor) SearchSorted(v any, side string, sorter *Tensor) *Tensor {
	return SearchSorted(t, v, side, sorter)
}

// monotonic is NumPy's check of digitize's bins: 1 for non-decreasing (or constant, or
// empty), -1 for non-increasing, 0 for neither, after any leading run of equal values.
func monotonic[T key](a []T) int {
	if len(a) == 0 {
		return 1
	}
	i, last := 1, a[0]
	for i < len(a) && a[i] == last {
		i++
	}
	if i == len(a) {
		return 1
	}
	next := a[i]
	dir := -1
	if last < next {
		dir = 1
	}
	for i++; i < len(a); i++ {
		last, next = next, a[i]
		if (dir > 0 && last > next) || (dir < 0 && last < next) {
			return 0
		}
	}
	return dir
}

// digitize is Digitize on host values.
func digitize[T key](op string, x, bins []T, right bool) []int64 {
	switch monotonic(bins) {
	case 0:
		fail(Value, op, "bins must be monotonically increasing or decreasing")
	case 1:
		return searchIn(bins, nil, x, !right)
	}
	rev := slices.Clone(bins)
	slices.Reverse(rev)
	out := searchIn(rev, nil, x, !right)
	for i := range out {
		out[i] = int64(len(bins)) - out[i]
	}
	return out
}

// Digitize returns the int64 index of the bin each element of x falls in, as
// np.digitize(x, bins, right): for increasing bins, i such that bins[i-1] <= x < bins[i]
// (bins[i-1] < x <= bins[i] with right), 0 below the first edge and len(bins) above the
// last; decreasing bins count the other way. bins is 1-D and monotonic (constant runs
// allowed), else a Value error. x is a tensor or a Go number (a 0-d result); the two
// compare in their promoted dtype, NaN after every number. It runs on the host; the
// result is on the operands' device.
func Digitize(x any, bins *Tensor, right bool) *Tensor {
	const op = "Digitize"
	bins.must(op)
	xo := asOperand(op, x)
	if len(bins.shape) != 1 {
		fail(Value, op, "bins must be 1-D, got shape %s", shapeStr(bins.shape))
	}
	d := deviceOf(op, xo.t, bins)
	bo := operand{t: bins}
	var out []int64
	if ct := promote(xo, bo); ct.IsFloat() {
		out = digitize(op, floatKeys(xo, ct), floatKeys(bo, ct), right)
	} else {
		out = digitize(op, intKeys(xo), intKeys(bo), right)
	}
	return hostResult(out, shapeOf(xo), d)
}

// Digitize returns the bin of each element of t (see the function Digitize).
func (t *Tensor) Digitize(bins *Tensor, right bool) *Tensor { return Digitize(t, bins, right) }

// partitionAxis resolves Partition's axis (default -1; None flattens x) and returns the
// tensor to partition and its axis. ArgPartition, as np.argpartition, takes a 0-d x as 1-D.
func partitionAxis(op string, x *Tensor, axis []int, arg bool) (*Tensor, int) {
	ax := -1
	switch len(axis) {
	case 0:
	case 1:
		ax = axis[0]
	default:
		fail(Value, op, "takes at most one axis, got %v", axis)
	}
	switch {
	case ax == None:
		return flatView(x), 0
	case arg && len(x.shape) == 0:
		normAxis(op, ax, 1)
		return flatView(x), 0
	}
	return x, normAxis(op, ax, len(x.shape))
}

// kthList reads Partition's kth (a Go integer, a slice of them, or an integer tensor of
// at most one dimension) and checks each against the axis length n, unless x is empty
// (NumPy checks nothing then).
func kthList(op string, kth any, x *Tensor, n int) []int64 {
	var ks []int64
	switch k := kth.(type) {
	case []int:
		for _, v := range k {
			ks = append(ks, int64(v))
		}
	case []int64:
		ks = k
	case *Tensor:
		k.must(op)
		if !k.dtype.IsInt() {
			fail(Value, op, "kth must be an integer tensor, got %v", k.dtype)
		}
		if len(k.shape) > 1 {
			fail(Value, op, "kth must be 0-d or 1-D, got shape %s", shapeStr(k.shape))
		}
		ks = ToSlice[int64](k)
	default:
		o := asOperand(op, kth)
		if o.isFloat || o.isBool {
			fail(Value, op, "kth of type %T: want a Go integer, []int, []int64 or an integer tensor", kth)
		}
		ks = []int64{o.s.I}
	}
	for _, k := range ks {
		if x.Size() > 0 && (k < -int64(n) || k >= int64(n)) {
			fail(Value, op, "kth(=%d) out of bounds (%d)", k, n)
		}
	}
	return ks
}

// Partition returns a copy of x rearranged along axis (default -1; None flattens x
// first) so that, for each kth position k, the element at k is the one a sort would put
// there, every element before it sorts before or equal to it and every element after it
// after or equal, as np.partition(x, kth, axis). kth is a Go integer, an []int or
// []int64, or an integer tensor of at most one dimension (negative positions count from
// the end; one out of range is a Value error). NaN sorts last.
// NumPy leaves the order within each side unspecified; gotensor sorts the whole axis
// (with Sort, on x's device), which meets the same contract. With no kth at all it
// returns x unchanged, as NumPy; an empty x takes any kth.
func Partition(x *Tensor, kth any, axis ...int) *Tensor {
	const op = "Partition"
	x.must(op)
	v, ax := partitionAxis(op, x, axis, false)
	if len(kthList(op, kth, v, v.shape[ax])) == 0 || v.Size() == 0 {
		return v.Copy()
	}
	return Sort(v, ax)
}

// ArgPartition returns the int64 positions that partition x along axis (default -1;
// None flattens), as np.argpartition(x, kth, axis): x gathered at them along axis
// (np.take_along_axis) is partitioned as Partition's result is.
// kth is as in Partition. A 0-d x is taken as 1-D, as NumPy does. gotensor's positions
// are those of the stable ArgSort, on x's device; with no kth they are 0, 1, 2, ... .
func ArgPartition(x *Tensor, kth any, axis ...int) *Tensor {
	const op = "ArgPartition"
	x.must(op)
	v, ax := partitionAxis(op, x, axis, true)
	n := v.shape[ax]
	if len(kthList(op, kth, v, n)) > 0 && v.Size() > 0 {
		return ArgSort(v, ax)
	}
	col := make([]int, len(v.shape)-ax)
	for k := range col {
		col[k] = 1
	}
	col[0] = n
	return Arange(Int64, 0, float64(n), 1).Reshape(col...).BroadcastTo(v.shape...).Copy().To(v.Device())
}

// Partition returns t partitioned around kth (see the function Partition).
func (t *Tensor) Partition(kth any, axis ...int) *Tensor { return Partition(t, kth, axis...) }

// ArgPartition returns the positions that partition t (see the function ArgPartition).
func (t *Tensor) ArgPartition(kth any, axis ...int) *Tensor { return ArgPartition(t, kth, axis...) }

// lexKey is one LexSort key read on the host, in the order of its dtype.
type lexKey struct {
	f []float64
	i []int64
}

func (k lexKey) cmp(p, q int) int {
	if k.f != nil {
		return cmpNaN(k.f[p], k.f[q])
	}
	return cmpNaN(k.i[p], k.i[q])
}

// LexSort returns the int64 positions that sort along axis (default -1) by several keys,
// as np.lexsort(keys, axis): the last key is the primary one, the one before it breaks its
// ties, and so on; the sort is stable. The keys are tensors of one shape (else a Shape
// error), of any dtypes; each compares in its own, NaN last. The result has their shape
// (a 0-d key gives 0). It sorts on the host; the result is on the keys' device.
func LexSort(keys []*Tensor, axis ...int) *Tensor {
	const op = "LexSort"
	if len(keys) == 0 {
		fail(Value, op, "needs at least one key")
	}
	for _, k := range keys {
		k.must(op)
	}
	shape := keys[0].shape
	for _, k := range keys[1:] {
		if !slices.Equal(k.shape, shape) {
			fail(Shape, op, "all keys need to be the same shape: %s and %s", shapeStr(shape), shapeStr(k.shape))
		}
	}
	ax := -1
	switch len(axis) {
	case 0:
	case 1:
		ax = axis[0]
	default:
		fail(Value, op, "takes at most one axis, got %v", axis)
	}
	d := deviceOf(op, keys...)
	if len(shape) == 0 {
		normAxis(op, ax, 1)
		return Zeros(Int64).To(d)
	}
	ax = normAxis(op, ax, len(shape))
	ks := make([]lexKey, len(keys))
	for i, k := range keys {
		if k.dtype.IsFloat() {
			ks[i].f = ToSlice[float64](k)
		} else {
			ks[i].i = ToSlice[int64](k)
		}
	}
	n, inner := shape[ax], prod(shape[ax+1:])
	out := make([]int64, prod(shape))
	idx := make([]int64, n)
	for base := 0; base < len(out); base += n * inner {
		for in := 0; in < inner; in++ {
			start := base + in
			for j := range idx {
				idx[j] = int64(j)
			}
			slices.SortStableFunc(idx, func(a, b int64) int {
				p, q := start+int(a)*inner, start+int(b)*inner
				for k := len(ks) - 1; k >= 0; k-- {
					if c := ks[k].cmp(p, q); c != 0 {
						return c
					}
				}
				return 0
			})
			for j, v := range idx {
				out[start+j*inner] = v
			}
		}
	}
	return FromSlice(out, shape...).To(d)
}

// member reports for each of x whether it equals an element of set (NaN equals nothing).
func member[T key](x, set []T) []bool {
	m := make(map[T]struct{}, len(set))
	for _, v := range set {
		m[v] = struct{}{}
	}
	out := make([]bool, len(x))
	for i, v := range x {
		_, out[i] = m[v]
	}
	return out
}

// IsIn reports for each element of element whether it equals some element of
// testElements, as np.isin(element, test_elements, invert=invert): a bool tensor of
// element's shape (0-d for a Go number), negated with invert. testElements is a tensor of
// any shape (flattened) or a Go number. The two compare in their promoted dtype (a Go
// scalar is weak, as in Equal); NaN is in nothing, and -0.0 equals 0.0. It runs on the
// host (a hash set of testElements); the result is on the operands' device.
func IsIn(element, testElements any, invert bool) *Tensor {
	const op = "IsIn"
	e, s := asOperand(op, element), asOperand(op, testElements)
	d := deviceOf(op, e.t, s.t)
	var hit []bool
	if ct := promote(e, s); ct.IsFloat() {
		hit = member(floatKeys(e, ct), floatKeys(s, ct))
	} else {
		hit = member(intKeys(e), intKeys(s))
	}
	if invert {
		for i := range hit {
			hit[i] = !hit[i]
		}
	}
	return hostResult(hit, shapeOf(e), d)
}

// IsIn reports which elements of t are in testElements (see the function IsIn).
func (t *Tensor) IsIn(testElements any, invert bool) *Tensor { return IsIn(t, testElements, invert) }

// interpPoints reads Interp's xp and fp on the host as float64 and checks them: 1-D, of
// one length, not empty (checked by the caller, after the periodic padding).
func interpPoints(op string, xp, fp *Tensor) ([]float64, []float64) {
	xp.must(op)
	fp.must(op)
	if len(xp.shape) != 1 || len(fp.shape) != 1 {
		fail(Value, op, "xp and fp must be 1-D, got shapes %s and %s", shapeStr(xp.shape), shapeStr(fp.shape))
	}
	if xp.shape[0] != fp.shape[0] {
		fail(Value, op, "fp and xp are not of the same length: %d and %d", fp.shape[0], xp.shape[0])
	}
	return ToSlice[float64](xp), ToSlice[float64](fp)
}

// fillValue reads Interp's left or right: nil for the default def, else a Go number or a
// one-element tensor.
func fillValue(op, name string, v any, def float64) float64 {
	if v == nil {
		return def
	}
	o := asOperand(op, v)
	if o.t == nil {
		return o.s.F
	}
	if o.t.Size() != 1 {
		fail(Value, op, "%s must be a number or a one-element tensor, got shape %s", name, shapeStr(o.t.shape))
	}
	return ToSlice[float64](o.t)[0]
}

// interp is np.interp's loop: xp non-decreasing, fp of its length (at least 1).
func interp(x, xp, fp []float64, lval, rval float64) []float64 {
	n := len(xp)
	out := make([]float64, len(x))
	for i, v := range x {
		if n == 1 {
			switch {
			case v < xp[0]:
				out[i] = lval
			case v > xp[0]:
				out[i] = rval
			default: // equal, or NaN
				out[i] = fp[0]
			}
			continue
		}
		var j int
		switch {
		case v != v:
			out[i] = v
			continue
		case v > xp[n-1]:
			out[i] = rval
			continue
		case v < xp[0]:
			out[i] = lval
			continue
		default: // the last j with xp[j] <= v
			j = sort.Search(n, func(k int) bool { return xp[k] > v }) - 1
		}
		if j == n-1 || xp[j] == v {
			out[i] = fp[j]
			continue
		}
		slope := (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])
		// The conversions round each product, so that no FMA changes NumPy's answer.
		r := float64(slope*(v-xp[j])) + fp[j]
		if r != r { // NaN one way: try from the other end, then a flat segment
			r = float64(slope*(v-xp[j+1])) + fp[j+1]
			if r != r && fp[j] == fp[j+1] {
				r = fp[j]
			}
		}
		out[i] = r
	}
	return out
}

// interpX reads Interp's x (a tensor or a Go number) as float64 values and its shape.
func interpX(op string, x any) ([]float64, []int, *Tensor) {
	o := asOperand(op, x)
	return floatKeys(o, Float64), shapeOf(o), o.t
}

// Interp returns the piecewise-linear interpolant through the points (xp, fp) evaluated
// at x, as np.interp(x, xp, fp, left, right), in float64 whatever the dtypes: below xp[0]
// it is left and above xp[-1] it is right (nil for fp[0] and fp[-1]; else a Go number or
// a one-element tensor). xp must be increasing (NumPy does not check it and neither does
// gotensor: the answer is then unspecified); xp and fp are 1-D of one non-zero length,
// else a Value error. A NaN x gives NaN (with one point: fp[0]); an infinite segment
// follows NumPy's rule of trying the other end. x is a tensor (the result has its
// shape) or a Go number. It runs on the host; the result is on the operands' device.
func Interp(x any, xp, fp *Tensor, left, right any) *Tensor {
	const op = "Interp"
	xs, shape, xt := interpX(op, x)
	px, pf := interpPoints(op, xp, fp)
	d := deviceOf(op, xt, xp, fp)
	if len(px) == 0 {
		fail(Value, op, "array of sample points is empty")
	}
	l := fillValue(op, "left", left, pf[0])
	r := fillValue(op, "right", right, pf[len(pf)-1])
	return hostResult(interp(xs, px, pf, l, r), shape, d)
}

// pyMod is Python's (and np.remainder's) floating modulo: the result has the sign of b.
func pyMod(a, b float64) float64 {
	m := math.Mod(a, b)
	if m == 0 {
		return math.Copysign(0, b)
	}
	if (b < 0) != (m < 0) {
		m += b
	}
	return m
}

// InterpPeriodic is Interp for periodic data, as np.interp(x, xp, fp, period=period): x
// and xp are taken modulo |period| (a Go number or a one-element tensor, not zero, else a
// Value error), xp need not be sorted (it is sorted, stably, with fp), and the points
// wrap around, so there is no left or right.
func InterpPeriodic(x any, xp, fp *Tensor, period any) *Tensor {
	const op = "InterpPeriodic"
	if period == nil {
		fail(Value, op, "period must be a number, got nil")
	}
	p := math.Abs(fillValue(op, "period", period, 0))
	if p == 0 {
		fail(Value, op, "period must be a non-zero value")
	}
	xs, shape, xt := interpX(op, x)
	px, pf := interpPoints(op, xp, fp)
	d := deviceOf(op, xt, xp, fp)
	if len(px) == 0 {
		fail(Value, op, "array of sample points is empty")
	}
	for i := range xs {
		xs[i] = pyMod(xs[i], p)
	}
	ord := make([]int, len(px))
	for i := range px {
		px[i] = pyMod(px[i], p)
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int { return cmpNaN(px[a], px[b]) })
	n := len(px)
	sx, sf := make([]float64, n+2), make([]float64, n+2)
	for i, k := range ord {
		sx[i+1], sf[i+1] = px[k], pf[k]
	}
	sx[0], sf[0] = sx[n]-p, sf[n]
	sx[n+1], sf[n+1] = sx[1]+p, sf[1]
	return hostResult(interp(xs, sx, sf, sf[0], sf[n+1]), shape, d)
}

// Interp interpolates at t (see the function Interp).
func (t *Tensor) Interp(xp, fp *Tensor, left, right any) *Tensor {
	return Interp(t, xp, fp, left, right)
}

// InterpPeriodic interpolates periodic data at t (see the function InterpPeriodic).
func (t *Tensor) InterpPeriodic(xp, fp *Tensor, period any) *Tensor {
	return InterpPeriodic(t, xp, fp, period)
}
