package cpu

import (
	"fmt"
	"math"
	"unsafe"
)

// The optimizers' fused updates (autograd's SGD, Adam, AdamW and RMSprop on the CPU):
// one pass over a parameter's elements that reads its gradient and state and writes the
// parameter and the state back. The Go loops (adamGo, sgdGo, rmspropGo) follow PyTorch
// 1.13's single-tensor code operation by operation in the parameter's dtype; every
// product is converted to T before it is added, so that the compiler does not contract
// it into a fused multiply-add (which it does for GOAMD64=v3 and other targets) and the
// results are the same on every target. The AVX2 kernels (asmgen/optim.go) make the same
// operations, eight float32 or four float64 lanes at a time, and give the same bits, NaN
// payloads aside; the Go loop finishes the tail. Large parameters are split over the
// workers (optim_split.go).

// AdamCoef is one Adam or AdamW step's scalars in the parameter's dtype, as PyTorch
// computes them in float64 and casts them.
type AdamCoef[T float] struct {
	Decay       T    // p's factor before the update with Decoupled: 1 - lr*weight_decay
	WD          T    // the L2 penalty added to the gradient without Decoupled
	Beta1, OMB1 T    // beta1 and 1 - beta1
	Beta2, OMB2 T    // beta2 and 1 - beta2
	BC2Sqrt     T    // sqrt(1 - beta2**step)
	Eps         T    // added to the denominator
	NegStep     T    // -lr / (1 - beta1**step)
	Decoupled   bool // AdamW: decay p instead of adding WD*p to the gradient
	Maximize    bool // ascend: negate the gradient first
}

// AdamStep makes one Adam(W) step, in place, of the parameter p with gradient g, first
// moment m, second moment v and, with AMSGrad, the running maximum vmax of v (nil
// without it). For each i:
//
//	gi = -g[i] (Maximize), else g[i]
//	pi = p[i]*Decay (Decoupled), else gi = gi + WD*p[i] (where WD != 0)
//	m[i] = m[i]*Beta1 + OMB1*gi
//	v[i] = v[i]*Beta2 + OMB2*gi*gi
//	vmax[i] = max(vmax[i], v[i]), NaN propagating, used for v[i] below (AMSGrad)
//	p[i] = pi + NegStep*m[i] / (sqrt(v[i])/BC2Sqrt + Eps)
//
// each operation rounded to T in that order, never fused. The slices must have p's
// length and must not overlap.
func AdamStep[T float](p, g, m, v, vmax []T, c AdamCoef[T]) {
	checkOptLens("cpu.AdamStep", len(p), []string{"g", "m", "v", "vmax"}, [][]T{g, m, v, vmax}, 3)
	j := getOptJob[T]()
	j.kind, j.s, j.adam = kindAdam, [5][]T{p, g, m, v, vmax}, c
	j.run(len(p), optGrain)
}

// SGDCoef is one SGD step's scalars in the parameter's dtype.
type SGDCoef[T float] struct {
	WD       T    // the L2 penalty added to the gradient (0 for none)
	Momentum T    // the momentum buffer's decay
	Damp1    T    // 1 - dampening
	NegLR    T    // -lr
	First    bool // the first step with momentum: the buffer starts as the gradient
	Nesterov bool // Nesterov momentum
	Maximize bool // ascend: negate the gradient first
}

// SGDStep makes one SGD step, in place, of the parameter p with gradient g and, with
// momentum, the momentum buffer buf (nil without momentum). For each i:
//
//	d = -g[i] (Maximize), else g[i]
//	d = d + WD*p[i] (where WD != 0)
//	buf[i] = d (First), else buf[i]*Momentum + Damp1*d   (with buf)
//	d = d + Momentum*buf[i] (Nesterov), else buf[i]      (with buf)
//	p[i] = p[i] + NegLR*d
//
// each operation rounded to T in that order, never fused. The slices must have p's
// length and must not overlap.
func SGDStep[T float](p, g, buf []T, c SGDCoef[T]) {
	checkOptLens("cpu.SGDStep", len(p), []string{"g", "buf"}, [][]T{g, buf}, 1)
	j := getOptJob[T]()
	j.kind, j.s, j.sgd = kindSGD, [5][]T{p, g, buf}, c
	j.run(len(p), optGrain)
}

// RMSpropCoef is one RMSprop step's scalars in the parameter's dtype.
type RMSpropCoef[T float] struct {
	WD         T    // the L2 penalty added to the gradient (0 for none)
	Alpha, OMA T    // the smoothing constant alpha and 1 - alpha
	Eps        T    // added to the denominator
	Momentum   T    // the momentum buffer's decay
	NegLR      T    // -lr
	Maximize   bool // ascend: negate the gradient first
}

