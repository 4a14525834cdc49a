package cpu

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// exactFMA32 is x*y + z rounded once to float32, computed with big.Float.
func exactFMA32(x, y, z float32) float32 {
	if math.IsNaN(float64(x)) || math.IsNaN(float64(y)) || math.IsNaN(float64(z)) ||
		math.IsInf(float64(x), 0) || math.IsInf(float64(y), 0) || math.IsInf(float64(z), 0) {
		return float32(float64(x)*float64(y) + float64(z))
	}
	p := new(big.Float).SetPrec(200).Mul(big.NewFloat(float64(x)), big.NewFloat(float64(y)))
	s := new(big.Float).SetPrec(200).Add(p, big.NewFloat(float64(z)))
	if s.Sign() == 0 { // the sign of an exact zero: as IEEE's rules give it
		return float32(float64(x)*float64(y) + float64(z))
	}
	f, _ := s.Float32()
	return f
}

func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(x, y, z float32) {
		t.Helper()
		if got, want := fma32(x, y, z), exactFMA32(x, y, z); !same(got, want) {
			t.Fatalf("fma32(%g, %g, %g) = %g, want %g", x, y, z, got, want)
		}
	}
	for i := 0; i < 300000; i++ {
		x := float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
		y := float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
		z := -x * y * float32(1+r.NormFloat64()*1e-6) // cancellation: the cases that need one rounding
		if i%3 == 0 {
			z = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(80)-40)))
		}
		check(x, y, z)
	}
	// Halfway cases: x*y lands on a float32 midpoint and z tips it.
	for i := 0; i < 100000; i++ {
		x := float32(1 + float64(r.IntN(1<<12))/(1<<12))
		y := float32(1 + float64(r.IntN(1<<12))/(1<<12))
		z := float32(math.Ldexp(float64(r.IntN(3)-1), -r.IntN(60)-20))
		check(x, y, z)
		check(-x, y, -z)
		check(x*0x1p-140, y, z*0x1p-140) // subnormal results
	}
	for _, v := range special {
		for _, w := range special {
			check(float32(v), float32(w), 1)
			check(float32(v), 2, float32(w))
		}
	}
}

func TestSIMDFMA(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU: the pure-Go twins are the reference itself")
	}
	testFMA(t, fmaK32, fma32)
	testFMA(t, fmaK64, math.FMA)
}

func testFMA[T float](t *testing.T, k fmaKernels[T], ref func(x, y, z T) T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range lengths() {
		off := n % 5
		a, b, c := fill[T](r, n+off)[off:], fill[T](r, n+off)[off:], fill[T](r, n+off)[off:]
		s, u := T(special[r.IntN(len(special))]), T(r.NormFloat64())
		for form := 0; form < 4; form++ {
			buf, d := guarded[T](n, off)
			m := n - n%k.lanes
			switch form {
			case 0:
				k.vvv(d[:m], a[:m], b[:m], c[:m])
			case 1:
				k.vsv(d[:m], a[:m], s, c[:m])
			case 2:
				k.vvs(d[:m], a[:m], b[:m], u)
			case 3:
				k.vss(d[:m], a[:m], s, u)
			}
			for i := 0; i < m; i++ {
				y, z := b[i], c[i]
				if form&1 == 1 {
					y = s
				}
				if form >= 2 {
					z = u
				}
				if want := ref(a[i], y, z); !same(d[i], want) {
					t.Fatalf("form %d n=%d: fma(%v, %v, %v) = %v, want %v", form, n, a[i], y, z, d[i], want)
				}
			}
			for i := m; i < n; i++ {
				if d[i] == d[i] {
					t.Fatalf("form %d: kernel wrote past its multiple of lanes at %d", form, i)
				}
			}
			checkGuards(t, buf, n, off)
		}
	}
}

