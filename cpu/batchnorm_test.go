package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBatchNormKernels checks the statistics and gradient sums against float64 sums
// of the definition, on rows long enough for the SIMD path and short ones, with a mean
// far from zero, float32 and float64.
func TestBatchNormKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, sh := range [][3]int{{5, 3, 1}, {4, 2, 31}, {3, 4, 33}, {16, 3, 196}} {
		n, c, s := sh[0], sh[1], sh[2]
		x, g := make([]float64, n*c*s), make([]float64, n*c*s)
		for i := range x {
			x[i] = 1000 + 2*r.NormFloat64()
			g[i] = r.NormFloat64()
		}
		want := func(ch int) (m, v, sg, sgx float64) {
			cnt := float64(n * s)
			for i := 0; i < n; i++ {
				for _, e := range bnRow(x, i, ch, c, s) {
					m += e / cnt
				}
			}
			for i := 0; i < n; i++ {
				row, gr := bnRow(x, i, ch, c, s), bnRow(g, i, ch, c, s)
				for j, e := range row {
					v += (e - m) * (e - m) / cnt
					sg += gr[j]
					sgx += gr[j] * (e - m)
				}
			}
			return m, v, sg, sgx
		}
		check := func(name string, got, want, tol float64) {
			if math.Abs(got-want) > tol*(1+math.Abs(want)) {
				t.Errorf("%v %s: %.10g, want %.10g", sh, name, got, want)
			}
		}
		run := func(name string, x, g []float64, x32, g32 []float32, tol float64) {
			mean, vr := make([]float64, c), make([]float64, c)
			is := make([]float64, c)
			dw, db := make([]float64, c), make([]float64, c)
			if x32 != nil {
				BatchNormStats(x32, n, c, s, mean, vr)
			} else {
				BatchNormStats(x, n, c, s, mean, vr)
			}
			for ch := range is {
				is[ch] = 1 / math.Sqrt(vr[ch]+1e-5)
			}
			if x32 != nil {
				BatchNormBackward(g32, x32, n, c, s, mean, is, nil, nil, dw, db)
			} else {
				BatchNormBackward(g, x, n, c, s, mean, is, nil, nil, dw, db)
			}
			for ch := 0; ch < c; ch++ {
				m, v, sg, sgx := want(ch)
				check(name+" mean", mean[ch], m, tol)
				check(name+" var", vr[ch], v, 100*tol)
				check(name+" dbias", db[ch], sg, 100*tol*float64(n*s))
				check(name+" dweight", dw[ch], sgx*is[ch], 100*tol*float64(n*s))
			}
		}
		run("float64", x, g, nil, nil, 1e-12)
		x32, g32 := make([]float32, len(x)), make([]float32, len(g))
		for i := range x {
			x32[i], g32[i] = float32(x[i]), float32(g[i])
			x[i], g[i] = float64(x32[i]), float64(g32[i]) // the definition on the float32 values
		}
		run("float32", nil, nil, x32, g32, 1e-6)
	}
}

// BenchmarkBatchNormCNN times the statistics, the affine pass and the backward of the CNN
// example's first BatchNorm2d (64 x 32 x 28 x 28), float32.
func BenchmarkBatchNormCNN(b *testing.B) {
	const n, c, s = 64, 32, 784
	r := rand.New(rand.NewPCG(1, 2))
	x, g, y := make([]float32, n*c*s), make([]float32, n*c*s), make([]float32, n*c*s)
	for i := range x {
		x[i], g[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
	}
	mean, vr, is, dw, db := make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c)
	alpha, beta := make([]float32, c), make([]float32, c)
	for i := range is {
		is[i], alpha[i] = 1, 1
	}
	b.Run("stats", func(b *testing.B) {
		for b.Loop() {
			BatchNormStats(x, n, c, s, mean, vr)
		}
	})
	b.Run("affine", func(b *testing.B) {
		for b.Loop() {
			BatchNormAffine(x, n, c, s, alpha, beta, y)
		}
	})
	b.Run("backward", func(b *testing.B) {
		for b.Loop() {
			BatchNormBackward(g, x, n, c, s, mean, is, nil, y, dw, db)
		}
	})
}

// TestFMARow checks fmaRow (the kernel, its tail through a scratch vector) against the
// scalar FMA, bit for bit, on every length up to 20, scalar and vector addends, the
// vector one also in place.
func TestFMARow(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	k, sk := fmaKernelsFor[float32](), scalarFor[float32]()
	scr := make([]float32, 2*fmaScratch)
	for n := 0; n <= 20; n++ {
		a, c := make([]float32, n), make([]float32, n)
		for i := range a {
			a[i], c[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
		}
		const b, cs = float32(1.0 / 3), float32(-0.7)
		d := make([]float32, n)
		fmaRow(k, sk, d, a, b, cs, nil, scr)
		for i := range d {
			if w := fma32(a[i], b, cs); math.Float32bits(d[i]) != math.Float32bits(w) {
				t.Fatalf("n=%d scalar addend [%d]: %v, want %v", n, i, d[i], w)
			}
		}
		copy(d, c)
		fmaRow(k, sk, d, a, b, 0, d, scr)
		for i := range d {
			if w := fma32(a[i], b, c[i]); math.Float32bits(d[i]) != math.Float32bits(w) {
				t.Fatalf("n=%d vector addend [%d]: %v, want %v", n, i, d[i], w)
			}
		}
	}
}
