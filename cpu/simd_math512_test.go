//go:build amd64 && !purego

package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The AVX-512 transcendental kernels must give the AVX2 kernels' bits for every input:
// these tests run both on the same data, and the AVX2 kernels' accuracy is tested in
// simd_test.go and simd_math64_test.go.

func skipNoMath512(t testing.TB) {
	t.Helper()
	if !useSIMD || !hasMath512 {
		t.Skip("no AVX-512F/DQ on this CPU: the AVX-512 kernels are never selected")
	}
}

// math512Pair is one kernel at both widths.
type math512Pair[T float] struct {
	op   device.UnaryOp
	y, z func(d, a []T)
}

func math512Pairs[T float]() []math512Pair[T] {
	var ps []math512Pair[T]
	for _, k := range math512Kernels {
		var p any = math512Pair[float32]{k.op, k.y32, k.z32}
		if lanesOf[T]() == 4 {
			p = math512Pair[float64]{k.op, k.y64, k.z64}
		}
		ps = append(ps, p.(math512Pair[T]))
	}
	return ps
}

// bitsOf is v's IEEE bit pattern.
func bitsOf[T float](v T) uint64 {
	if f, ok := any(v).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(float64(v))
}

// checkSameBits runs the AVX2 kernel y and its AVX-512 twin z on a, whose length is a
// multiple of z's lanes, and fails at the first result whose bits differ.
func checkSameBits[T float](t *testing.T, p math512Pair[T], a []T, what string) {
	t.Helper()
	dy, dz := make([]T, len(a)), make([]T, len(a))
	p.y(dy, a)
	p.z(dz, a)
	for i := range a {
		if bitsOf(dy[i]) != bitsOf(dz[i]) {
			t.Fatalf("%v %s: x=%v (%#x): AVX-512 gives %v (%#x), AVX2 %v (%#x)", p.op, what,
				a[i], bitsOf(a[i]), dz[i], bitsOf(dz[i]), dy[i], bitsOf(dy[i]))
		}
	}
}

// padTo appends 1s to v up to a multiple of n.
func padTo[T float](v []T, n int) []T {
	for len(v)%n != 0 {
		v = append(v, 1)
	}
	return v
}

// specials512 are the special values of both float types and their neighbours: ±0, ±Inf,
// NaNs, subnormals, the clamps and overflow and underflow thresholds of exp, tanh's and
// sigmoid's switch points, and the ends of log's range.
func specials512[T float]() []T {
	vs := []float64{0, math.Inf(1), math.NaN(), math.Float64frombits(0x7ff4000000000001),
		1, 0.5, 2, math.E, math.Sqrt2, math.Sqrt2 / 2, 1e-40, 1e-45, 1.17549435e-38,
		math.SmallestNonzeroFloat32, math.MaxFloat32, math.SmallestNonzeroFloat64,
		0x1p-1022, 1e-310, math.MaxFloat64,
		88.7, 88.72283, 88.8, 89, 103.9, 104, 87.33654, 103.97208, 126, 150, // f32 exp
		709.78, 709.782712893384, 710, 745.1, 745.1332191019411, 746, 708.3964185322641,
		0.625, 0.4, 20, 9, 10, 40, 1000}
	var out []T
	for _, v := range vs {
		for _, s := range []float64{v, -v} {
			x := T(s)
			out = append(out, x)
			if x != 0 && x == x && !math.IsInf(float64(x), 0) { // both neighbours, in T
				if f, ok := any(x).(float32); ok {
					out = append(out, T(math.Nextafter32(f, float32(math.Inf(1)))), T(math.Nextafter32(f, float32(math.Inf(-1)))))
				} else {
					out = append(out, T(math.Nextafter(s, math.Inf(1))), T(math.Nextafter(s, math.Inf(-1))))
				}
			}
		}
	}
	return out
}

// randomBits returns n values with uniformly random bit patterns: every exponent alike,
// subnormals and NaNs with payloads included.
func randomBits[T float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		if lanesOf[T]() == 8 {
			v[i] = T(math.Float32frombits(r.Uint32()))
		} else {
			v[i] = T(math.Float64frombits(r.Uint64()))
		}
	}
	return v
}