// TestSIMDDot checks the dot kernels against their Go twins bit for bit (the same partial
// sums in the same order) and against an exact sum.
func TestSIMDDot(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range lengths() {
		off := n % 7
		a32, b32 := fill[float32](r, n+off)[off:], fill[float32](r, n+off)[off:]
		a64, b64 := fill[float64](r, n+off)[off:], fill[float64](r, n+off)[off:]
		for i := range a32 { // finite values, so that sums compare
			if math.IsNaN(float64(a32[i])) || math.IsInf(float64(a32[i]), 0) || math.Abs(float64(a32[i])) > 1e30 {
				a32[i] = 1.5
			}
			if math.IsNaN(a64[i]) || math.IsInf(a64[i], 0) || math.Abs(a64[i]) > 1e30 {
				a64[i] = -2.5
			}
		}
		for i := range b32 {
			b32[i] = float32(r.NormFloat64())
			b64[i] = r.NormFloat64()
		}
		m32, m64 := n-n%32, n-n%16
		if useSIMD {
			if got, want := dotf32(a32[:m32], b32[:m32]), dotTwin(a32[:m32], b32[:m32], 8, fma32); !same(got, want) {
				t.Fatalf("dotf32 n=%d: %v, twin %v", n, got, want)
			}
			if got, want := dotf64(a64[:m64], b64[:m64]), dotTwin(a64[:m64], b64[:m64], 4, math.FMA); !same(got, want) {
				t.Fatalf("dotf64 n=%d: %v, twin %v", n, got, want)
			}
		}
		exact := func(a, b []float64) (float64, float64) {
			s, abs := new(big.Float).SetPrec(2000), 0.0
			for i := range a {
				s.Add(s, new(big.Float).SetPrec(2000).Mul(big.NewFloat(a[i]), big.NewFloat(b[i])))
				abs += math.Abs(a[i] * b[i])
			}
			f, _ := s.Float64()
			return f, abs
		}
		w64, abs64 := exact(a64, b64)
		if got := dot(a64, b64); math.Abs(got-w64) > 1e-15*abs64*float64(n+1) {
			t.Fatalf("dot f64 n=%d: %v, exact %v", n, got, w64)
		}
		a, b := make([]float64, n), make([]float64, n)
		for i := range a {
			a[i], b[i] = float64(a32[i]), float64(b32[i])
		}
		w32, abs32 := exact(a, b)
		if got := float64(dot(a32, b32)); math.Abs(got-w32) > 1e-6*abs32*float64(n/32+2) {
			t.Fatalf("dot f32 n=%d: %v, exact %v", n, got, w32)
		}
	}
}

// TestGemv runs matrix-vector products in every layout gemv takes, against the reference
// GEMM loop.
func TestGemv(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, sz := range [][3]int{{1, 1, 1}, {1, 70, 1}, {37, 33, 1}, {1, 33, 37}, {300, 1000, 1}, {1, 1000, 300}, {1, 100000, 1}, {2000, 20, 1}} {
		m, k, n := sz[0], sz[1], sz[2]
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				a, b := fill[float64](r, m*k), fill[float64](r, k*n)
				for i := range a {
					a[i] = r.NormFloat64()
				}
				for i := range b {
					b[i] = r.NormFloat64()
				}
				g := gemm{m: m, n: n, k: k, dr: n, dc: 1, ar: k, ac: 1, br: n, bc: 1}
				if ta {
					g.ar, g.ac = 1, m
				}
				if tb {
					g.br, g.bc = 1, k
				}
				p := newPlan(nil, device.Operand{}, device.Operand{}, device.Operand{})
				want := make([]float64, m*n)
				gemmRun(g, want, a, b, p)
				got := make([]float64, m*n)
				if !gemv(g, got, a, b, p) {
					t.Fatalf("%dx%dx%d (a^T %v, b^T %v): gemv did not take it", m, k, n, ta, tb)
				}
				for i := range got {
					if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
						t.Fatalf("%dx%dx%d (a^T %v, b^T %v) element %d: %v, want %v", m, k, n, ta, tb, i, got[i], want[i])
					}
				}
				a32, b32 := make([]float32, len(a)), make([]float32, len(b))
				for i := range a {
					a32[i] = float32(a[i])
				}
				for i := range b {
					b32[i] = float32(b[i])
				}
				got32 := make([]float32, m*n)
				gemv(g, got32, a32, b32, p)
				for i := range got32 {
					if math.Abs(float64(got32[i])-want[i]) > 1e-5*math.Sqrt(float64(k))*4 {
						t.Fatalf("float32 %dx%dx%d (a^T %v, b^T %v) element %d: %v, want %v", m, k, n, ta, tb, i, got32[i], want[i])
					}
				}
			}
		}
	}
}
