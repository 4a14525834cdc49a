package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// outerCase is a sum over axes of a view of a random base array: the base's axes permuted
// by perm, then every step-th element along each axis (negative: from the end).
type outerCase struct {
	base []int
	perm []int // nil: the identity
	step []int // nil: all 1
	axes []int
}

func (c outerCase) String() string {
	return fmt.Sprintf("%v perm%v step%v axes%v", c.base, c.perm, c.step, c.axes)
}

// view returns the case's shape, strides and offset in the base's C-contiguous buffer.
func (c outerCase) view() (shape, strides []int, off int) {
	r := len(c.base)
	st := make([]int, r)
	for k, n := r-1, 1; k >= 0; k-- {
		st[k], n = n, n*c.base[k]
	}
	shape, strides = make([]int, r), make([]int, r)
	for k := range r {
		p := k
		if c.perm != nil {
			p = c.perm[k]
		}
		n, s, step := c.base[p], st[p], 1
		if c.step != nil {
			step = c.step[k]
		}
		if step < 0 && n > 0 {
			off += (n - 1) * s
		}
		shape[k] = (n + abs(step) - 1) / abs(step)
		strides[k] = s * step
	}
	return shape, strides, off
}

func abs(x int) int { return max(x, -x) }

// outerCases covers the layouts sumOuter takes: leading-axis sums of matrices of every
// width class (under a vector, odd, over outerCols), row counts around the chunk size,
// 3-D and 4-D sums over outer and middle axes, permuted outer axes, strided and reversed
// rows.
func outerCases() []outerCase {
	var cs []outerCase
	for _, rows := range []int{0, 1, 2, 31, 32, 33, 65, 200, 2049, 5000} {
		for _, cols := range []int{2, 3, 4, 7, 16, 33, 1000, 4100} {
			if rows*cols <= 1<<21 {
				cs = append(cs, outerCase{base: []int{rows, cols}, axes: []int{0}})
			}
		}
	}
	return append(cs,
		outerCase{base: []int{300, 40, 50}, axes: []int{0}},
		outerCase{base: []int{30, 40, 50}, axes: []int{1}},
		outerCase{base: []int{30, 40, 50}, axes: []int{0, 1}},
		outerCase{base: []int{3, 4000, 20}, axes: []int{0, 1}},
		outerCase{base: []int{7, 1, 9, 33}, axes: []int{0, 2}},
		outerCase{base: []int{6, 5, 4, 3}, axes: []int{0, 2}, perm: []int{1, 0, 2, 3}},
		outerCase{base: []int{6, 5, 4, 3}, axes: []int{1}, perm: []int{2, 0, 1, 3}},
		outerCase{base: []int{40, 7, 1}, axes: []int{0}},
		outerCase{base: []int{400, 90}, axes: []int{0}, step: []int{3, 1}},
		outerCase{base: []int{400, 90}, axes: []int{0}, step: []int{-1, 1}},
		outerCase{base: []int{4000, 64}, axes: []int{0}, step: []int{-2, 1}},
	)
}

// TestSumOuterDeclines checks that sums whose contiguous kept axis is not the last one
// (Sum(a.T, 1)) are left to the compensated pure-Go reducer.
func TestSumOuterDeclines(t *testing.T) {
	for _, c := range []outerCase{
		{base: []int{500, 300}, axes: []int{1}, perm: []int{1, 0}},
		{base: []int{20, 30, 40}, axes: []int{1, 2}, perm: []int{2, 1, 0}},
		{base: []int{30, 40}, axes: []int{1}},
	} {
		shape, strides, off := c.view()
		red := make([]bool, len(shape))
		kshape := slices.Clone(shape)
		for _, a := range c.axes {
			red[a], kshape[a] = true, 1
		}
		n := 1
		for _, d := range kshape {
			n *= d
		}
		sb, _ := Wrap(make([]float64, 24000))
		db, _ := Wrap(make([]float64, n))
		dst := make([]int, len(shape))
		for k, m := len(shape)-1, 1; k >= 0; k-- {
			dst[k], m = m, m*kshape[k]
		}
		if sumOuter(device.Operand{Buf: db, DType: device.Float64, Shape: kshape, Strides: dst},
			device.Operand{Buf: sb, DType: device.Float64, Shape: shape, Strides: strides, Offset: off}, red) {
			t.Errorf("%v: sumOuter took it", c)
		}
	}
}

// sumSpec is the order sumOuter promises for one output: the rows cut into chunks of
// max(32, ceil(n/64)), each summed in order from zero in float64, the chunk sums added in
// order from zero.
func sumSpec(vals []float64) float64 {
	per := max(32, (len(vals)+63)/64)
	tot := 0.0
	for c := 0; c < len(vals); c += per {
		part := 0.0
		for _, v := range vals[c:min(len(vals), c+per)] {
			part += v
		}
		tot += part
	}
	return tot
}

func TestSumOuter(t *testing.T) {
	for _, c := range outerCases() {
		t.Run(c.String()+"/f32", func(t *testing.T) { testSumOuter[float32, float32](t, c) })
		t.Run(c.String()+"/f32-to-f64", func(t *testing.T) { testSumOuter[float32, float64](t, c) })
		t.Run(c.String()+"/f64", func(t *testing.T) { testSumOuter[float64, float64](t, c) })
	}
}

