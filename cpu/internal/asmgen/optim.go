package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The optimizers' fused updates (cpu/optim.go): one Adam(W), SGD or RMSprop step over a
// parameter and its state, element by element. Each kernel makes the multiplications,
// additions, divisions and square roots of the Go loop it replaces in the same order and
// dtype, never fused, so that its results are the loop's bits (NaN payloads aside). Every
// option is a bit of flags, tested once per vector: the branches are loop-invariant and
// cost nothing beside the memory traffic. Scalars come in an array k, broadcast to
// registers once; k[0] is a sign mask (-0 to maximize, +0 otherwise) XORed into the
// gradient.

// optimKernels emits adam, sgd and rmsprop for float32 and float64.
func optimKernels() {
	for _, t := range []typ{f32, f64} {
		adamKernel(t)
		sgdKernel(t)
		rmspropKernel(t)
	}
}

// optimGen is one optimizer kernel being emitted: its element type, index register and
// flags register.
type optimGen struct {
	t     typ
	name  string
	i     Register
	flags Register
	ks    []VecVirtual
	label int // the next branch label's number
}

// begin declares the kernel's TEXT and loads the flags and the n scalars of k into
// registers.
func beginOptim(t typ, name, slices, doc string, n int) *optimGen {
	TEXT(name, NOSPLIT, fmt.Sprintf("func(%s []%s, k *[%d]%s, flags int)", slices, t.gotyp, n, t.gotyp))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s %s, for i below len(p) rounded down to %d.", name, doc, t.lanes))
	g := &optimGen{t: t, name: name}
	kp := Load(Param("k"), GP64())
	g.flags = Load(Param("flags"), GP64())
	for j := 0; j < n; j++ {
		r := YMM()
		t.bcast(Mem{Base: kp, Disp: j * t.size}, r)
		g.ks = append(g.ks, r)
	}
	return g
}

// loop runs body once per vector of the n elements' largest multiple of the lanes.
func (o *optimGen) loop(n Register, body func()) {
	o.i = GP64()
	XORQ(o.i, o.i)
	top, done := fmt.Sprintf("%s_loop", o.name), fmt.Sprintf("%s_done", o.name)
	Label(top)
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(o.i, rem)
	CMPQ(rem, U32(o.t.lanes))
	JL(LabelRef(done))
	body()
	ADDQ(U32(o.t.lanes), o.i)
	JMP(LabelRef(top))
	Label(done)
	VZEROUPPER()
	RET()
}

// at is the current vector of the slice whose base is in b.
func (o *optimGen) at(b Register) Mem { return Mem{Base: b, Index: o.i, Scale: uint8(o.t.size)} }

// load returns a new register holding the current vector of b.
func (o *optimGen) load(b Register) VecVirtual {
	x := YMM()
	VMOVUPS(o.at(b), x)
	return x
}

// when emits body under the flag bit: skipped unless flags&bit != 0.
func (o *optimGen) when(bit uint32, body func()) {
	skip := fmt.Sprintf("%s_skip%d", o.name, o.label)
	o.label++
	TESTQ(U32(bit), o.flags)
	JZ(LabelRef(skip))
	body()
	Label(skip)
}

// ifElse emits yes when flags&bit != 0, else no.
func (o *optimGen) ifElse(bit uint32, yes, no func()) {
	other, join := fmt.Sprintf("%s_else%d", o.name, o.label), fmt.Sprintf("%s_join%d", o.name, o.label)
	o.label++
	TESTQ(U32(bit), o.flags)
	JZ(LabelRef(other))
	yes()
	JMP(LabelRef(join))
	Label(other)
	no()
	Label(join)
}

// madd sets x = x*a + b*y with two roundings, the order of the Go loops' m*beta1 + omb1*g.
func (o *optimGen) madd(x, a, b, y VecVirtual) {
	u := YMM()
	o.t.mul(a, x, x)
	o.t.mul(y, b, u)
	o.t.add(u, x, x)
}

// sqrt sets x = sqrt(x), correctly rounded (as Go's, for float32 by way of float64).
func (o *optimGen) sqrt(x VecVirtual) {
	if o.t.size == 4 {
		VSQRTPS(x, x)
	} else {
		VSQRTPD(x, x)
	}
}

// Adam's flags and scalars (cpu/optim.go packs them).
const (
	adamDecoupled = 1 << iota
	adamL2
	adamAMSGrad
)

