package cuda

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// mathInputs samples a function's domain densely: ordinary values, magnitudes from
// 1e-30 to 1e30 of both signs, integers near multiples of pi/2 and the overflow edges.
func mathInputs(rng *rand.Rand, n int) []float64 {
	x := make([]float64, 0, n)
	for len(x) < n {
		switch rng.IntN(5) {
		case 0:
			x = append(x, (rng.Float64()*2-1)*20)
		case 1:
			x = append(x, (rng.Float64()*2-1)*1)
		case 2:
			e := rng.Float64()*60 - 30
			s := 1.0
			if rng.IntN(2) == 0 {
				s = -1
			}
			x = append(x, s*math.Pow(10, e))
		case 3:
			k := float64(rng.IntN(2000) - 1000)
			x = append(x, k*math.Pi/2+(rng.Float64()-0.5)*1e-6)
		default:
			edges := []float64{88.72, 88.7228, -87.3, -103.9, 709.78, -708.4, -745.1, 1e-8, -1e-8, 0.3465, 0.35, 0.625, 9.1, 20}
			x = append(x, edges[rng.IntN(len(edges))]*(1+(rng.Float64()-0.5)*1e-4))
		}
	}
	return x
}

// TestMathAccuracy measures the transcendental functions against the CPU reference
// (Go's math in float64, rounded for float32) and logs the worst relative error; it must
// stay within the conformance tolerances (float32 2e-5, float64 1e-12).
func TestMathAccuracy(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(9, 10))
	const n = 20000
	xs := mathInputs(rng, n)
	for _, op := range []device.UnaryOp{device.Exp, device.Log, device.Tanh, device.Sin, device.Cos,
		device.Log1p, device.Expm1, device.Sigmoid} {
		for _, dt := range []device.DType{device.Float32, device.Float64} {
			var data any = append([]float64(nil), xs...)
			if op == device.Log {
				noSubnormals(data)
			}
			if dt == device.Float32 {
				f := make([]float32, n)
				for i, v := range data.([]float64) {
					f[i] = float32(v)
				}
				data = f
			}
			v := contig(0, n)
			in := operand(t, g, dt, data, v)
			dst := dstPair(t, g, dt, v)
			if err := cpuDev.Unary(op, dst.c, in.c, device.Params{}); err != nil {
				t.Fatal(err)
			}
			if err := g.Unary(op, dst.g, in.g, device.Params{}); err != nil {
				t.Fatal(err)
			}
			want := asFloats(download(t, cpuDev, dst.c.Buf))
			got := asFloats(download(t, g, dst.g.Buf))
			inx := asFloats(data)
			worst, at := 0.0, 0
			for i := range want {
				w, gv := want[i], got[i]
				if op == device.Exp && dt == device.Float64 && math.IsInf(w, 1) && inx[i] < 709.7827128933840 {
					// Go's amd64 math.Exp (assembly) overflows for x > 709.436, where
					// the true value (NumPy's) is finite: compare with exp(x-1)*e.
					w = math.Exp(inx[i]-1) * math.E
				}
				if w != w || gv != gv || math.IsInf(w, 0) || math.IsInf(gv, 0) {
					if !(w != w && gv != gv) && w != gv {
						t.Errorf("%v %v(%v) = %v, want %v", dt, op, inx[i], gv, w)
					}
					continue
				}
				if w == gv {
					continue
				}
				// float32 results below the normal range are compared absolutely.
				den := math.Abs(w)
				if dt == device.Float32 && den < 0x1p-126 {
					den = 0x1p-126
				}
				if den == 0 {
					den = 0x1p-1022
				}
				if e := math.Abs(gv-w) / den; e > worst {
					worst, at = e, i
				}
			}
			lim := 1e-12
			if dt == device.Float32 {
				lim = 2e-5
			}
			t.Logf("%-8v %-7v worst relative error %.3g at x=%v", op, dt, worst, inx[at])
			if worst > lim {
				t.Errorf("%v %v: relative error %.3g at x=%v (got %v, want %v) exceeds %g", dt, op, worst,
					inx[at], got[at], want[at], lim)
			}
		}
	}
}
