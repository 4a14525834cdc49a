// elemmath.cuh: the element-wise ops added with NumPy's breadth (log2 ... invert, arctan2
// ... right_shift): their float64 math, transcribed from cpu/elemmath.go and from the
// pure-Go functions of Go's math package the CPU reference calls (Exp2, Tan, Atan,
// Asinh, Acosh, Atanh, Mod), and their per-element functors. Float32 computes in float64
// and rounds, as the CPU reference does.
#pragma once
#include "ops.cuh"

// ---- math (cpu/elemmath.go; Go's math for exp2, tan, atan, asinh, acosh, atanh) ----

DEV double pi64() { return 3.14159265358979323846264338327950288419716939937510582097494459; }

// split_log64 is cpu.splitLog: x = m * 2**e, m in [sqrt(1/2), sqrt(2)).
DEV double split_log64(double x, int* e) {
	double m = frexp64(x, e);
	if (m < 0.70710678118654752440084436210484903928483593768847403658833987) {
		m *= 2;
		(*e)--;
	}
	return m;
}

// log_special64 is cpu.logSpecial.
DEV bool log_special64(double x, double* r) {
	if (x != x || x < 0) {
		*r = nan64();
		return true;
	}
	if (x == 0) {
		*r = -inf64();
		return true;
	}
	if (x == inf64()) {
		*r = x;
		return true;
	}
	return false;
}

DEV double log2_64(double x) {
	double r;
	if (log_special64(x, &r))
		return r;
	int e;
	double m = split_log64(x, &e);
	return log1p64(m - 1) * 1.44269504088896340735992468100189214 /* 1/ln 2 */ + (double)e;
}

DEV double log10_64(double x) {
	const double Hi = 3.01029995663611771306e-01, Lo = 3.69423907715893078616e-13,
	             InvLn10 = 4.34294481903251816668e-01;
	double r;
	if (log_special64(x, &r))
		return r;
	int e;
	double m = split_log64(x, &e);
	double z = (double)e * Lo + log1p64(m - 1) * InvLn10;
	return z + (double)e * Hi;
}

// exp2_64 is Go's math.Exp2.
DEV double exp2_64(double x) {
	const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;
	if (isnan64(x))
		return x;
	if (x > 1.0239999999999999e+03)
		return inf64();
	if (x < -1.0740e+03)
		return 0;
	int k = 0;
	if (x > 0)
		k = (int)(x + 0.5);
	else if (x < 0)
		k = (int)(x - 0.5);
	double t = x - (double)k;
	double hi = t * Ln2Hi;
	double lo = -t * Ln2Lo;
	return expmulti64(hi, lo, k);
}

// tan64 is Go's math.Tan (Cephes), with trig_reduce64 for x >= 2**29.
DEV double tan64(double x) {
	const double PI4A = 7.85398125648498535156e-1, PI4B = 3.77489470793079817668e-8,
	             PI4C = 2.69515142907905952645e-15;
	const double P0 = -1.30936939181383777646e4, P1 = 1.15351664838587416140e6,
	             P2 = -1.79565251976484877988e7, Q1 = 1.36812963470692954678e4,
	             Q2 = -1.32089234440210967447e6, Q3 = 2.50083801823357915839e7,
	             Q4 = -5.38695755929454629881e7;
	if (x == 0 || isnan64(x))
		return x;
	if (isinf64(x))
		return nan64();
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	u64 j;
	double y, z;
	if (x >= 536870912.0) {
		z = trig_reduce64(x, &j);
	} else {
		j = (u64)(x * 1.27323954473516268615107010698011489627567716592365); // 4/pi
		y = (double)j;
		if (j & 1) {
			j++;
			y++;
		}
		z = ((x - y * PI4A) - y * PI4B) - y * PI4C;
	}
	double zz = z * z;
	if (zz > 1e-14)
		y = z + z * (zz * (((P0 * zz) + P1) * zz + P2) / ((((zz + Q1) * zz + Q2) * zz + Q3) * zz + Q4));
	else
		y = z;
	if (j & 2)
		y = -1 / y;
	return sign ? -y : y;
}

