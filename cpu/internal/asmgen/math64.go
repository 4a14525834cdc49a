package main

import (
	"fmt"
	"math"
	"math/big"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

// The float64 kernels stay within 1 ulp of the exact result (the tests measure at most
// 0.63 against double-double references): exp keeps e^r as an unevaluated sum hi+tail that is
// rounded once, log keeps its leading terms in two parts, and tanh and sigmoid divide
// double-double values with one remainder correction, so that only the final addition
// rounds at the result's precision.

var consts64 = map[uint64]Mem{}

// cd returns a 32-byte constant holding v in all four float64 lanes.
func cd(v float64) Mem { return cq(math.Float64bits(v)) }

// cq is cd for a raw 64-bit pattern.
func cq(bits uint64) Mem {
	if m, ok := consts64[bits]; ok {
		return m
	}
	m := GLOBL(fmt.Sprintf("c64_%016x", bits), RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(bits))
	}
	consts64[bits] = m
	return m
}

// More predicates of VCMPPD.
const cmpGT = 0x0e

const (
	signBit  = 0x8000000000000000
	absMask  = 0x7fffffffffffffff
	expShift = 0x1.8p52              // adding it rounds |v| < 2^51 to an integer
	ln2Hi    = 0x1.62e42fefa39efp-1  // ln 2 rounded to float64
	ln2Lo    = 0x1.abc9e3b39803fp-56 // ln 2 - ln2Hi
)

// polyd2 is polyd in two independent Horner chains, p(x) = E(x²) + x·O(x²), which
// halves the latency of a long polynomial; x2 is x², computed here if nil.
func (w width) polyd2(x, x2 VecVirtual, c []float64) VecVirtual {
	var even, odd []float64 // highest degree first, as c
	for i, k := range c {
		if (len(c)-1-i)%2 == 0 {
			even = append(even, k)
		} else {
			odd = append(odd, k)
		}
	}
	if x2 == nil {
		x2 = w.vec()
		VMULPD(x, x, x2)
	}
	e, o := w.polyd(x2, even), w.polyd(x2, odd)
	VFMADD213PD(e, x, o) // o = o*x + e
	return o
}

// polyd is poly for float64 lanes.
func (w width) polyd(x VecVirtual, c []float64) VecVirtual {
	acc := w.vec()
	w.setd(acc, c[0])
	for _, k := range c[1:] {
		w.op(x86.VFMADD213PD, w.cd(k), x, acc) // acc = acc*x + k
	}
	return acc
}

// expCoeffs is h with e^r = 1 + r + r²/2 + r³·h(r), fitted to 2^-59 of e^r for
// |r| <= ln2/2 (the Taylor series would need two more terms).
var expCoeffs = chebFit(func(r *big.Float) *big.Float {
	return series(r, func(k int) *big.Float { return invFact(k + 3) })
}, -0.3466, 0.3466, 9, func(r float64) float64 { return math.Abs(r*r*r) / 0.7 }, 0x1p-59)

// expParts is e^z = (hi + tail)·2^nf with hi = 1 + r rounded and |tail| < 0.07.
type expParts struct{ hi, tail, nf VecVirtual }