// adamKernel emits adam{f32,f64}(p, g, m, v, vmax []T, k *[10]T, flags int), one Adam(W)
// step as cpu.adamGo, with k = sign, decay, wd, beta1, 1-beta1, beta2, 1-beta2,
// sqrt(1-beta2**t), eps, -lr/(1-beta1**t).
func adamKernel(t typ) {
	o := beginOptim(t, "adam"+t.name, "p, g, m, v, vmax",
		"makes one Adam(W) step of p[i] with gradient g[i] and moments m[i], v[i] (and vmax[i] with AMSGrad), as adamGo", 10)
	sign, decay, wd, beta1, omb1, beta2, omb2, bc2sqrt, eps, negStep := o.ks[0], o.ks[1], o.ks[2], o.ks[3], o.ks[4], o.ks[5], o.ks[6], o.ks[7], o.ks[8], o.ks[9]
	p, g, m, v, vmax := Load(Param("p").Base(), GP64()), Load(Param("g").Base(), GP64()), Load(Param("m").Base(), GP64()), Load(Param("v").Base(), GP64()), Load(Param("vmax").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	o.loop(n, func() {
		gi := o.load(g)
		VXORPS(sign, gi, gi)
		pi := o.load(p)
		o.when(adamDecoupled, func() { t.mul(decay, pi, pi) })
		o.when(adamL2, func() {
			u := YMM()
			t.mul(pi, wd, u)
			t.add(u, gi, gi)
		})
		mi := o.load(m)
		o.madd(mi, beta1, omb1, gi)
		VMOVUPS(mi, o.at(m))
		vi := o.load(v)
		t.mul(beta2, vi, vi)
		u := YMM()
		t.mul(gi, omb2, u)
		t.mul(gi, u, u)
		t.add(u, vi, vi)
		VMOVUPS(vi, o.at(v))
		o.when(adamAMSGrad, func() {
			// vmax = w where w > v or w is NaN, else v (torch.maximum).
			w, nan := o.load(vmax), YMM()
			t.max(vi, w, vi)
			t.cmp(Imm(3), w, w, nan)
			t.blend(nan, w, vi, vi)
			VMOVUPS(vi, o.at(vmax))
		})
		o.sqrt(vi)
		t.div(bc2sqrt, vi, vi)
		t.add(eps, vi, vi)
		t.mul(mi, negStep, mi)
		t.div(vi, mi, mi)
		t.add(mi, pi, pi)
		VMOVUPS(pi, o.at(p))
	})
}

// SGD's flags.
const (
	sgdWD = 1 << iota
	sgdMomentum
	sgdFirst
	sgdNesterov
)

// sgdKernel emits sgd{f32,f64}(p, g, buf []T, k *[5]T, flags int), one SGD step as
// cpu.sgdGo, with k = sign, wd, momentum, 1-dampening, -lr.
func sgdKernel(t typ) {
	o := beginOptim(t, "sgd"+t.name, "p, g, buf",
		"makes one SGD step of p[i] with gradient g[i] (and momentum buffer buf[i]), as sgdGo", 5)
	sign, wd, mom, damp1, negLR := o.ks[0], o.ks[1], o.ks[2], o.ks[3], o.ks[4]
	p, g, buf := Load(Param("p").Base(), GP64()), Load(Param("g").Base(), GP64()), Load(Param("buf").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	o.loop(n, func() {
		d := o.load(g)
		VXORPS(sign, d, d)
		pi := o.load(p)
		o.when(sgdWD, func() {
			u := YMM()
			t.mul(pi, wd, u)
			t.add(u, d, d)
		})
		o.when(sgdMomentum, func() {
			b := YMM()
			o.ifElse(sgdFirst, func() { VMOVUPS(d, b) }, func() {
				VMOVUPS(o.at(buf), b)
				o.madd(b, mom, damp1, d)
			})
			VMOVUPS(b, o.at(buf))
			o.ifElse(sgdNesterov, func() {
				u := YMM()
				t.mul(b, mom, u)
				t.add(u, d, d)
			}, func() { VMOVUPS(b, d) })
		})
		t.mul(d, negLR, d)
		t.add(d, pi, pi)
		VMOVUPS(pi, o.at(p))
	})
}

// RMSprop's flags.
const (
	rmsWD = 1 << iota
	rmsCentered
	rmsMomentum
)

// rmspropKernel emits rmsprop{f32,f64}(p, g, v, buf, ga []T, k *[8]T, flags int), one
// RMSprop step as cpu.rmspropGo, with k = sign, wd, alpha, 1-alpha, eps, momentum, -lr.
func rmspropKernel(t typ) {
	o := beginOptim(t, "rmsprop"+t.name, "p, g, v, buf, ga",
		"makes one RMSprop step of p[i] with gradient g[i], square average v[i] (and momentum buffer buf[i], gradient average ga[i]), as rmspropGo", 8)
	sign, wd, alpha, oma, eps, mom, negLR, negZero := o.ks[0], o.ks[1], o.ks[2], o.ks[3], o.ks[4], o.ks[5], o.ks[6], o.ks[7]
	p, g, v, buf, ga := Load(Param("p").Base(), GP64()), Load(Param("g").Base(), GP64()), Load(Param("v").Base(), GP64()), Load(Param("buf").Base(), GP64()), Load(Param("ga").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	o.loop(n, func() {
		gi := o.load(g)
		VXORPS(sign, gi, gi)
		pi := o.load(p)
		o.when(rmsWD, func() {
			u := YMM()
			t.mul(pi, wd, u)
			t.add(u, gi, gi)
		})
		vi := o.load(v)
		t.mul(alpha, vi, vi)
		u := YMM()
		t.mul(gi, oma, u)
		t.mul(gi, u, u)
		t.add(u, vi, vi)
		VMOVUPS(vi, o.at(v))
		o.when(rmsCentered, func() {
			a := o.load(ga)
			o.madd(a, alpha, oma, gi)
			VMOVUPS(a, o.at(ga))
			na := YMM()
			VXORPS(negZero, a, na)
			t.mul(a, na, na)
			t.add(na, vi, vi) // v + (-a)*a, as addcmul(a, a, value=-1)
		})
		o.sqrt(vi)
		t.add(eps, vi, vi)
		o.ifElse(rmsMomentum, func() {
			b, q := o.load(buf), YMM()
			t.mul(mom, b, b)
			t.div(vi, gi, q)
			t.add(q, b, b)
			VMOVUPS(b, o.at(buf))
			t.mul(b, negLR, b)
			t.add(b, pi, pi)
		}, func() {
			t.mul(gi, negLR, gi)
			t.div(vi, gi, gi)
			t.add(gi, pi, pi)
		})
		VMOVUPS(pi, o.at(p))
	})
}
