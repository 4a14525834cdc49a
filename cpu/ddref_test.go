package cpu

// Reference exp, log, tanh and sigmoid in double-double arithmetic (about 104 bits), used to
// measure the float64 kernels' errors in ulps, and checked against math/big here.

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// dd is the unevaluated sum hi+lo of two float64s with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func (a dd) add(b dd) dd {
	s, t := twoSum(a.hi, b.hi), twoSum(a.lo, b.lo)
	s = fastTwoSum(s.hi, s.lo+t.hi)
	return fastTwoSum(s.hi, s.lo+t.lo)
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) mul(b dd) dd {
	p := twoProd(a.hi, b.hi)
	return fastTwoSum(p.hi, p.lo+(a.hi*b.lo+a.lo*b.hi))
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.add(b.mul(dd{-q1, 0}))
	q2 := r.hi / b.hi
	r = r.add(b.mul(dd{-q2, 0}))
	q3 := r.hi / b.hi
	return fastTwoSum(q1, q2).add(dd{q3, 0})
}

func (a dd) ldexp(n int) dd { return dd{math.Ldexp(a.hi, n), math.Ldexp(a.lo, n)} }

// ln2x3 is ln 2 as three float64s, from bigLn2.
var ln2x3 = func() [3]float64 {
	var parts [3]float64
	rest := bigLn2()
	for i := range parts {
		parts[i], _ = rest.Float64()
		rest.Sub(rest, new(big.Float).SetFloat64(parts[i]))
	}
	return parts
}()

// ddExp returns exp(x) as v·2^n for finite x: x - n·ln2 in double-double, divided by
// 2^10, a Taylor series for expm1, then ten squarings as e(e+2) to keep expm1's precision.
func ddExp(x float64) (v dd, n int) {
	e, n := ddExpm1Reduced(x)
	return e.add(dd{1, 0}), n
}

// ddExpm1Reduced returns e and n with exp(x) = (1+e)·2^n; for |x| < ln2/2, n is 0 and e
// is expm1(x) to full relative precision.
func ddExpm1Reduced(x float64) (dd, int) {
	nf := math.RoundToEven(x / math.Ln2)
	r := twoProd(-nf, ln2x3[0]).add(dd{x, 0})
	r = r.add(twoProd(-nf, ln2x3[1])).add(dd{-nf * ln2x3[2], 0})
	r = r.ldexp(-10)
	// expm1(r) = r·(1 + r/2·(1 + r/3·(1 + ...))).
	e := dd{1, 0}
	for k := 24; k >= 2; k-- {
		e = e.mul(r).div(dd{float64(k), 0}).add(dd{1, 0})
	}
	e = e.mul(r)
	for i := 0; i < 10; i++ {
		e = e.mul(e.add(dd{2, 0}))
	}
	return e, int(nf)
}

// ddExpm1 returns expm1(x) for finite x > -745.
func ddExpm1(x float64) dd {
	e, n := ddExpm1Reduced(x)
	if n == 0 {
		return e
	}
	return e.add(dd{1, 0}).ldexp(n).add(dd{-1, 0})
}

// ddLog returns log(x) for finite x > 0: x = m·2^e with m in [sqrt(1/2), sqrt(2)), and
// log m = 2·atanh(s), s = (m-1)/(m+1), by its series.
func ddLog(x float64) dd {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m, e = 2*m, e-1
	}
	s := dd{m - 1, 0}.div(twoSum(m, 1))
	s2 := s.mul(s)
	t := dd{0, 0}
	for k := 30; k >= 0; k-- {
		t = t.mul(s2).add(dd{1, 0}.div(dd{float64(2*k + 1), 0}))
	}
	lm := s.mul(t).mul(dd{2, 0})
	fe := float64(e)
	l2 := twoProd(fe, ln2x3[0]).add(twoProd(fe, ln2x3[1])).add(dd{fe * ln2x3[2], 0})
	return l2.add(lm)
}

// ddTanh returns tanh(x) = -u/(2+u) with u = expm1(-2|x|), for finite x.
func ddTanh(x float64) dd {
	a := math.Abs(x)
	if a < 0x1p-30 { // tanh a = a - a³/3 + ..., where expm1's scaling would underflow
		t := dd{a, 0}.add(dd{a, 0}.mul(dd{a * a, 0}).div(dd{-3, 0}))
		return dd{math.Copysign(t.hi, x), math.Copysign(t.lo, x)}
	}
	var u dd
	if 2*a > 700 {
		u = dd{-1, 0}
	} else {
		u = ddExpm1(-2 * a)
	}
	t := u.neg().div(u.add(dd{2, 0}))
	if x < 0 {
		t = t.neg()
	}
	return t
}

// ddSigmoid returns 1/(1+exp(-x)) as v·2^n for finite x.
func ddSigmoid(x float64) (dd, int) {
	if x >= 0 {
		v, n := ddExp(-x)
		return dd{1, 0}.div(dd{1, 0}.add(v.ldexp(n))), 0
	}
	v, n := ddExp(x)
	e := dd{0, 0}
	if n > -1000 {
		e = v.ldexp(n)
	}
	return v.div(dd{1, 0}.add(e)), n
}

