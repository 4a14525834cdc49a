package libm

import "math"

// Pow returns x**y, as glibc's pow (e_pow.c, the __pow_fma variant): log(x) to about
// 68 bits as a double pair, times y, through an exp that takes the pair.
func Pow(x, y float64) float64 {
	var signBias uint64
	ix, iy := math.Float64bits(x), math.Float64bits(y)
	topx, topy := uint32(ix>>52), uint32(iy>>52)
	if topx-0x001 >= 0x7ff-0x001 || (topy&0x7ff)-0x3be >= 0x43e-0x3be {
		// x < 0x1p-126 or inf or nan, or |y| < 0x1p-65 or |y| >= 0x1p63 or nan.
		if zeroInfNaN(iy) {
			switch {
			case 2*iy == 0:
				return 1.0
			case ix == 0x3ff0000000000000:
				return 1.0
			case 2*ix > 2*0x7ff0000000000000 || 2*iy > 2*0x7ff0000000000000:
				return x + y
			case 2*ix == 2*0x3ff0000000000000:
				return 1.0
			case (2*ix < 2*0x3ff0000000000000) == (iy>>63 == 0):
				return 0.0 // |x|<1 && y==inf or |x|>1 && y==-inf
			}
			return y * y
		}
		if zeroInfNaN(ix) {
			x2 := x * x
			if ix>>63 != 0 && checkint(iy) == 1 {
				x2 = -x2
			}
			if iy>>63 != 0 {
				return 1 / x2
			}
			return x2
		}
		// x and y are non-zero finite.
		if ix>>63 != 0 {
			// Finite x < 0.
			switch checkint(iy) {
			case 0:
				return math.NaN()
			case 1:
				signBias = 0x800 << 7
			}
			ix &= 0x7fffffffffffffff
			topx &= 0x7ff
		}
		if (topy&0x7ff)-0x3be >= 0x43e-0x3be {
			if ix == 0x3ff0000000000000 {
				return 1.0
			}
			if topy&0x7ff < 0x3be {
				// |y| < 2^-65: x^y ~= 1 + y*log(x).
				if ix > 0x3ff0000000000000 {
					return 1.0 + y
				}
				return 1.0 - y
			}
			if (ix > 0x3ff0000000000000) == (topy < 0x800) {
				return math.Inf(1)
			}
			return 0
		}
		if topx == 0 {
			// Normalise subnormal x so the exponent becomes negative.
			ix = math.Float64bits(x * 0x1p52)
			ix &= 0x7fffffffffffffff
			ix -= 52 << 52
		}
	}
	hi, lo := powLog(ix)
	ehi := float64(y * hi)
	elo := fma(y, lo, fma(y, hi, -ehi))
	return powExp(ehi, elo, signBias)
}

// zeroInfNaN reports whether i is the bit pattern of 0, inf or nan.
func zeroInfNaN(i uint64) bool { return 2*i-1 >= 2*0x7ff0000000000000-1 }

// checkint returns 0 if iy is not an integer, 1 if it is odd, 2 if even.
func checkint(iy uint64) int {
	e := int(iy >> 52 & 0x7ff)
	if e < 0x3ff {
		return 0
	}
	if e > 0x3ff+52 {
		return 2
	}
	if iy&(1<<(0x3ff+52-e)-1) != 0 {
		return 0
	}
	if iy&(1<<(0x3ff+52-e)) != 0 {
		return 1
	}
	return 2
}

// powLog returns hi+lo = log(x), with about 15 more bits than a double, for the bits
// of x (normalised, non-negative).
func powLog(ix uint64) (hi, tail float64) {
	const off = 0x3fe6955500000000
	tmp := ix - off
	i := (tmp >> (52 - 7)) % 128
	k := int64(tmp) >> 52
	iz := ix - (tmp & (0xfff << 52))
	z := math.Float64frombits(iz)
	kd := float64(k)
	invc, logc, logctail := powInvc[i], powLogc[i], powLogctail[i]
	A := &powA

	r := fma(z, invc, -1.0)
	t1 := fma(kd, logLn2hi, logc)
	t2 := t1 + r
	lo1 := fma(kd, logLn2lo, logctail)
	lo2 := float64(t1-t2) + r
	ar := float64(A[0] * r)
	ar2 := float64(r * ar)
	ar3 := float64(r * ar2)
	h := t2 + ar2
	lo3 := fma(ar, r, -ar2)
	lo4 := float64(t2-h) + ar2
	q := fma(ar2, fma(fma(r, A[6], A[5]), ar2, fma(r, A[4], A[3])), fma(r, A[2], A[1]))
	lo := fma(ar3, q, float64(float64(lo1+lo2)+lo3)+lo4)
	y := h + lo
	return y, float64(h-y) + lo
}

// powExp returns sign*exp(x+xtail), as pow's exp_inline.
func powExp(x, xtail float64, signBias uint64) float64 {
	abstop := uint32(math.Float64bits(x)>>52) & 0x7ff
	if abstop-0x3c9 >= 0x408-0x3c9 {
		if abstop-0x3c9 >= 0x80000000 {
			one := 1.0 + x
			if signBias != 0 {
				return -one
			}
			return one
		}
		if abstop >= 0x409 {
			neg := signBias != 0
			if math.Float64bits(x)>>63 != 0 {
				if neg {
					return math.Copysign(0, -1)
				}
				return 0
			}
			if neg {
				return math.Inf(-1)
			}
			return math.Inf(1)
		}
		abstop = 0
	}
	kd := fma(expInvLn2N, x, expShift)
	ki := math.Float64bits(kd)
	kd -= expShift
	r := fma(kd, expNegLn2hiN, x)
	r = fma(kd, expNegLn2loN, r)
	r = xtail + r
	idx := 2 * (ki % 128)
	top := (ki + signBias) << (52 - 7)
	tail := math.Float64frombits(expTab[idx])
	sbits := expTab[idx+1] + top
	r2 := float64(r * r)
	tmp := fma(fma(r, expC3, expC2), r2, r+tail)
	tmp = fma(float64(r2*r2), fma(r, expC5, expC4), tmp)
	if abstop == 0 {
		return powSpecial(tmp, sbits, ki)
	}
	scale := math.Float64frombits(sbits)
	return fma(tmp, scale, scale)
}

