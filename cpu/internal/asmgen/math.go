package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

var consts = map[uint32]Mem{}

// cf returns a 32-byte constant holding v in all eight float32 lanes, usable as the
// memory operand of a YMM instruction.
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
func poly(x VecVirtual, c []float32) VecVirtual {
	acc := YMM()
	VMOVUPS(cf(c[0]), acc)
	for _, k := range c[1:] {
		VFMADD213PS(cf(k), x, acc) // acc = acc*x + k
	}
	return acc
}

// expPS emits y = exp(x) for eight float32 lanes: Cody-Waite reduction x = n*ln2 + r
// with ln2 split in two, Cephes' degree-5 polynomial for e^r, and a scale by 2^n done as
// two multiplications so results that round to subnormals stay accurate. NaN passes
// through, large x gives +Inf and very negative x gives 0.
func expPS(x VecVirtual) VecVirtual {
	xc := YMM()
	VMAXPS(cf(-104), x, xc)
	VMINPS(cf(88.8), xc, xc)
	n := YMM()
	VMULPS(cf(1.44269504088896341), xc, n)
	VROUNDPS(Imm(0), n, n)
	r := YMM()
	VMOVUPS(xc, r)
	VFNMADD231PS(cf(0.693359375), n, r)    // r -= n*C1
	VFNMADD231PS(cf(-2.12194440e-4), n, r) // r -= n*C2
	p := poly(r, []float32{1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3,
		4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1})
	r2 := YMM()
	VMULPS(r, r, r2)
	VFMADD213PS(r, r2, p) // p = p*r2 + r
	VADDPS(cf(1), p, p)
	ni, n1, n2 := YMM(), YMM(), YMM()
	VCVTPS2DQ(n, ni)
	VPSRAD(Imm(1), ni, n1)
	VPSUBD(n1, ni, n2)
	for _, s := range []VecVirtual{n1, n2} {
		VPADDD(ci(127), s, s)
		VPSLLD(Imm(23), s, s)
		VMULPS(s, p, p)
	}
	nan := YMM()
	VCMPPS(Imm(cmpUnord), x, x, nan)
	VBLENDVPS(nan, x, p, p)
	return p
}

// logPS emits y = log(x) for eight float32 lanes (Cephes' logf): x = m * 2^e with m in
// [sqrt(1/2), sqrt(2)), a degree-8 polynomial in m-1, and the special values of math.Log.
func logPS(x VecVirtual) VecVirtual {
	// Subnormals: scale by 2^25 first.
	sub, xs, adj := YMM(), YMM(), YMM()
	VCMPPS(Imm(cmpLT), cf(1.17549435e-38), x, sub) // x < FLT_MIN
	VMULPS(cf(33554432), x, xs)
	VBLENDVPS(sub, xs, x, xs)
	VANDPS(cf(25), sub, adj)
	bits, e := YMM(), YMM()
	VPSRLD(Imm(23), xs, e)
	VPSUBD(ci(126), e, e)
	VANDPS(ci(0x807fffff), xs, bits)
	VORPS(ci(0x3f000000), bits, bits) // m in [0.5, 1)
	ef := YMM()
	VCVTDQ2PS(e, ef)
	VSUBPS(adj, ef, ef)
	small, one := YMM(), YMM()
	VCMPPS(Imm(cmpLT), cf(0.707106781186547524), bits, small) // m < sqrt(1/2)
	VANDPS(cf(1), small, one)
	VSUBPS(one, ef, ef)
	xm, t := YMM(), YMM()
	VSUBPS(cf(1), bits, xm)
	VANDPS(bits, small, t)
	VADDPS(t, xm, xm)
	z := YMM()
	VMULPS(xm, xm, z)
	y := poly(xm, []float32{7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1,
		-1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
		-2.4999993993e-1, 3.3333331174e-1})
	VMULPS(xm, y, y)
	VMULPS(z, y, y)
	VFMADD231PS(cf(-2.12194440e-4), ef, y)
	VFMADD231PS(cf(-0.5), z, y)
	VADDPS(xm, y, y)
	VFMADD231PS(cf(0.693359375), ef, y)
	m := YMM()
	VCMPPS(Imm(cmpEQ), cf(float32(math.Inf(1))), x, m)
	VBLENDVPS(m, x, y, y)
	VCMPPS(Imm(cmpLT), cf(0), x, m)
	VBLENDVPS(m, cf(float32(math.NaN())), y, y)
	VCMPPS(Imm(cmpEQ), cf(0), x, m)
	VBLENDVPS(m, cf(float32(math.Inf(-1))), y, y)
	VCMPPS(Imm(cmpUnord), x, x, m)
	VBLENDVPS(m, x, y, y)
	return y
}