// ulpErr is |got - v·2^n| in ulps of v·2^n (the spacing of float64s in its binade, 2^-1074
// below the normal range). A got of ±Inf counts as ±2^1024, so it is right for exact values
// that round to it. A NaN v wants a NaN got.
func ulpErr(got float64, v dd, n int) float64 {
	if v.hi != v.hi || got != got {
		if v.hi != v.hi && got != got {
			return 0
		}
		return math.Inf(1)
	}
	if v.hi == 0 {
		if got == 0 {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(v.hi)
	e-- // |v.hi| in [2^e, 2^(e+1))
	if math.Abs(v.hi) == math.Ldexp(1, e) && (v.lo < 0) != (v.hi < 0) && v.lo != 0 {
		e-- // just below a power of two
	}
	e += n
	if math.IsInf(got, 0) {
		if e >= 1024 && (got > 0) == (v.hi > 0) {
			return 0
		}
		got = math.Copysign(math.Ldexp(1, 1024-n), got)
		n = 0
	}
	ulp := max(e, -1022) - 52
	gs := math.Ldexp(got, -n)
	diff := (gs - v.hi) - v.lo
	return math.Ldexp(math.Abs(diff), n-ulp)
}

const bigPrec = 320

// ln2Digits is ln 2 to 59 digits (OEIS A002162).
const ln2Digits = "0.69314718055994530941723212145817656807550013436025525412068"

func bigLn2() *big.Float {
	// ln 2 = sum over k >= 1 of 1/(k·2^k).
	s := new(big.Float).SetPrec(bigPrec)
	for k := 1; k < bigPrec+10; k++ {
		t := new(big.Float).SetPrec(bigPrec).SetInt64(1)
		t.SetMantExp(t, -k)
		t.Quo(t, new(big.Float).SetPrec(bigPrec).SetInt64(int64(k)))
		s.Add(s, t)
	}
	return s
}

// bigExp is exp(x) with bigPrec bits: x - k·ln2, divided by 2^20, Taylor, squared back.
func bigExp(x *big.Float, ln2 *big.Float) *big.Float {
	q := new(big.Float).SetPrec(bigPrec).Quo(x, ln2)
	qf, _ := q.Float64()
	k := math.RoundToEven(qf)
	r := new(big.Float).SetPrec(bigPrec).Mul(ln2, new(big.Float).SetFloat64(k))
	r.Sub(x, r)
	r.SetMantExp(r, -20)
	sum := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	term := new(big.Float).SetPrec(bigPrec).SetInt64(1)
	for i := 1; i < 40; i++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(int64(i)))
		sum.Add(sum, term)
	}
	for i := 0; i < 20; i++ {
		sum.Mul(sum, sum)
	}
	return sum.SetMantExp(sum, int(k))
}

// bigRelErr is |got - want| / |want| for a double-double got scaled by 2^n.
func bigRelErr(v dd, n int, want *big.Float) float64 {
	g := new(big.Float).SetPrec(bigPrec).SetFloat64(v.hi)
	g.Add(g, new(big.Float).SetFloat64(v.lo))
	g.SetMantExp(g, n)
	g.Sub(g, want)
	g.Quo(g, want)
	f, _ := g.Float64()
	return math.Abs(f)
}

// TestDDReference checks the double-double references against 320-bit math/big ones
// (log through exp of its result) to 2^-98 relative, so that they can judge 1 ulp.
func TestDDReference(t *testing.T) {
	ln2 := bigLn2()
	if got := ln2.Text('g', 59); got != ln2Digits {
		t.Fatalf("ln 2 = %s, want %s", got, ln2Digits)
	}
	r := rand.New(rand.NewPCG(21, 22))
	const tol = 0x1p-98
	one := big.NewFloat(1).SetPrec(bigPrec)
	for i := 0; i < 1500; i++ {
		x := (r.Float64()*2 - 1) * math.Ldexp(1, r.IntN(14)-4)
		if i%5 == 0 {
			x = -745 + r.Float64()*40
		}
		bx := new(big.Float).SetPrec(bigPrec).SetFloat64(x)
		ex := bigExp(bx, ln2)
		if v, n := ddExp(x); bigRelErr(v, n, ex) > tol {
			t.Fatalf("ddExp(%v): relative error %g", x, bigRelErr(v, n, ex))
		}
		if x > 0 && x < 700 {
			e2 := bigExp(new(big.Float).SetPrec(bigPrec).SetFloat64(-2*x), ln2)
			num := new(big.Float).SetPrec(bigPrec).Sub(one, e2)
			th := num.Quo(num, new(big.Float).SetPrec(bigPrec).Add(one, e2))
			if e := bigRelErr(ddTanh(x), 0, th); e > tol {
				t.Fatalf("ddTanh(%v): relative error %g", x, e)
			}
		}
		sg := new(big.Float).SetPrec(bigPrec).Add(one, bigExp(new(big.Float).SetPrec(bigPrec).SetFloat64(-x), ln2))
		sg.Quo(one, sg)
		if v, n := ddSigmoid(x); bigRelErr(v, n, sg) > tol {
			t.Fatalf("ddSigmoid(%v): relative error %g", x, bigRelErr(v, n, sg))
		}
		lx := math.Abs(x) * math.Ldexp(1, r.IntN(2000)-1000)
		if i%7 == 0 {
			lx = 1 + (r.Float64()-0.5)*math.Ldexp(1, -r.IntN(52))
		}
		l := ddLog(lx)
		bl := new(big.Float).SetPrec(bigPrec).SetFloat64(l.hi)
		bl.Add(bl, new(big.Float).SetFloat64(l.lo))
		back := bigExp(bl, ln2)
		back.Quo(back, new(big.Float).SetPrec(bigPrec).SetFloat64(lx))
		back.Sub(back, one)
		// exp(L)/x - 1 is the absolute error of L.
		if d, _ := back.Float64(); math.Abs(d) > tol*math.Max(math.Abs(l.hi), 0x1p-60) {
			t.Fatalf("ddLog(%v) = %v: absolute error %g", lx, l.hi, d)
		}
	}
}
