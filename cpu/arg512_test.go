//go:build amd64 && !purego

package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The AVX-512 argmax/argmin kernels must give the AVX2 kernels' answer for every input:
// these tests run argExtremum (and Device.Reduce) with both and with the pure-Go
// reference argFrom on the same rows.

func skipNoArg512(t testing.TB) {
	t.Helper()
	if !useSIMD || !hasArg512 {
		t.Skip("no AVX-512F on this CPU: the AVX-512 argmax/argmin kernels are never selected")
	}
}

// withArg512 runs f with the AVX-512 kernels installed (on) or the AVX2 ones, then
// restores what init chose.
func withArg512(on bool, f func()) {
	defer func(min int) { setArg512(useSIMD && hasArg512); arg512Min = min }(arg512Min)
	setArg512(on)
	if on {
		arg512Min = 0
	}
	f()
}

// arg512Rows returns argRows and rows aimed at the block and lane layout of both kernels:
// the extremum (tied with later copies) in the last element, in a late lane of an early
// block and in the AVX2 tail after the AVX-512 blocks, mixed zeros, ±Inf and all equal.
func arg512Rows[T float](r *rand.Rand, n int) map[string][]T {
	rows := argRows[T](r, n)
	if n == 0 {
		return rows
	}
	base := func(v T) []T {
		row := make([]T, n)
		for i := range row {
			row[i] = v
		}
		return row
	}
	last := base(-1)
	last[n-1] = 5
	rows["max last"] = last
	minLast := base(1)
	minLast[n-1] = -5
	rows["min last"] = minLast
	ties := base(0)
	for _, p := range []int{r.IntN(n), n - 1, n / 2, (n / 64) * 64, n - n%32} {
		if p < n {
			ties[p] = 7
		}
	}
	for _, p := range []int{r.IntN(n), n - 1, n / 3} {
		if ties[p] == 0 {
			ties[p] = -7
		}
	}
	rows["sparse ties"] = ties
	zeros := base(0)
	for i := range zeros {
		if r.IntN(2) == 0 {
			zeros[i] = T(math.Copysign(0, -1))
		}
	}
	rows["±0"] = zeros
	infs := make([]T, n)
	for i := range infs {
		infs[i] = T(math.Inf(2*r.IntN(2) - 1))
	}
	rows["±Inf"] = infs
	rows["+Inf"] = base(T(math.Inf(1)))
	rows["equal"] = base(3)
	inc := make([]T, n)
	for i := range inc {
		inc[i] = T(i % 1000)
	}
	rows["increasing"] = inc
	dec := make([]T, n)
	for i := range dec {
		dec[i] = T(-(i % 1000))
	}
	rows["decreasing"] = dec
	return rows
}

// checkArg512 fails unless argExtremum gives the reference's index with both kernels.
func checkArg512[T float](t *testing.T, row []T, what string) {
	t.Helper()
	for _, isMax := range []bool{true, false} {
		want := argFrom(row, 0, 0, isMax)
		var y, z int
		withArg512(false, func() { y = argExtremum(row, isMax) })
		withArg512(true, func() { z = argExtremum(row, isMax) })
		if y != want || z != want {
			t.Fatalf("%s n=%d max=%v: AVX-512 %d, AVX2 %d, want %d", what, len(row), isMax, z, y, want)
		}
	}
}

func testArg512[T float](t *testing.T) {
	skipNoArg512(t)
	r := rand.New(rand.NewPCG(51, 52))
	ns := append(lengths(), 96, 127, 128, 129, 160, 191, 192, 4096+32, 100003, 1<<20+37)
	for _, n := range ns {
		for off := 0; off < 3; off++ {
			for kind, row := range arg512Rows[T](r, n+off) {
				checkArg512(t, row[off:], fmt.Sprintf("%T %s off=%d", T(0), kind, off))
			}
		}
	}
}

func TestArg512F32(t *testing.T) { testArg512[float32](t) }
func TestArg512F64(t *testing.T) { testArg512[float64](t) }

