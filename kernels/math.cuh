// math.cuh: the float64 math functions the kernels need, written out because there is no
// libdevice: ports of Go's pure-Go math package (itself from FreeBSD's msun and Cephes),
// so they agree with the CPU reference to an ulp or two, with Go's special cases (NaN,
// ±Inf, ±0). math32.cuh has the float32 ones. Compiled with -ffp-contract=off: every
// multiply-add below rounds twice, as written, unless it calls fma explicitly.
#pragma once
#include "cuda.cuh"

DEV u64 f64bits(double x) { return __builtin_bit_cast(u64, x); }
DEV double f64from(u64 b) { return __builtin_bit_cast(double, b); }
DEV u32 f32bits(float x) { return __builtin_bit_cast(u32, x); }
DEV float f32from(u32 b) { return __builtin_bit_cast(float, b); }

DEV bool isnan64(double x) { return x != x; }
DEV bool isinf64(double x) { return x - x != x - x && x == x; }
DEV double inf64() { return f64from(0x7ff0000000000000ull); }
DEV double nan64() { return f64from(0x7ff8000000000001ull); }
DEV float inf32() { return f32from(0x7f800000u); }
DEV float nan32() { return f32from(0x7fc00000u); }
DEV double fabs64(double x) { return __builtin_fabs(x); }
DEV float fabs32(float x) { return __builtin_fabsf(x); }
DEV double copysign64(double x, double s) { return __builtin_copysign(x, s); }
DEV bool signbit64(double x) { return (f64bits(x) >> 63) != 0; }

// normalize returns y and exp such that x = y * 2**exp with y normal.
DEV double normalize64(double x, int* e) {
	if (fabs64(x) < 2.2250738585072014e-308) {
		*e = -52;
		return x * 4503599627370496.0; // 2**52
	}
	*e = 0;
	return x;
}

DEV double frexp64(double f, int* exp) {
	*exp = 0;
	if (f == 0 || isinf64(f) || isnan64(f))
		return f;
	f = normalize64(f, exp);
	u64 x = f64bits(f);
	*exp += (int)((x >> 52) & 0x7ff) - 1023 + 1;
	x &= ~(0x7ffull << 52);
	x |= 1022ull << 52;
	return f64from(x);
}

DEV double ldexp64(double frac, int exp) {
	if (frac == 0 || isinf64(frac) || isnan64(frac))
		return frac;
	int e;
	frac = normalize64(frac, &e);
	exp += e;
	u64 x = f64bits(frac);
	exp += (int)((x >> 52) & 0x7ff) - 1023;
	if (exp < -1075)
		return copysign64(0, frac);
	if (exp > 1023)
		return frac < 0 ? -inf64() : inf64();
	double m = 1;
	if (exp < -1022) {
		exp += 53;
		m = 1.0 / 9007199254740992.0; // 2**-53
	}
	x &= ~(0x7ffull << 52);
	x |= (u64)(exp + 1023) << 52;
	return m * f64from(x);
}

// modf64 returns the integer part of f and stores the fraction (Go's math.Modf).
DEV double modf64(double f, double* frac) {
	if (f < 1) {
		if (f < 0) {
			double i = modf64(-f, frac);
			*frac = -*frac;
			return -i;
		}
		if (f == 0) {
			*frac = f;
			return f;
		}
		*frac = f;
		return 0;
	}
	u64 x = f64bits(f);
	int e = (int)((x >> 52) & 0x7ff) - 1023;
	if (e < 52)
		x &= ~((1ull << (52 - e)) - 1);
	double i = f64from(x);
	*frac = f - i;
	return i;
}

// fmod64 is Go's math.Mod: exact, the result has the sign of x.
DEV double fmod64(double x, double y) {
	if (y == 0 || isinf64(x) || isnan64(x) || isnan64(y))
		return nan64();
	y = fabs64(y);
	int yexp, rexp;
	double yfr = frexp64(y, &yexp);
	double r = x < 0 ? -x : x;
	while (r >= y) {
		double rfr = frexp64(r, &rexp);
		if (rfr < yfr)
			rexp--;
		r = r - ldexp64(y, rexp - yexp);
	}
	return x < 0 ? -r : r;
}