// expCore64 reduces z (within [-746, 710]) as z = n·ln2 + r with r = rhi + rlo, rhi exact
// (z - n·ln2Hi in one FMA) and rlo = -n·ln2Lo, and sums
//
//	e^r = (1 + rhi) + [lo + (rhi²/2 + rhi³·h(rhi))] + rlo·e^rhi
//
// where 1 + rhi = hi + lo exactly and rhi²/2 is split in two with an FMA, so that the tail
// carries errors below 0.1 ulp of the result. (|rlo| reaches 2^-45: its term needs e^rhi,
// not 1 + rhi.)
func (w width) expCore64(z VecVirtual) expParts {
	nf := w.vec()
	w.setd(nf, expShift)
	w.op(x86.VFMADD231PD, w.cd(math.Log2E), z, nf) // nf = z*log2(e) + shift, an integer + shift
	w.op(x86.VSUBPD, w.cd(expShift), nf, nf)
	r, rlo := w.vec(), w.vec()
	VMOVUPD(z, r)
	w.op(x86.VFNMADD231PD, w.cd(ln2Hi), nf, r) // r = z - nf*ln2Hi, exact
	w.op(x86.VMULPD, w.cd(-ln2Lo), nf, rlo)
	r2 := w.vec()
	VMULPD(r, r, r2)
	h := w.polyd2(r, r2, expCoeffs)
	hr, pa, pb := w.vec(), w.vec(), w.vec()
	w.op(x86.VMULPD, w.cd(0.5), r, hr)
	VMULPD(r, hr, pa) // r²/2 rounded
	VMOVUPD(pa, pb)
	VFMSUB231PD(r, hr, pb) // pb = r*r/2 - pa, exact
	VMULPD(r, h, h)        // r·h
	VFMADD231PD(h, r2, pb) // pb += r³h
	VADDPD(pa, pb, pb)
	hi, tail := w.vec(), w.vec()
	w.op(x86.VADDPD, w.cd(1), r, hi)
	w.setd(tail, 1)
	VSUBPD(hi, tail, tail) // 1 - hi
	VADDPD(r, tail, tail)  // lo = (1 - hi) + r, exact
	VADDPD(pb, tail, tail)
	est := pa
	VADDPD(tail, hi, est)
	VFMADD231PD(est, rlo, tail) // tail += rlo·e^rhi
	return expParts{hi, tail, nf}
}

// pow2 returns 2^k for lanes holding integers k in [-1022, 1023]: k + 2^52 + 1023 has the
// biased exponent in its low bits, and a shift moves it into place.
func (w width) pow2(k VecVirtual) VecVirtual {
	s := w.vec()
	w.op(x86.VADDPD, w.cd(0x1p52+1023), k, s)
	VPSLLQ(Imm(52), s, s)
	return s
}

// mulPow2 multiplies each of xs by 2^n, n holding integers in [-1022, 1023]: with AVX2 by
// pow2(n), with AVX-512 by VSCALEFPD; either rounds the product once.
func (w width) mulPow2(n VecVirtual, xs ...VecVirtual) {
	if w.zmm {
		for _, x := range xs {
			VSCALEFPD(n, x, x)
		}
		return
	}
	s := w.pow2(n)
	for _, x := range xs {
		VMULPD(s, x, x)
	}
}

// normalize returns e^r = hi + tail as the double-double (hi + tail rounded, the rest),
// whose low part is below half an ulp of the high one, as the corrected divisions need.
func (w width) normalize(e expParts) (VecVirtual, VecVirtual) {
	s, lo := w.vec(), w.vec()
	VADDPD(e.tail, e.hi, s)
	VSUBPD(s, e.hi, lo)
	VADDPD(e.tail, lo, lo) // (hi - s) + tail, exact as |hi| > |tail|
	return s, lo
}