// TestArg512NaNAnywhere puts one NaN, and then a NaN and a later one, at every place of
// rows spanning several blocks of both kernels, with the extremum before and after it.
func TestArg512NaNAnywhere(t *testing.T) {
	skipNoArg512(t)
	testNaNAnywhere[float32](t)
	testNaNAnywhere[float64](t)
}

func testNaNAnywhere[T float](t *testing.T) {
	r := rand.New(rand.NewPCG(53, 54))
	for _, n := range []int{64, 96, 200, 259} {
		clean := make([]T, n)
		for i := range clean {
			clean[i] = T(r.IntN(9) - 4)
		}
		for p := 0; p < n; p++ {
			row := append([]T(nil), clean...)
			row[p] = T(math.NaN())
			checkArg512(t, row, fmt.Sprintf("%T NaN at %d", row[0], p))
			q := p + 1 + r.IntN(n-p)
			if q < n {
				row[q] = T(math.NaN())
				checkArg512(t, row, fmt.Sprintf("%T NaNs at %d and %d", row[0], p, q))
			}
		}
	}
}

// TestArg512MaxAnywhere puts the extremum, and a later tie, at every place.
func TestArg512MaxAnywhere(t *testing.T) {
	skipNoArg512(t)
	testMaxAnywhere[float32](t)
	testMaxAnywhere[float64](t)
}

func testMaxAnywhere[T float](t *testing.T) {
	r := rand.New(rand.NewPCG(55, 56))
	for _, n := range []int{64, 128, 224, 300} {
		for p := 0; p < n; p++ {
			row := make([]T, n)
			for i := range row {
				row[i] = T(r.IntN(9) - 4)
			}
			row[p] = 9
			checkArg512(t, row, fmt.Sprintf("%T max at %d", row[0], p))
			row[p] = -9
			checkArg512(t, row, fmt.Sprintf("%T min at %d", row[0], p))
			if q := p + 1 + r.IntN(n-p); q < n {
				row[q] = -9
				checkArg512(t, row, fmt.Sprintf("%T min at %d and %d", row[0], p, q))
				row[p], row[q] = 9, 9
				checkArg512(t, row, fmt.Sprintf("%T max at %d and %d", row[0], p, q))
			}
		}
	}
}

// TestArg512Kernels (with arg512Min 0) checks the wrappers against the AVX2 kernels directly: the same
// candidate wins, or both report a NaN block with no NaN before it.
func TestArg512Kernels(t *testing.T) {
	skipNoArg512(t)
	defer func(min int) { arg512Min = min }(arg512Min)
	arg512Min = 0
	r := rand.New(rand.NewPCG(57, 58))
	for _, n := range []int{32, 64, 96, 128, 160, 4096 + 32, 100000} {
		for kind, row := range arg512Rows[float32](r, n) {
			for _, isMax := range []bool{true, false} {
				var yb, zb [8]float32
				var yi, zi [8]int32
				y := simdArg(row, isMax, &yb, &yi, argmaxf32, argminf32)
				z := simdArg(row, isMax, &zb, &zi, argmaxf32w, argminf32w)
				checkKernelPair(t, row, y, z, yb[:], yi[:], zb[:], zi[:], isMax, "f32 "+kind)
			}
		}
		for kind, row := range arg512Rows[float64](r, n/2) {
			for _, isMax := range []bool{true, false} {
				var yb, zb [4]float64
				var yi, zi [4]int64
				y := simdArg(row, isMax, &yb, &yi, argmaxf64, argminf64)
				z := simdArg(row, isMax, &zb, &zi, argmaxf64w, argminf64w)
				checkKernelPair(t, row, y, z, yb[:], yi[:], zb[:], zi[:], isMax, "f64 "+kind)
			}
		}
	}
}

