package tensor

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// Expected values in join_test.go, index_test.go and sort_test.go were computed with
// NumPy 1.24 (Debian's python3-numpy) on the same inputs.

// ixCheck compares got with want: dtype, shape, and values (exact for integer and bool
// dtypes, within rtol for floats; NaN matches NaN, ±Inf match exactly).
func ixCheck(t *testing.T, name string, got *Tensor, dt DType, shape []int, want []float64) {
	t.Helper()
	if got.DType() != dt {
		t.Errorf("%s: dtype %v, want %v", name, got.DType(), dt)
	}
	if !slices.Equal(got.Shape(), shape) {
		t.Errorf("%s: shape %v, want %v", name, got.Shape(), shape)
		return
	}
	g := ToSlice[float64](got)
	if len(g) != len(want) {
		t.Errorf("%s: %d elements, want %d", name, len(g), len(want))
		return
	}
	rtol := 0.0
	if dt.IsFloat() {
		rtol = 1e-6
	}
	for i, w := range want {
		ok := g[i] == w || math.IsNaN(g[i]) && math.IsNaN(w) ||
			!math.IsInf(w, 0) && math.Abs(g[i]-w) <= rtol*math.Abs(w)
		if !ok {
			t.Errorf("%s: element %d is %v, want %v (got %v)", name, i, g[i], w, g)
			return
		}
	}
}

// ixErr runs f and checks that it panics with an *Error of kind k whose message holds
// every one of parts.
func ixErr(t *testing.T, name string, k Kind, f func(), parts ...string) {
	t.Helper()
	err := Try(f)
	if err == nil {
		t.Errorf("%s: no error, want a %v error", name, k)
		return
	}
	if KindOf(err) != k {
		t.Errorf("%s: error kind %v, want %v: %v", name, KindOf(err), k, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not mention %q", name, err, p)
		}
	}
}

func ixSeq(dt DType, n int, shape ...int) *Tensor {
	return Arange(Float64, 0, float64(n), 1).AsType(dt).Reshape(shape...)
}

