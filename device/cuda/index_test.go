package cuda

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

func TestScan(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(15, 16))
	cases := []struct {
		name string
		src  view
		axis int
	}{
		{"rows", contig(1, 5, 9), 1},
		{"cols", contig(0, 9, 5), 0},
		{"long", contig(2, 2, 1500), 1}, // one block per line, several chunks
		{"long-strided", transposed(0, 700, 3), 0},
		{"one", contig(0, 1), 0},
		{"empty", contig(0, 4, 0), 1},
	}
	for _, dt := range append(numericDTs, device.Bool) {
		out := dt
		if !dt.IsFloat() {
			out = device.Int64
		}
		for op := device.CumSum; op <= device.CumProd; op++ {
			for _, c := range cases {
				data := tame(rng, dt, c.src.n)
				if op == device.CumProd && dt.IsFloat() {
					data = unitish(rng, dt, c.src.n)
				}
				src := operand(t, g, dt, data, c.src)
				dst := dstPair(t, g, out, spaced(2, c.src.shape...))
				name := fmt.Sprintf("%v/%v/%s", op, dt, c.name)
				if err := cpuDev.Scan(op, dst.c, src.c, c.axis); err != nil {
					t.Fatal(err)
				}
				if err := g.Scan(op, dst.g, src.g, c.axis); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				tl := exact
				if dt.IsFloat() {
					tl = tol{rtol: 1e-12} // blocked scans add in another order
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, tl)
			}
		}
	}
}

// unitish is data near ±1, so that long products neither overflow nor underflow.
func unitish(rng *rand.Rand, dt device.DType, n int) any {
	f := make([]float64, n)
	for i := range f {
		f[i] = 1 + (rng.Float64()-0.5)*0.01
		if rng.IntN(50) == 0 {
			f[i] = -f[i]
		}
	}
	if dt == device.Float64 {
		return f
	}
	s := make([]float32, n)
	for i, v := range f {
		s[i] = float32(v)
	}
	return s
}

func TestSort(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(17, 18))
	cases := []struct {
		name string
		src  view
		axis int
	}{
		{"short", contig(1, 4, 7), 1},
		{"tile", contig(0, 2, 1000), 1},
		{"merge", contig(0, 3000), 0}, // three tiles, two merge passes
		{"cols", transposed(0, 1100, 2), 0},
		{"one", contig(0, 1), 0},
		{"empty", contig(0, 0, 3), 1},
	}
	for _, dt := range numericDTs {
		for _, c := range cases {
			data := values(rng, dt, c.src.n)
			src := operand(t, g, dt, data, c.src)
			for _, mode := range []string{"both", "values", "indices"} {
				dst := dstPair(t, g, dt, transposed(1, c.src.shape...))
				idx := dstPair(t, g, device.Int64, contig(2, c.src.shape...))
				// An absent output has no buffer (the CPU still reads its strides).
				none := func(dt device.DType) pair {
					o := device.Operand{DType: dt, Shape: c.src.shape, Strides: cStrides(c.src.shape)}
					return pair{o, o}
				}
				switch mode {
				case "values":
					idx = none(device.Int64)
				case "indices":
					dst = none(dt)
				}
				name := fmt.Sprintf("sort/%v/%s/%s", dt, c.name, mode)
				if err := cpuDev.Sort(dst.c, idx.c, src.c, c.axis); err != nil {
					t.Fatal(err)
				}
				if err := g.Sort(dst.g, idx.g, src.g, c.axis); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if dst.c.Buf != nil {
					same(t, name+"/values", g, dst.c.Buf, dst.g.Buf, tol{signed: true})
				}
				if idx.c.Buf != nil {
					same(t, name+"/indices", g, idx.c.Buf, idx.g.Buf, exact)
				}
			}
		}
	}
}

func TestTake(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(19, 20))
	src := contig(1, 4, 5, 6)
	idxs := map[string][]int64{"plain": {0, 3, 1, 1}, "negative": {-1, 0, -4, 2}, "bad": {1, 2, 9, 0, -9}}
	for _, dt := range append(numericDTs, device.Bool) {
		for axis := 0; axis < 3; axis++ {
			for name, ix := range idxs {
				data := values(rng, dt, src.n)
				s := operand(t, g, dt, data, src)
				iv := contig(1, len(ix))
				ipad := append(append([]int64{0}, ix...), 0)
				idx := operand(t, g, device.Int64, ipad, iv)
				shape := append(append(append([]int(nil), src.shape[:axis]...), len(ix)), src.shape[axis+1:]...)
				dst := dstPair(t, g, dt, spaced(2, shape...))
				cerr := cpuDev.Take(dst.c, s.c, idx.c, axis)
				gerr := g.Take(dst.g, s.g, idx.g, axis)
				what := fmt.Sprintf("take/%v/axis%d/%s", dt, axis, name)
				var ce, ge *device.IndexError
				if errors.As(cerr, &ce) != errors.As(gerr, &ge) || (ce != nil && *ce != *ge) {
					t.Errorf("%s: error %v, want %v", what, gerr, cerr)
					continue
				}
				if cerr == nil {
					same(t, what, g, dst.c.Buf, dst.g.Buf, tol{signed: true})
				}
			}
		}
	}
	// Two-dimensional indices over a middle axis, from a transposed source.
	s := operand(t, g, device.Float64, values(rng, device.Float64, 60), transposed(0, 3, 4, 5))
	idx := operand(t, g, device.Int64, []int64{3, 0, -1, 2, 1, 1}, contig(0, 2, 3))
	dst := dstPair(t, g, device.Float64, contig(1, 3, 2, 3, 5))
	if err := cpuDev.Take(dst.c, s.c, idx.c, 1); err != nil {
		t.Fatal(err)
	}
	if err := g.Take(dst.g, s.g, idx.g, 1); err != nil {
		t.Fatal(err)
	}
	same(t, "take/2d-index", g, dst.c.Buf, dst.g.Buf, tol{signed: true})
}