func testMath512[T float](t *testing.T) {
	skipNoMath512(t)
	lanes := 2 * lanesOf[T]()
	r := rand.New(rand.NewPCG(512, 513))
	count := 1 << 21
	if testing.Short() {
		count = 1 << 16
	}
	for _, p := range math512Pairs[T]() {
		// Every length with every unaligned start, inside NaN guard bands: the kernel
		// writes exactly its multiple of lanes.
		for _, n := range lengths() {
			for off := 0; off < 16; off++ {
				a := fill[T](r, n+off)[off:]
				buf, d := guarded[T](n, off)
				m := n - n%lanes
				p.z(d, a)
				want := make([]T, m)
				p.y(want, a[:m])
				for i := 0; i < m; i++ {
					if bitsOf(d[i]) != bitsOf(want[i]) {
						t.Fatalf("%v n=%d off=%d: element %d (%v) = %v, AVX2 %v", p.op, n, off, i, a[i], d[i], want[i])
					}
				}
				for i := m; i < n; i++ {
					if d[i] == d[i] {
						t.Fatalf("%v n=%d off=%d: kernel wrote past its multiple of %d at %d", p.op, n, off, lanes, i)
					}
				}
				checkGuards(t, buf, n, off)
			}
		}
		// The special values in every lane.
		sp := specials512[T]()
		for shift := 0; shift < lanes; shift++ {
			checkSameBits(t, p, padTo(append(make([]T, shift), sp...), lanes), "special")
		}
		// Random bit patterns, and uniform values over windows where the kernels' clamps,
		// branches and subnormal or infinite results lie.
		checkSameBits(t, p, randomBits[T](r, count), "random bits")
		windows := [][2]float64{{-110, 100}, {-104, -86}, {86, 90}, {0.55, 0.7}, {-1, 1}, {5, 12}}
		if lanes == 8 {
			windows = [][2]float64{{-760, 720}, {-746, -700}, {700, 711}, {-45, -35}, {0.3, 0.5}, {15, 25}, {-1, 1}}
		}
		u := make([]T, count)
		for i := range u {
			w := windows[i%len(windows)]
			u[i] = T(w[0] + (w[1]-w[0])*r.Float64())
			if i%8 == 0 {
				u[i] = T(math.Ldexp(r.Float64()*2-1, r.IntN(24)-20)) // |x| below 16
			}
		}
		checkSameBits(t, p, u, "uniform")
	}
}

func TestMath512F32(t *testing.T) { testMath512[float32](t) }
func TestMath512F64(t *testing.T) { testMath512[float64](t) }

// TestMath512Wiring runs Unary and Softmax with the AVX-512 kernels installed and with the
// AVX2 ones, on contiguous rows of every length up to 40 and a strided one: the bits agree.
func TestMath512Wiring(t *testing.T) {
	skipNoMath512(t)
	if SIMD() != "avx512+avx2+fma" || lanes32 != 16 || lanes64 != 8 {
		t.Fatalf("SIMD() = %q with lanes %d, %d: the AVX-512 kernels are not installed", SIMD(), lanes32, lanes64)
	}
	defer setMath512(true)
	r := rand.New(rand.NewPCG(514, 515))
	src := make([]float64, 2*41)
	for i := range src {
		src[i] = r.NormFloat64() * 30
		if i%5 == 0 {
			src[i] = special[r.IntN(len(special))]
		}
	}
	// The four kernels through Unary, and exp through Softmax and log-softmax.
	type wiring struct {
		name string
		run  func(d, s device.Operand) error
	}
	var cases []wiring
	for _, op := range []device.UnaryOp{device.Exp, device.Log, device.Tanh, device.Sigmoid} {
		cases = append(cases, wiring{op.String(), func(d, s device.Operand) error {
			return Device{}.Unary(op, d, s, device.Params{})
		}})
	}
	for _, log := range []bool{false, true} {
		cases = append(cases, wiring{fmt.Sprintf("softmax(log=%v)", log), func(d, s device.Operand) error {
			return Device{}.Softmax(d, s, 0, log)
		}})
	}
	run := func(c wiring, dt device.DType, n, stride int) []float64 {
		in, _ := Device{}.Upload(castSlice(dt, src[:stride*n]))
		out, _ := Device{}.Alloc(dt, stride*n)
		shape, strides := []int{n}, []int{stride}
		d := device.Operand{Buf: out, DType: dt, Shape: shape, Strides: strides}
		if err := c.run(d, device.Operand{Buf: in, DType: dt, Shape: shape, Strides: strides}); err != nil {
			t.Fatal(err)
		}
		return asF64(out.(*Buffer).Slice())
	}
	for _, c := range cases {
		for _, dt := range []device.DType{device.Float32, device.Float64} {
			for n := 1; n <= 41; n++ {
				for stride := 1; stride <= 2; stride++ {
					setMath512(false)
					want := run(c, dt, n, stride)
					setMath512(true)
					got := run(c, dt, n, stride)
					for i := range got {
						if !sameBits(got[i], want[i]) || math.Signbit(got[i]) != math.Signbit(want[i]) {
							t.Fatalf("%s %v n=%d stride=%d: element %d = %v with AVX-512, %v with AVX2", c.name, dt, n, stride, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// BenchmarkMath512 times each kernel with AVX2 and with AVX-512 on one core:
// go test -bench Math512 -run ^$ ./cpu
func BenchmarkMath512(b *testing.B) {
	skipNoMath512(b)
	benchMath512[float32](b)
	benchMath512[float64](b)
}

func benchMath512[T float](b *testing.B) {
	for _, p := range math512Pairs[T]() {
		base := benchInput(p.op)
		for _, n := range []int{10000, 1000000} {
			in, out := make([]T, n), make([]T, n)
			for i := range in {
				in[i] = T(base[i%len(base)])
			}
			for _, isa := range []string{"avx2", "avx512"} {
				f := p.y
				if isa == "avx512" {
					f = p.z
				}
				b.Run(fmt.Sprintf("%v/f%d/n=%d/%s", p.op, 256/lanesOf[T](), n, isa), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						f(out, in)
					}
					perElem(b, n)
				})
			}
		}
	}
}
