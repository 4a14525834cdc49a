package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
	"github.com/mmcloughlin/avo/x86"
)

var consts = map[uint32]Mem{}

// cf returns a 32-byte constant holding v in all eight float32 lanes, usable as the
// memory operand of a YMM instruction (and, through width's konst, of a ZMM one as an
// embedded broadcast).
func cf(v float32) Mem { return ci(math.Float32bits(v)) }

// ci is cf for a raw 32-bit pattern.
func ci(bits uint32) Mem {
	if m, ok := consts[bits]; ok {
		return m
	}
	m := GLOBL(fmt.Sprintf("c32_%08x", bits), RODATA|NOPTR)
	for i := 0; i < 8; i++ {
		DATA(4*i, U32(bits))
	}
	consts[bits] = m
	return m
}

// Predicates of VCMPPS.
const (
	cmpEQ    = 0
	cmpLT    = 1
	cmpUnord = 3
)

// poly evaluates c[0]*x^(n-1) + ... + c[n-1] by Horner's rule with FMAs into acc.
func (w width) poly(x VecVirtual, c []float32) VecVirtual {
	acc := w.vec()
	w.setf(acc, c[0])
	for _, k := range c[1:] {
		w.op(x86.VFMADD213PS, w.cf(k), x, acc) // acc = acc*x + k
	}
	return acc
}

// expPS emits y = exp(x) for float32 lanes: Cody-Waite reduction x = n*ln2 + r with ln2
// split in two, Cephes' degree-5 polynomial for e^r, and a scale by 2^n rounded once
// (ldexpPS) so results that round to subnormals stay accurate. NaN passes through, large
// x gives +Inf and very negative x gives 0.
func (w width) expPS(x VecVirtual) VecVirtual {
	xc := w.vec()
	w.op(x86.VMAXPS, w.cf(-104), x, xc)
	w.op(x86.VMINPS, w.cf(88.8), xc, xc)
	n := w.vec()
	w.op(x86.VMULPS, w.cf(1.44269504088896341), xc, n)
	w.roundps(n, n)
	r := w.vec()
	VMOVUPS(xc, r)
	w.op(x86.VFNMADD231PS, w.cf(0.693359375), n, r)    // r -= n*C1
	w.op(x86.VFNMADD231PS, w.cf(-2.12194440e-4), n, r) // r -= n*C2
	p := w.poly(r, []float32{1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3,
		4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1})
	r2 := w.vec()
	VMULPS(r, r, r2)
	VFMADD213PS(r, r2, p) // p = p*r2 + r
	w.op(x86.VADDPS, w.cf(1), p, p)
	w.ldexpPS(p, n)
	nan := w.mask()
	VCMPPS(Imm(cmpUnord), x, x, nan)
	w.blendps(nan, x, p, p)
	return p
}

// ldexpPS sets p = p·2^n for lanes holding p near 1 and integers n in [-150, 128], rounded
// once. With AVX2 that is two multiplications, by 2^(n>>1), exact, and by the rest of 2^n;
// with AVX-512 it is VSCALEFPS, which rounds the same product once, so both give the same
// bits, subnormal and infinite results included.
func (w width) ldexpPS(p, n VecVirtual) {
	if w.zmm {
		VSCALEFPS(n, p, p)
		return
	}
	ni, n1, n2 := w.vec(), w.vec(), w.vec()
	VCVTPS2DQ(n, ni)
	VPSRAD(Imm(1), ni, n1)
	VPSUBD(n1, ni, n2)
	for _, s := range []VecVirtual{n1, n2} {
		w.op(x86.VPADDD, w.ci(127), s, s)
		VPSLLD(Imm(23), s, s)
		VMULPS(s, p, p)
	}
}