// RMSpropStep makes one RMSprop step, in place, of the parameter p with gradient g,
// square average v and, where not nil, the momentum buffer buf (with momentum) and the
// gradient average ga (centered). For each i:
//
//	gi = -g[i] (Maximize), else g[i]
//	gi = gi + WD*p[i] (where WD != 0)
//	v[i] = v[i]*Alpha + OMA*gi*gi
//	ga[i] = ga[i]*Alpha + OMA*gi; w = v[i] + -ga[i]*ga[i]  (with ga), else w = v[i]
//	avg = sqrt(w) + Eps
//	buf[i] = buf[i]*Momentum + gi/avg; p[i] = p[i] + NegLR*buf[i]  (with buf)
//	p[i] = p[i] + NegLR*gi/avg                                     (without)
//
// each operation rounded to T in that order, never fused. The slices must have p's
// length and must not overlap.
func RMSpropStep[T float](p, g, v, buf, ga []T, c RMSpropCoef[T]) {
	checkOptLens("cpu.RMSpropStep", len(p), []string{"g", "v", "buf", "ga"}, [][]T{g, v, buf, ga}, 2)
	j := getOptJob[T]()
	j.kind, j.s, j.rms = kindRMSprop, [5][]T{p, g, v, buf, ga}, c
	j.run(len(p), optGrain)
}

// checkOptLens panics unless each of ss has length n; those from index opt on may be nil.
func checkOptLens[T float](op string, n int, names []string, ss [][]T, opt int) {
	for k, s := range ss {
		if len(s) != n && !(k >= opt && s == nil) {
			panic(fmt.Sprintf("%s: len(%s) is %d, want len(p) = %d", op, names[k], len(s), n))
		}
	}
}

// adamRange, sgdRange and rmspropRange update one range of elements: the kernels take
// the largest multiple of their vector width, the Go loops the rest.
func adamRange[T float](p, g, m, v, vmax []T, c AdamCoef[T]) {
	k := 0
	if useSIMD {
		k = adamVec(p, g, m, v, vmax, c)
	}
	adamGo(p[k:], g[k:], m[k:], v[k:], tail(vmax, k), c)
}

func sgdRange[T float](p, g, buf []T, c SGDCoef[T]) {
	k := 0
	if useSIMD {
		k = sgdVec(p, g, buf, c)
	}
	sgdGo(p[k:], g[k:], tail(buf, k), c)
}

func rmspropRange[T float](p, g, v, buf, ga []T, c RMSpropCoef[T]) {
	k := 0
	if useSIMD {
		k = rmspropVec(p, g, v, buf, ga, c)
	}
	rmspropGo(p[k:], g[k:], v[k:], tail(buf, k), tail(ga, k), c)
}

// tail is s[k:], nil where s is nil.
func tail[T float](s []T, k int) []T {
	if s == nil {
		return nil
	}
	return s[k:]
}

// adamGo is AdamStep's loop.
func adamGo[T float](p, g, m, v, vmax []T, c AdamCoef[T]) {
	ams := vmax != nil
	if !ams {
		vmax = v // unused; a slice of p's length keeps the loop free of bounds checks
	}
	l2 := !c.Decoupled && c.WD != 0
	g, m, v, vmax = g[:len(p)], m[:len(p)], v[:len(p)], vmax[:len(p)]
	for i := range p {
		gi := g[i]
		if c.Maximize {
			gi = -gi
		}
		pi := p[i]
		if c.Decoupled {
			pi = pi * c.Decay
		} else if l2 {
			gi = gi + T(c.WD*pi)
		}
		mi := T(m[i]*c.Beta1) + T(c.OMB1*gi)
		vi := T(v[i]*c.Beta2) + T(T(c.OMB2*gi)*gi)
		m[i], v[i] = mi, vi
		if ams {
			if w := vmax[i]; w > vi || w != w { // torch.maximum: NaN propagates
				vi = w
			}
			vmax[i] = vi
		}
		denom := T(math.Sqrt(float64(vi)))/c.BC2Sqrt + c.Eps
		p[i] = pi + T(c.NegStep*mi)/denom
	}
}

// sgdGo is SGDStep's loop.
func sgdGo[T float](p, g, buf []T, c SGDCoef[T]) {
	g = g[:len(p)]
	switch {
	case buf != nil:
		buf = buf[:len(p)]
		for i := range p {
			d := sgdGrad(p[i], g[i], c)
			b := d
			if !c.First {
				b = T(buf[i]*c.Momentum) + T(c.Damp1*d)
			}
			buf[i] = b
			if c.Nesterov {
				d = d + T(c.Momentum*b)
			} else {
				d = b
			}
			p[i] = p[i] + T(c.NegLR*d)
		}
	case !c.Maximize && c.WD == 0: // plain SGD: p = p + a*g
		for i := range p {
			p[i] = p[i] + T(c.NegLR*g[i])
		}
	default:
		for i := range p {
			p[i] = p[i] + T(c.NegLR*sgdGrad(p[i], g[i], c))
		}
	}
}

// sgdGrad is the gradient SGD steps along: negated to maximize, with weight decay.
func sgdGrad[T float](p, g T, c SGDCoef[T]) T {
	if c.Maximize {
		g = -g
	}
	if c.WD != 0 {
		g = g + T(c.WD*p)
	}
	return g
}

