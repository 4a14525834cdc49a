package cuda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// Helpers that run one op on the CPU reference and on the emulated GPU over the same
// data and layouts, and compare the whole destination buffers (guard bands included:
// elements outside the destination view must keep their fill).

var cpuDev device.Device = cpu.Device{}

var numericDTs = []device.DType{device.Float32, device.Float64, device.Int32, device.Int64, device.Uint8}

// view is a strided view into a buffer of length n.
type view struct {
	shape, strides []int
	offset, n      int
}

// contig is a C-contiguous view with a guard band of pad elements on both sides.
func contig(pad int, shape ...int) view {
	st := cStrides(shape)
	return view{shape: shape, strides: st, offset: pad, n: prod(shape) + 2*pad}
}

// transposed reverses the dimensions of a contiguous layout of the reversed shape.
func transposed(pad int, shape ...int) view {
	r := len(shape)
	rev := make([]int, r)
	for i := range shape {
		rev[i] = shape[r-1-i]
	}
	v := contig(pad, rev...)
	st := make([]int, r)
	for i := range shape {
		st[i] = v.strides[r-1-i]
	}
	v.shape, v.strides = shape, st
	return v
}

// spaced puts every element k apart, the last dimension reversed (negative stride).
func spaced(k int, shape ...int) view {
	st := cStrides(shape)
	for i := range st {
		st[i] *= k
	}
	n := (prod(shape)-1)*k + 1
	if prod(shape) == 0 {
		n = 1
	}
	off := 0
	if r := len(shape); r > 0 && shape[r-1] > 1 {
		off = (shape[r-1] - 1) * st[r-1]
		st[r-1] = -st[r-1]
	}
	return view{shape: shape, strides: st, offset: off, n: n}
}

// bcast is a view of a contiguous array of shape with zero strides where mask is true,
// seen with full's shape.
func bcast(full []int, mask ...bool) view {
	small := append([]int(nil), full...)
	for i, m := range mask {
		if m {
			small[i] = 1
		}
	}
	v := contig(0, small...)
	for i, m := range mask {
		if m {
			v.strides[i] = 0
		}
	}
	v.shape = full
	return v
}

// values returns n random elements of dt: for floats a mix of ordinary values, large and
// tiny ones, ±0, ±Inf and NaN; for integers small ones, extremes and zeros.
func values(rng *rand.Rand, dt device.DType, n int) any { return gen(rng, dt, n, false) }

// tame is values without the huge and tiny floats whose sums and products depend on the
// order of operations beyond any tolerance (1e30 - 1e30 + x, underflow to subnormals).
func tame(rng *rand.Rand, dt device.DType, n int) any { return gen(rng, dt, n, true) }

func gen(rng *rand.Rand, dt device.DType, n int, tame bool) any {
	f := make([]float64, n)
	specials := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, 1e30, -1e30, 1e-30, 3e-320,
		math.Inf(1), math.Inf(-1), math.NaN(), 88.5, -104, 710, 1e7 + 0.5, math.Pi, 100.5, -0.25}
	if tame {
		specials = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -2.5, math.Inf(1), math.Inf(-1),
			math.NaN(), 100.5, -0.25}
	}
	for i := range f {
		switch r := rng.IntN(10); {
		case r == 0:
			f[i] = specials[rng.IntN(len(specials))]
		case r < 4:
			f[i] = float64(rng.IntN(21) - 10)
		case r < 6:
			f[i] = (rng.Float64()*2 - 1) * 1000
		default:
			f[i] = rng.NormFloat64() * 3
		}
	}
	switch dt {
	case device.Float32:
		s := make([]float32, n)
		for i, v := range f {
			s[i] = float32(v)
		}
		return s
	case device.Float64:
		return f
	}
	ints := []int64{0, 0, 1, -1, 2, -2, 3, 7, -7, 100, 127, 255, math.MaxInt32, math.MinInt32,
		math.MaxInt64, math.MinInt64}
	iv := make([]int64, n)
	for i := range iv {
		if rng.IntN(4) == 0 {
			iv[i] = ints[rng.IntN(len(ints))]
		} else {
			iv[i] = int64(rng.IntN(41) - 20)
		}
	}
	switch dt {
	case device.Int32:
		s := make([]int32, n)
		for i, v := range iv {
			s[i] = int32(v)
		}
		return s
	case device.Int64:
		return iv
	case device.Bool:
		s := make([]bool, n)
		for i, v := range iv {
			s[i] = v%3 != 0
		}
		return s
	}
	s := make([]uint8, n)
	for i, v := range iv {
		s[i] = uint8(v)
	}
	return s
}

