// ops.cuh: per-element semantics shared by the kernels, each a transcription of the CPU
// reference (cpu/*.go) for one element: conversions as Go's on amd64, NumPy's floor
// division and modulo, integer ops that wrap, NaN rules of maximum/minimum.
#pragma once
#include "math32.cuh"

// device.DType's numbering, for kernels whose destination dtype is a parameter.
enum { DT_BOOL, DT_U8, DT_I32, DT_I64, DT_F32, DT_F64 };

template <class T> struct Wide; // the unsigned type integer arithmetic wraps in
template <> struct Wide<u8> { typedef u32 U; };
template <> struct Wide<i32> { typedef u32 U; };
template <> struct Wide<i64> { typedef u64 U; };

template <class T> DEV T from_bits(u64 b) {
	T v;
	__builtin_memcpy(&v, &b, sizeof(T)); // little-endian: the low bytes
	return v;
}

// ---- conversions (cpu.convert): Go's conversions as amd64 performs them ----

template <class T> DEV bool isnanT(T x) { return x != x; }

// f2i64 is CVTTSD2SQ: truncation, and INT64_MIN for NaN and out-of-range values.
DEV i64 f2i64(double x) {
	if (!(x > -9223372036854775808.0 - 1025.0 && x < 9223372036854775808.0))
		return (i64)0x8000000000000000ull;
	return (i64)x;
}
// f2i32 is CVTTSD2SL: INT32_MIN for NaN and out-of-range values.
DEV i32 f2i32(double x) {
	if (!(x > -2147483649.0 && x < 2147483648.0))
		return (i32)0x80000000u;
	return (i32)x;
}

template <class D> struct Cvt {
	template <class S> static MEM D from(S v) { return (D)v; }
	static MEM D from(float v) { return (D)v; }
	static MEM D from(double v) { return (D)v; }
};
template <> struct Cvt<i64> {
	template <class S> static MEM i64 from(S v) { return (i64)v; }
	static MEM i64 from(float v) { return f2i64(v); }
	static MEM i64 from(double v) { return f2i64(v); }
};
template <> struct Cvt<i32> {
	template <class S> static MEM i32 from(S v) { return (i32)(u32)(u64)v; }
	static MEM i32 from(float v) { return f2i32(v); }
	static MEM i32 from(double v) { return f2i32(v); }
};
template <> struct Cvt<u8> { // floats go through int64, as cpu.convert does
	template <class S> static MEM u8 from(S v) { return (u8)(u64)v; }
	static MEM u8 from(float v) { return (u8)f2i64(v); }
	static MEM u8 from(double v) { return (u8)f2i64(v); }
};
template <class D, class S> DEV D cvt(S v) { return Cvt<D>::from(v); }

// ---- binary ops (cpu.floatBin, cpu.intBin, cpu.cmpFn) ----

// floordivmod64 is cpu.FloorDivMod, NumPy's npy_divmod.
DEV double floordivmod64(double a, double b, double* modp) {
	if (b == 0) {
		*modp = nan64();
		return a / b;
	}
	double mod = fmod64(a, b);
	double div = (a - mod) / b;
	if (mod != 0) {
		if ((b < 0) != (mod < 0)) {
			mod += b;
			div -= 1;
		}
	} else {
		mod = copysign64(0, b);
	}
	double fd;
	if (div != 0) {
		fd = __builtin_floor(div);
		if (div - fd > 0.5)
			fd += 1;
	} else {
		fd = copysign64(0, a / b);
	}
	*modp = mod;
	return fd;
}

#define BINOP(Name, expr)                                                                  \
	struct Name {                                                                          \
		template <class T> static MEM T f(T x, T y) { expr; }                              \
	};
BINOP(FAdd, return x + y)
BINOP(FSub, return x - y)
BINOP(FMul, return x * y)
BINOP(FDiv, return x / y)
BINOP(FFloorDiv, double m; return (T)floordivmod64((double)x, (double)y, &m))
BINOP(FMod, double m; floordivmod64((double)x, (double)y, &m); return (T)m)
BINOP(FPow, return (T)pow64((double)x, (double)y)) // cpu: math.Pow in float64, both dtypes
BINOP(FMaximum, return (x != x || x >= y) ? x : y)
BINOP(FMinimum, return (x != x || x <= y) ? x : y)

BINOP(IAdd, typedef typename Wide<T>::U U; return (T)((U)x + (U)y))
BINOP(ISub, typedef typename Wide<T>::U U; return (T)((U)x - (U)y))
BINOP(IMul, typedef typename Wide<T>::U U; return (T)((U)x * (U)y))
BINOP(IMaximum, return x > y ? x : y)
BINOP(IMinimum, return x < y ? x : y)
struct IFloorDiv {
	template <class T> static MEM T f(T x, T y) {
		typedef typename Wide<T>::U U;
		if (y == 0)
			return 0;
		if (y == (T)-1 && (T)-1 < 0)
			return (T)(0 - (U)x); // Go: MinInt / -1 wraps to MinInt
		T q = x / y;
		if ((x % y != 0) && ((x < 0) != (y < 0)))
			q--;
		return q;
	}
};
struct IMod {
	template <class T> static MEM T f(T x, T y) {
		if (y == 0)
			return 0;
		if (y == (T)-1 && (T)-1 < 0)
			return 0;
		T m = x % y;
		if (m != 0 && ((m < 0) != (y < 0)))
			m += y;
		return m;
	}
};
struct IPow {
	template <class T> static MEM T f(T x, T y) {
		typedef typename Wide<T>::U U;
		U r = 1, b = (U)x;
		for (u64 e = (u64)(i64)y; e > 0; e >>= 1) { // as uint64(y): tensor rejects y < 0
			if (e & 1)
				r = (U)(T)(r * b);
			b = (U)(T)(b * b);
		}
		return (T)r;
	}
};

