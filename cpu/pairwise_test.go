package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pwInput returns n values of T: mixed magnitudes, so that float32 and float64 sums
// round at every step, with -0 and (when special) NaN and infinities sprinkled in.
func pwInput[T float](n int, seed uint64, special bool) []T {
	r := rand.New(rand.NewPCG(seed, 7))
	v := make([]T, n)
	for i := range v {
		v[i] = T(math.Ldexp(r.NormFloat64(), r.IntN(40)-20))
		if special {
			switch r.IntN(200) {
			case 0:
				v[i] = T(math.NaN())
			case 1:
				v[i] = T(math.Inf(1 - 2*r.IntN(2)))
			case 2:
				v[i] = T(negZero)
			}
		}
	}
	return v
}

func samePW[T float](a, b T) bool {
	if a != a && b != b {
		return true
	}
	return math.Float64bits(float64(a)) == math.Float64bits(float64(b))
}

// TestPairwise checks pairwise (plans, SIMD leaves) against NumPy's recursion written out
// (pairwiseRef) bit for bit, for every length up to 600 and lengths around the leaf,
// plan and buffer sizes, in both float types, with and without the SIMD kernels.
func TestPairwise(t *testing.T) {
	lens := []int{}
	for n := 0; n <= 600; n++ {
		lens = append(lens, n)
	}
	for _, n := range []int{1000, 1023, 1024, 1025, 2048, 4095, 4096, 4100, 8191, 8192, 8193, 10000, 16384, 20001} {
		lens = append(lens, n)
	}
	simd := useSIMD
	defer func() { useSIMD = simd }()
	for _, on := range []bool{true, false} {
		useSIMD = simd && on
		for _, n := range lens {
			for _, special := range []bool{false, true} {
				a32 := pwInput[float32](n, uint64(n), special)
				if got, want := pairwise(a32), pairwiseRef(a32); !samePW(got, want) {
					t.Fatalf("simd=%v float32 n=%d special=%v: got %v, want %v", useSIMD, n, special, got, want)
				}
				a64 := pwInput[float64](n, uint64(n), special)
				if got, want := pairwise(a64), pairwiseRef(a64); !samePW(got, want) {
					t.Fatalf("simd=%v float64 n=%d special=%v: got %v, want %v", useSIMD, n, special, got, want)
				}
			}
		}
	}
	// pairwiseRuns: many runs of one length at once, as pairwise each.
	for _, n := range []int{0, 3, 8, 25, 127, 128, 129, 250, 1000, 4096, 8191, 8192} {
		a := pwInput[float64](3*n+500, uint64(n), true)
		starts := []int{0, n, 2 * n, 17, 250, 3 * n}
		if n > 500 {
			starts = starts[:4]
		}
		for k := 0; k < 70; k++ { // more than a batch
			starts = append(starts, k%7)
		}
		out := make([]float64, len(starts))
		pairwiseRuns(a, starts, n, out)
		for r, s := range starts {
			if want := pairwiseRef(a[s : s+n]); !samePW(out[r], want) {
				t.Fatalf("pairwiseRuns n=%d run %d: got %v, want %v", n, r, out[r], want)
			}
		}
	}
	// pairwiseRows: runs at a constant distance.
	for _, n := range []int{0, 5, 8, 25, 120, 250, 1000, 8192} {
		for _, stride := range []int{n + 1, n + 3, 2*n + 1} {
			rows := 9
			a := pwInput[float32](stride*rows+n+1, uint64(n), true)
			out := make([]float32, rows)
			pairwiseRows(a, 1, stride, n, out)
			for r := range out {
				s := 1 + r*stride
				if want := pairwiseRef(a[s : s+n]); !samePW(out[r], want) {
					t.Fatalf("pairwiseRows n=%d stride=%d row %d: got %v, want %v", n, stride, r, out[r], want)
				}
			}
		}
	}
	// A run of -0 sums to -0, as NumPy's.
	z := []float64{negZero, negZero, negZero}
	if s := pairwise(z); !math.Signbit(s) {
		t.Errorf("sum of -0s = %v, want -0", s)
	}
}