// xatan64, satan64 and atan64 are Go's math.Atan (Cephes).
DEV double xatan64(double x) {
	const double P0 = -8.750608600031904122785e-01, P1 = -1.615753718733365076637e+01,
	             P2 = -7.500855792314704667340e+01, P3 = -1.228866684490136173410e+02,
	             P4 = -6.485021904942025371773e+01, Q0 = +2.485846490142306297962e+01,
	             Q1 = +1.650270098316988542046e+02, Q2 = +4.328810604912902668951e+02,
	             Q3 = +4.853903996359136964868e+02, Q4 = +1.945506571482613964425e+02;
	double z = x * x;
	z = z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4) / (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
	return x * z + x;
}

DEV double satan64(double x) {
	const double Morebits = 6.123233995736765886130e-17, Tan3pio8 = 2.41421356237309504880;
	if (x <= 0.66)
		return xatan64(x);
	if (x > Tan3pio8)
		return pi64() / 2 - xatan64(1 / x) + Morebits;
	return pi64() / 4 + xatan64((x - 1) / (x + 1)) + 0.5 * Morebits;
}

DEV double atan64(double x) {
	if (x == 0)
		return x;
	return x > 0 ? satan64(x) : -satan64(-x);
}

DEV double asin64(double x) { return atan64(x / __builtin_sqrt((1 - x) * (1 + x))); }
DEV double acos64(double x) { return 2 * atan64(__builtin_sqrt((1 - x) / (1 + x))); }

// atan2_64 is cpu.Atan2.
DEV double atan2_64(double y, double x) {
	if (isnan64(y) || isnan64(x))
		return nan64();
	if (y == 0) {
		if (x > 0 || (x == 0 && !signbit64(x)))
			return y;
		return copysign64(pi64(), y);
	}
	if (x == 0)
		return copysign64(pi64() / 2, y);
	if (isinf64(x)) {
		if (x > 0)
			return isinf64(y) ? copysign64(pi64() / 4, y) : copysign64(0, y);
		return isinf64(y) ? copysign64(2.35619449019234492884698253745962716 /* 3pi/4 */, y) : copysign64(pi64(), y);
	}
	if (isinf64(y))
		return copysign64(pi64() / 2, y);
	double q = atan64(y / x);
	if (x < 0)
		return y > 0 ? q + pi64() : q - pi64();
	return q;
}

#define LN_MAX64 7.09782712893383973096e+02
#define SINH_LIMIT64 7.10475860073943863426e+02

// sinh64 and cosh64 are cpu.Sinh and cpu.Cosh.
DEV double sinh64(double x) {
	double h = x < 0 ? -0.5 : 0.5, a = fabs64(x);
	if (a != a)
		return x;
	if (a < 1.0 / 268435456.0) // 2**-28
		return x;
	if (a < 22) {
		double t = expm164(a);
		if (a < 1)
			return h * (2 * t - t * t / (t + 1));
		return h * (t + t / (t + 1));
	}
	if (a < LN_MAX64)
		return h * exp64(a);
	if (a <= SINH_LIMIT64) {
		double w = exp64(0.5 * a);
		return h * w * w;
	}
	return copysign64(inf64(), x);
}

DEV double cosh64(double x) {
	double a = fabs64(x);
	if (a != a)
		return a;
	if (a < 0.5 * 6.93147180559945309417232121458176568e-01) {
		double t = expm164(a);
		double w = 1 + t;
		return 1 + (t * t) / (w + w);
	}
	if (a < 22) {
		double t = exp64(a);
		return 0.5 * t + 0.5 / t;
	}
	if (a < LN_MAX64)
		return 0.5 * exp64(a);
	if (a <= SINH_LIMIT64) {
		double w = exp64(0.5 * a);
		return 0.5 * w * w;
	}
	return inf64();
}

// asinh64, acosh64 and atanh64 are Go's math.Asinh, Acosh, Atanh (FreeBSD's msun).
DEV double asinh64(double x) {
	const double Ln2 = 6.93147180559945286227e-01;
	if (isnan64(x) || isinf64(x))
		return x;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	double t;
	if (x > 268435456.0)
		t = log64(x) + Ln2;
	else if (x > 2)
		t = log64(2 * x + 1 / (__builtin_sqrt(x * x + 1) + x));
	else if (x < 1.0 / 268435456.0)
		t = x;
	else
		t = log1p64(x + x * x / (1 + __builtin_sqrt(1 + x * x)));
	return sign ? -t : t;
}

