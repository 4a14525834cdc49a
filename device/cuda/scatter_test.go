package cuda

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestScatterAdd runs ScatterAdd on the device under test against the CPU's over
// strided, transposed, negative-step and broadcast operands, repeated and negative
// indices, with guard bands around dst. Atomics add in no fixed order, so the float
// addends are quarters of small integers (with a few NaN and ±Inf), whose sums are exact
// in any order; integer sums wrap and are exact anyway.
func TestScatterAdd(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(41, 42))
	type sc struct {
		name     string
		dst, src view
		idx      view
		axis     int
	}
	cases := []sc{
		{"1d", contig(2, 7), contig(0, 40), contig(1, 40), 0},
		{"rows", contig(2, 5, 3), contig(0, 33, 3), contig(0, 33), 0},
		{"cols-2d-index", spaced(2, 3, 5), transposed(1, 3, 4, 2), contig(0, 4, 2), 1},
		{"middle-0d-index", transposed(1, 2, 3, 4), contig(0, 2, 4), contig(1), 1},
		{"last", contig(1, 3, 1, 5), spaced(3, 3, 1, 9), spaced(2, 9), 2},
		{"broadcast-src", contig(0, 4, 6), bcast([]int{4, 10}, false, true), contig(0, 10), 1},
		{"broadcast-idx", contig(0, 6, 4), contig(0, 12, 4), bcast([]int{12}, true), 0},
		{"empty-idx", contig(1, 4, 3), contig(0, 0, 3), contig(0, 0), 0},
		{"empty-inner", contig(1, 4, 0), contig(0, 5, 0), contig(0, 5), 0},
		{"large", contig(3, 100, 33), contig(0, 2000, 33), spaced(2, 2000), 0},
	}
	for _, dt := range numericDTs {
		for _, c := range cases {
			name := fmt.Sprintf("scatter/%v/%s", dt, c.name)
			size := int64(c.dst.shape[c.axis])
			iv := make([]int64, c.idx.n)
			for i := range iv {
				iv[i] = rng.Int64N(2*size) - size
			}
			idx := operand(t, g, device.Int64, iv, c.idx)
			src := operand(t, g, dt, addends(rng, dt, c.src.n), c.src)
			// dst: guard values around data drawn like src's.
			data := addends(rng, dt, c.dst.n)
			guard := dstPair(t, g, dt, c.dst)
			dst := operand(t, g, dt, data, c.dst)
			if err := cpuDev.Copy(guard.c, dst.c); err != nil {
				t.Fatal(err)
			}
			if err := g.Copy(guard.g, dst.g); err != nil {
				t.Fatal(err)
			}
			dst = guard
			if err := cpuDev.(device.Scatterer).ScatterAdd(dst.c, src.c, idx.c, c.axis); err != nil {
				t.Fatalf("%s: cpu: %v", name, err)
			}
			if err := g.ScatterAdd(dst.g, src.g, idx.g, c.axis); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			same(t, name, g, dst.c.Buf, dst.g.Buf, exact)
		}
	}
}

// TestScatterAddRepeated adds ones many times into few places: integer counts (and
// float sums of small integers, which are exact in any order) must match exactly.
func TestScatterAddRepeated(t *testing.T) {
	g := dut(t)
	for _, dt := range numericDTs {
		n := 3000
		iv := make([]int64, n)
		for i := range iv {
			iv[i] = int64(i%3) - 1
		}
		idx := operand(t, g, device.Int64, iv, contig(0, n))
		ones := make([]float64, 1)
		ones[0] = 1
		src := operand(t, g, dt, castTo(dt, ones), bcast([]int{n}, true))
		dst := operand(t, g, dt, castTo(dt, make([]float64, 5)), contig(1, 3))
		if err := cpuDev.(device.Scatterer).ScatterAdd(dst.c, src.c, idx.c, 0); err != nil {
			t.Fatal(err)
		}
		if err := g.ScatterAdd(dst.g, src.g, idx.g, 0); err != nil {
			t.Fatal(err)
		}
		same(t, fmt.Sprintf("repeated/%v", dt), g, dst.c.Buf, dst.g.Buf, exact)
	}
}

// addends is n values of dt: for floats quarters in [-64, 64) and one in 50 NaN or ±Inf,
// for integers values (extremes included) whose sums wrap.
func addends(rng *rand.Rand, dt device.DType, n int) any {
	if !dt.IsFloat() {
		return values(rng, dt, n)
	}
	f := make([]float64, n)
	for i := range f {
		f[i] = float64(rng.IntN(512)-256) / 4
		if rng.IntN(50) == 0 {
			f[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[rng.IntN(3)]
		}
	}
	return castTo(dt, f)
}

// castTo converts float64 values to a host slice of dt.
func castTo(dt device.DType, f []float64) any {
	switch dt {
	case device.Float32:
		s := make([]float32, len(f))
		for i, v := range f {
			s[i] = float32(v)
		}
		return s
	case device.Float64:
		return f
	case device.Int32:
		s := make([]int32, len(f))
		for i, v := range f {
			s[i] = int32(v)
		}
		return s
	case device.Int64:
		s := make([]int64, len(f))
		for i, v := range f {
			s[i] = int64(v)
		}
		return s
	}
	s := make([]uint8, len(f))
	for i, v := range f {
		s[i] = uint8(v)
	}
	return s
}

func TestScatterAddIndexError(t *testing.T) {
	g := dut(t)
	dst := operand(t, g, device.Float32, castTo(device.Float32, make([]float64, 12)), contig(0, 3, 4))
	before := download(t, g, dst.g.Buf)
	src := operand(t, g, device.Float32, castTo(device.Float32, []float64{1, 2, 3, 4, 5, 6}), contig(0, 3, 2))
	for _, iv := range [][]int64{{3, 4}, {-5, 0}, {-5, 9}, {1, -7}} {
		idx := operand(t, g, device.Int64, iv, spaced(1, 2))
		cerr := cpuDev.(device.Scatterer).ScatterAdd(dst.c, src.c, idx.c, 1)
		gerr := g.ScatterAdd(dst.g, src.g, idx.g, 1)
		var ce, ge *device.IndexError
		if !errors.As(cerr, &ce) || !errors.As(gerr, &ge) || *ce != *ge {
			t.Errorf("indices %v: got %v, want %v", iv, gerr, cerr)
		}
		if i, ok := sameSlice(download(t, g, dst.g.Buf).([]float32), before.([]float32)); !ok {
			t.Errorf("indices %v: dst changed at %d", iv, i)
		}
	}
}

func sameSlice(a, b []float32) (int, bool) {
	for i := range a {
		if a[i] != b[i] {
			return i, false
		}
	}
	return 0, true
}