DEV double expmulti64(double hi, double lo, int k) {
	const double P1 = 1.66666666666666657415e-01, P2 = -2.77777777770155933842e-03,
	             P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
	             P5 = 4.13813679705723846039e-08;
	double r = hi - lo;
	double t = r * r;
	double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
	double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
	return ldexp64(y, k);
}

DEV double exp64(double x) {
	const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10,
	             Log2e = 1.44269504088896338700e+00;
	if (isnan64(x))
		return x;
	if (x > 7.09782712893383973096e+02)
		return inf64();
	if (x < -7.45133219101941108420e+02)
		return 0;
	if (-3.725290298461914e-09 < x && x < 3.725290298461914e-09)
		return 1 + x;
	int k = 0;
	if (x < 0)
		k = (int)(Log2e * x - 0.5);
	else if (x > 0)
		k = (int)(Log2e * x + 0.5);
	double hi = x - (double)k * Ln2Hi;
	double lo = (double)k * Ln2Lo;
	return expmulti64(hi, lo, k);
}

DEV double log64(double x) {
	const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10,
	             L1 = 6.666666666666735130e-01, L2 = 3.999999999940941908e-01,
	             L3 = 2.857142874366239149e-01, L4 = 2.222219843214978396e-01,
	             L5 = 1.818357216161805012e-01, L6 = 1.531383769920937332e-01,
	             L7 = 1.479819860511658591e-01;
	if (isnan64(x) || x == inf64())
		return x;
	if (x < 0)
		return nan64();
	if (x == 0)
		return -inf64();
	int ki;
	double f1 = frexp64(x, &ki);
	if (f1 < 0.70710678118654752440 / 1.0) {
		f1 *= 2;
		ki--;
	}
	double f = f1 - 1;
	double k = (double)ki;
	double s = f / (2 + f);
	double s2 = s * s;
	double s4 = s2 * s2;
	double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
	double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
	double R = t1 + t2;
	double hfsq = 0.5 * f * f;
	return k * Ln2Hi - ((hfsq - (s * (hfsq + R) + k * Ln2Lo)) - f);
}

DEV double log1p64(double x) {
	const double Sqrt2M1 = 4.142135623730950488017e-01, Sqrt2HalfM1 = -2.928932188134524755992e-01,
	             Small = 1.0 / (1 << 29), Tiny = 1.0 / 18014398509481984.0, Two53 = 9007199254740992.0,
	             Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10,
	             Lp1 = 6.666666666666735130e-01, Lp2 = 3.999999999940941908e-01,
	             Lp3 = 2.857142874366239149e-01, Lp4 = 2.222219843214978396e-01,
	             Lp5 = 1.818357216161805012e-01, Lp6 = 1.531383769920937332e-01,
	             Lp7 = 1.479819860511658591e-01;
	if (x < -1 || isnan64(x))
		return nan64();
	if (x == -1)
		return -inf64();
	if (x == inf64())
		return inf64();
	double absx = fabs64(x);
	double f = 0;
	u64 iu = 0;
	int k = 1;
	if (absx < Sqrt2M1) {
		if (absx < Small) {
			if (absx < Tiny)
				return x;
			return x - x * x * 0.5;
		}
		if (x > Sqrt2HalfM1) {
			k = 0;
			f = x;
			iu = 1;
		}
	}
	double c = 0;
	if (k != 0) {
		double u;
		if (absx < Two53) {
			u = 1.0 + x;
			iu = f64bits(u);
			k = (int)((iu >> 52) - 1023);
			c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
			c /= u;
		} else {
			u = x;
			iu = f64bits(u);
			k = (int)((iu >> 52) - 1023);
			c = 0;
		}
		iu &= 0x000fffffffffffffull;
		if (iu < 0x0006a09e667f3bcdull) {
			u = f64from(iu | 0x3ff0000000000000ull);
		} else {
			k++;
			u = f64from(iu | 0x3fe0000000000000ull);
			iu = (0x0010000000000000ull - iu) >> 2;
		}
		f = u - 1.0;
	}
	double hfsq = 0.5 * f * f;
	double fk = (double)k;
	if (iu == 0) {
		if (f == 0) {
			if (k == 0)
				return 0;
			c += fk * Ln2Lo;
			return fk * Ln2Hi + c;
		}
		double R = hfsq * (1.0 - 0.66666666666666666 * f);
		if (k == 0)
			return f - R;
		return fk * Ln2Hi - ((R - (fk * Ln2Lo + c)) - f);
	}
	double s = f / (2.0 + f);
	double z = s * s;
	double R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
	if (k == 0)
		return f - (hfsq - s * (hfsq + R));
	return fk * Ln2Hi - ((hfsq - (s * (hfsq + R) + (fk * Ln2Lo + c))) - f);
}