func TestJoin(t *testing.T) {
	a := ixSeq(Float32, 6, 2, 3)
	b := ixSeq(Int32, 12, 4, 3).Mul(2).Sub(5)
	c := ixSeq(Float32, 10, 2, 5).Div(4.0)
	tests := []struct {
		name  string
		got   func() *Tensor
		dt    DType
		shape []int
		want  []float64
	}{
		{"concatenate/axis0-mixed-dtype", func() *Tensor { return Concatenate([]*Tensor{a, b}, 0) }, Float64, []int{6, 3},
			[]float64{0, 1, 2, 3, 4, 5, -5, -3, -1, 1, 3, 5, 7, 9, 11, 13, 15, 17}},
		{"concatenate/axis1", func() *Tensor { return Concatenate([]*Tensor{a, c}, 1) }, Float32, []int{2, 8},
			[]float64{0, 1, 2, 0, 0.25, 0.5, 0.75, 1, 3, 4, 5, 1.25, 1.5, 1.75, 2, 2.25}},
		{"concatenate/strided-negative-axis", func() *Tensor {
			return Concatenate([]*Tensor{a.T(), b.Slice(S(None, None, -1), S(1))}, -2)
		}, Float64, []int{7, 2}, []float64{0, 3, 1, 4, 2, 5, 15, 17, 9, 11, 3, 5, -3, -1}},
		{"concatenate/bool-uint8", func() *Tensor {
			return Concatenate([]*Tensor{FromSlice([]bool{true, false}), FromSlice([]uint8{2, 3})}, 0)
		}, Uint8, []int{4}, []float64{1, 0, 2, 3}},
		{"concatenate/broadcast-input", func() *Tensor {
			return Concatenate([]*Tensor{FromSlice([]float64{7}).BroadcastTo(2, 2), Zeros(Float64, 1, 2)}, 0)
		}, Float64, []int{3, 2}, []float64{7, 7, 7, 7, 0, 0}},
		{"concatenate/empty-part", func() *Tensor { return Concatenate([]*Tensor{Zeros(Float32, 0, 3), a}, 0) }, Float32, []int{2, 3},
			[]float64{0, 1, 2, 3, 4, 5}},
		{"concatenate/method", func() *Tensor { return a.Concatenate(0, a) }, Float32, []int{4, 3},
			[]float64{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}},
		{"stack/0", func() *Tensor { return Stack([]*Tensor{a, a.Add(10), a.Add(20)}, 0) }, Float32, []int{3, 2, 3},
			[]float64{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25}},
		{"stack/1", func() *Tensor { return Stack([]*Tensor{a, a.Add(10), a.Add(20)}, 1) }, Float32, []int{2, 3, 3},
			[]float64{0, 1, 2, 10, 11, 12, 20, 21, 22, 3, 4, 5, 13, 14, 15, 23, 24, 25}},
		{"stack/2", func() *Tensor { return Stack([]*Tensor{a, a.Add(10), a.Add(20)}, 2) }, Float32, []int{2, 3, 3},
			[]float64{0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23, 4, 14, 24, 5, 15, 25}},
		{"stack/-1", func() *Tensor { return Stack([]*Tensor{a, a.Add(10), a.Add(20)}, -1) }, Float32, []int{2, 3, 3},
			[]float64{0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23, 4, 14, 24, 5, 15, 25}},
		{"stack/0-d", func() *Tensor { return Stack([]*Tensor{Scalar(1.5), Scalar(2.5)}, 0) }, Float64, []int{2},
			[]float64{1.5, 2.5}},
		{"hstack/1-d", func() *Tensor { return HStack([]*Tensor{FromSlice([]float64{1, 2}), FromSlice([]float64{3})}) }, Float64, []int{3},
			[]float64{1, 2, 3}},
		{"hstack/2-d", func() *Tensor { return HStack([]*Tensor{a, c}) }, Float32, []int{2, 8},
			[]float64{0, 1, 2, 0, 0.25, 0.5, 0.75, 1, 3, 4, 5, 1.25, 1.5, 1.75, 2, 2.25}},
		{"hstack/0-d", func() *Tensor { return HStack([]*Tensor{Scalar(1.0), FromSlice([]float64{2, 3})}) }, Float64, []int{3},
			[]float64{1, 2, 3}},
		{"vstack/1-d-and-2-d", func() *Tensor { return VStack([]*Tensor{FromSlice([]float64{1, 2, 3}), a}) }, Float64, []int{3, 3},
			[]float64{1, 2, 3, 0, 1, 2, 3, 4, 5}},
	}
	for _, tc := range tests {
		ixCheck(t, tc.name, tc.got(), tc.dt, tc.shape, tc.want)
	}
}

func TestJoinErrors(t *testing.T) {
	a, b := Zeros(Float32, 2, 3), Zeros(Float32, 4, 3)
	ixErr(t, "concatenate/mismatch", Shape, func() { Concatenate([]*Tensor{a, b}, 1) },
		"tensor.Concatenate", "axis 1", "(2, 3) vs (4, 3)")
	ixErr(t, "concatenate/rank", Shape, func() { Concatenate([]*Tensor{a, Zeros(Float32, 3)}, 0) }, "(2, 3)", "(3,)")
	ixErr(t, "concatenate/axis", Axis, func() { Concatenate([]*Tensor{a, b}, 2) }, "axis 2")
	ixErr(t, "concatenate/0-d", Value, func() { Concatenate([]*Tensor{Scalar(1.0)}, 0) }, "zero-dimensional")
	ixErr(t, "concatenate/none", Value, func() { Concatenate(nil, 0) })
	ixErr(t, "stack/mismatch", Shape, func() { Stack([]*Tensor{a, b}, 0) }, "tensor.Stack", "(2, 3)", "(4, 3)")
	ixErr(t, "stack/axis", Axis, func() { Stack([]*Tensor{a, a}, 3) })
	ixErr(t, "hstack/mismatch", Shape, func() { HStack([]*Tensor{a, Zeros(Float32, 3, 1)}) })
	ixErr(t, "vstack/mismatch", Shape, func() { VStack([]*Tensor{a, Zeros(Float32, 4)}) })
}