// scaleOnce returns (hi + tail)·2^nf rounded once: the sum, scaled by 2^(nf-1) and then 2
// (nf reaches 1024), or by VSCALEFPD. Lanes with nf < -1020 (a branch skips this when
// there are none) are redone: the sum is formed at 2^1022 times its size and, where that is
// below 1 (a subnormal result), rounded by adding 1, whose ulp there is the subnormal ulp,
// as glibc's exp does, then scaled exactly; rounding hi + tail to 53 bits first would round
// twice and reach 0.75 ulp.
func (w width) scaleOnce(p expParts) VecVirtual {
	y := w.vec()
	VADDPD(p.tail, p.hi, y)
	if w.zmm {
		VSCALEFPD(p.nf, y, y) // the same product, rounded once
	} else {
		s := w.vec()
		w.op(x86.VADDPD, w.cd(0x1p52+1022), p.nf, s)
		VPSLLQ(Imm(52), s, s) // 2^(nf-1)
		VMULPD(s, y, y)
		VADDPD(y, y, y)
	}
	m := w.mask()
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(-1020), p.nf, m)
	skip := fmt.Sprintf("normal_%d", labels)
	labels++
	w.skipIfNone(m, skip)
	k := w.vec()
	w.op(x86.VADDPD, w.cd(1022), p.nf, k)
	sc := w.pow2(k)
	h, t, ys, lo := k, w.vec(), w.vec(), w.vec()
	VMULPD(p.hi, sc, h)
	VMULPD(p.tail, sc, t)
	VADDPD(t, h, ys)
	VSUBPD(ys, h, lo)
	VADDPD(t, lo, lo) // h + t = ys + lo
	h1 := h
	w.op(x86.VADDPD, w.cd(1), ys, h1)
	w.setd(t, 1)
	VSUBPD(h1, t, t)
	VADDPD(ys, t, t)
	VADDPD(t, lo, lo) // 1 + ys + lo = h1 + lo
	VADDPD(lo, h1, h1)
	w.op(x86.VSUBPD, w.cd(1), h1, h1)
	below := w.maskIn(t)
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(1), ys, below)
	w.blendpd(below, h1, ys, ys)
	w.op(x86.VMULPD, w.cd(0x1p-1022), ys, ys)
	w.blendpd(m, ys, y, y)
	Label(skip)
	return y
}

// nanPass sets y to x in the lanes where x is NaN.
func (w width) nanPass(x, y VecVirtual) {
	m := w.mask()
	VCMPPD(Imm(cmpUnord), x, x, m)
	w.blendpd(m, x, y, y)
}

// expPD emits exp(x) for float64 lanes: x is clamped to [-746, 710], beyond which the
// result is 0 or +Inf anyway, and hi+tail is scaled by 2^n with one rounding. A NaN goes
// through every step (2^NaN is -0 but NaN·-0 is NaN) and the branch of scaleOnce skips it.
func (w width) expPD(x VecVirtual) VecVirtual {
	lo, z := w.vec(), w.vec()
	w.setd(lo, -746)
	VMAXPD(x, lo, lo) // NaN x passes: VMAXPD returns its second source when either is NaN
	w.setd(z, 710)
	VMINPD(lo, z, z)
	return w.scaleOnce(w.expCore64(z))
}

// logCoeffs are fdlibm's Lg7 ... Lg1: log(1+f) = f - hfsq + s·(hfsq + R(s²)) with
// s = f/(2+f), hfsq = f²/2 and R(z) = z·(Lg1 + z·(Lg2 + ...)).
var logCoeffs = []float64{1.479819860511658591e-01, 1.531383769920937332e-01,
	1.818357216161805012e-01, 2.222219843214978396e-01, 2.857142874366239149e-01,
	3.999999999940941908e-01, 6.666666666666735130e-01}

// fdlibm's split of ln 2: the high part has 32 bits, so k·log2Hi is exact.
const (
	log2Hi = 6.93147180369123816490e-01
	log2Lo = 1.90821492927058770002e-10
)

