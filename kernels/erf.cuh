// erf.cuh: the error function and its complement (device.Erf, device.Erfc), transcribed
// from Go's pure-Go math.Erf and math.Erfc (FreeBSD's msun s_erf.c, from Sun's fdlibm),
// which the CPU reference calls, so that the two agree to an ulp or two (Go's Exp on amd64
// is assembly, exp64 its pure-Go twin). Float32 computes in float64 and rounds.
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
#pragma once
#include "elemmath.cuh" // UFN

// erf_erx64 is erf(1) rounded to 24 bits, the base of the expansion around 1.
DEV double erf_erx64() { return 8.45062911510467529297e-01; }

// erf_small64 returns y with erf(x) = x + x*y for |x| < 0.84375 (a rational in x*x).
DEV double erf_small64(double x) {
	const double pp0 = 1.28379167095512558561e-01, pp1 = -3.25042107247001499370e-01,
	             pp2 = -2.84817495755985104766e-02, pp3 = -5.77027029648944159157e-03,
	             pp4 = -2.37630166566501626084e-05, qq1 = 3.97917223959155352819e-01,
	             qq2 = 6.50222499887672944485e-02, qq3 = 5.08130628187576562776e-03,
	             qq4 = 1.32494738004321644526e-04, qq5 = -3.96022827877536812320e-06;
	double z = x * x;
	double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
	double s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
	return r / s;
}

// erf_near1_64 returns erf(x) - erf_erx64() for 0.84375 <= x < 1.25.
DEV double erf_near1_64(double x) {
	const double pa0 = -2.36211856075265944077e-03, pa1 = 4.14856118683748331666e-01,
	             pa2 = -3.72207876035701323847e-01, pa3 = 3.18346619901161753674e-01,
	             pa4 = -1.10894694282396677476e-01, pa5 = 3.54783043256182359371e-02,
	             pa6 = -2.16637559486879084300e-03, qa1 = 1.06420880400844228286e-01,
	             qa2 = 5.40397917702171048937e-01, qa3 = 7.18286544141962662868e-02,
	             qa4 = 1.26171219808761642112e-01, qa5 = 1.36370839120290507362e-02,
	             qa6 = 1.19844998467991074170e-02;
	double s = x - 1;
	double P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
	double Q = 1 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
	return P / Q;
}

// erfc_tail64 returns erfc(x) for 1.25 <= x < 28: exp(-x*x - 0.5625 + R/S) / x, with R/S a
// rational in 1/x**2 and x*x split so that its rounding error does not reach the exp.
DEV double erfc_tail64(double x) {
	double s = 1 / (x * x);
	double R, S;
	if (x < 1 / 0.35) {
		const double ra0 = -9.86494403484714822705e-03, ra1 = -6.93858572707181764372e-01,
		             ra2 = -1.05586262253232909814e+01, ra3 = -6.23753324503260060396e+01,
		             ra4 = -1.62396669462573470355e+02, ra5 = -1.84605092906711035994e+02,
		             ra6 = -8.12874355063065934246e+01, ra7 = -9.81432934416914548592e+00,
		             sa1 = 1.96512716674392571292e+01, sa2 = 1.37657754143519042600e+02,
		             sa3 = 4.34565877475229228821e+02, sa4 = 6.45387271733267880336e+02,
		             sa5 = 4.29008140027567833386e+02, sa6 = 1.08635005541779435134e+02,
		             sa7 = 6.57024977031928170135e+00, sa8 = -6.04244152148580987438e-02;
		R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
		S = 1 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
	} else {
		const double rb0 = -9.86494292470009928597e-03, rb1 = -7.99283237680523006574e-01,
		             rb2 = -1.77579549177547519889e+01, rb3 = -1.60636384855821916062e+02,
		             rb4 = -6.37566443368389627722e+02, rb5 = -1.02509513161107724954e+03,
		             rb6 = -4.83519191608651397019e+02, sb1 = 3.03380607434824582924e+01,
		             sb2 = 3.25792512996573918826e+02, sb3 = 1.53672958608443695994e+03,
		             sb4 = 3.19985821950859553908e+03, sb5 = 2.55305040643316442583e+03,
		             sb6 = 4.74528541206955367215e+02, sb7 = -2.24409524465858183362e+01;
		R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
		S = 1 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
	}
	double z = f64from(f64bits(x) & 0xffffffff00000000ull); // x to 20 bits: z*z is exact
	double r = exp64(-z * z - 0.5625) * exp64((z - x) * (z + x) + R / S);
	return r / x;
}

// erf64 is Go's math.Erf: erf(±Inf) = ±1, erf(±0) = ±0, erf(NaN) = NaN.
DEV double erf64(double x) {
	const double VeryTiny = 2.848094538889218e-306, Small = 1.0 / 268435456.0; // 2**-28
	const double efx = 1.28379167095512586316e-01, efx8 = 1.02703333676410069053e+00;
	if (isnan64(x))
		return nan64();
	if (isinf64(x))
		return x > 0 ? 1 : -1;
	bool sign = x < 0;
	double a = sign ? -x : x, r;
	if (a < 0.84375) {
		if (a < VeryTiny)
			r = 0.125 * (8.0 * a + efx8 * a); // 2/sqrt(pi)*a without underflow
		else if (a < Small)
			r = a + efx * a;
		else
			r = a + a * erf_small64(a);
		return sign ? -r : r; // a keeps the sign of -0, as Go's x does
	}
	if (a < 1.25)
		r = erf_erx64() + erf_near1_64(a);
	else if (a >= 6)
		r = 1;
	else
		r = 1 - erfc_tail64(a);
	return sign ? -r : r;
}

// erfc64 is Go's math.Erfc: erfc(+Inf) = 0, erfc(-Inf) = 2, erfc(NaN) = NaN.
DEV double erfc64(double x) {
	const double Tiny = 1.0 / 72057594037927936.0; // 2**-56
	if (isnan64(x))
		return nan64();
	if (isinf64(x))
		return x > 0 ? 0 : 2;
	bool sign = x < 0;
	double a = sign ? -x : x;
	if (a < 0.84375) {
		double t;
		if (a < Tiny) {
			t = a;
		} else {
			double y = erf_small64(a);
			t = a < 0.25 ? a + a * y : 0.5 + (a * y + (a - 0.5));
		}
		return sign ? 1 + t : 1 - t;
	}
	if (a < 1.25) {
		double p = erf_near1_64(a);
		return sign ? 1 + erf_erx64() + p : 1 - erf_erx64() - p;
	}
	if (a >= 28 || (sign && a > 6))
		return sign ? 2 : 0;
	double r = erfc_tail64(a);
	return sign ? 2 - r : r;
}

UFN(UErf, erf64)
UFN(UErfc, erfc64)