// fill is n guard values of dt (NaN for floats, 0x5a patterns otherwise).
func fill(dt device.DType, n int) any {
	s := cpu.MakeSlice(dt, n)
	switch v := s.(type) {
	case []float32:
		for i := range v {
			v[i] = float32(math.NaN())
		}
	case []float64:
		for i := range v {
			v[i] = math.NaN()
		}
	case []int32:
		for i := range v {
			v[i] = 0x5a5a5a5a
		}
	case []int64:
		for i := range v {
			v[i] = 0x5a5a5a5a5a5a5a5a
		}
	case []uint8:
		for i := range v {
			v[i] = 0x5a
		}
	case []bool:
		for i := range v {
			v[i] = i%2 == 0
		}
	}
	return s
}

// pair is one operand on both devices.
type pair struct {
	c, g device.Operand
}

func upload(t testing.TB, d device.Device, data any) device.Buffer {
	t.Helper()
	b, err := d.Upload(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// operand puts data on both devices and describes it with v.
func operand(t testing.TB, g *Device, dt device.DType, data any, v view) pair {
	t.Helper()
	mk := func(d device.Device) device.Operand {
		return device.Operand{Buf: upload(t, d, data), DType: dt, Shape: v.shape, Strides: v.strides, Offset: v.offset}
	}
	return pair{mk(cpuDev), mk(g)}
}

// scalar is a scalar operand of dtype dt.
func scalar(dt device.DType, shape []int, f float64) pair {
	o := device.Operand{DType: dt, Shape: shape, S: device.Scalar{F: f, I: int64(f)}}
	return pair{o, o}
}

// download returns a buffer's contents as a host slice.
func download(t testing.TB, d device.Device, b device.Buffer) any {
	t.Helper()
	s := cpu.MakeSlice(b.DType(), b.Len())
	if err := d.Download(s, b); err != nil {
		t.Fatal(err)
	}
	return s
}

// tol is a comparison: exact (NaN equals NaN, -0 equals +0 unless signed), or within a
// relative tolerance.
type tol struct {
	rtol   float64
	signed bool // -0 and +0 differ
}

var exact = tol{}

// close reports whether got matches want.
func (tl tol) close(got, want float64) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	if got == want {
		return !tl.signed || math.Signbit(got) == math.Signbit(want)
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	return math.Abs(got-want) <= tl.rtol*math.Abs(want)
}

// asFloats converts a host slice to float64s (ints exactly for |v| < 2**53, enough to
// compare: a differing int64 beyond that is also reported by asInts).
func asFloats(s any) []float64 {
	switch v := s.(type) {
	case []float32:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		return f
	case []float64:
		return v
	case []int32:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		return f
	case []int64:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
			if int64(f[i]) != x {
				f[i] = float64(x>>11) * 2048 // still distinct enough to flag a mismatch below
			}
		}
		return f
	case []uint8:
		f := make([]float64, len(v))
		for i, x := range v {
			f[i] = float64(x)
		}
		return f
	case []bool:
		f := make([]float64, len(v))
		for i, x := range v {
			if x {
				f[i] = 1
			}
		}
		return f
	}
	panic(fmt.Sprintf("asFloats %T", s))
}

// same compares the destination buffers of both devices; int64 exactly.
func same(t testing.TB, what string, g *Device, cb, gb device.Buffer, tl tol) {
	t.Helper()
	want, got := download(t, cpuDev, cb), download(t, g, gb)
	if wi, ok := want.([]int64); ok {
		gi := got.([]int64)
		for i := range wi {
			if wi[i] != gi[i] {
				t.Errorf("%s: [%d] = %d, want %d", what, i, gi[i], wi[i])
				return
			}
		}
		return
	}
	w, gf := asFloats(want), asFloats(got)
	bad := 0
	for i := range w {
		if !tl.close(gf[i], w[i]) {
			if bad < 5 {
				t.Errorf("%s: [%d] = %v, want %v", what, i, gf[i], w[i])
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d elements differ", what, bad, len(w))
	}
}

// dstPair makes a destination of dtype dt filled with guard values on both devices.
func dstPair(t testing.TB, g *Device, dt device.DType, v view) pair {
	return operand(t, g, dt, fill(dt, v.n), v)
}