// testSumOuter sums one case with sumOuter into a destination with NaN guards, checks
// every output bit for bit against sumSpec, and checks that the single-threaded column
// loop and the chunk-parallel loop give the same bits.
func testSumOuter[S, D float](t *testing.T, c outerCase) {
	shape, strides, off := c.view()
	r := rand.New(rand.NewPCG(uint64(len(shape)), uint64(shape[0])))
	size := 1
	for _, n := range c.base {
		size *= n
	}
	v := make([]S, size)
	for i := range v {
		v[i] = S(r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3)))
	}
	if size > 10 {
		v[3], v[7] = S(math.Inf(1)), S(math.NaN())
	}
	red := make([]bool, len(shape))
	kshape := slices.Clone(shape)
	for _, a := range c.axes {
		red[a], kshape[a] = true, 1
	}
	const guard = 2
	dn := 1
	dst := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		dst[k], dn = dn, dn*kshape[k]
	}
	out := make([]D, dn+2*guard)
	for i := range out {
		out[i] = D(math.NaN())
	}
	sb, _ := Wrap(v)
	db, _ := Wrap(out)
	so := device.Operand{Buf: sb, DType: dtypeOf[S](), Shape: shape, Strides: strides, Offset: off}
	do := device.Operand{Buf: db, DType: dtypeOf[D](), Shape: kshape, Strides: dst, Offset: guard}
	if !sumOuter(do, so, red) {
		t.Fatal("sumOuter did not take the layout")
	}
	want := specSums(v, shape, strides, off, red)
	for i, w := range want {
		if g := float64(out[guard+i]); math.Float64bits(g) != math.Float64bits(float64(D(w))) && !(g != g && w != w) {
			t.Fatalf("output %d = %v, want %v", i, g, D(w))
		}
	}
	for _, g := range append(out[:guard:guard], out[guard+dn:]...) {
		if g == g {
			t.Fatalf("guard overwritten: %v", g)
		}
	}
	// Both parallel strategies and the sequential one agree bit for bit.
	o, runs, _ := newOuterSum(do, so, red)
	for _, run := range runs {
		buf := make([]float64, 2*outerCols)
		o.columns(run, 0, o.n, buf)
		seq := slices.Clone(out[run.d : run.d+o.n])
		o.chunked(run)
		for j, x := range out[run.d : run.d+o.n] {
			if math.Float64bits(float64(x)) != math.Float64bits(float64(seq[j])) && x == x {
				t.Fatalf("run at %d, column %d: chunked %v, sequential %v", run.d, j, x, seq[j])
			}
		}
	}
}

// specSums returns sumSpec of every output of the sum over the red axes, in C order of
// the kept axes, the reduced elements taken in C order of the reduced axes.
func specSums[S float](v []S, shape, strides []int, off int, red []bool) []float64 {
	var keep, keepSt, sub, subSt []int
	for k, n := range shape {
		if red[k] {
			sub, subSt = append(sub, n), append(subSt, strides[k])
		} else {
			keep, keepSt = append(keep, n), append(keepSt, strides[k])
		}
	}
	var sums []float64
	eachIndex(keep, keepSt, func(ko int) {
		var vals []float64
		eachIndex(sub, subSt, func(so int) { vals = append(vals, float64(v[off+ko+so])) })
		sums = append(sums, sumSpec(vals))
	})
	return sums
}

// eachIndex calls fn with the offset of every index of shape, in C order.
func eachIndex(shape, strides []int, fn func(off int)) {
	if len(shape) == 0 {
		fn(0)
		return
	}
	for i := range shape[0] {
		eachIndex(shape[1:], strides[1:], func(o int) { fn(i*strides[0] + o) })
	}
}

// BenchmarkSumAxis0 times Sum over the leading axis of a C-contiguous matrix, the case
// NumPy does by adding rows into an output row:
// go test -run ^$ -bench SumAxis0 ./cpu
func BenchmarkSumAxis0(b *testing.B) {
	for _, n := range []int{1000, 4096} {
		b.Run(fmt.Sprintf("f32/%d", n), func(b *testing.B) { benchSumAxis0[float32](b, device.Float32, n) })
		b.Run(fmt.Sprintf("f64/%d", n), func(b *testing.B) { benchSumAxis0[float64](b, device.Float64, n) })
	}
}

func benchSumAxis0[T float](b *testing.B, dt device.DType, n int) {
	v := make([]T, n*n)
	for i := range v {
		v[i] = T(i%7) - 3
	}
	sb, _ := Wrap(v)
	db, _ := Wrap(make([]T, n))
	src := device.Operand{Buf: sb, DType: dt, Shape: []int{n, n}, Strides: []int{n, 1}}
	dst := device.Operand{Buf: db, DType: dt, Shape: []int{1, n}, Strides: []int{n, 1}}
	b.SetBytes(int64(n * n * dt.Size()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := (Device{}).Reduce(device.Sum, dst, src, []int{0}, device.Params{}); err != nil {
			b.Fatal(err)
		}
	}
}