// logPD emits log(x) for float64 lanes: x = m·2^k with m in [sqrt(1/2), sqrt(2))
// (subnormals scaled by 2^54 first), fdlibm's polynomial for log m with f - hfsq and
// k·ln2 + (f - hfsq) each kept in two parts, and the special values of math.Log.
func (w width) logPD(x VecVirtual) VecVirtual {
	sub, xs := w.mask(), w.vec()
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(0x1p-1022), x, sub) // x < smallest normal
	w.op(x86.VMULPD, w.cd(0x1p54), x, xs)
	w.blendpd(sub, xs, x, xs)
	k, adj := w.vec(), w.vec()
	VPSRLQ(Imm(52), xs, k)
	w.por(w.cq(0x4330000000000000), k, k) // 2^52 + biased exponent
	w.op(x86.VSUBPD, w.cd(0x1p52+1023), k, k)
	w.andpd(w.cd(54), sub, adj)
	VSUBPD(adj, k, k)
	m, big := w.vec(), w.mask()
	w.op(x86.VANDPD, w.cq(0x000fffffffffffff), xs, m)
	w.op(x86.VPCMPGTQ, w.cq(0x0006a09e667f3bcc), m, big) // mantissa above sqrt(2)'s
	w.por(w.cq(0x3ff0000000000000), m, m)                // m in [1, 2)
	w.andpd(w.cq(0x0010000000000000), big, adj)
	w.pxor(adj, m, m) // halved where above sqrt(2)
	w.andpd(w.cd(1), big, adj)
	VADDPD(adj, k, k)
	f := m
	w.op(x86.VSUBPD, w.cd(1), f, f)
	s := w.vec()
	w.op(x86.VADDPD, w.cd(2), f, s)
	VDIVPD(s, f, s) // s = f/(2+f)
	z := w.vec()
	VMULPD(s, s, z)
	rr := w.polyd2(z, nil, logCoeffs)
	VMULPD(z, rr, rr) // R
	half, hfsq, hlo := w.vec(), w.vec(), w.vec()
	w.op(x86.VMULPD, w.cd(0.5), f, half)
	VMULPD(f, half, hfsq)
	VMOVUPD(hfsq, hlo)
	VFMSUB231PD(f, half, hlo) // hlo = f*f/2 - hfsq
	VADDPD(hfsq, rr, rr)
	VFMSUB231PD(rr, s, hlo) // hlo = s*(hfsq+R) - hlo
	w.op(x86.VFMADD231PD, w.cd(log2Lo), k, hlo)
	hi, lo := w.vec(), w.vec()
	VSUBPD(hfsq, f, hi) // hi = f - hfsq
	VSUBPD(hi, f, lo)
	VSUBPD(hfsq, lo, lo) // lo = (f - hi) - hfsq, exact
	VADDPD(hlo, lo, lo)
	a, sum := w.vec(), w.vec()
	w.op(x86.VMULPD, w.cd(log2Hi), k, a)
	VADDPD(hi, a, sum)
	VSUBPD(sum, a, a)
	VADDPD(hi, a, a) // (a - sum) + hi, exact
	VADDPD(lo, a, a)
	VADDPD(a, sum, sum)
	sel := w.mask()
	w.op(x86.VCMPPD, Imm(cmpEQ), w.cd(math.Inf(1)), x, sel)
	w.blendpd(sel, x, sum, sum)
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(0), x, sel)
	w.blendpd(sel, w.cd(math.NaN()), sum, sum)
	w.op(x86.VCMPPD, Imm(cmpEQ), w.cd(0), x, sel)
	w.blendpd(sel, w.cd(math.Inf(-1)), sum, sum)
	w.nanPass(x, sum)
	return sum
}

// tanhSmall is where tanh switches from its odd polynomial to the exponential form.
const tanhSmall = 0.4

// tanhCoeffs is P with tanh(x) = x + x³·P(x²) for |x| < tanhSmall, within 2^-58 of tanh.
var tanhCoeffs = chebFit(tanhP, 0, tanhSmall*tanhSmall, 9, func(z float64) float64 { return z }, 0x1p-58)

// ddRecip returns the double-double n/(dhi+dlo) as (q, qlo), n a power of two: q = n/dhi
// rounded once, and qlo = (n - q·dhi - q·dlo)/dhi with the first product exact in an FMA.
func (w width) ddRecip(n float64, dhi, dlo VecVirtual) (VecVirtual, VecVirtual) {
	inv, q, rem := w.vec(), w.vec(), w.vec()
	w.setd(inv, 1)
	VDIVPD(dhi, inv, inv)
	w.op(x86.VMULPD, w.cd(n), inv, q)
	w.setd(rem, n)
	VFNMADD231PD(dhi, q, rem) // rem = n - q*dhi
	VFNMADD231PD(dlo, q, rem) // rem -= q*dlo
	VMULPD(inv, rem, rem)
	return q, rem
}

