package cpu

import (
	"math"
	"sync"

	"github.com/gotensor/gotensor/device"
)

// Unary writes op(src) into dst.
func (Device) Unary(op device.UnaryOp, dst, src device.Operand, prm device.Params) error {
	defer keepAlive(dst.Buf, src.Buf, nil, nil)
	if smallVecUnary(op, dst, src) {
		return nil
	}
	p := newPlan(dst.Shape, dst, src)
	defer p.release()
	if op.Predicate() {
		d := raw(dst).([]uint8)
		switch s := raw(src).(type) {
		case []float32:
			predRun(op, d, s, p)
		case []float64:
			predRun(op, d, s, p)
		case []int32:
			predRun(op, d, s, p)
		case []int64:
			predRun(op, d, s, p)
		case []uint8:
			predRun(op, d, s, p)
		}
		return nil
	}
	switch s := raw(src).(type) {
	case []float32:
		vec, lanes := rowKernel32(op)
		mapRun(raw(dst).([]float32), s, p, floatFn[float32](op, prm), vec, lanes)
	case []float64:
		vec, lanes := rowKernel64(op)
		mapRun(raw(dst).([]float64), s, p, floatFn[float64](op, prm), vec, lanes)
	case []int32:
		mapRun(raw(dst).([]int32), s, p, intFn[int32](op, prm, false), nil, 0)
	case []int64:
		mapRun(raw(dst).([]int64), s, p, intFn[int64](op, prm, false), nil, 0)
	case []uint8:
		mapRun(raw(dst).([]uint8), s, p, intFn[uint8](op, prm, src.DType == device.Bool), nil, 0)
	}
	return nil
}

// mapRun applies f to every element; vec, when not nil, is a SIMD kernel of lanes-wide
// blocks that then does every element, tails and strided rows included (through a small
// padded buffer), so that a value's result does not depend on where it sits.
func mapRun[T num](d, s []T, p plan, f func(T) T, vec func(d, a []T), lanes int) {
	_, st := p.inner()
	ds, ss := st[0], st[1]
	p.par(func(off []int, n int) {
		di, si := off[0], off[1]
		if vec != nil {
			vecRow(d, s, di, si, ds, ss, n, vec, lanes)
			return
		}
		if ds == 1 && ss == 1 {
			dd, sv := d[di:di+n], s[si:si+n]
			for j := range dd {
				dd[j] = f(sv[j])
			}
			return
		}
		for j := 0; j < n; j++ {
			d[di] = f(s[si])
			di += ds
			si += ss
		}
	})
}

// smallVecUnary runs a SIMD transcendental on small contiguous operands without a plan
// or a worker, and reports whether it did.
func smallVecUnary(op device.UnaryOp, dst, src device.Operand) bool {
	n := dst.Size()
	if n >= parMin || !dst.Contiguous() || !src.Contiguous() || src.Buf == nil {
		return false
	}
	switch s := raw(src).(type) {
	case []float32:
		if vec, lanes := rowKernel32(op); vec != nil && dst.DType == device.Float32 {
			vecRow(raw(dst).([]float32), s, dst.Offset, src.Offset, 1, 1, n, vec, lanes)
			return true
		}
	case []float64:
		if vec, lanes := rowKernel64(op); vec != nil && dst.DType == device.Float64 {
			vecRow(raw(dst).([]float64), s, dst.Offset, src.Offset, 1, 1, n, vec, lanes)
			return true
		}
	}
	return false
}

// rowKernel32 returns the row kernel of op for float32 and its block: the SIMD kernel, or
// for cheap ops a typed Go loop (blocks of 1), or nil where op runs element by element.
func rowKernel32(op device.UnaryOp) (func(d, a []float32), int) {
	if useSIMD {
		if vec := map32[op]; vec != nil {
			return vec, lanes32
		}
	}
	if op >= device.NumUnary {
		return nil, 0
	}
	return goRows32[op], 1
}

// rowKernel64 is rowKernel32 for float64.
func rowKernel64(op device.UnaryOp) (func(d, a []float64), int) {
	if useSIMD {
		if vec := map64[op]; vec != nil {
			return vec, lanes64
		}
	}
	if op >= device.NumUnary {
		return nil, 0
	}
	return goRows64[op], 1
}

// goRows32 and goRows64 are typed loops for cheap ops: the compiler turns math.Sqrt and
// math.Abs into single instructions here, where floatFn's element function calls two
// function values per element. They compute what floatFn does.
var (
	goRows32 = goRows[float32]()
	goRows64 = goRows[float64]()
)

