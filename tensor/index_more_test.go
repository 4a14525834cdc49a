package tensor_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

func i64s(v ...int64) *tensor.Tensor { return tensor.FromSlice(v) }

// TestAdvancedSliceShapes checks where NumPy puts the broadcast index dimensions: in
// place when the advanced indices (ints among them) are adjacent, first when a slice,
// NewAxis or Ellipsis separates them.
func TestAdvancedSliceShapes(t *testing.T) {
	x := tensor.Arange(tensor.Int64, 0, 24, 1).Reshape(2, 3, 4)
	m := tensor.FromSlice([]bool{true, false, true})
	cases := []struct {
		name  string
		specs []any
		shape []int
	}{
		{"mask", []any{tensor.S(), m}, []int{2, 2, 4}},
		{"newaxis mask", []any{tensor.NewAxis, []bool{false, true}}, []int{1, 1, 3, 4}},
		{"int then array adjacent", []any{tensor.S(), 0, []int{1, 2}}, []int{2, 2}},
		{"int and array separated", []any{0, tensor.S(), []int{1, 2}}, []int{2, 3}},
		{"newaxis separates", []any{tensor.S(), []int{0, 1, 2}, tensor.NewAxis, []int{1}}, []int{3, 2, 1}},
		{"after newaxis adjacent", []any{tensor.S(), tensor.NewAxis, []int{0, 1, 2}, []int{1}}, []int{2, 1, 3}},
		{"empty ellipsis separates", []any{tensor.S(), []int{1}, tensor.Ellipsis, []int{0}}, []int{1, 2}},
		{"0-d true", []any{tensor.Scalar(true)}, []int{1, 2, 3, 4}},
		{"0-d false", []any{tensor.Scalar(false)}, []int{0, 2, 3, 4}},
		{"2-D index", []any{i64s(0, 1, 1, 0).Reshape(2, 2)}, []int{2, 2, 3, 4}},
		{"int32 index", []any{tensor.FromSlice([]int32{-1}), tensor.S(1, 3)}, []int{1, 2, 4}},
	}
	for _, c := range cases {
		got := x.Slice(c.specs...)
		if !slices.Equal(got.Shape(), c.shape) {
			t.Errorf("%s: shape %v, want %v", c.name, got.Shape(), c.shape)
		}
		if got.SharesMemory(x) {
			t.Errorf("%s: advanced indexing returned a view", c.name)
		}
	}
	got := tensor.ToSlice[int64](x.Slice(tensor.S(), m, []int{0, 3}))
	if want := []int64{0, 11, 12, 23}; !slices.Equal(got, want) {
		t.Errorf("x[:, mask, [0, 3]] = %v, want %v", got, want)
	}
}

// TestSetSliceLastWins checks NumPy's x[idx] = v with repeated indices on every dtype:
// the last assignment in C order stays, -0.0 and NaN arrive bit for bit.
func TestSetSliceLastWins(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64, tensor.Int32, tensor.Int64, tensor.Uint8, tensor.Bool} {
		x := tensor.Ones(dt, 5)
		v := tensor.FromSlice([]float64{3, 0, 2, 7}).AsType(dt)
		x.SetSlice(v, []int{1, 3, 1, -4})
		want := tensor.FromSlice([]float64{1, 7, 1, 0, 1}).AsType(dt)
		if !tensor.ArrayEqual(x, want) {
			t.Errorf("%v: %v, want %v", dt, x, want)
		}
	}
	x := tensor.Ones(tensor.Float64, 3)
	x.SetSlice(tensor.FromSlice([]float64{math.NaN(), 5, negZero}), []int{0, 2, 2})
	got := tensor.ToSlice[float64](x)
	if !math.IsNaN(got[0]) || got[1] != 1 || got[2] != 0 || !math.Signbit(got[2]) {
		t.Errorf("NaN and -0.0 through SetSlice: %v", got)
	}
	// value aliasing x: read before any write, as NumPy does
	y := tensor.Arange(tensor.Float64, 0, 5, 1)
	y.SetSlice(y.Flip(), []int{0, 1, 2, 3, 4})
	if want := []float64{4, 3, 2, 1, 0}; !slices.Equal(tensor.ToSlice[float64](y), want) {
		t.Errorf("x[idx] = x[::-1]: %v, want %v", y, want)
	}
	// a transposed view writes its base at the view's positions
	b := tensor.Zeros(tensor.Int64, 2, 3)
	b.T().SetSlice(9, []int{2}, []int{1})
	if got := tensor.ToSlice[int64](b); !slices.Equal(got, []int64{0, 0, 0, 0, 0, 9}) {
		t.Errorf("x.T()[2, 1] = 9 gave base %v", got)
	}
}