#define CMPOP(Name, expr)                                                                  \
	struct Name {                                                                          \
		template <class T> static MEM u8 f(T x, T y) { return (expr) ? 1 : 0; }            \
	};
CMPOP(CGreater, x > y)
CMPOP(CGreaterEqual, x >= y)
CMPOP(CLess, x < y)
CMPOP(CLessEqual, x <= y)
CMPOP(CEqual, x == y)
CMPOP(CNotEqual, x != y)
CMPOP(CAnd, x != 0 && y != 0)
CMPOP(COr, x != 0 || y != 0)

// ---- unary ops (cpu.floatFn, cpu.intFn, cpu.predRun) ----

// Params of the unary kernels: Clip's bounds, Round's decimals.
struct UParams {
	double a, b;
	i64 i;
};

// round_half_even is cpu.RoundHalfEven.
DEV double round_half_even(double x, i64 decimals) {
	if (decimals == 0)
		return __builtin_rint(x);
	if (decimals > 0) {
		double f = pow64(10, (double)decimals);
		double y = x * f;
		if (isinf64(y))
			return x;
		return __builtin_rint(y) / f;
	}
	double f = pow64(10, (double)-decimals);
	return __builtin_rint(x / f) * f;
}

DEV float ufn_exp(float x) { return exp32(x); }
DEV double ufn_exp(double x) { return exp64(x); }
DEV float ufn_log(float x) { return log32(x); }
DEV double ufn_log(double x) { return log64(x); }
DEV float ufn_tanh(float x) { return tanh32(x); }
DEV double ufn_tanh(double x) { return tanh64(x); }
DEV float ufn_sin(float x) { return sin32(x); }
DEV double ufn_sin(double x) { return sin64(x); }
DEV float ufn_cos(float x) { return cos32(x); }
DEV double ufn_cos(double x) { return cos64(x); }
DEV float ufn_log1p(float x) { return log1p32(x); }
DEV double ufn_log1p(double x) { return log1p64(x); }
DEV float ufn_expm1(float x) { return expm1_32(x); }
DEV double ufn_expm1(double x) { return expm164(x); }
DEV float ufn_sigmoid(float x) { return sigmoid32(x); }
DEV double ufn_sigmoid(double x) { return sigmoid64(x); }
DEV float ufn_sqrt(float x) { return __builtin_sqrtf(x); }
DEV double ufn_sqrt(double x) { return __builtin_sqrt(x); }

#define UOP(Name, expr)                                                                    \
	struct Name {                                                                          \
		template <class T> static MEM T f(T x, const UParams& p) { expr; }                 \
	};
UOP(UNeg, return -x)
UOP(UAbs, return x < 0 || (x == 0 && signbit64((double)x)) ? -x : x) // clears -0's sign
UOP(UExp, return ufn_exp(x))
UOP(ULog, return ufn_log(x))
UOP(USqrt, return ufn_sqrt(x))
UOP(UTanh, return ufn_tanh(x))
UOP(USin, return ufn_sin(x))
UOP(UCos, return ufn_cos(x))
UOP(USquare, return x * x)
UOP(UFloor, return (T)__builtin_floor((double)x))
UOP(UCeil, return (T)__builtin_ceil((double)x))
UOP(USign, return x > 0 ? (T)1 : (x < 0 ? (T)-1 : x))
UOP(ULog1p, return ufn_log1p(x))
UOP(UExpm1, return ufn_expm1(x))
UOP(USigmoid, return ufn_sigmoid(x))
UOP(UReLU, return x < 0 ? (T)0 : x)
UOP(UClip, T lo = (T)p.a; T hi = (T)p.b; if (x < lo) x = lo; if (x > hi) x = hi; return x)
UOP(URound, return (T)round_half_even((double)x, p.i))
UOP(UReciprocal, return 1 / x)

UOP(INeg, typedef typename Wide<T>::U U; return (T)(0 - (U)x))
UOP(IAbs, typedef typename Wide<T>::U U; return x < 0 ? (T)(0 - (U)x) : x)
UOP(ISquare, typedef typename Wide<T>::U U; return (T)((U)x * (U)x))
UOP(IIdentity, return x) // floor, ceil; square of bool
UOP(ISign, return x > 0 ? (T)1 : (x < 0 ? (T)-1 : (T)0))
UOP(IReLU, return x < 0 ? (T)0 : x)
UOP(IClip, double v = (double)x; if (v < p.a) v = p.a; if (v > p.b) v = p.b; return cvt<T>(v))
UOP(IRound, if (p.i >= 0) return x; return cvt<T>(round_half_even((double)x, p.i)))

// Predicates look at the value as float64, as cpu.predRun does.
#define PREDOP(Name, expr)                                                                 \
	struct Name {                                                                          \
		template <class T> static MEM u8 f(T v, const UParams&) {                          \
			double x = (double)v;                                                          \
			return (expr) ? 1 : 0;                                                         \
		}                                                                                  \
	};
PREDOP(PIsNaN, x != x)
PREDOP(PIsFinite, !isinf64(x) && x == x)
PREDOP(PIsInf, isinf64(x))
PREDOP(PLogicalNot, x == 0)
