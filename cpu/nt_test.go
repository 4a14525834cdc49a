package cpu

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// aligned32 returns n elements starting at a 32-byte aligned address, inside NaN guards.
func aligned32[T float](n int) (buf, d []T) {
	buf, _ = guarded[T](n+8, 0)
	start := 5
	for uintptr(unsafe.Pointer(&buf[start]))%32 != 0 {
		start++
	}
	return buf, buf[start : start+n]
}

// TestNTKernels checks the non-temporal kernels against the plain ones, bit for bit.
func TestNTKernels(t *testing.T) {
	testNT[float32](t, kern32[:])
	testNT[float64](t, kern64[:])
}

func testNT[T float](t *testing.T, table []vecKernels[T]) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU: the twins are the plain kernels")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for op, k := range table {
		if k.vv == nil {
			continue
		}
		if k.nt == nil {
			t.Fatalf("op %d has no non-temporal kernels", op)
		}
		for _, n := range lengths() {
			a, b := fill[T](r, n), fill[T](r, n)
			s := T(special[r.IntN(len(special))])
			m := n - n%lanesOf[T]()
			for form := 0; form < 3; form++ {
				want, got := make([]T, m), make([]T, m)
				buf, d := aligned32[T](m)
				switch form {
				case 0:
					k.vv(want, a[:m], b[:m])
					k.nt.vv(d, a[:m], b[:m])
				case 1:
					k.vs(want, a[:m], s)
					k.nt.vs(d, a[:m], s)
				case 2:
					k.sv(want, a[:m], s)
					k.nt.sv(d, a[:m], s)
				}
				copy(got, d)
				for i := range want {
					if !same(got[i], want[i]) {
						t.Fatalf("%v form %d n=%d: element %d = %v, want %v", op, form, n, i, got[i], want[i])
					}
				}
				for i, v := range buf { // nothing written outside d
					inside := uintptr(unsafe.Pointer(&buf[i])) >= uintptr(unsafe.Pointer(unsafe.SliceData(d))) && i < len(buf) &&
						uintptr(unsafe.Pointer(&buf[i])) < uintptr(unsafe.Pointer(unsafe.SliceData(d)))+uintptr(m)*unsafe.Sizeof(v)
					if !inside && v == v {
						t.Fatalf("%v form %d n=%d: wrote outside d at %d", op, form, n, i)
					}
				}
			}
		}
	}
}

// TestNTRows runs a+b and a*s on one row long enough for non-temporal stores, from every
// alignment of the destination, in place too, against the reference.
func TestNTRows(t *testing.T) {
	const n = 3 << 20 // 12 MiB of float32
	if n*4 < ntMin {
		t.Fatal("the row is too short for non-temporal stores")
	}
	r := rand.New(rand.NewPCG(13, 14))
	a, b := make([]float32, n+8), make([]float32, n+8)
	for i := range a {
		a[i], b[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
	}
	add, mul := bin32.f[device.Add], bin32.f[device.Mul]
	if useSIMD && (bin32.row[device.Add] == nil || bin32.row[device.Mul] == nil) {
		t.Fatal("no SIMD row kernels for float32 add and mul")
	}
	rows := ntRows.Load()
	st := [maxOperands]int{1, 1, 1}
	for _, off := range []int{0, 1, 3, 7} {
		d := make([]float32, n+8)
		if ntPeel(d, off, n) != (8-(off+int(uintptr(unsafe.Pointer(&d[0]))%32)/4)%8)%8 {
			t.Fatalf("offset %d: ntPeel %d", off, ntPeel(d, off, n))
		}
		binRow(d, a, b, []int{off, 1, 2}, n, st, add, bin32.row[device.Add])
		for i := 0; i < n; i++ {
			if d[off+i] != a[1+i]+b[2+i] {
				t.Fatalf("offset %d: element %d = %v, want %v", off, i, d[off+i], a[1+i]+b[2+i])
			}
		}
		// In place, with a scalar: d = d * 2.
		want := append([]float32(nil), d...)
		binRow(d, d, []float32{2}, []int{off, off, 0}, n, [maxOperands]int{1, 1, 0}, mul, bin32.row[device.Mul])
		for i := 0; i < n; i++ {
			if d[off+i] != want[off+i]*2 {
				t.Fatalf("offset %d in place: element %d = %v, want %v", off, i, d[off+i], want[off+i]*2)
			}
		}
	}
	if got := ntRows.Load() - rows; useSIMD && got != 8 {
		t.Fatalf("%d rows written with non-temporal stores, want 8", got)
	}
}

// TestBinaryTablesUseSIMD checks that the op tables built at start-up picked up the
// SIMD kernels (they are built while package variables are initialised).
func TestBinaryTablesUseSIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2/FMA on this CPU")
	}
	for _, op := range []device.BinaryOp{device.Add, device.Sub, device.Mul, device.Div, device.Maximum, device.Minimum} {
		if bin32.row[op] == nil || bin64.row[op] == nil {
			t.Fatalf("%v: the float32/float64 tables have no SIMD row kernel", op)
		}
		if k, ok := binKernels[float32](op); !ok || k.nt == nil {
			t.Fatalf("%v: binKernels gives no kernels or no non-temporal twins", op)
		}
	}
}
