package cpu

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/device"
)

// FMA writes a*b + c into dst with one rounding per element (math.FMA), for float32 and
// float64. Operands have dst's shape (broadcast ones with stride 0) or are scalars (Buf
// nil); it implements device.FusedMulAdd.
func (Device) FMA(dst, a, b, c device.Operand) error {
	defer keepAlive(dst.Buf, a.Buf, b.Buf, c.Buf)
	p := newPlan(dst.Shape, dst, a, b, c)
	defer p.release()
	switch d := raw(dst).(type) {
	case []float32:
		fmaRun(d, operandSlice[float32](raw(a), a), operandSlice[float32](raw(b), b),
			operandSlice[float32](raw(c), c), p, fma32, fmaKernelsFor[float32]())
	case []float64:
		fmaRun(d, operandSlice[float64](raw(a), a), operandSlice[float64](raw(b), b),
			operandSlice[float64](raw(c), c), p, math.FMA, fmaKernelsFor[float64]())
	default:
		return fmt.Errorf("cpu.FMA: dtype %v: want float32 or float64", dst.DType)
	}
	return nil
}

// fma32 is x*y + z rounded once to float32. The product is exact in float64 and TwoSum
// gives the float64 sum s and its error e exactly; rounding s to float32 is then right
// unless s lies exactly halfway between two float32 values, where e decides the side.
func fma32(x, y, z float32) float32 {
	p, q := float64(x)*float64(y), float64(z)
	s := p + q
	if math.IsInf(s, 0) || math.IsNaN(s) {
		return float32(s)
	}
	bp := s - q
	e := (p - bp) + (q - (s - bp))
	if e != 0 {
		b := math.Float64bits(s)
		if b&(1<<29-1) == 1<<28 { // halfway between two float32 values (normal results)
			if (e > 0) == (s > 0) {
				b++
			} else {
				b--
			}
			s = math.Float64frombits(b)
		} else if f := float32(s); math.Abs(s) < 0x1p-126 && float64(f) != s {
			// Subnormal float32 results round at a coarser bit: redo the halfway test there.
			lo, hi := float64(math.Nextafter32(f, float32(math.Inf(-1)))), float64(f)
			if hi < s {
				lo, hi = hi, float64(math.Nextafter32(f, float32(math.Inf(1))))
			}
			if s-lo == hi-s {
				if e > 0 {
					return float32(hi)
				}
				return float32(lo)
			}
		}
	}
	return float32(s)
}

// fmaKernels are the SIMD kernels of d = a*b + c for one float type: b and c each a
// vector (V) or a scalar (S). Each does len(d) rounded down to lanes.
type fmaKernels[T float] struct {
	vvv   func(d, a, b, c []T)
	vsv   func(d, a []T, b T, c []T)
	vvs   func(d, a, b []T, c T)
	vss   func(d, a []T, b, c T)
	lanes int
}

var (
	fmaK32 = fmaKernels[float32]{fmaVVVf32, fmaVSVf32, fmaVVSf32, fmaVSSf32, 8}
	fmaK64 = fmaKernels[float64]{fmaVVVf64, fmaVSVf64, fmaVVSf64, fmaVSSf64, 4}
)

// fmaKernelsFor returns T's kernels, or nil without SIMD.
func fmaKernelsFor[T float]() *fmaKernels[T] {
	if !useSIMD {
		return nil
	}
	var k any = &fmaK64
	var z T
	if _, ok := any(z).(float32); ok {
		k = &fmaK32
	}
	return k.(*fmaKernels[T])
}

func fmaRun[T float](d, a, b, c []T, p plan, f func(x, y, z T) T, k *fmaKernels[T]) {
	_, st := p.inner()
	p.par(func(off []int, n int) {
		di, ai, bi, ci := off[0], off[1], off[2], off[3]
		sa, sb, sc := st[1], st[2], st[3]
		a, b := a, b
		if sa == 0 && sb == 1 { // a*b = b*a exactly: put the vector first
			ai, bi, sa, sb = bi, ai, sb, sa
			a, b = b, a
		}
		if k != nil && st[0] == 1 && sa == 1 && (sb == 0 || sb == 1) && (sc == 0 || sc == 1) {
			m := n - n%k.lanes
			dd, aa := d[di:di+m], a[ai:ai+m]
			switch {
			case sb == 1 && sc == 1:
				k.vvv(dd, aa, b[bi:bi+m], c[ci:ci+m])
			case sb == 0 && sc == 1:
				k.vsv(dd, aa, b[bi], c[ci:ci+m])
			case sb == 1:
				k.vvs(dd, aa, b[bi:bi+m], c[ci])
			default:
				k.vss(dd, aa, b[bi], c[ci])
			}
			di, ai, bi, ci, n = di+m, ai+m, bi+m*sb, ci+m*sc, n-m
		}
		for j := 0; j < n; j++ {
			d[di] = f(a[ai], b[bi], c[ci])
			di += st[0]
			ai += sa
			bi += sb
			ci += sc
		}
	})
}
