package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// matOperand makes an m×n operand over a fresh buffer, transposed in memory when trans.
func matOperand[T float](r *rand.Rand, batch, m, n int, trans bool) device.Operand {
	v := make([]T, batch*m*n+3)
	for i := range v {
		v[i] = T(r.NormFloat64())
	}
	buf, _ := Wrap(any(v))
	st := []int{m * n, n, 1}
	if trans {
		st = []int{m * n, 1, m}
	}
	var z T
	dt := device.Float64
	if _, ok := any(z).(float32); ok {
		dt = device.Float32
	}
	return device.Operand{Buf: buf, DType: dt, Shape: []int{batch, m, n}, Strides: st, Offset: 3}
}

func testGemm[T float](t *testing.T, tol float64) {
	r := rand.New(rand.NewPCG(7, 8))
	shapes := [][4]int{{1, 1, 1, 1}, {1, 7, 5, 3}, {1, 33, 65, 17}, {2, 30, 40, 50}, {1, 100, 300, 257},
		{3, 97, 61, 33}, {1, 6, 16, 256}, {1, 200, 2100, 20}, {8, 24, 24, 24}, {1, 13, 1, 300}}
	for _, s := range shapes {
		for _, trans := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			name := fmt.Sprintf("%v/%v", s, trans)
			batch, m, n, k := s[0], s[1], s[2], s[3]
			a := matOperand[T](r, batch, m, k, trans[0])
			b := matOperand[T](r, batch, k, n, trans[1])
			got := make([]T, batch*m*n+10)
			for i := range got {
				got[i] = T(math.NaN())
			}
			gb, _ := Wrap(any(got))
			dst := device.Operand{Buf: gb, DType: a.DType, Shape: []int{batch, m, n}, Strides: []int{m * n, n, 1}, Offset: 5}
			if err := (Device{}).MatMul(dst, a, b); err != nil {
				t.Fatal(err)
			}
			want := make([]T, batch*m*n)
			g := gemm{m: m, n: n, k: k, dr: n, dc: 1, ar: a.Strides[1], ac: a.Strides[2], br: b.Strides[1], bc: b.Strides[2]}
			for bi := 0; bi < batch; bi++ {
				one := newPlan(nil, device.Operand{}, device.Operand{}, device.Operand{})
				gemmRun(g, want[bi*m*n:], raw(a).([]T)[3+bi*m*k:], raw(b).([]T)[3+bi*k*n:], one)
			}
			for i := 0; i < 5; i++ {
				if got[i] == got[i] || got[5+batch*m*n+i] == got[5+batch*m*n+i] {
					t.Fatalf("%s: guard band written", name)
				}
			}
			for i, w := range want {
				if d := math.Abs(float64(got[5+i] - w)); d > tol*math.Sqrt(float64(k))*(1+math.Abs(float64(w))) {
					t.Fatalf("%s: element %d = %v, want %v", name, i, got[5+i], w)
				}
			}
		}
	}
}

func TestGemmF32(t *testing.T) { testGemm[float32](t, 1e-6) }
func TestGemmF64(t *testing.T) { testGemm[float64](t, 1e-14) }

func benchGemm[T float](b *testing.B, n int) {
	r := rand.New(rand.NewPCG(1, 1))
	a := matOperand[T](r, 1, n, n, false)
	bb := matOperand[T](r, 1, n, n, false)
	d := matOperand[T](r, 1, n, n, false)
	d.Offset = 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = (Device{}).MatMul(d, a, bb)
	}
	b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkSgemm512(b *testing.B)  { benchGemm[float32](b, 512) }
func BenchmarkSgemm1024(b *testing.B) { benchGemm[float32](b, 1024) }
func BenchmarkDgemm1024(b *testing.B) { benchGemm[float64](b, 1024) }
