package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// argRows returns rows of length n that stress argmax/argmin: random values with the
// special ones, heavy ties (few distinct values, ±0 among them), one NaN at a random place,
// a NaN in the tail, all -Inf, and a constant row.
func argRows[T float](r *rand.Rand, n int) map[string][]T {
	rows := map[string][]T{"random": fill[T](r, n)}
	ties := make([]T, n)
	for i := range ties {
		ties[i] = T([]float64{0, math.Copysign(0, -1), 1, -1, 2, -2}[r.IntN(6)])
	}
	rows["ties"] = ties
	clean := fill[T](r, n)
	for i, v := range clean {
		if v != v {
			clean[i] = 3
		}
	}
	rows["no NaN"] = clean
	if n > 0 {
		one := append([]T(nil), clean...)
		one[r.IntN(n)] = T(math.NaN())
		rows["one NaN"] = one
		two := append([]T(nil), clean...)
		two[n-1] = T(math.NaN())
		two[r.IntN(n)] = T(math.NaN())
		rows["late NaN"] = two
	}
	inf := make([]T, n)
	for i := range inf {
		inf[i] = T(math.Inf(-1))
	}
	rows["-Inf"] = inf
	rows["constant"] = make([]T, n)
	return rows
}

func testArg[T float](t *testing.T, name string) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, n := range append(lengths(), 100003) {
		for trial := 0; trial < 2; trial++ {
			for kind, row := range argRows[T](r, n+trial) {
				row = row[trial:] // unaligned start
				for _, isMax := range []bool{true, false} {
					want := argFrom(row, 0, 0, isMax)
					if got := argExtremum(row, isMax); got != want {
						t.Fatalf("%s %s n=%d max=%v: %d, want %d (values %v and %v)", name, kind, n, isMax, got, want, row[got], row[want])
					}
				}
			}
		}
	}
}

func TestSIMDArgF32(t *testing.T) { testArg[float32](t, "f32") }
func TestSIMDArgF64(t *testing.T) { testArg[float64](t, "f64") }

// TestArgMaxReduce checks the SIMD path through Device.Reduce on contiguous rows.
func TestArgMaxReduce(t *testing.T) {
	r := rand.New(rand.NewPCG(43, 44))
	const rows, cols = 5, 1023
	v := fill[float64](r, rows*cols)
	sb, _ := Wrap(v)
	out := make([]int64, rows)
	db, _ := Wrap(out)
	for _, op := range []device.ReduceOp{device.ArgMax, device.ArgMin} {
		err := Device{}.Reduce(op,
			device.Operand{Buf: db, DType: device.Int64, Shape: []int{rows, 1}, Strides: []int{1, 0}},
			device.Operand{Buf: sb, DType: device.Float64, Shape: []int{rows, cols}, Strides: []int{cols, 1}},
			[]int{1}, device.Params{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range out {
			if want := argFrom(v[i*cols:(i+1)*cols], 0, 0, op == device.ArgMax); out[i] != int64(want) {
				t.Fatalf("%v row %d: %d, want %d", op, i, out[i], want)
			}
		}
	}
}

// castValues are float64s whose conversion to float32 overflows, underflows to
// subnormals or zero, ties, or is special.
var castValues = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1),
	1e39, -1e39, math.MaxFloat32, 3.4028235677973366e38, 1e-45, 7e-46, 1.4e-45, 1e-39, -1e-39,
	1 + 0x1p-24, 1 + 0x1p-23 + 0x1p-24, 1e-300, math.MaxFloat64, 0.1}

func TestSIMDCast(t *testing.T) {
	r := rand.New(rand.NewPCG(45, 46))
	for _, n := range lengths() {
		off := n % 3
		s64 := make([]float64, n+off)
		for i := range s64 {
			if r.IntN(4) == 0 {
				s64[i] = castValues[r.IntN(len(castValues))]
			} else {
				s64[i] = r.NormFloat64() * math.Ldexp(1, r.IntN(300)-150)
			}
		}
		s64 = s64[off:]
		s32 := make([]float32, n)
		for i, v := range s64 {
			s32[i] = float32(v)
		}
		buf32, d32 := guarded[float32](n, off)
		convertRow(d32, s64)
		for i, v := range s64 {
			if want := float32(v); math.Float32bits(d32[i]) != math.Float32bits(want) && !(want != want && d32[i] != d32[i]) {
				t.Fatalf("f64->f32 n=%d: element %d (%v) = %v, want %v", n, i, v, d32[i], want)
			}
		}
		checkGuards(t, buf32, n, off)
		buf64, d64 := guarded[float64](n, off)
		convertRow(d64, s32)
		for i, v := range s32 {
			if want := float64(v); math.Float64bits(d64[i]) != math.Float64bits(want) && !(want != want && d64[i] != d64[i]) {
				t.Fatalf("f32->f64 n=%d: element %d (%v) = %v, want %v", n, i, v, d64[i], want)
			}
		}
		checkGuards(t, buf64, n, off)
	}
}
