// Package libm reproduces, bit for bit, the results of the libm functions NumPy's random
// distributions call on x86-64 Linux: glibc 2.36 as Debian 12 ships it, on a CPU with
// FMA and AVX2, where glibc's ifunc picks the variants built with -mfma -mavx2
// (__log_fma, __exp_fma, __log1p_fma).
//
// The algorithms are glibc's: the table-driven log and exp of sysdeps/ieee754/dbl-64
// (e_log.c, e_exp.c; tables in tables.go, extracted from libm.so.6 by
// random/testdata/tables.py) and fdlibm's log1p (s_log1p.c). The results also depend on
// which multiply-adds GCC fused in the FMA builds; those were read off the disassembly of
// libm.so.6 and are written here as explicit math.FMA calls. Every other product is
// wrapped in float64(...), which Go's compiler may not fuse, so the results are the same
// under GOAMD64=v1 and v3.
//
// Go's math.Log differs from glibc's log on about 7% of inputs, math.Exp from exp on
// about 13%; these functions match glibc on every input tested (see libm_test.go).
package libm

import "math"

// fma is math.FMA: x*y+z with one rounding, as the vfmadd instructions compute it.
func fma(x, y, z float64) float64 { return math.FMA(x, y, z) }

// Log returns the natural logarithm of x, as glibc's log.
func Log(x float64) float64 {
	ix := math.Float64bits(x)
	top := uint32(ix >> 48)
	const near1Lo, near1Hi = 0x3fee000000000000, 0x3ff1090000000000 // 1-0x1p-4, 1+0x1.09p-4
	if ix-near1Lo < near1Hi-near1Lo {
		return logNear1(x, ix)
	}
	if top-0x0010 >= 0x7ff0-0x0010 {
		// x < 0x1p-1022, inf or nan.
		switch {
		case ix*2 == 0:
			return math.Inf(-1)
		case ix == 0x7ff0000000000000:
			return x
		case top&0x8000 != 0 || top&0x7ff0 == 0x7ff0:
			return math.NaN()
		}
		// Subnormal: normalise.
		ix = math.Float64bits(x * 0x1p52)
		ix -= 52 << 52
	}
	// x = 2^k z with z in [OFF, 2*OFF); c near the centre of z's subinterval.
	const off = 0x3fe6000000000000
	tmp := ix - off
	i := (tmp >> (52 - 7)) % 128
	k := int64(tmp) >> 52
	iz := ix - (tmp & (0xfff << 52))
	invc, logc := logInvc[i], logLogc[i]
	z := math.Float64frombits(iz)
	kd := float64(k)

	r := fma(z, invc, -1.0)
	w := fma(kd, logLn2hi, logc)
	hi := w + r
	lo := fma(kd, logLn2lo, float64(w-hi)+r)
	r2 := float64(r * r)
	p := fma(r2, fma(r, logA[4], logA[3]), fma(r, logA[2], logA[1]))
	y := fma(float64(r*r2), p, fma(r2, logA[0], lo))
	return y + hi
}

// logNear1 is glibc log's path for x in [1-0x1p-4, 1+0x1.09p-4).
func logNear1(x float64, ix uint64) float64 {
	if ix == 0x3ff0000000000000 {
		return 0
	}
	B := &logB
	r := x - 1.0
	r2 := float64(r * r)
	r3 := float64(r * r2)
	p3 := fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])))
	p2 := fma(p3, r3, fma(r2, B[6], fma(r, B[5], B[4])))
	p1 := fma(p2, r3, fma(r2, B[3], fma(r, B[2], B[1])))
	// rhi + rlo = r with rhi short enough that rhi*rhi is exact.
	w := float64(r * 0x1p27)
	rhi := float64(r+w) - w
	rlo := r - rhi
	w = float64(float64(rhi*rhi) * B[0]) // B[0] == -0.5
	hi := r + w
	lo := float64(r-hi) + w
	lo = fma(float64(B[0]*rlo), rhi+r, lo)
	y := fma(p1, r3, lo)
	return hi + y
}

// Exp returns e**x, as glibc's exp.
func Exp(x float64) float64 {
	ix := math.Float64bits(x)
	abstop := uint32(ix>>52) & 0x7ff
	if abstop-0x3c9 >= 0x408-0x3c9 {
		if abstop-0x3c9 >= 0x80000000 {
			// Tiny x (and 0): 1+x rounds to the right result.
			return 1.0 + x
		}
		if abstop >= 0x409 {
			switch {
			case ix == 0xfff0000000000000:
				return 0
			case abstop >= 0x7ff:
				return 1.0 + x
			case ix>>63 != 0:
				return 0 // underflow
			}
			return math.Inf(1) // overflow
		}
		// Large |x| is handled by expSpecial below.
		abstop = 0
	}
	// exp(x) = 2^(k/N) * exp(r), N = 128, |r| <= ln2/2N.
	kd := fma(expInvLn2N, x, expShift)
	ki := math.Float64bits(kd)
	kd -= expShift
	r := fma(kd, expNegLn2hiN, x)
	r = fma(kd, expNegLn2loN, r)
	idx := 2 * (ki % 128)
	top := ki << (52 - 7)
	tail := math.Float64frombits(expTab[idx])
	sbits := expTab[idx+1] + top
	r2 := float64(r * r)
	tmp := fma(fma(r, expC3, expC2), r2, tail+r)
	tmp = fma(float64(r2*r2), fma(r, expC5, expC4), tmp)
	if abstop == 0 {
		return expSpecial(tmp, sbits, ki)
	}
	scale := math.Float64frombits(sbits)
	return fma(scale, tmp, scale)
}

