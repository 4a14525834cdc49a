package layouttest

import (
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/gotensor/gotensor/tensor"
)

// Tol says how closely an op's answers on two layouts must agree.
type Tol int

const (
	// Exact: bit for bit (any NaN matches any NaN; -0 and +0 differ).
	Exact Tol = iota
	// Math: exact on one device; across devices (a GPU's libm against Go's math) within
	// 4 ulps of the output dtype, relative, or 4 ulps absolute near zero.
	Math
	// Accum: float accumulations (sums, means, variances, matmul, softmax) may add in
	// another order, as NumPy does for a.T and a.T.copy():
	//	|got - want| <= 8 eps (|want| + n S)
	// with eps the output dtype's machine epsilon (2^-52 for float64, 2^-23 for float32),
	// n the largest input's size and S the product over the inputs of max(1, max |x|)
	// (squared for variances, Deg 2). Integer results stay exact.
	Accum
	// Assoc: exact on one device; across devices (which may multiply in another order,
	// as a GPU's tree reductions and scans do) within the Accum bound.
	Assoc
)

// outcome is what calling an op gave: results, a *tensor.Error, or another panic.
type outcome struct {
	res   []*tensor.Tensor
	err   error
	crash string
}

func call(f func() []*tensor.Tensor) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*tensor.Error); ok {
				o.err = e
				return
			}
			st := string(debug.Stack())
			if i := strings.Index(st, "panic("); i >= 0 {
				st = st[i:]
			}
			if len(st) > 700 {
				st = st[:700]
			}
			o.crash = fmt.Sprintf("panic: %v\n%s", r, st)
		}
	}()
	o.res = f()
	return o
}

// scale is n S of the Accum bound for the inputs.
func scale(ins []*tensor.Tensor, deg int) float64 {
	n, s := 1, 1.0
	for _, t := range ins {
		n = max(n, t.Size())
		m := 1.0
		if t.DType().IsFloat() && t.Size() > 0 {
			for _, v := range tensor.ToSlice[float64](t) {
				if !math.IsInf(v, 0) && v == v {
					m = max(m, math.Abs(v))
				}
			}
		}
		s *= m
	}
	return float64(n) * math.Pow(s, float64(deg))
}

func eps(dt tensor.DType) float64 {
	if dt == tensor.Float32 {
		return 0x1p-23
	}
	return 0x1p-52
}

// compare checks got against want; tol is the op's tolerance class, cross whether the
// two come from different devices, sc the Accum scale.
func compare(got, want *tensor.Tensor, tol Tol, cross bool, sc float64) string {
	if got.DType() != want.DType() {
		return fmt.Sprintf("dtype %v, want %v", got.DType(), want.DType())
	}
	if !slices.Equal(got.Shape(), want.Shape()) {
		return fmt.Sprintf("shape %s, want %s", tensor.ShapeString(got.Shape()), tensor.ShapeString(want.Shape()))
	}
	if !got.DType().IsFloat() {
		g, w := tensor.ToSlice[int64](got), tensor.ToSlice[int64](want)
		for i := range g {
			if g[i] != w[i] {
				return fmt.Sprintf("element %d (flat) is %d, want %d%s", i, g[i], w[i], excerpt(g, w))
			}
		}
		return ""
	}
	g, w := tensor.ToSlice[float64](got), tensor.ToSlice[float64](want)
	e := eps(got.DType())
	for i := range g {
		a, b := g[i], w[i]
		if a != a && b != b || math.Float64bits(a) == math.Float64bits(b) {
			continue
		}
		ok := false
		if !math.IsInf(b, 0) && b == b && a == a {
			d := math.Abs(a - b)
			switch {
			case tol == Accum || tol == Assoc && cross:
				ok = d <= 8*e*(math.Abs(b)+sc)
			case tol == Math && cross:
				ok = d <= 4*e*math.Max(math.Abs(b), 1)
			}
		}
		if !ok {
			return fmt.Sprintf("element %d (flat) is %v, want %v (tolerance %v)%s", i, a, b, tolName(tol, cross), excerpt(g, w))
		}
	}
	return ""
}

func tolName(t Tol, cross bool) string {
	switch {
	case t == Accum || t == Assoc && cross:
		return "accum"
	case t == Math && cross:
		return "4 ulps"
	}
	return "exact"
}

func excerpt[T any](g, w []T) string {
	if len(g) > 12 {
		return ""
	}
	return fmt.Sprintf(": got %v want %v", g, w)
}

// untouched compares a buffer after an op with its state before, except where skip is
// true (a nil skip: everywhere), bit for bit.
func untouched(after, before *tensor.Tensor, skip []bool) string {
	if after.DType().IsFloat() {
		a, b := tensor.ToSlice[float64](after), tensor.ToSlice[float64](before)
		for i := range a {
			if (skip == nil || !skip[i]) && math.Float64bits(a[i]) != math.Float64bits(b[i]) && (a[i] == a[i] || b[i] == b[i]) {
				return fmt.Sprintf("buffer element %d outside the view changed from %v to %v", i, b[i], a[i])
			}
		}
		return ""
	}
	a, b := tensor.ToSlice[int64](after), tensor.ToSlice[int64](before)
	for i := range a {
		if (skip == nil || !skip[i]) && a[i] != b[i] {
			return fmt.Sprintf("buffer element %d outside the view changed from %d to %d", i, b[i], a[i])
		}
	}
	return ""
}