func goRows[T float]() [device.NumUnary]func(d, a []T) {
	return [device.NumUnary]func(d, a []T){
		device.Sqrt: func(d, a []T) {
			for i := range d {
				d[i] = T(math.Sqrt(float64(a[i])))
			}
		},
		device.Abs: func(d, a []T) {
			for i := range d {
				d[i] = T(math.Abs(float64(a[i])))
			}
		},
		device.Neg: func(d, a []T) {
			for i := range d {
				d[i] = -a[i]
			}
		},
		device.Square: func(d, a []T) {
			for i := range d {
				d[i] = a[i] * a[i]
			}
		},
		device.Trunc: func(d, a []T) {
			for i := range d {
				d[i] = T(math.Trunc(float64(a[i])))
			}
		},
		device.ReLU: reluRow[T], // relu.go: branch-free
	}
}

// vecChunk is how many elements of a strided row vecRow gathers at a time.
const vecChunk = 256

// vecBuf is vecRow's scratch, pooled: the kernel is a func value, so buffers on vecRow's
// stack would escape to the heap at every call.
type vecBuf[T num] struct{ in, out [vecChunk]T }

var vecBufs = [2]sync.Pool{
	{New: func() any { return new(vecBuf[float32]) }},
	{New: func() any { return new(vecBuf[float64]) }},
}

// vecBufPool returns the pool of T's scratch buffers (vecRow runs on float types only).
func vecBufPool[T num]() *sync.Pool {
	var z T
	if _, ok := any(z).(float32); ok {
		return &vecBufs[0]
	}
	return &vecBufs[1]
}

// vecRow runs vec over n elements at strides ds and ss: contiguous rows in place, with
// the last partial block and strided rows through a buffer padded to whole blocks.
func vecRow[T num](d, s []T, di, si, ds, ss, n int, vec func(d, a []T), lanes int) {
	if ds == 1 && ss == 1 && n%lanes == 0 {
		vec(d[di:di+n], s[si:si+n])
		return
	}
	pool := vecBufPool[T]()
	b := pool.Get().(*vecBuf[T])
	defer pool.Put(b)
	in, out := &b.in, &b.out
	if ds == 1 && ss == 1 {
		m := n - n%lanes
		vec(d[di:di+m], s[si:si+m])
		if r := n - m; r > 0 {
			copy(in[:r], s[si+m:si+n])
			clear(in[r:lanes])
			vec(out[:lanes], in[:lanes])
			copy(d[di+m:di+n], out[:r])
		}
		return
	}
	for done := 0; done < n; done += vecChunk {
		c := min(vecChunk, n-done)
		for j := 0; j < c; j++ {
			in[j] = s[si+(done+j)*ss]
		}
		w := (c + lanes - 1) / lanes * lanes
		clear(in[c:w])
		vec(out[:w], in[:w])
		for j := 0; j < c; j++ {
			d[di+(done+j)*ds] = out[j]
		}
	}
}

func predRun[T num](op device.UnaryOp, d []uint8, s []T, p plan) {
	var f func(float64) bool
	switch op {
	case device.IsNaN:
		f = func(x float64) bool { return x != x }
	case device.IsFinite:
		f = func(x float64) bool { return !math.IsInf(x, 0) && x == x }
	case device.IsInf:
		f = func(x float64) bool { return math.IsInf(x, 0) }
	default: // LogicalNot
		f = func(x float64) bool { return x == 0 }
	}
	_, st := p.inner()
	p.par(func(off []int, n int) {
		di, si := off[0], off[1]
		for j := 0; j < n; j++ {
			var v uint8
			if f(float64(s[si])) {
				v = 1
			}
			d[di] = v
			di += st[0]
			si += st[1]
		}
	})
}

// Log is math.Log with subnormal inputs done right: Go's amd64 assembly takes them for
// 2^-1022 (math.Log(3e-320) = -709.09, not -735.73).
func Log(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}

// Exp is math.Exp with the top of the range done right: Go's amd64 assembly overflows to
// +Inf above 709.44, where exp is still finite up to 709.78. There it is exp(x-1)*e,
// within 2 ulp (x-1 is exact).
func Exp(x float64) float64 {
	if x > 709 && x < 710 {
		return math.Exp(x-1) * math.E
	}
	return math.Exp(x)
}