DEV double expm164(double x) {
	const double Othreshold = 7.09782712893383973096e+02, Ln2X56 = 3.88162421113569373274e+01,
	             Ln2HalfX3 = 1.03972077083991796413e+00, Ln2Half = 3.46573590279972654709e-01,
	             Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10,
	             InvLn2 = 1.44269504088896338700e+00, Tiny = 1.0 / 18014398509481984.0,
	             Q1 = -3.33333333333331316428e-02, Q2 = 1.58730158725481460165e-03,
	             Q3 = -7.93650757867487942473e-05, Q4 = 4.00821782732936239552e-06,
	             Q5 = -2.01099218183624371326e-07;
	if (x == inf64() || isnan64(x))
		return x;
	if (x == -inf64())
		return -1;
	double absx = x;
	bool sign = false;
	if (x < 0) {
		absx = -absx;
		sign = true;
	}
	if (absx >= Ln2X56) {
		if (sign)
			return -1;
		if (absx >= Othreshold)
			return inf64();
	}
	double c = 0;
	int k = 0;
	if (absx > Ln2Half) {
		double hi, lo;
		if (absx < Ln2HalfX3) {
			if (!sign) {
				hi = x - Ln2Hi;
				lo = Ln2Lo;
				k = 1;
			} else {
				hi = x + Ln2Hi;
				lo = -Ln2Lo;
				k = -1;
			}
		} else {
			k = !sign ? (int)(InvLn2 * x + 0.5) : (int)(InvLn2 * x - 0.5);
			double t = (double)k;
			hi = x - t * Ln2Hi;
			lo = t * Ln2Lo;
		}
		x = hi - lo;
		c = (hi - x) - lo;
	} else if (absx < Tiny) {
		return x;
	}
	double hfx = 0.5 * x;
	double hxs = x * hfx;
	double r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
	double t = 3 - r1 * hfx;
	double e = hxs * ((r1 - t) / (6.0 - x * t));
	if (k == 0)
		return x - (x * e - hxs);
	e = (x * (e - c) - c);
	e -= hxs;
	if (k == -1)
		return 0.5 * (x - e) - 0.5;
	if (k == 1) {
		if (x < -0.25)
			return -2 * (e - (x + 0.5));
		return 1 + 2 * (x - e);
	}
	if (k <= -2 || k > 56) {
		double y = 1 - (e - x);
		return f64from(f64bits(y) + ((u64)(i64)k << 52)) - 1;
	}
	if (k < 20) {
		double t2 = f64from(0x3ff0000000000000ull - (0x20000000000000ull >> k));
		double y = t2 - (e - x);
		return f64from(f64bits(y) + ((u64)k << 52));
	}
	double t2 = f64from((u64)(0x3ff - k) << 52);
	double y = x - (e + t2);
	y += 1;
	return f64from(f64bits(y) + ((u64)k << 52));
}

DEV double tanh64(double x) {
	const double P0 = -9.64399179425052238628e-1, P1 = -9.92877231001918586564e1,
	             P2 = -1.61468768441708447952e3, Q0 = 1.12811678491632931402e2,
	             Q1 = 2.23548839060100448583e3, Q2 = 4.84406305325125486048e3;
	double z = fabs64(x);
	if (z > 0.5 * 8.8029691931113054295988e+01)
		return x < 0 ? -1 : 1;
	if (z >= 0.625) {
		double s = exp64(2 * z);
		z = 1 - 2 / (s + 1);
		return x < 0 ? -z : z;
	}
	if (x == 0)
		return x;
	double s = x * x;
	return x + x * s * ((P0 * s + P1) * s + P2) / (((s + Q0) * s + Q1) * s + Q2);
}

