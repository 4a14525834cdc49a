package tensor

// Counting: Bincount, composed of AddAt (scatter-add) on the input's device, and
// Histogram, which bins on the host with NumPy's arithmetic (so values on a bin edge land
// in the bin NumPy puts them in) and returns its results on the input's device.

import (
	"math"
	"slices"
	"sort"
)

// Bincount counts the occurrences of each value of the 1-D non-negative integer tensor
// x, as np.bincount(x, weights, minlength): int64 counts of length max(max(x)+1,
// minlength), or, with weights (a 1-D tensor as long as x), the float64 sums of the
// weights of each value (int64 zeros for an empty x, as NumPy). Bool x counts as 0
// and 1. Negative values, a float x and a
// negative minlength are Value errors; x or weights that are not 1-D, or not as long as
// each other, are Shape errors. It runs as AddAt on x's device (reading max(x) back to
// size the result).
func Bincount(x, weights *Tensor, minlength int) *Tensor {
	const op = "Bincount"
	x.must(op)
	if minlength < 0 {
		fail(Value, op, "minlength must be non-negative, got %d", minlength)
	}
	if len(x.shape) != 1 {
		fail(Shape, op, "x of shape %s: want a 1-D tensor", shapeStr(x.shape))
	}
	if x.dtype.IsFloat() {
		fail(Value, op, "cannot cast %v to int64 with casting rule 'safe': want integers", x.dtype)
	}
	xi := untrack(x).as(Int64)
	n := minlength
	if x.Size() > 0 {
		if Min(xi).Int() < 0 {
			fail(Value, op, "x must be non-negative")
		}
		n = max(n, int(Max(xi).Int())+1)
	}
	dt := Int64
	if weights != nil && x.Size() > 0 { // NumPy counts an empty x in int64 even with weights
		weights.must(op)
		if len(weights.shape) != 1 || weights.shape[0] != x.shape[0] {
			fail(Shape, op, "weights of shape %s for x of shape %s: want the same length", shapeStr(weights.shape), shapeStr(x.shape))
		}
		dt = Float64
	}
	out := alloc(op, deviceOf(op, x, weights), dt, []int{n})
	out.fill(op, 0)
	if x.Size() == 0 {
		return out
	}
	if weights == nil {
		return AddAt(out, xi, 1)
	}
	return AddAt(out, xi, untrack(weights).as(Float64))
}

// Bincount counts the occurrences of each value of t (see the function Bincount).
func (t *Tensor) Bincount(weights *Tensor, minlength int) *Tensor {
	return Bincount(t, weights, minlength)
}

// HistogramOptions are the options of Histogram, NumPy's keyword arguments.
type HistogramOptions struct {
	// Range is nil (x's minimum and maximum) or {lower, upper}, the range of equal bins;
	// values outside it are left out. It has no effect when bins are edges.
	Range []float64
	// Weights, when not nil, has x's shape: each value adds its weight instead of 1, and
	// the histogram has the weights' dtype.
	Weights *Tensor
	// Density normalises the histogram to integrate to 1 over the range (float64).
	Density bool
}

// Histogram counts the values of x (flattened) in bins, as np.histogram(x, bins, range,
// density, weights): bins is a Go integer (that many equal bins over Range, or over x's
// minimum and maximum, widened by 0.5 each way when they are equal) or a 1-D tensor of
// monotonically increasing edges. Each bin holds the values in [edge[i], edge[i+1]),
// the last also its upper edge. It returns the counts (int64; the weights' dtype with
// weights; float64 with Density) and the edges (float64 for bool and integer x, x's
// dtype for float x; the bins tensor itself when given). A bool x counts as uint8, as
// NumPy converts it. bins below 1, decreasing edges, a reversed or non-finite range, an
// automatic range over NaN or Inf, and a float Go bins are Value errors; weights of
// another shape are a Shape error.
//
// It bins on the host with NumPy's arithmetic (the edges and each value's bin in the
// edges' dtype) and returns both results on x's device.
func Histogram(x *Tensor, bins any, opts ...HistogramOptions) (hist, edges *Tensor) {
	const op = "Histogram"
	x.must(op)
	var o HistogramOptions
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		fail(Value, op, "takes at most one HistogramOptions, got %d", len(opts))
	}
	if o.Weights != nil && !slices.Equal(o.Weights.must(op).shape, x.shape) {
		fail(Shape, op, "weights of shape %s for x of shape %s: want the same shape", shapeStr(o.Weights.shape), shapeStr(x.shape))
	}
	binsT, _ := bins.(*Tensor)
	dev := deviceOf(op, x, o.Weights, binsT)
	xv := ToSlice[float64](x.as(Float64))
	var wv []float64
	if o.Weights != nil {
		wv = ToSlice[float64](o.Weights.as(Float64))
	}
	var counts []float64
	switch b := bins.(type) {
	case *Tensor:
		b.must(op)
		switch len(b.shape) {
		case 0:
			if b.dtype.IsFloat() {
				fail(Value, op, "bins must be an integer or a 1-D tensor of edges, got a %v scalar", b.dtype)
			}
			counts, edges = uniformHistogram(op, x.dtype, xv, wv, o.Weights, int(b.Int()), o.Range)
		case 1:
			counts = edgeHistogram(op, x.dtype, xv, wv, o.Weights, b)
			edges = b
		default:
			fail(Value, op, "bins of shape %s: want an integer or a 1-D tensor of edges", shapeStr(b.shape))
		}
	default:
		s := asOperand(op, bins)
		if s.isFloat || s.isBool {
			fail(Value, op, "bins must be an integer or a 1-D tensor of edges, got %v", bins)
		}
		counts, edges = uniformHistogram(op, x.dtype, xv, wv, o.Weights, int(s.s.I), o.Range)
	}
	hist = histResult(op, counts, o.Weights, edges, o.Density)
	return hist.To(dev), edges.To(dev)
}