// Sigmoid64 is 1/(1+exp(-x)) without overflow for large |x|.
func Sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// RoundHalfEven rounds x to the given decimals, halves to even, as np.round does
// (scale, round, unscale).
func RoundHalfEven(x float64, decimals int) float64 {
	if decimals == 0 {
		return math.RoundToEven(x)
	}
	if decimals > 0 {
		f := math.Pow(10, float64(decimals))
		y := x * f
		if math.IsInf(y, 0) {
			return x
		}
		return math.RoundToEven(y) / f
	}
	f := math.Pow(10, float64(-decimals))
	return math.RoundToEven(x/f) * f
}

// moreFloatFns are the float64 functions of the float-only ops added with NumPy's
// breadth (log2 ... trunc) and of erf and erfc; float32 computes in float64 and rounds,
// as every float op here.
var moreFloatFns = map[device.UnaryOp]func(float64) float64{
	device.Log2: Log2, device.Log10: Log10, device.Exp2: math.Exp2, device.Tan: math.Tan,
	device.Arcsin: Asin, device.Arccos: Acos, device.Arctan: math.Atan, device.Sinh: Sinh,
	device.Cosh: Cosh, device.Arcsinh: math.Asinh, device.Arccosh: math.Acosh,
	device.Arctanh: math.Atanh, device.Trunc: math.Trunc, device.Erf: math.Erf, device.Erfc: math.Erfc,
}

func floatFn[T float](op device.UnaryOp, prm device.Params) func(T) T {
	g := func(f func(float64) float64) func(T) T { return func(x T) T { return T(f(float64(x))) } }
	switch op {
	case device.Neg:
		return func(x T) T { return -x }
	case device.Abs:
		return g(math.Abs)
	case device.Exp:
		return g(Exp)
	case device.Log:
		return g(Log)
	case device.Sqrt:
		return g(math.Sqrt)
	case device.Tanh:
		return g(math.Tanh)
	case device.Sin:
		return g(math.Sin)
	case device.Cos:
		return g(math.Cos)
	case device.Square:
		return func(x T) T { return x * x }
	case device.Floor:
		return g(math.Floor)
	case device.Ceil:
		return g(math.Ceil)
	case device.Sign:
		return func(x T) T {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return x // 0, -0 and NaN stay
		}
	case device.Log1p:
		return g(math.Log1p)
	case device.Expm1:
		return g(math.Expm1)
	case device.Sigmoid:
		return g(Sigmoid64)
	case device.ReLU:
		return func(x T) T {
			if x < 0 {
				return 0
			}
			return x
		}
	case device.Clip:
		lo, hi := T(prm.A), T(prm.B)
		return func(x T) T {
			if x < lo { // NaN bounds compare false: no bound
				x = lo
			}
			if x > hi {
				x = hi
			}
			return x
		}
	case device.Round:
		return func(x T) T { return T(RoundHalfEven(float64(x), prm.I)) }
	case device.Reciprocal:
		return func(x T) T { return 1 / x }
	}
	if f := moreFloatFns[op]; f != nil {
		return g(f)
	}
	panic("cpu: unary op " + op.String() + " has no float kernel")
}

func intFn[T integer](op device.UnaryOp, prm device.Params, isBool bool) func(T) T {
	switch op {
	case device.Neg:
		return func(x T) T { return -x }
	case device.Abs:
		return func(x T) T {
			if x < 0 {
				return -x
			}
			return x
		}
	case device.Square:
		if isBool {
			return func(x T) T { return x }
		}
		return func(x T) T { return x * x }
	case device.Floor, device.Ceil:
		return func(x T) T { return x }
	case device.Sign:
		return func(x T) T {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return T(0) - 1
			}
			return 0
		}
	case device.ReLU:
		return func(x T) T {
			if x < 0 {
				return 0
			}
			return x
		}
	case device.Clip:
		return func(x T) T {
			v := float64(x)
			if v < prm.A {
				v = prm.A
			}
			if v > prm.B {
				v = prm.B
			}
			return T(v)
		}
	case device.Round:
		if prm.I >= 0 {
			return func(x T) T { return x }
		}
		return func(x T) T { return T(RoundHalfEven(float64(x), prm.I)) }
	case device.Invert:
		if isBool {
			return func(x T) T { return x ^ 1 }
		}
		return func(x T) T { return ^x }
	}
	panic("cpu: unary op " + op.String() + " has no integer kernel")
}
