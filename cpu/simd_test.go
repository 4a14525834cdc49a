package cpu

import (
	"math"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// lengths are the sizes every kernel is tested at: all of 0..67 and large odd ones.
func lengths() []int {
	var ns []int
	for n := 0; n <= 67; n++ {
		ns = append(ns, n)
	}
	return append(ns, 1023, 4097)
}

// special are values every kernel must handle like the reference.
var special = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
	1, -1, 1e-40, -1e-40, 3e38, -3e38, 0.5, 88.7, -88.7, 100, -100, -104, 89}

func fill[T float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		if r.IntN(8) == 0 {
			v[i] = T(special[r.IntN(len(special))])
		} else {
			v[i] = T(r.NormFloat64() * 10)
		}
	}
	return v
}

func same[T float](a, b T) bool { return a == b || (a != a && b != b) }

// guarded returns a destination of n elements inside NaN guard bands of 5 elements,
// starting at an unaligned offset.
func guarded[T float](n, off int) ([]T, []T) {
	buf := make([]T, n+10+off)
	for i := range buf {
		buf[i] = T(math.NaN())
	}
	return buf, buf[5+off : 5+off+n]
}

func checkGuards[T float](t *testing.T, buf []T, n, off int) {
	t.Helper()
	for i, v := range buf {
		if (i < 5+off || i >= 5+off+n) && v == v {
			t.Fatalf("guard band element %d written: %v", i, v)
		}
	}
}

func testBinary[T float](t *testing.T, name string) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU: the pure-Go twins are the reference itself")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, op := range []device.BinaryOp{device.Add, device.Sub, device.Mul, device.Div, device.Maximum, device.Minimum} {
		k, _ := binKernels[T](op)
		ref := floatBin[T](op)
		for _, n := range lengths() {
			off := n % 3
			a, b := fill[T](r, n+off)[off:], fill[T](r, n+off)[off:]
			s := T(special[r.IntN(len(special))])
			for form := 0; form < 3; form++ {
				buf, d := guarded[T](n, off)
				m := n - n%lanesOf[T]()
				switch form {
				case 0:
					k.vv(d[:m], a[:m], b[:m])
				case 1:
					k.vs(d[:m], a[:m], s)
				case 2:
					k.sv(d[:m], a[:m], s)
				}
				for i := 0; i < m; i++ {
					want := ref(a[i], b[i])
					if form == 1 {
						want = ref(a[i], s)
					} else if form == 2 {
						want = ref(s, a[i])
					}
					if !same(d[i], want) {
						t.Fatalf("%s %v form %d n=%d: element %d of (%v, %v, s=%v) = %v, want %v", name, op, form, n, i, a[i], b[i], s, d[i], want)
					}
				}
				for i := m; i < n; i++ {
					if d[i] == d[i] {
						t.Fatalf("%s %v: kernel wrote past its multiple of lanes at %d", name, op, i)
					}
				}
				checkGuards(t, buf, n, off)
			}
		}
	}
}

func TestSIMDBinaryF32(t *testing.T) { testBinary[float32](t, "f32") }
func TestSIMDBinaryF64(t *testing.T) { testBinary[float64](t, "f64") }

// ulps is the distance between got and the correctly rounded float32 of want.
func ulps(got float32, want float64) float64 {
	w := float32(want)
	if got == w || (got != got && w != w) {
		return 0
	}
	if got != got || w != w || math.IsInf(float64(w), 0) || math.IsInf(float64(got), 0) {
		return math.Inf(1)
	}
	gb, wb := int64(math.Float32bits(got)), int64(math.Float32bits(w))
	if (gb < 0) != (wb < 0) || got < 0 != (w < 0) {
		return math.Abs(float64(got)-want) / float64(math.SmallestNonzeroFloat32)
	}
	return math.Abs(float64(gb - wb))
}