func TestNonZero(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(21, 22))
	for _, dt := range append(numericDTs, device.Bool) {
		for _, v := range []view{contig(0), contig(1, 17), contig(0, 3, 4, 5), transposed(0, 70, 40), spaced(3, 9000)} {
			data := values(rng, dt, v.n)
			src := operand(t, g, dt, data, v)
			// Count on the CPU as tensor does, then size dst.
			flags := dstPair(t, g, device.Bool, contig(0, v.shape...))
			if err := cpuDev.Copy(flags.c, src.c); err != nil {
				t.Fatal(err)
			}
			count := 0
			for _, b := range download(t, cpuDev, flags.c.Buf).([]bool) {
				if b {
					count++
				}
			}
			rank := len(v.shape)
			dv := contig(1, count, rank)
			dv.strides[1] = 1
			dst := dstPair(t, g, device.Int64, dv)
			name := fmt.Sprintf("nonzero/%v/%v", dt, v.shape)
			if err := cpuDev.NonZero(dst.c, src.c); err != nil {
				t.Fatal(err)
			}
			if err := g.NonZero(dst.g, src.g); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			same(t, name, g, dst.c.Buf, dst.g.Buf, exact)
		}
	}
}

func TestMatMul(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(23, 24))
	type mm struct {
		name    string
		a, b, d view
	}
	mk := func(bt []int, m, k, n int) (sa, sb, sd []int) {
		return append(append([]int(nil), bt...), m, k), append(append([]int(nil), bt...), k, n), append(append([]int(nil), bt...), m, n)
	}
	var cases []mm
	for _, s := range [][3]int{{1, 1, 1}, {7, 5, 3}, {33, 70, 65}, {130, 9, 129}, {4, 0, 3}} {
		sa, sb, sd := mk(nil, s[0], s[1], s[2])
		cases = append(cases,
			mm{fmt.Sprint(s), contig(1, sa...), contig(1, sb...), contig(1, sd...)},
			mm{fmt.Sprint(s, "T"), transposed(0, sa...), transposed(0, sb...), transposed(2, sd...)})
	}
	sa, sb, sd := mk([]int{2, 3}, 9, 6, 11)
	bc := bcast(sb, true, false, false, false) // b broadcast over the first batch dimension
	cases = append(cases, mm{"batched", contig(0, sa...), bc, spaced(2, sd...)})
	for _, dt := range numericDTs {
		for _, c := range cases {
			a := operand(t, g, dt, tame(rng, dt, c.a.n), c.a)
			b := operand(t, g, dt, tame(rng, dt, c.b.n), c.b)
			d := dstPair(t, g, dt, c.d)
			name := fmt.Sprintf("matmul/%v/%s", dt, c.name)
			if err := cpuDev.MatMul(d.c, a.c, b.c); err != nil {
				t.Fatal(err)
			}
			if err := g.MatMul(d.g, a.g, b.g); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			tl := exact
			switch dt {
			case device.Float32:
				tl = tol{rtol: 1e-4} // fma and another order; tame data has cancellations
			case device.Float64:
				tl = tol{rtol: 1e-12}
			}
			same(t, name, g, d.c.Buf, d.g.Buf, tl)
		}
	}
}

func TestSoftmax(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(25, 26))
	for _, dt := range []device.DType{device.Float32, device.Float64} {
		for _, c := range []struct {
			name string
			src  view
			axis int
		}{{"rows", contig(1, 7, 33), 1}, {"cols", transposed(0, 300, 5), 0}, {"one", contig(0, 4, 1), 1}} {
			for _, log := range []bool{false, true} {
				src := operand(t, g, dt, tame(rng, dt, c.src.n), c.src)
				dst := dstPair(t, g, dt, spaced(2, c.src.shape...))
				name := fmt.Sprintf("softmax/%v/%s/log=%v", dt, c.name, log)
				if err := cpuDev.(device.Fused).Softmax(dst.c, src.c, c.axis, log); err != nil {
					t.Fatal(err)
				}
				if err := g.Softmax(dst.g, src.g, c.axis, log); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				tl := tol{rtol: 1e-12}
				if dt == device.Float32 {
					tl = tol{rtol: 2e-5}
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, tl)
			}
		}
	}
}
