// math32.cuh: float32 versions of the math functions, float32 algorithms good to a few
// ulps (conformance asks for rtol 2e-5; device/cuda's TestMathAccuracy measures about
// 2 ulps), with Go's special cases. Explicit fma where the polynomials want it.
#pragma once
#include "math.cuh"

// scale32 returns x * 2**k for k in [-252, 254] without intermediate overflow.
DEV float scale32(float x, int k) {
	while (k > 127) {
		x *= 1.7014118e38f; // 2**127
		k -= 127;
	}
	while (k < -126) {
		x *= 1.1754944e-38f; // 2**-126
		k += 126;
	}
	return x * f32from((u32)(k + 127) << 23);
}

// exp32: Cody-Waite reduction by ln 2 and a degree-7 Taylor polynomial on
// |r| <= ln2/2 (truncation error below 2**-27).
DEV float exp32(float x) {
	if (x != x)
		return x;
	if (x > 88.72284f)
		return inf32();
	if (x < -103.97208f)
		return 0;
	float k = __builtin_rintf(x * 1.44269504f);
	float r = x - k * 0.693359375f;  // ln2 high part: 9 bits, so k*hi is exact
	r = r - k * -2.12194440e-4f;      // ln2 - hi
	float p = 1.0f / 5040;
	p = __builtin_fmaf(p, r, 1.0f / 720);
	p = __builtin_fmaf(p, r, 1.0f / 120);
	p = __builtin_fmaf(p, r, 1.0f / 24);
	p = __builtin_fmaf(p, r, 1.0f / 6);
	p = __builtin_fmaf(p, r, 0.5f);
	p = __builtin_fmaf(p, r * r, r);
	return scale32(1.0f + p, (int)k);
}

// expm1_32: Taylor to degree 9 for |x| < 0.35, exp(x)-1 beyond (cancellation there costs
// at most a factor 3.4 of exp32's error).
DEV float expm1_32(float x) {
	if (x != x)
		return x;
	float a = fabs32(x);
	if (a < 0.35f) {
		float p = 1.0f / 362880;
		p = __builtin_fmaf(p, x, 1.0f / 40320);
		p = __builtin_fmaf(p, x, 1.0f / 5040);
		p = __builtin_fmaf(p, x, 1.0f / 720);
		p = __builtin_fmaf(p, x, 1.0f / 120);
		p = __builtin_fmaf(p, x, 1.0f / 24);
		p = __builtin_fmaf(p, x, 1.0f / 6);
		p = __builtin_fmaf(p, x, 0.5f);
		return __builtin_fmaf(p * x, x, x);
	}
	if (x < -17.5f)
		return -1;
	return exp32(x) - 1.0f;
}

// log1p of f in [sqrt(1/2)-1, sqrt(2)-1] as 2*atanh(s), s = f/(2+f), |s| <= 0.1716.
DEV float log1p_core32(float f) {
	float s = f / (2.0f + f);
	float z = s * s;
	float p = 2.0f / 11;
	p = __builtin_fmaf(p, z, 2.0f / 9);
	p = __builtin_fmaf(p, z, 2.0f / 7);
	p = __builtin_fmaf(p, z, 2.0f / 5);
	p = __builtin_fmaf(p, z, 2.0f / 3);
	// log1p(f) = f - f*s + s*z*p: 2s = f - f*s exactly in real arithmetic
	return f - (f * s - s * z * p);
}

DEV float log32(float x) {
	if (x != x || x == inf32())
		return x;
	if (x < 0)
		return nan32();
	if (x == 0)
		return -inf32();
	int e = 0;
	if (x < 1.17549435e-38f) {
		x *= 8388608.0f; // 2**23
		e = -23;
	}
	u32 b = f32bits(x);
	e += (int)(b >> 23) - 127;
	float m = f32from((b & 0x007fffffu) | 0x3f800000u); // [1, 2)
	if (m > 1.41421356f) {
		m *= 0.5f;
		e++;
	}
	float k = (float)e;
	return k * 0.693359375f + (log1p_core32(m - 1.0f) + k * -2.12194440e-4f);
}

DEV float log1p32(float x) {
	if (x != x || x < -1)
		return x != x ? x : nan32();
	if (x == -1)
		return -inf32();
	if (x == inf32())
		return x;
	if (fabs32(x) < 0.29f)
		return log1p_core32(x);
	// u = 1+x rounded; log1p(x) = log(u) + (x-(u-1))/u
	float u = 1.0f + x;
	float c = (u - 1.0f == x) ? 0.0f : (x - (u - 1.0f)) / u;
	return log32(u) + c;
}

// tanh32 = expm1(2x)/(expm1(2x)+2): no cancellation anywhere, exact sign, tanh(±0) = ±0.
DEV float tanh32(float x) {
	if (x != x)
		return x;
	float a = fabs32(x);
	if (a > 9.1f)
		return x < 0 ? -1.0f : 1.0f;
	float e = expm1_32(2 * a);
	float t = e / (e + 2.0f);
	return x < 0 ? -t : (x == 0 ? x : t);
}

DEV float sigmoid32(float x) {
	if (x >= 0)
		return 1 / (1 + exp32(-x));
	float e = exp32(x);
	return e / (1 + e);
}

// sincos32 reduces by pi/2 in float64 (exact enough for |x| < 2**20; beyond it falls back
// to the float64 routine) and evaluates float32 minimax-grade Taylor polynomials on
// |r| <= pi/4.
DEV float sincos32(float xf, bool want_cos) {
	if (xf != xf)
		return xf;
	if (fabs32(xf) == inf32())
		return nan32();
	if (fabs32(xf) > 1048576.0f)
		return (float)sincos64((double)xf, want_cos);
	if (!want_cos && xf == 0)
		return xf;
	double x = xf;
	// fdlibm's pi/2 in 33+33+53 bits: q*PIO2_1 and q*PIO2_2 are exact for |q| < 2**20.
	const double PIO2_1 = f64from(0x3FF921FB54400000ull), PIO2_2 = f64from(0x3DD0B4611A600000ull),
	             PIO2_2T = f64from(0x3BA3198A2E037073ull);
	double q = __builtin_rint(x * 0.63661977236758134308); // 2/pi
	double rd = ((x - q * PIO2_1) - q * PIO2_2) - q * PIO2_2T;
	float r = (float)rd;
	int n = ((int)q + (want_cos ? 1 : 0)) & 3;
	float z = r * r;
	float s, c;
	{
		float p = -1.0f / 39916800;
		p = __builtin_fmaf(p, z, 1.0f / 362880);
		p = __builtin_fmaf(p, z, -1.0f / 5040);
		p = __builtin_fmaf(p, z, 1.0f / 120);
		p = __builtin_fmaf(p, z, -1.0f / 6);
		s = __builtin_fmaf(p * z, r, r);
	}
	{
		float p = 1.0f / 479001600;
		p = __builtin_fmaf(p, z, -1.0f / 3628800);
		p = __builtin_fmaf(p, z, 1.0f / 40320);
		p = __builtin_fmaf(p, z, -1.0f / 720);
		p = __builtin_fmaf(p, z, 1.0f / 24);
		p = __builtin_fmaf(p, z, -0.5f);
		c = __builtin_fmaf(p, z, 1.0f);
	}
	// sin(x) at quadrant n: s, c, -s, -c; cos(x) = sin(x + pi/2): quadrant n+1.
	switch (n) {
	case 0:
		return s;
	case 1:
		return c;
	case 2:
		return -s;
	}
	return -c;
}
DEV float sin32(float x) { return sincos32(x, false); }
DEV float cos32(float x) { return sincos32(x, true); }