func TestSIMDMathF32(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU: the pure-Go twins are the reference itself")
	}
	refs := map[device.UnaryOp]func(float64) float64{
		device.Exp: math.Exp, device.Log: math.Log, device.Sigmoid: Sigmoid64, device.Tanh: math.Tanh,
	}
	r := rand.New(rand.NewPCG(3, 4))
	// A sweep over every binade plus random values and the special ones.
	var in []float32
	for e := -149; e <= 127; e++ {
		for j := 0; j < 40; j++ {
			v := float32(math.Ldexp(1+r.Float64(), e))
			in = append(in, v, -v)
		}
	}
	for _, v := range special {
		in = append(in, float32(v))
	}
	for i := 0; i < 200000; i++ {
		in = append(in, float32(r.NormFloat64()*20))
	}
	for len(in)%8 != 0 {
		in = append(in, 0)
	}
	for op, ref := range refs {
		out := make([]float32, len(in))
		map32[op](out, in)
		worst, at := 0.0, float32(0)
		for i, x := range in {
			if u := ulps(out[i], ref(float64(x))); u > worst {
				worst, at = u, x
			}
		}
		if worst > 2 {
			t.Errorf("%v: worst error %.1f ulp at x=%v (got %v, want %v)", op, worst, at,
				func() float32 { o := make([]float32, 8); map32[op](o, []float32{at, 0, 0, 0, 0, 0, 0, 0}); return o[0] }(), ref(float64(at)))
		} else {
			t.Logf("%v: worst error %.1f ulp", op, worst)
		}
	}
}

func TestSIMDSum(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range lengths() {
		a32 := make([]float32, n)
		a64 := make([]float64, n)
		for i := range a32 {
			a32[i] = float32(r.NormFloat64())
			a64[i] = r.NormFloat64()
		}
		m := n - n%16
		if got, want := sumf32(a32), sumF(a32[:m]); math.Abs(got-want) > 1e-12*float64(n+1) {
			t.Fatalf("sumf32 n=%d: %v, want %v", n, got, want)
		}
		if got, want := sumf64(a64), sumF(a64[:m]); math.Abs(got-want) > 1e-12*float64(n+1) {
			t.Fatalf("sumf64 n=%d: %v, want %v", n, got, want)
		}
	}
}

func TestBlockedTransposeCopy(t *testing.T) {
	for _, sz := range [][2]int{{16, 16}, {33, 70}, {100, 37}, {300, 257}, {1024, 64}} {
		m, n := sz[0], sz[1]
		src := make([]float32, m*n+2)
		for i := range src {
			src[i] = float32(i)
		}
		sb, _ := Wrap(src)
		dst := make([]float64, m*n)
		db, _ := Wrap(dst)
		// dst (n, m) C-contiguous = transpose of src (m, n) starting at offset 2.
		err := Device{}.Copy(device.Operand{Buf: db, DType: device.Float64, Shape: []int{n, m}, Strides: []int{m, 1}},
			device.Operand{Buf: sb, DType: device.Float32, Shape: []int{n, m}, Strides: []int{1, n}, Offset: 2})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				if want := float64(src[2+j*n+i]); dst[i*m+j] != want {
					t.Fatalf("%v: dst[%d,%d] = %v, want %v", sz, i, j, dst[i*m+j], want)
				}
			}
		}
	}
}

func TestSIMDExtremum(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range lengths() {
		for trial := 0; trial < 3; trial++ {
			v32 := fill[float32](r, n)
			v64 := fill[float64](r, n)
			if trial == 0 { // no NaN
				for i := range v32 {
					if v32[i] != v32[i] {
						v32[i] = 1
					}
					if v64[i] != v64[i] {
						v64[i] = 2
					}
				}
			}
			for _, isMax := range []bool{true, false} {
				if n == 0 {
					continue
				}
				ref32, ref64 := v32[0], v64[0]
				for i := range v32 {
					if ref32 == ref32 && (v32[i] != v32[i] || (isMax && v32[i] > ref32) || (!isMax && v32[i] < ref32)) {
						ref32 = v32[i]
					}
					if ref64 == ref64 && (v64[i] != v64[i] || (isMax && v64[i] > ref64) || (!isMax && v64[i] < ref64)) {
						ref64 = v64[i]
					}
				}
				if got := extremum(v32, isMax); !same(got, ref32) {
					t.Fatalf("f32 n=%d max=%v: %v, want %v", n, isMax, got, ref32)
				}
				if got := extremum(v64, isMax); !same(got, ref64) {
					t.Fatalf("f64 n=%d max=%v: %v, want %v", n, isMax, got, ref64)
				}
			}
		}
	}
}

