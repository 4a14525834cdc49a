package cpu

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// The benchmarks time each SIMD kernel against its pure-Go reference on the same data in
// the same run, one core, and report ns per element: go test -bench . -run ^$ ./cpu

const benchN = 1 << 16

// benchInput returns benchN values fit for op: positive for log, ±20 otherwise.
func benchInput(op device.UnaryOp) []float64 {
	r := rand.New(rand.NewPCG(51, 52))
	v := make([]float64, benchN)
	for i := range v {
		if op == device.Log {
			v[i] = math.Ldexp(1+r.Float64(), r.IntN(200)-100)
		} else {
			v[i] = (r.Float64()*2 - 1) * 20
		}
	}
	return v
}

func perElem(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
}

func BenchmarkMath(b *testing.B) {
	ops := []device.UnaryOp{device.Exp, device.Log, device.Tanh, device.Sigmoid}
	for _, op := range ops {
		in64 := benchInput(op)
		in32 := make([]float32, benchN)
		for i, v := range in64 {
			in32[i] = float32(v)
		}
		out64, out32 := make([]float64, benchN), make([]float32, benchN)
		f64, f32 := floatFn[float64](op, device.Params{}), floatFn[float32](op, device.Params{})
		b.Run(op.String()+"/f64/simd", func(b *testing.B) {
			if !useSIMD {
				b.Skip("purego")
			}
			for i := 0; i < b.N; i++ {
				map64[op](out64, in64)
			}
			perElem(b, benchN)
		})
		b.Run(op.String()+"/f64/ref", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for j, v := range in64 {
					out64[j] = f64(v)
				}
			}
			perElem(b, benchN)
		})
		b.Run(op.String()+"/f32/simd", func(b *testing.B) {
			if !useSIMD {
				b.Skip("purego")
			}
			for i := 0; i < b.N; i++ {
				map32[op](out32, in32)
			}
			perElem(b, benchN)
		})
		b.Run(op.String()+"/f32/ref", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for j, v := range in32 {
					out32[j] = f32(v)
				}
			}
			perElem(b, benchN)
		})
	}
}

func benchArg[T float](b *testing.B, name string) {
	in := benchInput(device.Exp)
	v := make([]T, benchN)
	for i, x := range in {
		v[i] = T(x)
	}
	b.Run(name+"/simd", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			argExtremum(v, true)
		}
		perElem(b, benchN)
	})
	b.Run(name+"/ref", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			argFrom(v, 0, 0, true)
		}
		perElem(b, benchN)
	})
}

func BenchmarkArgMax(b *testing.B) {
	benchArg[float32](b, "f32")
	benchArg[float64](b, "f64")
}

func BenchmarkCast(b *testing.B) {
	in := benchInput(device.Exp)
	v32 := make([]float32, benchN)
	for i, x := range in {
		v32[i] = float32(x)
	}
	o32, o64 := make([]float32, benchN), make([]float64, benchN)
	b.Run("f32-f64/simd", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			convertRow(o64, v32)
		}
		perElem(b, benchN)
	})
	b.Run("f32-f64/ref", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for j, x := range v32 {
				o64[j] = float64(x)
			}
		}
		perElem(b, benchN)
	})
	b.Run("f64-f32/simd", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			convertRow(o32, in)
		}
		perElem(b, benchN)
	})
	b.Run("f64-f32/ref", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for j, x := range in {
				o32[j] = float32(x)
			}
		}
		perElem(b, benchN)
	})
}