// logPS emits y = log(x) for float32 lanes (Cephes' logf): x = m * 2^e with m in
// [sqrt(1/2), sqrt(2)), a degree-8 polynomial in m-1, and the special values of math.Log.
func (w width) logPS(x VecVirtual) VecVirtual {
	// Subnormals: scale by 2^25 first.
	sub, xs, adj := w.mask(), w.vec(), w.vec()
	w.op(x86.VCMPPS, Imm(cmpLT), w.cf(1.17549435e-38), x, sub) // x < FLT_MIN
	w.op(x86.VMULPS, w.cf(33554432), x, xs)
	w.blendps(sub, xs, x, xs)
	w.andps(w.cf(25), sub, adj)
	bits, e := w.vec(), w.vec()
	VPSRLD(Imm(23), xs, e)
	w.op(x86.VPSUBD, w.ci(126), e, e)
	w.op(x86.VANDPS, w.ci(0x807fffff), xs, bits)
	w.op(x86.VORPS, w.ci(0x3f000000), bits, bits) // m in [0.5, 1)
	ef := w.vec()
	VCVTDQ2PS(e, ef)
	VSUBPS(adj, ef, ef)
	small, one := w.mask(), w.vec()
	w.op(x86.VCMPPS, Imm(cmpLT), w.cf(0.707106781186547524), bits, small) // m < sqrt(1/2)
	w.andps(w.cf(1), small, one)
	VSUBPS(one, ef, ef)
	xm, t := w.vec(), w.vec()
	w.op(x86.VSUBPS, w.cf(1), bits, xm)
	w.andps(bits, small, t)
	VADDPS(t, xm, xm)
	z := w.vec()
	VMULPS(xm, xm, z)
	y := w.poly(xm, []float32{7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1,
		-1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
		-2.4999993993e-1, 3.3333331174e-1})
	VMULPS(xm, y, y)
	VMULPS(z, y, y)
	w.op(x86.VFMADD231PS, w.cf(-2.12194440e-4), ef, y)
	w.op(x86.VFMADD231PS, w.cf(-0.5), z, y)
	VADDPS(xm, y, y)
	w.op(x86.VFMADD231PS, w.cf(0.693359375), ef, y)
	m := w.mask()
	w.op(x86.VCMPPS, Imm(cmpEQ), w.cf(float32(math.Inf(1))), x, m)
	w.blendps(m, x, y, y)
	w.op(x86.VCMPPS, Imm(cmpLT), w.cf(0), x, m)
	w.blendps(m, w.cf(float32(math.NaN())), y, y)
	w.op(x86.VCMPPS, Imm(cmpEQ), w.cf(0), x, m)
	w.blendps(m, w.cf(float32(math.Inf(-1))), y, y)
	VCMPPS(Imm(cmpUnord), x, x, m)
	w.blendps(m, x, y, y)
	return y
}

// sigmoidPS emits 1/(1+exp(-x)) as r = 1/(1+e) with e = exp(-|x|), and e*r for negative
// x, so neither side overflows.
func (w width) sigmoidPS(x VecVirtual) VecVirtual {
	a := w.vec()
	w.op(x86.VORPS, w.ci(0x80000000), x, a) // -|x|
	e := w.expPS(a)
	r := w.vec()
	w.op(x86.VADDPS, w.cf(1), e, r)
	one := w.vec()
	w.setf(one, 1)
	VDIVPS(r, one, r)
	neg, er := w.mask(), w.vec()
	w.op(x86.VCMPPS, Imm(cmpLT), w.cf(0), x, neg)
	VMULPS(e, r, er)
	w.blendps(neg, er, r, r)
	return r
}

// tanhPS emits tanh(x): Cephes' odd polynomial below |x| = 0.625, 1 - 2/(exp(2|x|)+1)
// with x's sign above.
func (w width) tanhPS(x VecVirtual) VecVirtual {
	z := w.vec()
	VMULPS(x, x, z)
	ps := w.poly(z, []float32{-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2,
		1.33314422036e-1, -3.33332819422e-1})
	VMULPS(z, ps, ps)
	VFMADD213PS(x, x, ps) // ps = ps*x + x
	a := w.vec()
	w.op(x86.VANDPS, w.ci(0x7fffffff), x, a)
	a2 := w.vec()
	VADDPS(a, a, a2)
	e := w.expPS(a2)
	w.op(x86.VADDPS, w.cf(1), e, e)
	q := w.vec()
	w.setf(q, 2)
	VDIVPS(e, q, q)
	w.setf(e, 1)
	VSUBPS(q, e, e)
	sign := w.vec()
	w.op(x86.VANDPS, w.ci(0x80000000), x, sign)
	VORPS(sign, e, e)
	small := w.mask()
	w.op(x86.VCMPPS, Imm(cmpLT), w.cf(0.625), a, small)
	w.blendps(small, ps, e, e)
	return e
}

// mathKernels emits the float32 transcendental kernels with AVX2/FMA.
func mathKernels() { mathSet(f32, avx2, 1) }
