package random

import (
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// Parameter checks with NumPy's constraints (numpy/random/_common.pyx) and messages.

// nonNegative is CONS_NON_NEGATIVE: NaN passes, so does +0, but not -0.
func nonNegative(op, name string, v float64) {
	if !math.IsNaN(v) && math.Signbit(v) {
		fail(op, "%s < 0 (got %v)", name, v)
	}
}

// positive is CONS_POSITIVE: v <= 0 is rejected; NaN passes.
func positive(op, name string, v float64) {
	if v <= 0 {
		fail(op, "%s <= 0 (got %v)", name, v)
	}
}

// unitInterval is CONS_BOUNDED_0_1: v in [0, 1].
func unitInterval(op, name string, v float64) {
	if !(v >= 0 && v <= 1) {
		fail(op, "%s < 0, %s > 1 or %s is NaN (got %v)", name, name, name, v)
	}
}

// poissonLamMax is NumPy's POISSON_LAM_MAX: int64 max - 10*sqrt(int64 max).
var poissonLamMax = float64(math.MaxInt64) - math.Sqrt(float64(math.MaxInt64))*10

func checkLam(op string, lam float64) {
	if !(lam >= 0) {
		fail(op, "lam < 0 or lam is NaN (got %v)", lam)
	}
	if lam > poissonLamMax {
		fail(op, "lam value too large (got %v, the largest is %v)", lam, poissonLamMax)
	}
}

func checkPvals(op string, n int64, pvals []float64) {
	if n < 0 {
		fail(op, "n < 0 (got %d)", n)
	}
	if len(pvals) == 0 {
		fail(op, "pvals must have at least 1 element")
	}
	for _, p := range pvals {
		if !(p >= 0 && p <= 1) {
			fail(op, "pvals < 0, pvals > 1 or pvals contains NaNs (found %v)", p)
		}
	}
	if len(pvals) > 1 {
		if s := kahanSum(pvals[:len(pvals)-1]); s > 1.0+1e-12 {
			fail(op, "sum(pvals[:-1]) > 1.0 (got %v)", s)
		}
	}
}

// ints fills a new int64 tensor of the given shape with f's values.
func ints(op string, shape []int, f func() int64) *tensor.Tensor {
	out := make([]int64, size(op, shape))
	for i := range out {
		out[i] = f()
	}
	return tensor.FromSlice(out, shapeOf(shape)...)
}

// vectors fills a tensor of shape+(d) with one vector per fill call.
func vectors[T float64 | int64](op string, shape []int, d int, fill func(out []T)) *tensor.Tensor {
	n := size(op, shape)
	out := make([]T, n*d)
	for i := 0; i < n; i++ {
		fill(out[i*d : (i+1)*d])
	}
	return tensor.FromSlice(out, append(shapeOf(shape), d)...)
}

// dirichletSums returns the right-to-left cumulative sums of alpha that the
// Generator's stick-breaking uses when every alpha < 0.1, or nil for the gamma method.
func dirichletSums(alpha []float64) []float64 {
	for _, a := range alpha {
		if !(a < 0.1) {
			return nil
		}
	}
	csum := make([]float64, len(alpha))
	s := 0.0
	for j := len(alpha) - 1; j >= 0; j-- {
		s += alpha[j]
		csum[j] = s
	}
	return csum
}