// trig_reduce64 is Payne-Hanek reduction by Pi/4 for x >= 2**29 (Go's trigReduce).
DEV double trig_reduce64(double x, u64* jout) {
	const u64 mPi4[20] = {
	    0x0000000000000001ull, 0x45f306dc9c882a53ull, 0xf84eafa3ea69bb81ull, 0xb6c52b3278872083ull,
	    0xfca2c757bd778ac3ull, 0x6e48dc74849ba5c0ull, 0x0c925dd413a32439ull, 0xfc3bd63962534e7dull,
	    0xd1046bea5d768909ull, 0xd338e04d68befc82ull, 0x7323ac7306a673e9ull, 0x3908bf177bf25076ull,
	    0x3ff12fffbc0b301full, 0xde5e2316b414da3eull, 0xda6cfd9e4f96136eull, 0x9e8c7ecd3cbfd45aull,
	    0xea4f758fd7cbe2f6ull, 0x7a0e73ef14a525d4ull, 0xd7f6bf623f1aba10ull, 0xac06608df8f6d757ull};
	const double PI4 = 3.14159265358979323846264338327950288419716939937510582097494459 / 4;
	if (x < PI4) {
		*jout = 0;
		return x;
	}
	u64 ix = f64bits(x);
	int exp = (int)((ix >> 52) & 0x7ff) - 1023 - 52;
	ix &= ~(0x7ffull << 52);
	ix |= 1ull << 52;
	unsigned digit = (unsigned)(exp + 61) / 64, bitshift = (unsigned)(exp + 61) % 64;
	// Go's x >> 64 is 0; C's is undefined, hence the guards.
	u64 z0 = (mPi4[digit] << bitshift) | (bitshift ? mPi4[digit + 1] >> (64 - bitshift) : 0);
	u64 z1 = (mPi4[digit + 1] << bitshift) | (bitshift ? mPi4[digit + 2] >> (64 - bitshift) : 0);
	u64 z2 = (mPi4[digit + 2] << bitshift) | (bitshift ? mPi4[digit + 3] >> (64 - bitshift) : 0);
	u64 z2hi = mulhi_u64(z2, ix);
	u64 z1hi = mulhi_u64(z1, ix), z1lo = z1 * ix;
	u64 z0lo = z0 * ix;
	u64 lo = z1lo + z2hi;
	u64 carry = lo < z1lo ? 1 : 0;
	u64 hi = z0lo + z1hi + carry;
	u64 j = hi >> 61;
	hi = hi << 3 | lo >> 61;
	// Go's shifts by >= 64 give 0; C's are undefined, hence the guards.
	unsigned lz = hi ? (unsigned)__builtin_clzll(hi) : 64;
	u64 e = (u64)(1023 - (int)(lz + 1));
	unsigned sh = lz + 1;
	hi = (sh < 64 ? hi << sh : 0) | (sh <= 64 ? lo >> (64 - sh) % 64 : 0);
	hi >>= 64 - 52;
	hi |= e << 52;
	double z = f64from(hi);
	if (j & 1) {
		j++;
		j &= 7;
		z--;
	}
	*jout = j;
	return z * PI4;
}

