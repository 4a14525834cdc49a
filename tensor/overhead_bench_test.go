package tensor

import "testing"

func BenchmarkAddInto1e3(b *testing.B) {
	x, y, out := Ones(Float32, 1000), Ones(Float32, 1000), Zeros(Float32, 1000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		AddInto(out, x, y)
	}
}

func BenchmarkAdd1e3(b *testing.B) {
	x, y := Ones(Float32, 1000), Ones(Float32, 1000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Add(x, y)
	}
}

// BenchmarkAddFree1e3 is the allocating form whose result is released when done, as
// NumPy's reference counting releases a + b's.
func BenchmarkAddFree1e3(b *testing.B) {
	x, y := Ones(Float32, 1000), Ones(Float32, 1000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Add(x, y).Free()
	}
}

func BenchmarkAdd1e7(b *testing.B) {
	x, y := Ones(Float32, 10_000_000), Ones(Float32, 10_000_000)
	out := Zeros(Float32, 10_000_000)
	b.SetBytes(12 * 10_000_000)
	for i := 0; i < b.N; i++ {
		AddInto(out, x, y)
	}
}

func BenchmarkSum1e3(b *testing.B) {
	x := Ones(Float32, 1000)
	b.ReportAllocs()
	for b.Loop() {
		x.Sum()
	}
}
