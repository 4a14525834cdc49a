package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// crossEntropyRef is CrossEntropy's definition in float64 over the logits' values: per row
// log(sum(exp(x - m))) - (x[label] - m), m the row's max or 0 where it is infinite, then
// the mean with compensated addition.
func crossEntropyRef(x [][]float64, labels []int64) float64 {
	var s, comp float64
	for r, row := range x {
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v) // NaN propagates
		}
		if math.IsInf(m, 0) {
			m = 0
		}
		e := 0.0
		for _, v := range row {
			e += math.Exp(v - m)
		}
		nll := math.Log(e) - (row[labels[r]] - m)
		t := s + nll
		if math.Abs(s) >= math.Abs(nll) {
			comp += (s - t) + nll
		} else {
			comp += (nll - t) + s
		}
		s = t
	}
	if math.IsInf(s, 0) || s != s {
		return s / float64(len(x))
	}
	return (s + comp) / float64(len(x))
}

// xentInput is a random logits tensor of shape, values in dtype dt, with its labels and
// the rows as float64 slices in C order of the leading dimensions.
func xentInput(r *rand.Rand, dt DType, shape []int, scale float64) (*Tensor, *Tensor) {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64() * scale
	}
	c := shape[len(shape)-1]
	lab := make([]int64, n/max(c, 1))
	for i := range lab {
		lab[i] = int64(r.IntN(c))
	}
	return FromSlice(v, shape...).AsType(dt), FromSlice(lab, shape[:len(shape)-1]...)
}

// rowsOf returns x's values as rows along the last axis.
func rowsOf(x *Tensor) [][]float64 {
	c := x.shape[len(x.shape)-1]
	flat := ToSlice[float64](x.Contiguous().AsType(Float64))
	rows := make([][]float64, len(flat)/max(c, 1))
	for i := range rows {
		rows[i] = flat[i*c : (i+1)*c]
	}
	return rows
}

// TestCrossEntropyFused checks the fused CPU path against the float64 definition and
// against the composed path (which devices without FusedLoss run), on random logits of
// many shapes and layouts and on rows with -inf, +inf, NaN and huge values.
func TestCrossEntropyFused(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	type tc struct {
		name   string
		logits *Tensor
		labels *Tensor
	}
	var cases []tc
	for _, dt := range []DType{Float32, Float64} {
		add := func(name string, x, l *Tensor) { cases = append(cases, tc{fmt.Sprintf("%v/%s", dt, name), x, l}) }
		for rows := 0; rows <= 5; rows++ {
			for _, c := range []int{1, 2, 3, 8, 17, 33, 70} {
				x, l := xentInput(r, dt, []int{rows, c}, 4)
				add(fmt.Sprintf("%dx%d", rows, c), x, l)
			}
		}
		x, l := xentInput(r, dt, []int{1000, 10}, 4)
		add("1000x10", x, l)
		add("1000x10-int32-labels", x, l.AsType(Int32))
		x, l = xentInput(r, dt, []int{3, 4, 7}, 4)
		add("3x4x7", x, l)
		x, _ = xentInput(r, dt, []int{7, 4, 3}, 4)
		_, l = xentInput(r, dt, []int{3, 4, 7}, 4)
		add("3x4x7-transposed", x.Transpose(2, 1, 0), l)
		x, l = xentInput(r, dt, []int{70, 45}, 4)
		add("45x70-transposed", x.T(), l.Slice(S(0, 45)))
		x, l = xentInput(r, dt, []int{8, 30}, 4)
		add("strided", x.Slice(S(None, None, -2), S(1, None, 3)), Mod(l.Slice(S(0, 4)), int64(10)))
		add("0d-labels", x.Slice(3), l.Slice(3))
		x, l = xentInput(r, dt, []int{6, 5}, 1e30)
		add("huge", x, l)
		x, l = xentInput(r, dt, []int{6, 5}, 4)
		for _, v := range []float64{math.Inf(-1), math.Inf(1), math.NaN()} {
			for _, col := range []int{0, 3} {
				y := x.Copy()
				y.SetAt(v, 1, col)
				on, off := l.Copy(), l.Copy()
				on.SetAt(float64(col), 1)
				off.SetAt(float64((col+1)%5), 1)
				add(fmt.Sprintf("%v-at-%d-label-on", v, col), y, on)
				add(fmt.Sprintf("%v-at-%d-label-off", v, col), y, off)
			}
		}
		inf := math.Inf(1)
		add("all-minus-inf", Full(dt, -inf, 3, 4), FromSlice([]int64{0, 1, 3}))
		add("all-plus-inf", Full(dt, inf, 3, 4), FromSlice([]int64{0, 1, 3}))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CrossEntropy(c.logits, c.labels)
			composed := crossEntropyComposed(floatOf("test", c.logits), c.labels)
			want := crossEntropyRef(rowsOf(c.logits), ToSlice[int64](c.labels.Contiguous().AsType(Int64)))
			rtol := 1e-6
			if c.logits.DType() == Float64 {
				rtol = 1e-13
			}
			mlCheck(t, got, c.logits.DType(), []int{}, []float64{want}, rtol)
			g, h := got.Item(), composed.Item()
			if math.IsNaN(g) != math.IsNaN(h) || (math.IsInf(g, 0) || math.IsInf(h, 0)) && g != h {
				t.Errorf("fused %v, composed %v", g, h)
			}
		})
	}
}

// BenchmarkCrossEntropy times CrossEntropy on (4096, 1000) float32 logits, fused (the CPU
// device's FusedLoss) against the composed path other devices run:
// go test -run ^$ -bench CrossEntropy ./tensor
func BenchmarkCrossEntropy(b *testing.B) {
	x, l := xentInput(rand.New(rand.NewPCG(1, 2)), Float32, []int{4096, 1000}, 4)
	b.Run("fused", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			CrossEntropy(x, l)
		}
	})
	b.Run("composed", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			crossEntropyComposed(x, l)
		}
	})
}