func TestSplit(t *testing.T) {
	z := ixSeq(Float32, 24, 6, 4)
	parts := Split(z, 3, 0)
	for i, p := range parts {
		w := make([]float64, 8)
		for j := range w {
			w[j] = float64(8*i + j)
		}
		ixCheck(t, "split/3", p, Float32, []int{2, 4}, w)
		if !p.SharesMemory(z) {
			t.Errorf("split piece %d does not share memory with its base", i)
		}
	}
	parts[1].SetAt(-99, 0, 1) // a write through a piece shows in the base, as in NumPy
	if got := z.At(2, 1); got != -99 {
		t.Errorf("write through a Split view: base holds %v, want -99", got)
	}
	z.SetAt(9, 2, 1)
	cols := z.Split(2, 1)
	ixCheck(t, "split/axis1", cols[1], Float32, []int{6, 2},
		[]float64{2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23})
	ixErr(t, "split/uneven", Value, func() { Split(z, 5, 0) }, "equal division", "(6, 4)")
	ixErr(t, "split/zero", Value, func() { Split(z, 0, 0) })
	ixErr(t, "split/axis", Axis, func() { Split(z, 2, 2) })

	at := []struct {
		idx    []int
		axis   int
		shapes [][]int
		first  []float64 // first elements of each piece (none for empty)
	}{
		{[]int{1, 3}, 0, [][]int{{1, 4}, {2, 4}, {3, 4}}, []float64{0, 4, 12}},
		{[]int{3, 1}, 0, [][]int{{3, 4}, {0, 4}, {5, 4}}, []float64{0, -1, 4}},
		{[]int{-2}, 0, [][]int{{4, 4}, {2, 4}}, []float64{0, 16}},
		{[]int{10}, 0, [][]int{{6, 4}, {0, 4}}, []float64{0, -1}},
		{nil, 0, [][]int{{6, 4}}, []float64{0}},
		{[]int{1, 3}, 1, [][]int{{6, 1}, {6, 2}, {6, 1}}, []float64{0, 1, 3}},
	}
	for _, tc := range at {
		got := SplitAt(z, tc.idx, tc.axis)
		if len(got) != len(tc.shapes) {
			t.Errorf("SplitAt(%v, %d): %d pieces, want %d", tc.idx, tc.axis, len(got), len(tc.shapes))
			continue
		}
		for i, p := range got {
			if !slices.Equal(p.Shape(), tc.shapes[i]) {
				t.Errorf("SplitAt(%v, %d) piece %d: shape %v, want %v", tc.idx, tc.axis, i, p.Shape(), tc.shapes[i])
			}
			if p.Size() > 0 && p.At(0, 0) != tc.first[i] {
				t.Errorf("SplitAt(%v, %d) piece %d starts with %v, want %v", tc.idx, tc.axis, i, p.At(0, 0), tc.first[i])
			}
			if !p.SharesMemory(z) {
				t.Errorf("SplitAt piece %d is not a view", i)
			}
		}
	}
}