DEV double acosh64(double x) {
	const double Ln2 = 6.93147180559945309417232121458176568e-01;
	if (x < 1 || isnan64(x))
		return nan64();
	if (x == 1)
		return 0;
	if (x >= 268435456.0)
		return log64(x) + Ln2;
	if (x > 2)
		return log64(2 * x - 1 / (x + __builtin_sqrt(x * x - 1)));
	double t = x - 1;
	return log1p64(t + __builtin_sqrt(2 * t + t * t));
}

DEV double atanh64(double x) {
	if (x < -1 || x > 1 || isnan64(x))
		return nan64();
	if (x == 1)
		return inf64();
	if (x == -1)
		return -inf64();
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	double t;
	if (x < 1.0 / 268435456.0) {
		t = x;
	} else if (x < 0.5) {
		t = x + x;
		t = 0.5 * log1p64(t + t * x / (1 - x));
	} else {
		t = 0.5 * log1p64((x + x) / (1 - x));
	}
	return sign ? -t : t;
}

// hypot64 is cpu.Hypot.
DEV double hypot64(double x, double y) {
	double p = fabs64(x), q = fabs64(y);
	if (p == inf64() || q == inf64())
		return inf64();
	if (p != p || q != q)
		return nan64();
	if (p < q) {
		double t = p;
		p = q;
		q = t;
	}
	if (p == 0)
		return 0;
	int e;
	frexp64(p, &e);
	p = ldexp64(p, -e);
	q = ldexp64(q, -e);
	return ldexp64(__builtin_sqrt(p * p + q * q), e);
}

// ---- functors ----

// UFn applies a float64 function to a float of either width (cpu.floatFn's g).
#define UFN(Name, fn)                                                                      \
	struct Name {                                                                          \
		template <class T> static MEM T f(T x, const UParams&) { return (T)fn((double)x); } \
	};
UFN(ULog2, log2_64)
UFN(ULog10, log10_64)
UFN(UExp2, exp2_64)
UFN(UTan, tan64)
UFN(UArcsin, asin64)
UFN(UArccos, acos64)
UFN(UArctan, atan64)
UFN(USinh, sinh64)
UFN(UCosh, cosh64)
UFN(UArcsinh, asinh64)
UFN(UArccosh, acosh64)
UFN(UArctanh, atanh64)
UFN(UTrunc, __builtin_trunc)
UOP(IInvert, return (T)~x)

#define BFN(Name, expr)                                                                    \
	struct Name {                                                                          \
		template <class T> static MEM T f(T x, T y) {                                      \
			double a = (double)x, b = (double)y;                                           \
			return (T)(expr);                                                              \
		}                                                                                  \
	};
BFN(FArctan2, atan2_64(a, b))
BFN(FHypot, hypot64(a, b))
BFN(FFmod, fmod64(a, b))
BFN(FFmax, (b != b || a > b) ? a : b) // cpu.Fmax
BFN(FFmin, (b != b || a < b) ? a : b) // cpu.Fmin

BINOP(IFmax, return x > y ? x : y)
BINOP(IFmin, return x < y ? x : y)
BINOP(IAnd, return x & y)
BINOP(IOr, return x | y)
BINOP(IXor, return x ^ y)
struct IFmod { // truncated; by 0 and MinInt % -1 give 0, as Go's
	template <class T> static MEM T f(T x, T y) {
		if (y == 0 || (y == (T)-1 && (T)-1 < 0))
			return 0;
		return x % y;
	}
};
// Shifts by a count outside [0, bits) (a negative one included) give 0, or -1 for a
// negative value shifted right: Go's x << uint64(y), as cpu.moreIntBin.
struct IShl {
	template <class T> static MEM T f(T x, T y) {
		typedef typename Wide<T>::U U;
		return (u64)(i64)y < 8 * sizeof(T) ? (T)((U)x << (int)y) : (T)0;
	}
};
struct IShr {
	template <class T> static MEM T f(T x, T y) {
		if ((u64)(i64)y < 8 * sizeof(T))
			return (T)(x >> (int)y);
		return x < 0 ? (T)-1 : (T)0;
	}
};
CMPOP(CXor, (x != 0) != (y != 0))