// sigmoidPS emits 1/(1+exp(-x)) as r = 1/(1+e) with e = exp(-|x|), and e*r for negative
// x, so neither side overflows.
func sigmoidPS(x VecVirtual) VecVirtual {
	a := YMM()
	VORPS(ci(0x80000000), x, a) // -|x|
	e := expPS(a)
	r := YMM()
	VADDPS(cf(1), e, r)
	one := YMM()
	VMOVUPS(cf(1), one)
	VDIVPS(r, one, r)
	neg, er := YMM(), YMM()
	VCMPPS(Imm(cmpLT), cf(0), x, neg)
	VMULPS(e, r, er)
	VBLENDVPS(neg, er, r, r)
	return r
}

// tanhPS emits tanh(x): Cephes' odd polynomial below |x| = 0.625, 1 - 2/(exp(2|x|)+1)
// with x's sign above.
func tanhPS(x VecVirtual) VecVirtual {
	z := YMM()
	VMULPS(x, x, z)
	ps := poly(z, []float32{-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2,
		1.33314422036e-1, -3.33332819422e-1})
	VMULPS(z, ps, ps)
	VFMADD213PS(x, x, ps) // ps = ps*x + x
	a := YMM()
	VANDPS(ci(0x7fffffff), x, a)
	a2 := YMM()
	VADDPS(a, a, a2)
	e := expPS(a2)
	VADDPS(cf(1), e, e)
	q := YMM()
	VMOVUPS(cf(2), q)
	VDIVPS(e, q, q)
	VMOVUPS(cf(1), e)
	VSUBPS(q, e, e)
	sign := YMM()
	VANDPS(ci(0x80000000), x, sign)
	VORPS(sign, e, e)
	small := YMM()
	VCMPPS(Imm(cmpLT), cf(0.625), a, small)
	VBLENDVPS(small, ps, e, e)
	return e
}

// mapKernel emits func name(d, a []T) applying f to each vector of t's lanes.
func mapKernel(t typ, name, doc string, f func(VecVirtual) VecVirtual) {
	TEXT(name, NOSPLIT, fmt.Sprintf("func(d, a []%s)", t.gotyp))
	Doc(doc)
	d, a := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	loop(t, n, 1, func(k int, i Register) {
		x := YMM()
		VMOVUPS(mem(a, i, t, k), x)
		y := f(x)
		VMOVUPS(y, mem(d, i, t, k))
	})
	VZEROUPPER()
	RET()
}

func mathKernels() {
	rest := " for i below len(d) rounded down to 8."
	mapKernel(f32, "expf32", "expf32 sets d[i] = exp(a[i]) within 2 ulp"+rest, expPS)
	mapKernel(f32, "logf32", "logf32 sets d[i] = log(a[i]) within 2 ulp"+rest, logPS)
	mapKernel(f32, "sigmoidf32", "sigmoidf32 sets d[i] = 1/(1+exp(-a[i]))"+rest, sigmoidPS)
	mapKernel(f32, "tanhf32", "tanhf32 sets d[i] = tanh(a[i])"+rest, tanhPS)
}