func TestNestedParallelFor(t *testing.T) {
	var total [64]atomic.Int64
	parallelFor(64, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			parallelFor(1000, 1, func(a, b int) {
				total[i].Add(int64(b - a))
			})
		}
	})
	for i := range total {
		if v := total[i].Load(); v != 1000 {
			t.Fatalf("total[%d] = %d", i, v)
		}
	}
}

func TestLogExpEdges(t *testing.T) {
	// NumPy (glibc): log(3e-320) = -735.7286286023058, exp(709.78) = 1.7928227943945155e+308.
	if got := Log(3e-320); math.Abs(got+735.7286286023058) > 1e-12 {
		t.Errorf("Log(3e-320) = %v", got)
	}
	if got := Log(math.SmallestNonzeroFloat64); math.Abs(got+744.4400719213812) > 1e-12 {
		t.Errorf("Log(5e-324) = %v", got)
	}
	if got, want := Exp(709.78), 1.7928227943945155e+308; math.Abs(got-want) > 4e-16*want {
		t.Errorf("Exp(709.78) = %v, want %v", got, want)
	}
	if !math.IsInf(Exp(709.79), 1) || Exp(1) != math.E {
		t.Errorf("Exp overflow or Exp(1) wrong: %v %v", Exp(709.79), Exp(1))
	}
}

// TestUnaryPositionIndependent checks that an element's result is the same whether it
// sits in a SIMD block, a row's tail or a strided row.
func TestUnaryPositionIndependent(t *testing.T) {
	vals := []float64{700, -745.1, 1e-310, 0.5, -3, 88.5, math.NaN(), 20}
	for _, op := range []device.UnaryOp{device.Exp, device.Log, device.Tanh, device.Sigmoid} {
		for _, dt := range []device.DType{device.Float32, device.Float64} {
			// Each value alone (a 1-element tail), inside a 13-element row, and in a
			// column of a 13x2 matrix (stride 2).
			n := 13
			src := make([]float64, 2*n)
			for i := range src {
				src[i] = vals[i%len(vals)]
			}
			run := func(shape, strides []int, count int) []float64 {
				in, _ := Device{}.Upload(castSlice(dt, src[:count]))
				out, _ := Device{}.Alloc(dt, count)
				d := device.Operand{Buf: out, DType: dt, Shape: shape, Strides: strides}
				_ = (Device{}).Unary(op, d, device.Operand{Buf: in, DType: dt, Shape: shape, Strides: strides}, device.Params{})
				return asF64(out.(*Buffer).Slice())
			}
			row := run([]int{n}, []int{1}, n)
			col := run([]int{n}, []int{2}, 2*n) // every other element: a strided row
			for i := 0; i < n; i++ {
				single := func(x float64) float64 {
					in, _ := Device{}.Upload(castSlice(dt, []float64{x}))
					out, _ := Device{}.Alloc(dt, 1)
					_ = (Device{}).Unary(op, device.Operand{Buf: out, DType: dt, Shape: []int{1}, Strides: []int{1}},
						device.Operand{Buf: in, DType: dt, Shape: []int{1}, Strides: []int{1}}, device.Params{})
					return asF64(out.(*Buffer).Slice())[0]
				}(src[i])
				if !sameBits(row[i], single) {
					t.Fatalf("%v %v: x=%v gives %v in a row, %v alone", op, dt, src[i], row[i], single)
				}
				if i%2 == 0 && !sameBits(col[i], row[i]) {
					t.Fatalf("%v %v: x=%v gives %v in a strided row, %v in a row", op, dt, src[i], col[i], row[i])
				}
			}
		}
	}
}

func sameBits(a, b float64) bool { return a == b || (a != a && b != b) }

func castSlice(dt device.DType, v []float64) any {
	if dt == device.Float32 {
		s := make([]float32, len(v))
		for i, x := range v {
			s[i] = float32(x)
		}
		return s
	}
	return append([]float64(nil), v...)
}

func asF64(s any) []float64 {
	switch v := s.(type) {
	case []float32:
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = float64(x)
		}
		return out
	}
	return s.([]float64)
}
