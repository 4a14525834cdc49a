package tensor

// Quantiles and percentiles, as np.quantile and np.percentile with the 13 methods NumPy
// 1.24 names. The reduced axes are moved last, merged and sorted with Sort on x's device;
// the positions and weights of each quantile depend only on the slice length, so they
// are computed on the host and the values are gathered with Take and interpolated with
// element-wise ops, all on x's device.

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// quantileMethod is one of NumPy's methods: a discrete one picks an element (index),
// a continuous one interpolates between two neighbours at a virtual index (virtual),
// with NumPy's correction of the weight (fixGamma, nil for none).
type quantileMethod struct {
	index    func(n int, q float64) int
	virtual  func(n int, q float64) float64
	fixGamma func(gamma, virtual float64) float64
}

// hyndmanFan is NumPy's _compute_virtual_index for the parameters alpha and beta of
// Hyndman and Fan's continuous methods: n*q + (alpha + q*(1-alpha-beta)) - 1, in that
// order of operations.
func hyndmanFan(alpha, beta float64) func(n int, q float64) float64 {
	return func(n int, q float64) float64 {
		nq := float64(float64(n) * q)
		corr := alpha + float64(q*(1-alpha-beta))
		return float64(nq+corr) - 1
	}
}

// boundary is NumPy's _discret_interpolation_to_boundaries: floor(v), or the next index
// where takeNext says so, not below 0.
func boundary(v float64, takePrev func(gamma, v float64) bool) int {
	prev := math.Floor(v)
	i := prev + 1
	if takePrev(v-prev, v) {
		i = prev
	}
	return max(int(i), 0)
}

var quantileMethods = map[string]quantileMethod{
	"inverted_cdf": {index: func(n int, q float64) int {
		return boundary(float64(float64(n)*q)-1, func(g, _ float64) bool { return g == 0 })
	}},
	"averaged_inverted_cdf": {
		virtual: func(n int, q float64) float64 { return float64(float64(n)*q) - 1 },
		fixGamma: func(g, _ float64) float64 {
			if g == 0 {
				return 0.5
			}
			return 1
		},
	},
	"closest_observation": {index: func(n int, q float64) int {
		v := float64(float64(n)*q) - 1 - 0.5
		return boundary(v, func(g, v float64) bool { return g == 0 && math.Mod(math.Floor(v), 2) == 0 })
	}},
	"interpolated_inverted_cdf": {virtual: hyndmanFan(0, 1)},
	"hazen":                     {virtual: hyndmanFan(0.5, 0.5)},
	"weibull":                   {virtual: hyndmanFan(0, 0)},
	"linear":                    {virtual: func(n int, q float64) float64 { return float64(n-1) * q }},
	"median_unbiased":           {virtual: hyndmanFan(1/3.0, 1/3.0)},
	"normal_unbiased":           {virtual: hyndmanFan(3/8.0, 3/8.0)},
	"lower":                     {index: func(n int, q float64) int { return int(math.Floor(float64(n-1) * q)) }},
	"higher":                    {index: func(n int, q float64) int { return int(math.Ceil(float64(n-1) * q)) }},
	"midpoint": {
		virtual: func(n int, q float64) float64 {
			v := float64(float64(n-1) * q)
			return 0.5 * (math.Floor(v) + math.Ceil(v))
		},
		fixGamma: func(_, v float64) float64 {
			if v == math.Trunc(v) {
				return 0
			}
			return 0.5
		},
	},
	"nearest": {index: func(n int, q float64) int { return int(math.RoundToEven(float64(n-1) * q)) }},
}

// QuantileMethods lists the method names Quantile and Percentile accept, NumPy's.
func QuantileMethods() []string {
	names := make([]string, 0, len(quantileMethods))
	for m := range quantileMethods {
		names = append(names, m)
	}
	sort.Strings(names)
	return names
}

// Quantile returns the q-th quantiles of x over the given axes (all when none; KeepDims
// keeps them as size 1), as np.quantile(x, q, axis, method=method, keepdims=...). q is a
// Go number, a []float64 or a tensor of rank at most 2, each value in [0, 1]; the result
// has q's shape followed by the reduced shape. method is one of NumPy 1.24's names
// (QuantileMethods; "" is "linear"). The continuous methods interpolate in float64, as
// NumPy 1.24 does (a float64 result for every input dtype, and bool input a Value
// error); the discrete ones ("inverted_cdf", "closest_observation", "lower", "higher",
// "nearest") return elements of x in x's dtype. A slice holding NaN gives NaN; an empty
// slice is an Index error (the result stays float64 for such a slice where NumPy 1.24
// returns x's dtype for a 0-d result). q is read as float64 (NumPy 1.24 keeps a float32 or integer
// q's dtype in the index arithmetic, and for an integer q with "linear" returns x's
// dtype).
//
// The sort and the interpolation run on x's device; the positions, which depend only on
// q and the slice length, are computed on the host.
func Quantile(x *Tensor, q any, method string, axes ...int) *Tensor {
	return quantile("Quantile", x, q, 1, method, axes)
}

// Percentile is Quantile with q in percent (each value in [0, 100]), as np.percentile:
// q is divided by 100 first.
func Percentile(x *Tensor, q any, method string, axes ...int) *Tensor {
	return quantile("Percentile", x, q, 100, method, axes)
}