// Histogram counts the values of t in bins (see the function Histogram).
func (t *Tensor) Histogram(bins any, opts ...HistogramOptions) (hist, edges *Tensor) {
	return Histogram(t, bins, opts...)
}

// histRange is np.histogram's _get_outer_edges: the range of equal bins, and the width
// that NumPy divides by (in float32 for an automatic range of float32 values).
func histRange(op string, dt DType, xv []float64, given []float64) (first, last, width float64) {
	switch {
	case given != nil:
		if len(given) != 2 {
			fail(Value, op, "range must be {lower, upper}, got %v", given)
		}
		first, last = given[0], given[1]
		if first > last {
			fail(Value, op, "max must be larger than min in range parameter, got %v", given)
		}
		if math.IsInf(first, 0) || math.IsInf(last, 0) || math.IsNaN(first) || math.IsNaN(last) {
			fail(Value, op, "supplied range of [%v, %v] is not finite", first, last)
		}
	case len(xv) == 0:
		first, last = 0, 1
	default:
		first, last = xv[0], xv[0]
		for _, v := range xv {
			if math.IsNaN(v) {
				first, last = v, v
				break
			}
			first, last = min(first, v), max(last, v)
		}
		if math.IsInf(first, 0) || math.IsInf(last, 0) || math.IsNaN(first) {
			fail(Value, op, "autodetected range of [%v, %v] is not finite", first, last)
		}
	}
	if first == last {
		return first - 0.5, last + 0.5, 1
	}
	width = last - first
	if given == nil && dt == Float32 {
		width = float64(float32(last) - float32(first))
	}
	return first, last, width
}

// uniformHistogram is np.histogram with bins equal bins: the edges by NumPy's linspace
// in the edges' dtype, and each value's bin from its offset times bins/width, corrected
// by comparing with the edges, as NumPy does.
func uniformHistogram(op string, dt DType, xv, wv []float64, w *Tensor, bins int, rng []float64) ([]float64, *Tensor) {
	if bins < 1 {
		fail(Value, op, "bins must be positive, when an integer, got %d", bins)
	}
	first, last, width := histRange(op, dt, xv, rng)
	step := width / float64(bins)
	ev := make([]float64, bins+1)
	for i := range ev {
		if step == 0 {
			ev[i] = float64(float64(i)/float64(bins)*width) + first
		} else {
			ev[i] = float64(float64(i)*step) + first
		}
	}
	ev[bins] = last
	norm := float64(bins) / width
	if dt == Float32 {
		e32 := make([]float32, len(ev))
		for i, v := range ev {
			e32[i] = float32(v)
		}
		return binUniform(xv, wv, w, e32, float32(first), float32(last), float32(norm)), FromSlice(e32)
	}
	return binUniform(xv, wv, w, ev, first, last, norm), FromSlice(ev)
}

// histBlock is the number of values np.histogram bins at a time; weighted counts are
// summed in float64 within a block and added in the weights' dtype across blocks.
const histBlock = 65536