func TestTileRepeat(t *testing.T) {
	x := ixSeq(Int64, 6, 2, 3)
	tests := []struct {
		name  string
		got   func() *Tensor
		shape []int
		want  []float64
	}{
		{"tile/2,1", func() *Tensor { return Tile(x, 2, 1) }, []int{4, 3}, []float64{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}},
		{"tile/more-dims", func() *Tensor { return Tile(x, 2, 1, 3) }, []int{2, 2, 9},
			[]float64{0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5}},
		{"tile/fewer-reps", func() *Tensor { return x.Tile(2) }, []int{2, 6}, []float64{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}},
		{"tile/1-d", func() *Tensor { return Tile(FromSlice([]int64{1, 2, 3}), 3, 2) }, []int{3, 6},
			[]float64{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}},
		{"tile/zero", func() *Tensor { return Tile(x, 0, 2) }, []int{0, 6}, []float64{}},
		{"tile/negative-steps", func() *Tensor { return Tile(x.Slice(S(None, None, -1), S(None, None, -2)), 2, 2) }, []int{4, 4},
			[]float64{5, 3, 5, 3, 2, 0, 2, 0, 5, 3, 5, 3, 2, 0, 2, 0}},
		{"repeat/axis1", func() *Tensor { return Repeat(x, 2, 1) }, []int{2, 6}, []float64{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
		{"repeat/flat", func() *Tensor { return x.Repeat(3) }, []int{18},
			[]float64{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5}},
		{"repeat/zero", func() *Tensor { return Repeat(x, 0, 0) }, []int{0, 3}, []float64{}},
		{"repeat/strided", func() *Tensor { return Repeat(x.T().Slice(S(None, None, -1)), 2, -1) }, []int{3, 4},
			[]float64{2, 2, 5, 5, 1, 1, 4, 4, 0, 0, 3, 3}},
		{"repeat-each/axis1", func() *Tensor { return RepeatEach(x, []int{1, 0, 2}, 1) }, []int{2, 3}, []float64{0, 2, 2, 3, 5, 5}},
		{"repeat-each/axis0", func() *Tensor { return RepeatEach(x, []int{3, 1}, 0) }, []int{4, 3},
			[]float64{0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5}},
		{"repeat-each/one", func() *Tensor { return RepeatEach(x, []int{2}, 1) }, []int{2, 6}, []float64{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}},
	}
	for _, tc := range tests {
		ixCheck(t, tc.name, tc.got(), Int64, tc.shape, tc.want)
	}
	ixErr(t, "repeat-each/mismatch", Shape, func() { RepeatEach(x, []int{1, 2}, 1) }, "(2,)", "(2, 3)")
	ixErr(t, "repeat/negative", Value, func() { Repeat(x, -1) }, "negative")
	ixErr(t, "tile/negative", Value, func() { Tile(x, -1) }, "negative")
	ixErr(t, "repeat/axis", Axis, func() { Repeat(x, 2, 2) })
}

// TestTileRepeatHighRank exercises the fallbacks for ranks where the one-copy views
// would exceed MaxRank, against the definition.
func TestTileRepeatHighRank(t *testing.T) {
	x := ixSeq(Float64, 6, 1, 1, 1, 1, 1, 1, 1, 2, 3)
	got := Tile(x, 2, 2, 2, 2, 2, 2, 2, 2, 2) // rank 9 + 9 interleaved > 16
	want := ToSlice[float64](Tile(x.Reshape(2, 3), 2, 2))
	if !slices.Equal(got.Shape(), []int{2, 2, 2, 2, 2, 2, 2, 4, 6}) {
		t.Fatalf("high-rank tile: shape %v", got.Shape())
	}
	for i, v := range ToSlice[float64](got) {
		if w := want[i%24]; v != w {
			t.Fatalf("high-rank tile: element %d is %v, want %v", i, v, w)
		}
	}
	sh16 := []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3}
	r := Repeat(ixSeq(Float64, 6, sh16...), 2, 14)
	ixCheck(t, "repeat/rank16", r.Reshape(4, 3), Float64, []int{4, 3}, []float64{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5})
}

// TestEmptyInputs runs the flattening ops on tensors with no elements, as NumPy allows.
func TestEmptyInputs(t *testing.T) {
	e := Zeros(Float32, 0, 3)
	ixCheck(t, "empty/take-flat", Take(e, FromSlice([]int64{})), Float32, []int{0}, []float64{})
	ixCheck(t, "empty/mask-select", MaskSelect(e, Zeros(Bool, 0)), Float32, []int{0, 3}, []float64{})
	ixCheck(t, "empty/cumsum-flat", CumSum(e), Float32, []int{0}, []float64{})
	ixCheck(t, "empty/repeat-flat", Repeat(e, 2), Float32, []int{0}, []float64{})
	ixCheck(t, "empty/concatenate", Concatenate([]*Tensor{e, e}, 1), Float32, []int{0, 6}, []float64{})
	ixCheck(t, "empty/unique", Unique(e), Float32, []int{0}, []float64{})
	ixCheck(t, "empty/median-keep", Median(e, 0, KeepDims), Float32, []int{1, 3}, []float64{math.NaN(), math.NaN(), math.NaN()})
	ixErr(t, "empty/take-oob", Index, func() { Take(e, FromSlice([]int64{0}), 0) }, "size 0")
}
