package cpu

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

var _ device.Scatterer = Device{}

// stridedLayout lays shape out in a buffer with guard elements on both sides: dimension k
// steps by steps[k] (|steps[k]| > 1 leaves gaps, negative walks backwards, 0 broadcasts),
// and with fortran the dimensions are laid out last-fastest reversed.
func stridedLayout(shape, steps []int, fortran bool, guard int) (n int, strides []int, offset int) {
	r := len(shape)
	strides = make([]int, r)
	acc := 1
	for i := 0; i < r; i++ {
		k := r - 1 - i
		if fortran {
			k = i
		}
		s := steps[k]
		strides[k] = acc * s
		acc *= max(shape[k], 1) * max(1, absInt(s))
	}
	lo, hi := 0, 0
	for k, st := range strides {
		if shape[k] == 0 {
			continue
		}
		if st < 0 {
			lo += st * (shape[k] - 1)
		} else {
			hi += st * (shape[k] - 1)
		}
	}
	offset = guard - lo
	return offset + hi + 1 + guard, strides, offset
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// lay names a layout variant of an operand.
type lay struct {
	name    string
	step    int // the step of every dimension (innermost: stepInner)
	inner   int // step of the last dimension
	fortran bool
}

var scatterLays = []lay{
	{"contiguous", 1, 1, false},
	{"strided", 2, 3, false},
	{"negative", -1, -2, false},
	{"transposed", 1, 1, true},
	{"broadcast", 1, 0, false}, // last dimension stride 0 (src and idx only)
}

func (l lay) steps(rank int) []int {
	s := make([]int, rank)
	for k := range s {
		s[k] = l.step
	}
	if rank > 0 {
		s[rank-1] = l.inner
	}
	return s
}

// scatterCase is one ScatterAdd layout: dst's shape, the axis and idx's shape.
type scatterCase struct {
	dst  []int
	axis int
	idx  []int
}

var scatterCases = []scatterCase{
	{[]int{7}, 0, []int{13}},
	{[]int{1}, 0, []int{0}},
	{[]int{3}, 0, []int{}},
	{[]int{5, 3}, 0, []int{33}},
	{[]int{3, 5}, 1, []int{4, 2}},
	{[]int{2, 3, 4}, 1, []int{}},
	{[]int{3, 1, 5}, 2, []int{7}},
	{[]int{4, 0, 3}, 0, []int{5}},
	{[]int{2, 3, 4}, 1, []int{2, 0}},
	{[]int{6, 33}, 0, []int{1023}},
	{[]int{2, 9, 65}, 1, []int{300}},
	{[]int{3, 4, 2, 5}, 2, []int{3, 3}},
}

func prodOf(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

func srcShape(c scatterCase) []int {
	s := append([]int{}, c.dst[:c.axis]...)
	s = append(s, c.idx...)
	return append(s, c.dst[c.axis+1:]...)
}

// scatterRef is the reference: src's elements in C order, each added into dst at its
// index, in T's arithmetic.
func scatterRef[T num](d []T, dst device.Operand, s []T, src device.Operand, iv []int64, idx device.Operand, axis int) {
	shape := src.Shape
	ni := len(idx.Shape)
	n := prodOf(shape)
	coord := make([]int, len(shape))
	for lin := 0; lin < n; lin++ {
		rem := lin
		for k := len(shape) - 1; k >= 0; k-- {
			coord[k] = rem % shape[k]
			rem /= shape[k]
		}
		so, io, do := src.Offset, idx.Offset, dst.Offset
		for k, c := range coord {
			so += c * src.Strides[k]
		}
		for k := 0; k < ni; k++ {
			io += coord[axis+k] * idx.Strides[k]
		}
		j := iv[io]
		if j < 0 {
			j += int64(dst.Shape[axis])
		}
		for k := 0; k < len(dst.Shape); k++ {
			switch {
			case k < axis:
				do += coord[k] * dst.Strides[k]
			case k == axis:
				do += int(j) * dst.Strides[k]
			default:
				do += coord[k+ni-1] * dst.Strides[k]
			}
		}
		d[do] += s[so]
	}
}

// scatterFixture is one ScatterAdd's operands in guarded buffers.
type scatterFixture[T num] struct {
	d, want, s []T
	iv         []int64
	dst        device.Operand
	src, idx   device.Operand
}

func newScatterFixture[T num](r *rand.Rand, dt device.DType, c scatterCase, ld, ls, li lay) scatterFixture[T] {
	var f scatterFixture[T]
	const guard = 3
	if ld.inner == 0 {
		ld = scatterLays[0]
	}
	n, st, off := stridedLayout(c.dst, ld.steps(len(c.dst)), ld.fortran, guard)
	f.d = make([]T, n)
	for i := range f.d {
		f.d[i] = nanOr[T]()
	}
	db, _ := Wrap(f.d)
	f.dst = device.Operand{Buf: db, DType: dt, Shape: c.dst, Strides: st, Offset: off}
	forEach(c.dst, st, off, func(o int) { f.d[o] = randVal[T](r, dt) })
	f.want = append([]T{}, f.d...)

	ss := srcShape(c)
	n, st, off = stridedLayout(ss, ls.steps(len(ss)), ls.fortran, guard)
	f.s = make([]T, n)
	for i := range f.s {
		f.s[i] = randVal[T](r, dt)
	}
	sb, _ := Wrap(f.s)
	f.src = device.Operand{Buf: sb, DType: dt, Shape: ss, Strides: st, Offset: off}

	n, st, off = stridedLayout(c.idx, li.steps(len(c.idx)), li.fortran, guard)
	f.iv = make([]int64, n)
	size := int64(c.dst[c.axis])
	for i := range f.iv {
		if size > 0 {
			f.iv[i] = r.Int64N(2*size) - size // [-size, size): negatives count from the end
		}
	}
	ib, _ := Wrap(f.iv)
	f.idx = device.Operand{Buf: ib, DType: device.Int64, Shape: c.idx, Strides: st, Offset: off}
	scatterRef(f.want, f.dst, f.s, f.src, f.iv, f.idx, c.axis)
	return f
}

// forEach calls fn with the offset of every element of a strided layout.
func forEach(shape, strides []int, off int, fn func(int)) {
	n := prodOf(shape)
	for lin := 0; lin < n; lin++ {
		o, rem := off, lin
		for k := len(shape) - 1; k >= 0; k-- {
			o += rem % shape[k] * strides[k]
			rem /= shape[k]
		}
		fn(o)
	}
}

// nanOr is NaN for floats (the guard value) and a marker for integers.
func nanOr[T num]() T {
	var z T
	switch any(z).(type) {
	case float32, float64:
		return T(math.NaN())
	}
	return T(77)
}

// randVal draws values whose sums depend on the order of addition (floats of mixed
// magnitudes) or wrap (integers).
func randVal[T num](r *rand.Rand, dt device.DType) T {
	switch dt {
	case device.Float32, device.Float64:
		return T(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
	case device.Uint8:
		return T(r.IntN(256))
	case device.Int32:
		return T(int32(r.Uint32()))
	}
	return T(int64(r.Uint64()))
}

// scatterSame compares element by element, NaN equal to NaN.
func scatterSame[T num](got, want []T) (int, bool) {
	for i := range got {
		if got[i] != want[i] && !(got[i] != got[i] && want[i] != want[i]) {
			return i, false
		}
	}
	return 0, true
}

func TestScatterAdd(t *testing.T) {
	testScatterAdd[float32](t, device.Float32)
	testScatterAdd[float64](t, device.Float64)
	testScatterAdd[int32](t, device.Int32)
	testScatterAdd[int64](t, device.Int64)
	testScatterAdd[uint8](t, device.Uint8)
}

func testScatterAdd[T num](t *testing.T, dt device.DType) {
	r := rand.New(rand.NewPCG(5, uint64(dt)))
	for _, c := range scatterCases {
		for _, ld := range scatterLays[:4] {
			for _, ls := range scatterLays {
				for _, li := range scatterLays {
					if prodOf(srcShape(c)) > 5000 && (ls.name != li.name || ls.name == "broadcast") {
						continue // large cases: a few layouts
					}
					name := fmt.Sprintf("%v/dst%v/axis%d/idx%v/%s-%s-%s", dt, c.dst, c.axis, c.idx, ld.name, ls.name, li.name)
					f := newScatterFixture[T](r, dt, c, ld, ls, li)
					if err := (Device{}).ScatterAdd(f.dst, f.src, f.idx, c.axis); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if i, ok := scatterSame(f.d, f.want); !ok {
						t.Fatalf("%s: element %d is %v, want %v", name, i, f.d[i], f.want[i])
					}
				}
			}
		}
	}
}

// TestScatterAddThreads checks that the result's bits do not depend on how the work is
// split: the same sums for 1 to 16 pieces and for the pool's own split.
func TestScatterAddThreads(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, c := range []scatterCase{{[]int{7, 300}, 0, []int{2000}}, {[]int{50, 3, 40}, 1, []int{700}}, {[]int{5}, 0, []int{40000}}} {
		f := newScatterFixture[float32](r, device.Float32, c, scatterLays[0], scatterLays[2], scatterLays[0])
		start := append([]float32{}, f.d...)
		for _, threads := range []int{0, 1, 2, 3, 7, 16} {
			copy(f.d, start)
			if threads == 0 {
				if err := (Device{}).ScatterAdd(f.dst, f.src, f.idx, c.axis); err != nil {
					t.Fatal(err)
				}
			} else {
				sc, err := newScatter(f.dst, f.src, f.idx, c.axis)
				if err != nil {
					t.Fatal(err)
				}
				scatterRun(sc, f.d, f.s, threads)
			}
			if i, ok := scatterSame(f.d, f.want); !ok {
				t.Fatalf("%v threads %d: element %d is %v, want %v", c.dst, threads, i, f.d[i], f.want[i])
			}
		}
	}
}

func TestScatterAddIndexError(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	c := scatterCase{[]int{4, 5}, 1, []int{3, 2}}
	f := newScatterFixture[float64](r, device.Float64, c, scatterLays[1], scatterLays[0], scatterLays[2])
	before := append([]float64{}, f.d...)
	// Two bad indices: the first in idx's C order is reported.
	var pos []int
	forEach(f.idx.Shape, f.idx.Strides, f.idx.Offset, func(o int) { pos = append(pos, o) })
	f.iv[pos[3]], f.iv[pos[4]] = -6, 5
	err := (Device{}).ScatterAdd(f.dst, f.src, f.idx, c.axis)
	var ie *device.IndexError
	if !errors.As(err, &ie) || ie.Index != -6 || ie.Size != 5 {
		t.Fatalf("got %v, want index -6 out of bounds for size 5", err)
	}
	if i, ok := scatterSame(f.d, before); !ok {
		t.Fatalf("dst changed at %d despite the error", i)
	}
	// An empty axis: any index is out of range.
	c = scatterCase{[]int{3, 0}, 1, []int{1}}
	f = newScatterFixture[float64](r, device.Float64, c, scatterLays[0], scatterLays[0], scatterLays[0])
	if err := (Device{}).ScatterAdd(f.dst, f.src, f.idx, c.axis); !errors.As(err, &ie) || ie.Size != 0 {
		t.Fatalf("empty axis: got %v", err)
	}
}

func BenchmarkScatterAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []scatterCase{{[]int{1000, 128}, 0, []int{10000}}, {[]int{100000}, 0, []int{1000000}}} {
		f := newScatterFixture[float32](r, device.Float32, c, scatterLays[0], scatterLays[0], scatterLays[0])
		b.Run(fmt.Sprint(c.dst, c.idx), func(b *testing.B) {
			b.SetBytes(int64(4 * prodOf(srcShape(c))))
			for i := 0; i < b.N; i++ {
				if err := (Device{}).ScatterAdd(f.dst, f.src, f.idx, c.axis); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
