package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// binades returns per values in every binade 2^e for e in [lo, hi], with random
// mantissas, both signs when signed; the subnormal "binades" below 2^-1022 included.
func binades(r *rand.Rand, lo, hi, per int, signed bool) []float64 {
	var v []float64
	for e := lo; e <= hi; e++ {
		for j := 0; j < per; j++ {
			x := math.Ldexp(1+r.Float64(), e)
			if e < -1022 { // subnormal: a random multiple of 2^-1074 in [2^e, 2^(e+1))
				x = math.Ldexp(float64(int64(1)<<(e+1074)+r.Int64N(int64(1)<<(e+1074))), -1074)
			}
			v = append(v, x)
			if signed {
				v = append(v, -x)
			}
		}
	}
	return v
}

func uniform(r *rand.Rand, lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
	}
	return v
}

// math64Case is one float64 kernel with its references: ref, exact to about 2^-100,
// for the ulp sweep, and the package's scalar function for the special values.
type math64Case struct {
	op     device.UnaryOp
	ref    func(float64) (dd, int)
	scalar func(float64) float64
	inputs func(r *rand.Rand) []float64
}

var math64Cases = []math64Case{
	{device.Exp, ddExp, Exp, func(r *rand.Rand) []float64 {
		v := binades(r, -1074, 9, 24, true)
		v = append(v, uniform(r, -746, 710, 120000)...)
		v = append(v, uniform(r, -745.2, -708.3, 30000)...) // subnormal results
		v = append(v, uniform(r, -709, -706, 10000)...)     // around the smallest normal
		v = append(v, uniform(r, 708, 709.8, 10000)...)     // near overflow
		return append(v, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412,
			-708.3964185322641, -708.3964185322642, 0x1p-1074, -0x1p-1074, 1, -1, 0.5*math.Ln2)
	}},
	{device.Log, func(x float64) (dd, int) { return ddLog(x), 0 }, Log, func(r *rand.Rand) []float64 {
		v := binades(r, -1074, 1023, 60, false)
		for k := 1; k <= 53; k++ {
			for j := 0; j < 30; j++ {
				d := math.Ldexp(r.Float64(), -k)
				v = append(v, 1+d, 1-d)
			}
		}
		v = append(v, uniform(r, math.Sqrt2/2-1e-3, math.Sqrt2/2+1e-3, 5000)...)
		v = append(v, uniform(r, math.Sqrt2-1e-3, math.Sqrt2+1e-3, 5000)...)
		for e := -1074; e <= 1023; e++ {
			v = append(v, math.Ldexp(1, e))
		}
		return append(v, math.MaxFloat64, math.SmallestNonzeroFloat64, 1, 2, math.E)
	}},
	{device.Tanh, func(x float64) (dd, int) { return ddTanh(x), 0 }, math.Tanh, func(r *rand.Rand) []float64 {
		v := binades(r, -1074, 5, 40, true)
		v = append(v, uniform(r, -25, 25, 100000)...)
		v = append(v, uniform(r, tanhSplit-0.01, tanhSplit+0.01, 10000)...)
		return append(v, uniform(r, 17, 21, 5000)...)
	}},
	{device.Sigmoid, ddSigmoid, Sigmoid64, func(r *rand.Rand) []float64 {
		v := binades(r, -1074, 9, 30, true)
		v = append(v, uniform(r, -750, 750, 60000)...)
		v = append(v, uniform(r, -45, 45, 100000)...)
		v = append(v, uniform(r, -41, -39, 5000)...)
		return append(v, uniform(r, -746, -700, 20000)...)
	}},
}

// tanhSplit is the kernel's switch from polynomial to exponential (asmgen's tanhSmall).
const tanhSplit = 0.4

// specials64 are inputs every float64 kernel must map exactly as the scalar reference.
var specials64 = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
	-1, -1e-300, -math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, 1000, -1000,
	800, -800, 746, -746, 710, -710, 40, -40}

// TestSIMDMathF64 measures the float64 kernels' worst error in ulps against double-double
// references over every binade and the overflow and underflow regions, and fails above 1.
func TestSIMDMathF64(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU: the pure-Go twins are the reference itself")
	}
	r := rand.New(rand.NewPCG(31, 32))
	for _, c := range math64Cases {
		in := c.inputs(r)
		for len(in)%4 != 0 {
			in = append(in, 1)
		}
		out := make([]float64, len(in))
		map64[c.op](out, in)
		worst, at, got := 0.0, 0.0, 0.0
		for i, x := range in {
			v, n := c.ref(x)
			if u := ulpErr(out[i], v, n); u > worst {
				worst, at, got = u, x, out[i]
			}
		}
		if worst > 1 {
			v, n := c.ref(at)
			t.Errorf("%v: worst error %.3f ulp at x=%v (got %v, want %v)", c.op, worst, at, got, math.Ldexp(v.hi, n))
		} else {
			t.Logf("%v: worst error %.3f ulp over %d inputs (at x=%v)", c.op, worst, len(in), at)
		}
		sp := append([]float64(nil), specials64...)
		for len(sp)%4 != 0 {
			sp = append(sp, 0)
		}
		so := make([]float64, len(sp))
		map64[c.op](so, sp)
		for i, x := range sp {
			want := c.scalar(x)
			if isSpecial(want) || isSpecial(x) {
				if !same(so[i], want) || math.Signbit(so[i]) != math.Signbit(want) && want == want {
					t.Errorf("%v(%v) = %v, want %v", c.op, x, so[i], want)
				}
			}
		}
	}
}

// isSpecial reports NaN, ±Inf and ±0.
func isSpecial(v float64) bool { return v != v || math.IsInf(v, 0) || v == 0 }

// TestSIMDMathF64Guards runs the float64 kernels at every length with unaligned starts
// inside NaN guard bands: they write exactly their multiple of four elements.
func TestSIMDMathF64Guards(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU")
	}
	r := rand.New(rand.NewPCG(33, 34))
	for _, c := range math64Cases {
		for _, n := range lengths() {
			off := n % 3
			a := fill[float64](r, n+off)[off:]
			buf, d := guarded[float64](n, off)
			m := n - n%4
			map64[c.op](d[:m], a[:m])
			for i := 0; i < m; i++ {
				x := a[i]
				if isSpecial(x) || (c.op != device.Log && math.Abs(x) > 746) || (c.op == device.Log && x < 0) {
					if !same(d[i], c.scalar(x)) {
						t.Fatalf("%v n=%d: element %d (%v) = %v, want %v", c.op, n, i, x, d[i], c.scalar(x))
					}
				} else if v, e := c.ref(x); ulpErr(d[i], v, e) > 1 {
					t.Fatalf("%v n=%d: element %d (%v) = %v", c.op, n, i, x, d[i])
				}
			}
			for i := m; i < n; i++ {
				if d[i] == d[i] {
					t.Fatalf("%v: kernel wrote past its multiple of lanes at %d", c.op, i)
				}
			}
			checkGuards(t, buf, n, off)
		}
	}
}