func binUniform[T float32 | float64](xv, wv []float64, w *Tensor, edges []T, first, last, norm T) []float64 {
	bins := len(edges) - 1
	counts := make([]float64, bins)
	block := make([]float64, bins)
	for lo := 0; lo < len(xv); lo += histBlock {
		clear(block)
		for i := lo; i < min(lo+histBlock, len(xv)); i++ {
			v := T(xv[i])
			if !(v >= first && v <= last) {
				continue
			}
			// NumPy's bin by arithmetic (clamped where rounding could leave the range,
			// where NumPy itself would index out of bounds), then by the edges.
			k := min(max(int(T(T(v-first)*norm)), 0), bins-1)
			if v < edges[k] && k > 0 {
				k--
			}
			if k != bins-1 && v >= edges[k+1] {
				k++
			}
			if wv == nil {
				block[k]++
			} else {
				block[k] += wv[i]
			}
		}
		for k := range counts {
			counts[k] = addIn(w, counts[k], addIn(w, 0, block[k]))
		}
	}
	return counts
}

// nanLess is NumPy's sort order for floats: NaN after everything.
func nanLess(a, b float64) bool { return a < b || (b != b && a == a) }

// edgeHistogram is np.histogram with bins given as edges: the values sorted, counted
// between edges by binary search (the last edge inclusive), weighted counts as
// differences of running sums of the weights in sorted order.
func edgeHistogram(op string, dt DType, xv, wv []float64, w, e *Tensor) []float64 {
	ev := ToSlice[float64](e.as(Float64))
	for i := 1; i < len(ev); i++ {
		if ev[i-1] > ev[i] {
			fail(Value, op, "bins must increase monotonically, when a tensor of edges: %v > %v at %d", ev[i-1], ev[i], i)
		}
	}
	if w != nil && w.dtype == Bool {
		fail(Value, op, "bool weights with edges: NumPy cannot add their int64 running sums into a bool histogram")
	}
	counts := make([]float64, max(len(ev)-1, 0))
	for lo := 0; lo < len(xv); lo += histBlock {
		idx := make([]int, min(lo+histBlock, len(xv))-lo)
		for i := range idx {
			idx[i] = lo + i
		}
		sort.SliceStable(idx, func(a, b int) bool { return nanLess(xv[idx[a]], xv[idx[b]]) })
		// cum[j] is the weight of the sorted values before position j.
		cum := make([]float64, len(idx)+1)
		for j, i := range idx {
			wi := 1.0
			if wv != nil {
				wi = wv[i]
			}
			cum[j+1] = addIn(w, cum[j], wi)
		}
		pos := make([]int, len(ev))
		for j, edge := range ev {
			pos[j] = sort.Search(len(idx), func(k int) bool {
				v := xv[idx[k]]
				if j == len(ev)-1 {
					return nanLess(edge, v) // searchsorted 'right'
				}
				return !nanLess(v, edge) // searchsorted 'left'
			})
		}
		for k := range counts {
			counts[k] = addIn(w, counts[k], subIn(w, cum[pos[k+1]], cum[pos[k]]))
		}
	}
	return counts
}

// addIn and subIn are a + b and a - b in the weights' dtype (float64 without weights;
// integer weights run in int64, as NumPy's cumsum does).
func addIn(w *Tensor, a, b float64) float64 {
	if w != nil && w.dtype == Float32 {
		return float64(float32(a) + float32(b))
	}
	return a + b
}

func subIn(w *Tensor, a, b float64) float64 {
	if w != nil && w.dtype == Float32 {
		return float64(float32(a) - float32(b))
	}
	return a - b
}

// histResult makes the counts a tensor of NumPy's dtype, normalised by the bin widths
// and the total for density.
func histResult(op string, counts []float64, w, edges *Tensor, density bool) *Tensor {
	dt := Int64
	if w != nil {
		dt = w.dtype
	}
	if !density {
		if dt == Float32 {
			c := make([]float32, len(counts))
			for i, v := range counts {
				c[i] = float32(v)
			}
			return FromSlice(c)
		}
		if dt.IsFloat() {
			return FromSlice(counts)
		}
		c := make([]int64, len(counts))
		for i, v := range counts {
			c[i] = int64(v)
		}
		return FromSlice(c).AsType(dt)
	}
	// n/db/n.sum(): the widths in the edges' dtype, the total in the counts' dtype.
	n := ToSlice[float64](histResult(op, counts, w, edges, false).as(Float64))
	total := 0.0
	for _, v := range n {
		if dt == Float32 {
			total = float64(float32(total) + float32(v))
		} else {
			total += v
		}
	}
	ev := edges.CPU()
	out := make([]float64, len(n))
	for i := range n {
		var db float64
		switch ev.dtype {
		case Float32:
			db = float64(float32(ev.At(i+1)) - float32(ev.At(i)))
		case Float64:
			db = ev.At(i+1) - ev.At(i)
		default:
			db = float64(ev.IntAt(i+1) - ev.IntAt(i))
		}
		out[i] = n[i] / db / total
	}
	return FromSlice(out)
}