func checkKernelPair[F float, I int32 | int64](t *testing.T, row []F, y, z int, yb []F, yi []I, zb []F, zi []I, isMax bool, what string) {
	t.Helper()
	if (y < 0) != (z < 0) {
		t.Fatalf("%s n=%d max=%v: AVX-512 returns %d, AVX2 %d", what, len(row), isMax, z, y)
	}
	if y >= 0 {
		for i := 0; i < z; i++ {
			if row[i] != row[i] {
				t.Fatalf("%s n=%d max=%v: AVX-512 returns %d, after the NaN at %d", what, len(row), isMax, z, i)
			}
		}
		return
	}
	b, c := argLane(yb, yi, isMax), argLane(zb, zi, isMax)
	if yi[b] != zi[c] || bitsOf(yb[b]) != bitsOf(zb[c]) {
		t.Fatalf("%s n=%d max=%v: AVX-512 picks %v at %d, AVX2 %v at %d", what, len(row), isMax, zb[c], zi[c], yb[b], yi[b])
	}
}

// TestArg512Reduce checks Device.Reduce's ArgMax and ArgMin along each axis with both
// kernels.
func TestArg512Reduce(t *testing.T) {
	skipNoArg512(t)
	r := rand.New(rand.NewPCG(59, 60))
	for _, shape := range [][2]int{{3, 1000}, {7, 67}, {2, 4099}, {300, 129}} {
		rows, cols := shape[0], shape[1]
		reduceBoth(t, r, rows, cols, fill[float32](r, rows*cols), device.Float32)
		reduceBoth(t, r, rows, cols, fill[float64](r, rows*cols), device.Float64)
		clean := fill[float32](r, rows*cols)
		for i, v := range clean {
			if v != v {
				clean[i] = float32(i % 5)
			}
		}
		reduceBoth(t, r, rows, cols, clean, device.Float32)
	}
}

func reduceBoth[T float](t *testing.T, r *rand.Rand, rows, cols int, v []T, dt device.DType) {
	t.Helper()
	sb, _ := Wrap(v)
	for _, axis := range []int{0, 1} {
		n := rows
		if axis == 0 {
			n = cols
		}
		for _, op := range []device.ReduceOp{device.ArgMax, device.ArgMin} {
			var got [2][]int64
			for k, on := range []bool{false, true} {
				out := make([]int64, n)
				db, _ := Wrap(out)
				dshape, dstrides := []int{rows, 1}, []int{1, 0}
				if axis == 0 {
					dshape, dstrides = []int{1, cols}, []int{0, 1}
				}
				withArg512(on, func() {
					err := Device{}.Reduce(op,
						device.Operand{Buf: db, DType: device.Int64, Shape: dshape, Strides: dstrides},
						device.Operand{Buf: sb, DType: dt, Shape: []int{rows, cols}, Strides: []int{cols, 1}},
						[]int{axis}, device.Params{})
					if err != nil {
						t.Fatal(err)
					}
				})
				got[k] = out
			}
			for i := range got[0] {
				want := int64(-1)
				if axis == 1 {
					want = int64(argFrom(v[i*cols:(i+1)*cols], 0, 0, op == device.ArgMax))
				}
				if got[0][i] != got[1][i] || (want >= 0 && got[1][i] != want) {
					t.Fatalf("%v %v %dx%d axis %d, %d: AVX-512 %d, AVX2 %d, want %d", op, dt, rows, cols, axis, i, got[1][i], got[0][i], want)
				}
			}
		}
	}
}

func BenchmarkArg512(b *testing.B) {
	skipNoArg512(b)
	r := rand.New(rand.NewPCG(61, 62))
	for _, n := range []int{1000, 10000, 1000000} {
		v32, v64 := make([]float32, n), make([]float64, n)
		for i := range v32 {
			v32[i] = float32(r.NormFloat64())
			v64[i] = r.NormFloat64()
		}
		for _, on := range []bool{false, true} {
			isa := "avx2"
			if on {
				isa = "avx512"
			}
			b.Run(fmt.Sprintf("f32/%d/%s", n, isa), func(b *testing.B) {
				withArg512(on, func() {
					b.SetBytes(int64(4 * n))
					for b.Loop() {
						argExtremum(v32, true)
					}
				})
			})
			b.Run(fmt.Sprintf("f64/%d/%s", n, isa), func(b *testing.B) {
				withArg512(on, func() {
					b.SetBytes(int64(8 * n))
					for b.Loop() {
						argExtremum(v64, true)
					}
				})
			})
		}
	}
}