// tanhPD emits tanh(x): x + x³·P(x²) below |x| = tanhSmall, else 1 - 2/(e^{2|x|}+1) with
// e^{2|x|} (|x| clamped to 20, where tanh rounds to 1) and the division in double-double,
// and x's sign.
func (w width) tanhPD(x VecVirtual) VecVirtual {
	a := w.vec()
	w.op(x86.VANDPD, w.cq(absMask), x, a)
	z := w.vec()
	VMULPD(a, a, z)
	ps := w.polyd2(z, nil, tanhCoeffs)
	VMULPD(z, ps, ps)
	VFMADD213PD(a, a, ps) // ps = ps*a + a
	ac := w.vec()
	w.op(x86.VMINPD, w.cd(20), a, ac)
	VADDPD(ac, ac, ac)
	e := w.expCore64(ac)
	ehi, elo := w.normalize(e)
	w.mulPow2(e.nf, ehi, elo)
	dhi, dlo := w.vec(), w.vec()
	w.op(x86.VADDPD, w.cd(1), ehi, dhi)
	VSUBPD(dhi, ehi, dlo)
	w.op(x86.VADDPD, w.cd(1), dlo, dlo)
	VADDPD(elo, dlo, dlo) // 1 + E = dhi + dlo
	qhi, qlo := w.ddRecip(2, dhi, dlo)
	t, e1 := w.vec(), w.vec()
	w.setd(t, 1)
	VSUBPD(qhi, t, t)
	w.setd(e1, 1)
	VSUBPD(t, e1, e1)
	VSUBPD(qhi, e1, e1) // (1 - t) - qhi, exact
	VSUBPD(qlo, e1, e1)
	VADDPD(e1, t, t)
	small := w.mask()
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(tanhSmall), a, small)
	w.blendpd(small, ps, t, t)
	w.op(x86.VANDPD, w.cq(signBit), x, a)
	VORPD(a, t, t)
	w.nanPass(x, t)
	return t
}

// sigmoidPD emits 1/(1+e^{-x}) for x >= 0 and e^x/(1+e^x) below, from E = e^{-|x|} in
// double-double and one corrected division; below x = -40, where 1+E rounds to 1, the
// result is E, rounded once (scaleOnce), subnormal results included.
func (w width) sigmoidPD(x VecVirtual) VecVirtual {
	na := w.vec()
	w.op(x86.VORPD, w.cq(signBit), x, na)
	w.op(x86.VMAXPD, w.cd(-746), na, na)
	e := w.expCore64(na)
	es := w.scaleOnce(e)
	ehi, elo := w.normalize(e)
	w.op(x86.VMAXPD, w.cd(-1000), e.nf, e.nf) // below, 1 + E is 1 anyway
	w.mulPow2(e.nf, ehi, elo)
	dhi, dlo := w.vec(), w.vec()
	w.op(x86.VADDPD, w.cd(1), ehi, dhi)
	w.setd(dlo, 1)
	VSUBPD(dhi, dlo, dlo)
	VADDPD(ehi, dlo, dlo)
	VADDPD(elo, dlo, dlo) // 1 + E = dhi + dlo
	inv := w.vec()
	w.setd(inv, 1)
	VDIVPD(dhi, inv, inv)
	neg, nhi := w.mask(), w.vec()
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(0), x, neg)
	w.setd(nhi, 1)
	w.blendpd(neg, ehi, nhi, nhi) // numerator: 1, or E for negative x
	w.andpd(elo, neg, elo)
	q, rem := w.vec(), w.vec()
	VMULPD(inv, nhi, q)
	VMOVUPD(nhi, rem)
	VFNMADD231PD(dhi, q, rem)
	VFNMADD231PD(dlo, q, rem)
	VADDPD(elo, rem, rem)
	VFMADD231PD(inv, rem, q) // q += rem/dhi
	tiny := w.mask()
	w.op(x86.VCMPPD, Imm(cmpLT), w.cd(-40), na, tiny)
	w.andMasks(neg, tiny, tiny)
	w.blendpd(tiny, es, q, q)
	w.nanPass(x, q)
	return q
}

// mathKernels64 emits the float64 transcendental kernels with AVX2/FMA.
func mathKernels64() { mathSet(f64, avx2, 1) }