func TestPut(t *testing.T) {
	cases := []struct {
		mode string
		idx  []int64
		want []float64
	}{
		{"raise", []int64{0, -1, 2, 2}, []float64{10, 1, 40, 3, 20}},
		{"wrap", []int64{5, -6, 12}, []float64{10, 1, 30, 3, 20}},
		{"clip", []int64{-3, 99, 1}, []float64{10, 30, 2, 3, 20}},
	}
	for _, c := range cases {
		x := tensor.Arange(tensor.Float64, 0, 5, 1)
		tensor.Put(x, tensor.FromSlice(c.idx), tensor.FromSlice([]float64{10, 20, 30, 40}), c.mode)
		if got := tensor.ToSlice[float64](x); !slices.Equal(got, c.want) {
			t.Errorf("Put %s %v: %v, want %v", c.mode, c.idx, got, c.want)
		}
	}
	// positions count in the view's C order
	b := tensor.Zeros(tensor.Int32, 2, 3)
	b.T().Put(i64s(1, 4), 7)
	if got := tensor.ToSlice[int32](b); !slices.Equal(got, []int32{0, 0, 7, 7, 0, 0}) {
		t.Errorf("Put on a transposed view: base %v", got)
	}
}

func TestTakePutAlongAxis(t *testing.T) {
	x := tensor.FromSlice([]float64{3, 1, 2, 9, 7, 8}, 2, 3)
	s := tensor.TakeAlongAxis(x, tensor.ArgSort(x, 1), 1)
	if !tensor.ArrayEqual(s, tensor.Sort(x, 1)) {
		t.Errorf("TakeAlongAxis(x, ArgSort(x)) = %v, want Sort(x)", s)
	}
	am := tensor.ArgMax(x, 1).Reshape(2, 1)
	tensor.PutAlongAxis(x, am, -1.0, 1)
	if want := []float64{-1, 1, 2, -1, 7, 8}; !slices.Equal(tensor.ToSlice[float64](x), want) {
		t.Errorf("PutAlongAxis at the argmax: %v, want %v", x, want)
	}
}

// TestScatterSetLarge checks last-write-wins against a Go loop with many repeats.
func TestScatterSetLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n, k = 37, 5000
	idx := make([]int64, k)
	val := make([]float64, k)
	want := make([]float64, n)
	for i := range idx {
		idx[i] = int64(r.IntN(2*n) - n)
		val[i] = r.NormFloat64()
		want[(idx[i]+n)%n] = val[i]
	}
	x := tensor.Zeros(tensor.Float64, n)
	x.SetSlice(tensor.FromSlice(val), tensor.FromSlice(idx))
	if got := tensor.ToSlice[float64](x); !slices.Equal(got, want) {
		t.Errorf("SetSlice with %d repeated indices differs from the sequential loop", k)
	}
}

func TestArgWhereFlatNonZero(t *testing.T) {
	x := tensor.FromSlice([]float64{0, math.NaN(), 0, -1, 0, 2}, 2, 3).T()
	if got := tensor.ToSlice[int64](tensor.ArgWhere(x)); !slices.Equal(got, []int64{0, 1, 1, 0, 2, 1}) {
		t.Errorf("ArgWhere = %v", got)
	}
	if got := tensor.ToSlice[int64](x.FlatNonZero()); !slices.Equal(got, []int64{1, 2, 5}) {
		t.Errorf("FlatNonZero = %v", got)
	}
	if s := tensor.ArgWhere(tensor.Scalar(0.0)).Shape(); !slices.Equal(s, []int{0, 0}) {
		t.Errorf("ArgWhere of a 0-d zero has shape %v, want (0, 0)", s)
	}
}

