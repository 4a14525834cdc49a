package cuda

import (
	"fmt"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// gpu returns CUDA device 0, or skips: benchmarks mean nothing on the emulator.
func gpu(b *testing.B) *Device {
	d, err := Open(0)
	if err != nil {
		b.Skipf("no GPU: %v", err)
	}
	return d
}

func TestCeilingsRun(t *testing.T) {
	g := dut(t)
	for _, dt := range []device.DType{device.Float32, device.Float64} {
		if _, err := g.fmaPeak(dt, 8); err != nil {
			t.Error(err)
		}
	}
	if _, err := g.FMAPeak(device.Int32); err == nil {
		t.Error("FMAPeak of int32")
	}
	if bw, err := g.CopyBandwidth(1 << 16); err != nil || bw <= 0 {
		t.Errorf("CopyBandwidth: %v %v", bw, err)
	}
}

func BenchmarkCeilings(b *testing.B) {
	g := gpu(b)
	for i := 0; i < b.N; i++ {
		f32, err := g.FMAPeak(device.Float32)
		if err != nil {
			b.Fatal(err)
		}
		f64, _ := g.FMAPeak(device.Float64)
		bw, err := g.CopyBandwidth(1 << 30)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(f32, "fp32-GFLOP/s")
		b.ReportMetric(f64, "fp64-GFLOP/s")
		b.ReportMetric(bw, "copy-GB/s")
	}
}

func vec(b *testing.B, g *Device, dt device.DType, n int) device.Operand {
	buf, err := g.Alloc(dt, n)
	if err != nil {
		b.Fatal(err)
	}
	return device.Operand{Buf: buf, DType: dt, Shape: []int{n}, Strides: []int{1}}
}

// BenchmarkAdd is element-wise a + b over 2**26 float32: 12 bytes per element.
func BenchmarkAdd(b *testing.B) {
	g := gpu(b)
	const n = 1 << 26
	x, y, z := vec(b, g, device.Float32, n), vec(b, g, device.Float32, n), vec(b, g, device.Float32, n)
	b.SetBytes(12 * n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := g.Binary(device.Add, z, x, y); err != nil {
			b.Fatal(err)
		}
	}
	if err := g.Sync(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExp is exp over 2**26 float32: 8 bytes per element.
func BenchmarkExp(b *testing.B) {
	g := gpu(b)
	const n = 1 << 26
	x, z := vec(b, g, device.Float32, n), vec(b, g, device.Float32, n)
	b.SetBytes(8 * n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := g.Unary(device.Exp, z, x, device.Params{}); err != nil {
			b.Fatal(err)
		}
	}
	if err := g.Sync(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSum reduces 2**26 float32 to one value, and 4096 rows of 16384.
func BenchmarkSum(b *testing.B) {
	g := gpu(b)
	const n = 1 << 26
	x := vec(b, g, device.Float32, n)
	for _, rows := range []int{1, 4096} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			src := x
			src.Shape, src.Strides = []int{rows, n / rows}, []int{n / rows, 1}
			dst := vec(b, g, device.Float32, rows)
			dst.Shape, dst.Strides = []int{rows, 1}, []int{1, 1}
			b.SetBytes(4 * n)
			for i := 0; i < b.N; i++ {
				if err := g.Reduce(device.Sum, dst, src, []int{1}, device.Params{}); err != nil {
					b.Fatal(err)
				}
			}
			if err := g.Sync(); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkSgemm multiplies square float32 matrices; reports GFLOP/s.
func BenchmarkSgemm(b *testing.B) {
	g := gpu(b)
	for _, n := range []int{1024, 4096} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := func() device.Operand {
				o := vec(b, g, device.Float32, n*n)
				o.Shape, o.Strides = []int{n, n}, []int{n, 1}
				return o
			}
			x, y, z := m(), m(), m()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := g.MatMul(z, x, y); err != nil {
					b.Fatal(err)
				}
			}
			if err := g.Sync(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkLaunch is the host cost of one small op (launch overhead).
func BenchmarkLaunch(b *testing.B) {
	g := gpu(b)
	x := vec(b, g, device.Float32, 1024)
	for i := 0; i < b.N; i++ {
		if err := g.Binary(device.Add, x, x, x); err != nil {
			b.Fatal(err)
		}
	}
	if err := g.Sync(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkUpload copies 256 MiB host to device from pageable Go memory and from pinned
// memory.
func BenchmarkUpload(b *testing.B) {
	g := gpu(b)
	const n = 64 << 20
	b.Run("pageable", func(b *testing.B) {
		src := make([]float32, n)
		b.SetBytes(4 * n)
		for i := 0; i < b.N; i++ {
			buf, err := g.Upload(src)
			if err != nil {
				b.Fatal(err)
			}
			buf.(*Buffer).Free()
		}
		if err := g.Sync(); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("pinned", func(b *testing.B) {
		h, err := g.AllocHost(4*n, false)
		if err != nil {
			b.Fatal(err)
		}
		defer h.Free()
		dst := vec(b, g, device.Float32, n)
		b.SetBytes(4 * n)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := g.CopyToDevice(dst.Buf.(*Buffer), h); err != nil {
				b.Fatal(err)
			}
		}
		if err := g.Sync(); err != nil {
			b.Fatal(err)
		}
	})
}