// sincos64 computes sin (want_cos false) or cos of x, Go's Cephes-based sin/cos.
DEV double sincos64(double x, bool want_cos) {
	const double PI4A = 7.85398125648498535156e-1, PI4B = 3.77489470793079817668e-8,
	             PI4C = 2.69515142907905952645e-15;
	const double S0 = 1.58962301576546568060e-10, S1 = -2.50507477628578072866e-8,
	             S2 = 2.75573136213857245213e-6, S3 = -1.98412698295895385996e-4,
	             S4 = 8.33333333332211858878e-3, S5 = -1.66666666666666307295e-1;
	const double C0 = -1.13585365213876817300e-11, C1 = 2.08757008419747316778e-9,
	             C2 = -2.75573141792967388112e-7, C3 = 2.48015872888517045348e-5,
	             C4 = -1.38888888888730564116e-3, C5 = 4.16666666666665929218e-2;
	if (isnan64(x))
		return x;
	if (isinf64(x))
		return nan64();
	if (!want_cos && x == 0)
		return x;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = !want_cos;
	}
	u64 j;
	double y, z;
	if (x >= 536870912.0) {
		z = trig_reduce64(x, &j);
	} else {
		j = (u64)(x * (4 / 3.14159265358979323846264338327950288419716939937510582097494459));
		y = (double)j;
		if (j & 1) {
			j++;
			y++;
		}
		j &= 7;
		z = ((x - y * PI4A) - y * PI4B) - y * PI4C;
	}
	if (j > 3) {
		j -= 4;
		sign = !sign;
	}
	if (want_cos && j > 1)
		sign = !sign;
	double zz = z * z;
	bool use_cos = want_cos ? !(j == 1 || j == 2) : (j == 1 || j == 2);
	if (use_cos)
		y = 1.0 - 0.5 * zz + zz * zz * ((((((C0 * zz) + C1) * zz + C2) * zz + C3) * zz + C4) * zz + C5);
	else
		y = z + z * zz * ((((((S0 * zz) + S1) * zz + S2) * zz + S3) * zz + S4) * zz + S5);
	return sign ? -y : y;
}
DEV double sin64(double x) { return sincos64(x, false); }
DEV double cos64(double x) { return sincos64(x, true); }

DEV bool is_odd_int64(double x) {
	if (fabs64(x) >= 9007199254740992.0)
		return false;
	double xf;
	double xi = modf64(x, &xf);
	return xf == 0 && (((i64)xi) & 1) == 1;
}

// pow64 is Go's math.Pow.
DEV double pow64(double x, double y) {
	if (y == 0 || x == 1)
		return 1;
	if (y == 1)
		return x;
	if (isnan64(x) || isnan64(y))
		return nan64();
	if (x == 0) {
		if (y < 0)
			return signbit64(x) && is_odd_int64(y) ? -inf64() : inf64();
		if (y > 0)
			return signbit64(x) && is_odd_int64(y) ? x : 0;
	}
	if (isinf64(y)) {
		if (x == -1)
			return 1;
		if ((fabs64(x) < 1) == (y > 0))
			return 0;
		return inf64();
	}
	if (isinf64(x)) {
		if (x < 0) { // Pow(-Inf, y) = Pow(-0, -y)
			double ny = -y;
			if (ny < 0)
				return is_odd_int64(ny) ? -inf64() : inf64();
			return is_odd_int64(ny) ? -0.0 : 0.0;
		}
		return y < 0 ? 0 : inf64();
	}
	if (y == 0.5)
		return __builtin_sqrt(x);
	if (y == -0.5)
		return 1 / __builtin_sqrt(x);
	double yf;
	double yi = modf64(fabs64(y), &yf);
	if (yf != 0 && x < 0)
		return nan64();
	if (yi >= 9223372036854775808.0) {
		if (x == -1)
			return 1;
		if ((fabs64(x) < 1) == (y > 0))
			return 0;
		return inf64();
	}
	double a1 = 1.0;
	int ae = 0;
	if (yf != 0) {
		if (yf > 0.5) {
			yf--;
			yi++;
		}
		a1 = exp64(yf * log64(x));
	}
	int xe;
	double x1 = frexp64(x, &xe);
	for (i64 i = (i64)yi; i != 0; i >>= 1) {
		if (xe < -(1 << 12) || (1 << 12) < xe) {
			ae += xe;
			break;
		}
		if (i & 1) {
			a1 *= x1;
			ae += xe;
		}
		x1 *= x1;
		xe <<= 1;
		if (x1 < .5) {
			x1 += x1;
			xe--;
		}
	}
	if (y < 0) {
		a1 = 1 / a1;
		ae = -ae;
	}
	return ldexp64(a1, ae);
}

// sigmoid64 is cpu.Sigmoid64: 1/(1+exp(-x)) without overflow.
DEV double sigmoid64(double x) {
	if (x >= 0)
		return 1 / (1 + exp64(-x));
	double e = exp64(x);
	return e / (1 + e);
}