// Quantile returns the q-th quantiles over the given axes (see the function Quantile).
func (t *Tensor) Quantile(q any, method string, axes ...int) *Tensor {
	return Quantile(t, q, method, axes...)
}

// Percentile returns the q-th percentiles over the given axes (see the function
// Percentile).
func (t *Tensor) Percentile(q any, method string, axes ...int) *Tensor {
	return Percentile(t, q, method, axes...)
}

// quantileQ reads q as float64 values and a shape, divided by scale and checked to lie
// in [0, 1].
func quantileQ(op string, q any, scale float64) ([]float64, []int) {
	var vals []float64
	var shape []int
	switch v := q.(type) {
	case *Tensor:
		v.must(op)
		if len(v.shape) > 2 {
			fail(Value, op, "q must be a scalar or 1-D (NumPy accepts 2-D), got shape %s", shapeStr(v.shape))
		}
		vals, shape = ToSlice[float64](v.AsType(Float64)), v.Shape()
	case []float64:
		vals, shape = slices.Clone(v), []int{len(v)}
	case []float32:
		for _, f := range v {
			vals = append(vals, float64(f))
		}
		shape = []int{len(v)}
	case []int:
		for _, i := range v {
			vals = append(vals, float64(i))
		}
		shape = []int{len(v)}
	default:
		o := asOperand(op, q)
		vals, shape = []float64{o.s.F}, []int{}
	}
	for i, v := range vals {
		vals[i] = v / scale
		if !(vals[i] >= 0 && vals[i] <= 1) {
			if scale == 100 {
				fail(Value, op, "percentiles must be in the range [0, 100], got %v", v)
			}
			fail(Value, op, "quantiles must be in the range [0, 1], got %v", v)
		}
	}
	return vals, shape
}

// quantilePositions returns, for each q and a slice of n sorted elements, NumPy's
// previous and next positions and the interpolation weight (continuous methods), or the
// position (discrete methods, in prev).
func quantilePositions(m quantileMethod, n int, qs []float64) (prev, next []int64, gamma []float64) {
	for _, q := range qs {
		if m.index != nil {
			prev = append(prev, int64(m.index(n, q)))
			continue
		}
		v := m.virtual(n, q)
		p := math.Floor(v)
		nx := p + 1
		if v >= float64(n-1) {
			p, nx = -1, -1
		}
		if v < 0 {
			p, nx = 0, 0
		}
		g := v - p
		if m.fixGamma != nil {
			g = m.fixGamma(g, v)
		}
		// -1 is the last element, as NumPy's take reads it.
		prev = append(prev, int64((int(p)+n)%n))
		next = append(next, int64((int(nx)+n)%n))
		gamma = append(gamma, g)
	}
	return prev, next, gamma
}

func quantile(op string, x *Tensor, q any, scale float64, method string, args []int) *Tensor {
	x.must(op)
	if method == "" {
		method = "linear"
	}
	m, ok := quantileMethods[method]
	if !ok {
		fail(Value, op, "%q is not a valid method: use one of %s", method, strings.Join(QuantileMethods(), ", "))
	}
	qs, qshape := quantileQ(op, q, scale)
	axes, keep := parseAxes(op, len(x.shape), args)
	if x.dtype == Bool && m.index == nil {
		fail(Value, op, "method %q interpolates, which a bool tensor cannot (NumPy's boolean subtract): use a discrete method or AsType", method)
	}
	// Move the reduced axes last and merge them into one of length n.
	reduced := make([]bool, len(x.shape))
	for _, a := range axes {
		reduced[a] = true
	}
	var perm, kept, kshape []int
	n := 1
	for k, d := range x.shape {
		if reduced[k] {
			kshape = append(kshape, 1)
			n *= d
		} else {
			perm, kept, kshape = append(perm, k), append(kept, d), append(kshape, d)
		}
	}
	if n == 0 {
		fail(Index, op, "cannot take a quantile of empty slices: the reduced dimensions of shape %s have no element", shapeStr(x.shape))
	}
	perm = append(perm, axes...)
	last := len(kept)
	s := Sort(x.Transpose(perm...).Reshape(append(slices.Clone(kept), n)...))
	dev := x.Device()
	prev, next, gamma := quantilePositions(m, n, qs)
	lo := Take(s, FromSlice(prev).To(dev), last)
	var res *Tensor
	if m.index != nil {
		res = lo
	} else {
		hi := Take(s, FromSlice(next).To(dev), last)
		if !x.dtype.IsFloat() {
			lo, hi = lo.as(Float64), hi.as(Float64)
		}
		diff := Sub(hi, lo).as(Float64) // in x's float dtype first, as NumPy
		g := FromSlice(gamma).To(dev)
		below := Add(lo.as(Float64), Mul(diff, g))
		above := Sub(hi.as(Float64), Mul(diff, Sub(1.0, g)))
		res = Where(GreaterEqual(g, 0.5), above, below)
	}
	if x.dtype.IsFloat() {
		// NaN sorts last: a slice holding one has it in its last place.
		res = Where(IsNaN(axisWindow(s, last, n-1, 1, 1)), math.NaN(), res)
	}
	// res is (kept..., len(qs)): put q's dimensions first.
	shape := kept
	if keep {
		shape = kshape
	}
	if len(qshape) == 0 {
		return res.Reshape(shape...)
	}
	return res.MoveAxis(last, 0).Reshape(append(slices.Clone(qshape), shape...)...)
}
