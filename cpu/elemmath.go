package cpu

import "math"

// Scalar float64 functions of the element-wise ops that Go's math package lacks, or has
// with too little accuracy for NumPy's answers (math.Log2 near 1, math.Asin and math.Acos
// near ±1, math.Sinh and math.Cosh near overflow). They use only arithmetic, math.Sqrt,
// Frexp, Ldexp, Log1p, Expm1, Atan and Exp, so that kernels/elemmath.cuh can transcribe
// them and agree with them to an ulp or two.

// splitLog returns m and e with x = m * 2**e and m in [sqrt(1/2), sqrt(2)), for finite
// x > 0, so that log(x) = log1p(m-1) + e*ln 2 with m-1 exact.
func splitLog(x float64) (m float64, e int) {
	m, e = math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	return m, e
}

// logSpecial handles the arguments of a logarithm that are not finite and positive.
func logSpecial(x float64) (float64, bool) {
	switch {
	case x != x || x < 0:
		return math.NaN(), true
	case x == 0:
		return math.Inf(-1), true
	case math.IsInf(x, 1):
		return x, true
	}
	return 0, false
}

// Log2 is the base-2 logarithm, exact for powers of two.
func Log2(x float64) float64 {
	if r, ok := logSpecial(x); ok {
		return r
	}
	m, e := splitLog(x)
	return math.Log1p(m-1)*(1/math.Ln2) + float64(e)
}

// Log10 is the base-10 logarithm; e*log10(2) is added in two parts (the high one has
// trailing zero bits, so that e times it is exact).
func Log10(x float64) float64 {
	const (
		log10of2Hi = 3.01029995663611771306e-01 // 0x3FD34413509F6000
		log10of2Lo = 3.69423907715893078616e-13
		invLn10    = 4.34294481903251816668e-01
	)
	if r, ok := logSpecial(x); ok {
		return r
	}
	m, e := splitLog(x)
	z := float64(e)*log10of2Lo + math.Log1p(m-1)*invLn10
	return z + float64(e)*log10of2Hi
}

// Asin is the arcsine: atan(x / sqrt((1-x)(1+x))), where 1-x is exact near 1.
func Asin(x float64) float64 {
	return math.Atan(x / math.Sqrt((1-x)*(1+x)))
}

// Acos is the arccosine: 2 atan(sqrt((1-x)/(1+x))), accurate near both ends.
func Acos(x float64) float64 {
	return 2 * math.Atan(math.Sqrt((1-x)/(1+x)))
}

const (
	lnMax     = 7.09782712893383973096e+02 // log(MaxFloat64)
	sinhLimit = 7.10475860073943863426e+02 // past it sinh and cosh overflow
)

// Sinh is the hyperbolic sine, finite up to 710.47 (where exp alone overflows from 709.78).
func Sinh(x float64) float64 {
	h, a := 0.5, math.Abs(x)
	if x < 0 {
		h = -0.5
	}
	switch {
	case a != a:
		return x
	case a < 0x1p-28:
		return x // keeps -0
	case a < 22:
		t := math.Expm1(a)
		if a < 1 {
			return h * (2*t - t*t/(t+1))
		}
		return h * (t + t/(t+1))
	case a < lnMax:
		return h * Exp(a)
	case a <= sinhLimit:
		w := Exp(0.5 * a)
		return h * w * w
	}
	return math.Copysign(math.Inf(1), x)
}

// Cosh is the hyperbolic cosine, finite up to 710.47.
func Cosh(x float64) float64 {
	a := math.Abs(x)
	switch {
	case a != a:
		return a
	case a < 0.5*math.Ln2:
		t := math.Expm1(a)
		w := 1 + t
		return 1 + (t*t)/(w+w)
	case a < 22:
		t := Exp(a)
		return 0.5*t + 0.5/t
	case a < lnMax:
		return 0.5 * Exp(a)
	case a <= sinhLimit:
		w := Exp(0.5 * a)
		return 0.5 * w * w
	}
	return math.Inf(1)
}

// Hypot is sqrt(x*x + y*y) without overflow or underflow: both scaled by the same power
// of two so that the larger is in [0.5, 1). Inf wins over NaN, as C's hypot.
func Hypot(x, y float64) float64 {
	p, q := math.Abs(x), math.Abs(y)
	switch {
	case math.IsInf(p, 1) || math.IsInf(q, 1):
		return math.Inf(1)
	case p != p || q != q:
		return math.NaN()
	}
	if p < q {
		p, q = q, p
	}
	if p == 0 {
		return 0
	}
	_, e := math.Frexp(p)
	p, q = math.Ldexp(p, -e), math.Ldexp(q, -e)
	return math.Ldexp(math.Sqrt(p*p+q*q), e)
}

// Fmax is NumPy's fmax: the larger of x and y, NaN only where both are.
func Fmax(x, y float64) float64 {
	if y != y || x > y {
		return x
	}
	return y
}

// Fmin is NumPy's fmin: the smaller of x and y, NaN only where both are.
func Fmin(x, y float64) float64 {
	if y != y || x < y {
		return x
	}
	return y
}

// Atan2 is the angle of (x, y) in (-Pi, Pi], with C99's special cases. Unlike
// math.Atan2, the quadrant comes from y's sign, not from atan(y/x)'s, which is 0 when
// y/x underflows: Atan2(-1e-200, -1e200) is -Pi, not Pi.
func Atan2(y, x float64) float64 {
	switch {
	case y != y || x != x:
		return math.NaN()
	case y == 0:
		if x > 0 || x == 0 && !math.Signbit(x) {
			return y // ±0
		}
		return math.Copysign(math.Pi, y)
	case x == 0:
		return math.Copysign(math.Pi/2, y)
	case math.IsInf(x, 0):
		switch {
		case math.IsInf(x, 1) && math.IsInf(y, 0):
			return math.Copysign(math.Pi/4, y)
		case math.IsInf(x, 1):
			return math.Copysign(0, y)
		case math.IsInf(y, 0):
			return math.Copysign(3*math.Pi/4, y)
		}
		return math.Copysign(math.Pi, y)
	case math.IsInf(y, 0):
		return math.Copysign(math.Pi/2, y)
	}
	q := math.Atan(y / x)
	if x < 0 {
		if y > 0 {
			return q + math.Pi
		}
		return q - math.Pi
	}
	return q
}