// powSpecial is pow's specialcase: scale*(1+tmp) that may overflow or underflow, with
// a signed scale.
func powSpecial(tmp float64, sbits, ki uint64) float64 {
	if ki&0x80000000 == 0 {
		sbits -= 1009 << 52
		scale := math.Float64frombits(sbits)
		return float64(fma(tmp, scale, scale) * 0x1p1009)
	}
	sbits += 1022 << 52
	scale := math.Float64frombits(sbits)
	st := float64(tmp * scale)
	y := scale + st
	if math.Abs(y) < 1.0 {
		one := 1.0
		if y < 0 {
			one = -1.0
		}
		lo := float64(scale-y) + st
		hi := y + one
		y = float64(float64(float64(one-hi)+y)+lo) + hi
		y -= one
		if y == 0 {
			y = math.Float64frombits(sbits & 0x8000000000000000)
		}
	}
	return float64(y * 0x1p-1022)
}

// fdlibm's expm1 constants.
const (
	expm1Huge  = 1.0e+300
	expm1Tiny  = 1.0e-300
	oThreshold = 7.09782712893383973096e+02  // 0x40862E42, 0xFEFA39EF
	invLn2     = 1.44269504088896338700e+00  // 0x3ff71547, 0x652b82fe
	q1         = -3.33333333333331316428e-02 // BFA11111 111110F4
	q2         = 1.58730158725481460165e-03  // 3F5A01A0 19FE5585
	q3         = -7.93650757867487942473e-05 // BF14CE19 9EAADBB7
	q4         = 4.00821782732936239552e-06  // 3ED0CFCA 86E65239
	q5         = -2.01099218183624371326e-07 // BE8AFDB7 6E09C32D
)

// Expm1 returns exp(x)-1, as glibc's expm1 (fdlibm's s_expm1.c, __expm1_fma).
func Expm1(x float64) float64 {
	hx := uint32(math.Float64bits(x) >> 32)
	neg := hx&0x80000000 != 0
	hx &= 0x7fffffff
	if hx >= 0x4043687A { // |x| >= 56*ln2
		if hx >= 0x40862E42 { // |x| >= 709.78...
			if hx >= 0x7ff00000 {
				if math.IsNaN(x) {
					return x + x
				}
				if neg {
					return -1
				}
				return x
			}
			if x > oThreshold {
				return math.Inf(1)
			}
		}
		if neg {
			return expm1Tiny - 1.0 // -1 with inexact
		}
	}
	var k int32
	var c float64
	switch {
	case hx > 0x3fd62e42: // |x| > 0.5 ln2: argument reduction
		var hi, lo float64
		if hx < 0x3FF0A2B2 { // and |x| < 1.5 ln2
			if !neg {
				hi, lo, k = x-ln2Hi, ln2Lo, 1
			} else {
				hi, lo, k = x+ln2Hi, -ln2Lo, -1
			}
		} else {
			h := 0.5
			if neg {
				h = -0.5
			}
			k = int32(float64(invLn2*x) + h)
			t := float64(k)
			hi = fma(-t, ln2Hi, x) // t*ln2_hi is exact here
			lo = float64(t * ln2Lo)
		}
		x = hi - lo
		c = float64(hi-x) - lo
	case hx < 0x3c900000: // |x| < 2**-54
		return x
	}
	// x is now in the primary range.
	hfx := float64(0.5 * x)
	hxs := float64(x * hfx)
	R1 := fma(hxs, q1, 1.0)
	h2 := float64(hxs * hxs)
	R2 := fma(hxs, q3, q2)
	h4 := float64(h2 * h2)
	R3 := fma(hxs, q5, q4)
	r1 := fma(h4, R3, fma(h2, R2, R1))
	t := fma(-r1, hfx, 3.0)
	e := float64(hxs * (float64(r1-t) / fma(-x, t, 6.0)))
	if k == 0 {
		return x - fma(x, e, -hxs) // c is 0
	}
	e = fma(e-c, x, -c)
	e -= hxs
	switch {
	case k == -1:
		return fma(x-e, 0.5, -0.5)
	case k == 1:
		if x < -0.25 {
			return float64(-2.0 * (e - (x + 0.5)))
		}
		return fma(x-e, 2.0, 1.0)
	case k <= -2 || k > 56: // exp(x)-1 is exp(x) here
		y := 1.0 - (e - x)
		y = addExponent(y, k)
		return y - 1.0
	case k < 20:
		t := math.Float64frombits(uint64(0x3ff00000-(0x200000>>k)) << 32) // 1-2^-k
		y := t - (e - x)
		return addExponent(y, k)
	}
	t = math.Float64frombits(uint64((0x3ff-k)<<20) << 32) // 2^-k
	y := x - (e + t)
	y += 1.0
	return addExponent(y, k)
}

// addExponent adds k to y's exponent by its high word, as fdlibm's SET_HIGH_WORD does.
func addExponent(y float64, k int32) float64 {
	b := math.Float64bits(y)
	high := uint32(b>>32) + uint32(k)<<20
	return math.Float64frombits(uint64(high)<<32 | b&0xffffffff)
}