// expSpecial computes scale*(1+tmp) where the result may overflow or underflow.
func expSpecial(tmp float64, sbits, ki uint64) float64 {
	if ki&0x80000000 == 0 {
		// k > 0: the exponent of scale may have overflowed by <= 460.
		sbits -= 1009 << 52
		scale := math.Float64frombits(sbits)
		return 0x1p1009 * fma(scale, tmp, scale)
	}
	// k < 0: care in the subnormal range.
	sbits += 1022 << 52
	scale := math.Float64frombits(sbits)
	st := float64(scale * tmp)
	y := scale + st
	if y < 1.0 {
		lo := float64(scale-y) + st
		hi := 1.0 + y
		lo = float64(float64(1.0-hi)+y) + lo
		y = float64(lo+hi) - 1.0
		if y == 0 {
			y = 0
		}
	}
	return float64(0x1p-1022 * y)
}

// fdlibm's log1p constants.
const (
	ln2Hi = 6.93147180369123816490e-01 // 3fe62e42 fee00000
	ln2Lo = 1.90821492927058770002e-10 // 3dea39ef 35793c76
	lp1   = 6.666666666666735130e-01   // 3FE55555 55555593
	lp2   = 3.999999999940941908e-01   // 3FD99999 9997FA04
	lp3   = 2.857142874366239149e-01   // 3FD24924 94229359
	lp4   = 2.222219843214978396e-01   // 3FCC71C5 1D8E78AF
	lp5   = 1.818357216161805012e-01   // 3FC74664 96CB03DE
	lp6   = 1.531383769920937332e-01   // 3FC39A09 D078C69F
	lp7   = 1.479819860511658591e-01   // 3FC2F112 DF3E5244
)

// Log1p returns log(1+x), as glibc's log1p.
func Log1p(x float64) float64 {
	hx := int32(math.Float64bits(x) >> 32)
	ax := hx & 0x7fffffff
	k := int32(1)
	var f, c float64
	var hu int32
	if hx < 0x3FDA827A { // x < 0.41422
		if ax >= 0x3ff00000 { // x <= -1.0
			if x == -1.0 {
				return math.Inf(-1)
			}
			return math.NaN()
		}
		if ax < 0x3e200000 { // |x| < 2**-29
			if ax < 0x3c900000 { // |x| < 2**-54
				return x
			}
			return x - float64(x*x)*0.5
		}
		if hx > 0 || hx <= int32(-0x402d413d) { // -0.2929 < x < 0.41422; 0xbfd2bec3
			k, f, hu = 0, x, 1
		}
	} else if hx >= 0x7ff00000 {
		return x + x
	}
	if k != 0 {
		var u float64
		if hx < 0x43400000 {
			u = 1.0 + x
			hu = int32(math.Float64bits(u) >> 32)
			k = (hu >> 20) - 1023
			if k > 0 {
				c = 1.0 - (u - x)
			} else {
				c = x - (u - 1.0)
			}
			c /= u
		} else {
			u = x
			hu = int32(math.Float64bits(u) >> 32)
			k = (hu >> 20) - 1023
			c = 0
		}
		hu &= 0x000fffff
		low := math.Float64bits(u) & 0xffffffff
		if hu < 0x6a09e {
			u = math.Float64frombits(uint64(uint32(hu|0x3ff00000))<<32 | low) // normalise u
		} else {
			k++
			u = math.Float64frombits(uint64(uint32(hu|0x3fe00000))<<32 | low) // normalise u/2
			hu = (0x00100000 - hu) >> 2
		}
		f = u - 1.0
	}
	hfsq := float64(float64(0.5*f) * f)
	kd := float64(k)
	if hu == 0 { // |f| < 2**-20
		if f == 0 {
			if k == 0 {
				return 0
			}
			return fma(kd, ln2Hi, fma(kd, ln2Lo, c))
		}
		R := float64(fma(-f, 0.66666666666666666, 1.0) * hfsq)
		if k == 0 {
			return f - R
		}
		return fma(kd, ln2Hi, -float64(float64(R-fma(kd, ln2Lo, c))-f))
	}
	s := f / (2.0 + f)
	z := float64(s * s)
	z2 := float64(z * z)
	z4 := float64(z2 * z2)
	z6 := float64(z2 * z4)
	R := fma(z, lp1, float64(z2*fma(z, lp3, lp2)))
	R = fma(z4, fma(z, lp5, lp4), R)
	R = fma(z6, fma(z, lp7, lp6), R)
	t := float64(s * (hfsq + R))
	if k == 0 {
		return f - (hfsq - t)
	}
	return fma(kd, ln2Hi, -float64(float64(hfsq-(t+fma(kd, ln2Lo, c)))-f))
}