func TestIndexMisuse(t *testing.T) {
	x := tensor.Zeros(tensor.Float64, 3, 4)
	ro := tensor.Zeros(tensor.Float64, 4).BroadcastTo(3, 4)
	cases := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"float index", tensor.Index, func() { x.Slice(tensor.FromSlice([]float64{0})) }},
		{"out of range", tensor.Index, func() { x.Slice(tensor.S(), []int{4}) }},
		{"int out of range", tensor.Index, func() { x.Slice(-4, []int{0}) }},
		{"mask shape", tensor.Index, func() { x.Slice([]bool{true}) }},
		{"too many", tensor.Index, func() { x.Slice([]int{0}, 0, 0) }},
		{"two ellipses", tensor.Index, func() { x.Slice(tensor.Ellipsis, []int{0}, tensor.Ellipsis) }},
		{"bad spec", tensor.Index, func() { x.Slice("a", []int{0}) }},
		{"no broadcast", tensor.Index, func() { x.Slice([]int{0, 1}, []int{0, 1, 2}) }},
		{"nil index", tensor.Value, func() { var n *tensor.Tensor; x.Slice(n) }},
		{"set value shape", tensor.Shape, func() { x.SetSlice(tensor.Ones(tensor.Float64, 3), []int{0, 1}) }},
		{"set read-only", tensor.Value, func() { ro.SetSlice(1.0, []int{0}) }},
		{"set NaN into int", tensor.Value, func() { tensor.Zeros(tensor.Int32, 3).SetSlice(math.NaN(), []int{0}) }},
		{"set NaN into int by mask", tensor.Value, func() { tensor.Zeros(tensor.Int32, 3).SetSlice(math.NaN(), []bool{true, false, true}) }},
		{"set mask value shape", tensor.Shape, func() { x.SetSlice(tensor.Ones(tensor.Float64, 2), tensor.S(), []bool{true, true, false, true}) }},
		{"set uint8 range", tensor.Value, func() { tensor.Zeros(tensor.Uint8, 3).SetSlice(300, []int{0}) }},
		{"put mode", tensor.Value, func() { tensor.Put(x, i64s(0), 1.0, "bogus") }},
		{"put two modes", tensor.Value, func() { tensor.Put(x, i64s(0), 1.0, "raise", "clip") }},
		{"put range", tensor.Index, func() { tensor.Put(x, i64s(12), 1.0) }},
		{"put empty", tensor.Index, func() { tensor.Put(tensor.Zeros(tensor.Float64, 0), i64s(0), 1.0, "wrap") }},
		{"put float indices", tensor.Index, func() { tensor.Put(x, tensor.FromSlice([]float64{0}), 1.0) }},
		{"put read-only", tensor.Value, func() { tensor.Put(ro, i64s(0), 1.0) }},
		{"put nil", tensor.Value, func() { tensor.Put(x, nil, 1.0) }},
		{"take rank", tensor.Shape, func() { tensor.TakeAlongAxis(x, i64s(0), 1) }},
		{"take flat rank", tensor.Shape, func() { tensor.TakeAlongAxis(x, i64s(0).Reshape(1, 1)) }},
		{"take axis", tensor.Axis, func() { tensor.TakeAlongAxis(x, i64s(0).Reshape(1, 1), 2) }},
		{"take two axes", tensor.Value, func() { tensor.TakeAlongAxis(x, i64s(0).Reshape(1, 1), 0, 1) }},
		{"take range", tensor.Index, func() { tensor.TakeAlongAxis(x, i64s(4).Reshape(1, 1), 1) }},
		{"take broadcast", tensor.Index, func() { tensor.TakeAlongAxis(x, tensor.Zeros(tensor.Int64, 2, 1), 1) }},
		{"put along value", tensor.Shape, func() { tensor.PutAlongAxis(x, i64s(0).Reshape(1, 1), tensor.Ones(tensor.Float64, 2), 1) }},
		{"put along read-only", tensor.Value, func() { tensor.PutAlongAxis(ro, i64s(0).Reshape(1, 1), 1.0, 1) }},
		{"argwhere nil", tensor.Value, func() { tensor.ArgWhere(nil) }},
		{"flatnonzero freed", tensor.Value, func() { y := tensor.Zeros(tensor.Float64, 2); y.Free(); tensor.FlatNonZero(y) }},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if k := tensor.KindOf(err); k != c.kind {
			t.Errorf("%s: %v error, want %v: %v", c.name, k, c.kind, err)
		}
	}
	// a refused write leaves x as it was
	y := tensor.Arange(tensor.Float64, 0, 4, 1)
	_ = tensor.Try(func() { tensor.Put(y, i64s(0, 9), 5.0) })
	if got := tensor.ToSlice[float64](y); !slices.Equal(got, []float64{0, 1, 2, 3}) {
		t.Errorf("Put with an index out of range wrote %v", got)
	}
}