// rmspropGo is RMSpropStep's loop.
func rmspropGo[T float](p, g, v, buf, ga []T, c RMSpropCoef[T]) {
	mom, centered := buf != nil, ga != nil
	if !mom {
		buf = v // unused; a slice of p's length keeps the loop free of bounds checks
	}
	if !centered {
		ga = v
	}
	g, v, buf, ga = g[:len(p)], v[:len(p)], buf[:len(p)], ga[:len(p)]
	for i := range p {
		gi := g[i]
		if c.Maximize {
			gi = -gi
		}
		if c.WD != 0 {
			gi = gi + T(c.WD*p[i])
		}
		vi := T(v[i]*c.Alpha) + T(T(c.OMA*gi)*gi)
		v[i] = vi
		if centered {
			a := T(ga[i]*c.Alpha) + T(c.OMA*gi)
			ga[i] = a
			vi = vi + T(-a*a) // addcmul(a, a, value=-1)
		}
		avg := T(math.Sqrt(float64(vi))) + c.Eps
		if mom {
			b := T(buf[i]*c.Momentum) + gi/avg
			buf[i] = b
			p[i] = p[i] + T(c.NegLR*b)
		} else {
			p[i] = p[i] + T(c.NegLR*gi)/avg
		}
	}
}

// The kernels' flags (asmgen/optim.go has the same).
const (
	adamDecoupled = 1 << iota // AdamW's decay
	adamL2                    // WD*p added to the gradient
	adamAMSGrad               // vmax
)

const (
	sgdWD       = 1 << iota // WD*p added to the gradient
	sgdMomentum             // buf
	sgdFirst                // the buffer starts as the gradient
	sgdNesterov
)

const (
	rmsWD       = 1 << iota // WD*p added to the gradient
	rmsCentered             // ga
	rmsMomentum             // buf
)

// signMask is -0 where neg, else +0: the sign mask the kernels XOR into the gradient.
func signMask[T float](neg bool) T {
	if neg {
		return T(math.Copysign(0, -1))
	}
	return 0
}

// adamVec, sgdVec and rmspropVec run the AVX2 kernels over the largest multiple of
// their vector width and return the number of elements done.
func adamVec[T float](p, g, m, v, vmax []T, c AdamCoef[T]) int {
	flags := 0
	switch {
	case c.Decoupled:
		flags |= adamDecoupled
	case c.WD != 0:
		flags |= adamL2
	}
	if vmax != nil {
		flags |= adamAMSGrad
	} else {
		vmax = v
	}
	k := [10]T{signMask[T](c.Maximize), c.Decay, c.WD, c.Beta1, c.OMB1, c.Beta2, c.OMB2, c.BC2Sqrt, c.Eps, c.NegStep}
	if is32[T]() {
		adamf32(f32s(p), f32s(g), f32s(m), f32s(v), f32s(vmax), (*[10]float32)(unsafe.Pointer(&k)), flags)
		return len(p) &^ 7
	}
	adamf64(f64s(p), f64s(g), f64s(m), f64s(v), f64s(vmax), (*[10]float64)(unsafe.Pointer(&k)), flags)
	return len(p) &^ 3
}

func sgdVec[T float](p, g, buf []T, c SGDCoef[T]) int {
	flags := 0
	if c.WD != 0 {
		flags |= sgdWD
	}
	if buf != nil {
		flags |= sgdMomentum
		if c.First {
			flags |= sgdFirst
		}
		if c.Nesterov {
			flags |= sgdNesterov
		}
	} else {
		buf = p // unused
	}
	k := [5]T{signMask[T](c.Maximize), c.WD, c.Momentum, c.Damp1, c.NegLR}
	if is32[T]() {
		sgdf32(f32s(p), f32s(g), f32s(buf), (*[5]float32)(unsafe.Pointer(&k)), flags)
		return len(p) &^ 7
	}
	sgdf64(f64s(p), f64s(g), f64s(buf), (*[5]float64)(unsafe.Pointer(&k)), flags)
	return len(p) &^ 3
}

func rmspropVec[T float](p, g, v, buf, ga []T, c RMSpropCoef[T]) int {
	flags := 0
	if c.WD != 0 {
		flags |= rmsWD
	}
	if ga != nil {
		flags |= rmsCentered
	} else {
		ga = v // unused
	}
	if buf != nil {
		flags |= rmsMomentum
	} else {
		buf = v // unused
	}
	k := [8]T{signMask[T](c.Maximize), c.WD, c.Alpha, c.OMA, c.Eps, c.Momentum, c.NegLR, signMask[T](true)}
	if is32[T]() {
		rmspropf32(f32s(p), f32s(g), f32s(v), f32s(buf), f32s(ga), (*[8]float32)(unsafe.Pointer(&k)), flags)
		return len(p) &^ 7
	}
	rmspropf64(f64s(p), f64s(g), f64s(v), f64s(buf), f64s(ga), (*[8]float64)(unsafe.Pointer(&k)), flags)
	return len(p) &^ 3
}

// is32 reports whether T is a 32-bit float type.
func is32[T float]() bool {
	var z T
	return unsafe.Sizeof(z) == 4
}

// f32s and f64s view a slice of a float type of that size as []float32 or []float64.
func f32s[T float](s []T) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

func f64s[T float](s []T) []float64 {
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}