// checkGrad compares autograd's gradient of sum(f(x) * w) with central differences.
func checkGrad(t *testing.T, name string, x *tensor.Tensor, f func(*tensor.Tensor) *tensor.Tensor) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	shape := f(x).Shape()
	wv := make([]float64, max(1, prodInts(shape)))
	for i := range wv {
		wv[i] = r.NormFloat64()
	}
	w := tensor.FromSlice(wv[:prodInts(shape)], shape...)
	loss := func(x *tensor.Tensor) float64 { return tensor.Sum(f(x).Mul(w)).Item() }
	xv := x.Copy().RequiresGrad()
	g := autograd.Grad([]*tensor.Tensor{tensor.Sum(f(xv).Mul(w))}, []*tensor.Tensor{xv})[0]
	got := tensor.ToSlice[float64](g)
	base := tensor.ToSlice[float64](x)
	const h = 1e-6
	for i := range base {
		p, m := slices.Clone(base), slices.Clone(base)
		p[i] += h
		m[i] -= h
		num := (loss(tensor.FromSlice(p, x.Shape()...)) - loss(tensor.FromSlice(m, x.Shape()...))) / (2 * h)
		if math.Abs(num-got[i]) > 1e-6*(1+math.Abs(num)) {
			t.Errorf("%s: gradient element %d is %v, finite differences give %v", name, i, got[i], num)
			return
		}
	}
}

func prodInts(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

func TestIndexGradients(t *testing.T) {
	x := tensor.FromSlice([]float64{0.5, -1, 2, 3, 0.25, -2, 1.5, 4, -0.5, 1, 2.5, -3}, 3, 4)
	m := tensor.FromSlice([]bool{true, false, true, true})
	checkGrad(t, "Slice(:, mask)", x, func(x *tensor.Tensor) *tensor.Tensor { return x.Slice(tensor.S(), m) })
	checkGrad(t, "Slice(idx, ::-1, idx)", x.Reshape(3, 2, 2), func(x *tensor.Tensor) *tensor.Tensor {
		return x.Slice([]int{2, 0, 2}, tensor.S(tensor.None, tensor.None, -1), []int{1, 1, 0})
	})
	checkGrad(t, "Slice(None, 1, idx)", x, func(x *tensor.Tensor) *tensor.Tensor {
		return x.Slice(tensor.NewAxis, 1, []int{3, 3, 0})
	})
	checkGrad(t, "TakeAlongAxis", x, func(x *tensor.Tensor) *tensor.Tensor {
		return tensor.TakeAlongAxis(x, i64s(0, 2, 2, 1).Reshape(1, 4), 0)
	})
	checkGrad(t, "TakeAlongAxis(flat)", x, func(x *tensor.Tensor) *tensor.Tensor {
		return tensor.TakeAlongAxis(x, i64s(11, 0, 11, -2))
	})
}
