package tensor

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestViewsShareMemory(t *testing.T) {
	// The seed notebook: a strided view sees writes to its base; a copy does not.
	original := Arange(Float64, 0, 16, 1).Reshape(4, 4)
	view := original.Slice(S(None, None, 2), S(None, None, 2))
	cp := original.Copy()
	original.SetAt(999, 0, 0)
	assert.Equal(t, 999.0, view.At(0, 0))
	assert.Equal(t, 0.0, cp.At(0, 0))
	assert.True(t, view.SharesMemory(original))
	assert.False(t, cp.SharesMemory(original))
	assert.Equal(t, []int{2, 2}, view.Shape())
	assert.Equal(t, []int{64, 16}, view.Strides()) // bytes, as a.strides
	// Writes through a view show in the base.
	view.SetAt(-1, 1, 1)
	assert.Equal(t, -1.0, original.At(2, 2))
	// FromSlice shares the caller's slice both ways.
	data := []float32{1, 2, 3, 4, 5, 6}
	x := FromSlice(data, 2, 3)
	data[4] = 50
	assert.Equal(t, 50.0, x.At(1, 1))
	DataAs[float32](x)[0] = 10
	assert.Equal(t, float32(10), data[0])
}

func TestLayouts(t *testing.T) {
	x := Arange(Float32, 0, 24, 1).Reshape(2, 3, 4)
	assert.True(t, x.IsContiguous())
	assert.False(t, x.IsFortran())
	assert.Equal(t, []int{48, 16, 4}, x.Strides())
	xt := x.T()
	assert.Equal(t, []int{4, 3, 2}, xt.Shape())
	assert.True(t, xt.IsFortran())
	assert.False(t, xt.IsContiguous())
	assert.Equal(t, []float32{0, 12, 1, 13, 2, 14, 3, 15}, ToSlice[float32](xt.Slice(S(None, None, 1), 0)))
	// Reshape of a transposed array copies (NumPy can't view it); of a contiguous one views.
	assert.True(t, x.Reshape(6, 4).SharesMemory(x))
	assert.False(t, xt.Reshape(-1).SharesMemory(x))
	assert.Equal(t, []float32{0, 12, 4, 16, 8, 20}, ToSlice[float32](xt.Reshape(-1))[:6])
	// Negative steps and Flip.
	f := Arange(Int64, 0, 5, 1).Flip()
	assert.Equal(t, []int64{4, 3, 2, 1, 0}, ToSlice[int64](f))
	assert.Equal(t, []int{-8}, f.Strides())
	assert.Equal(t, []int64{4, 2}, ToSlice[int64](Arange(Int64, 0, 5, 1).Slice(S(None, 1, -2))))
	// NewAxis and Ellipsis.
	assert.Equal(t, []int{2, 1, 3, 4}, x.Slice(S(), NewAxis).Shape())
	assert.Equal(t, []int{2, 3}, x.Slice(Ellipsis, 1).Shape())
	assert.Equal(t, 23.0, x.Slice(-1, -1, -1).Item())
	// Squeeze, ExpandDims, BroadcastTo.
	assert.Equal(t, []int{3}, Zeros(Float32, 1, 3, 1).Squeeze().Shape())
	assert.Equal(t, []int{3, 1}, Zeros(Float32, 3).ExpandDims(-1).Shape())
	b := FromSlice([]float32{1, 2, 3}).BroadcastTo(4, 3)
	assert.Equal(t, []int{0, 4}, b.Strides())
	assert.True(t, b.ReadOnly())
	err := Try(func() { b.SetAt(5, 0, 0) })
	require.Error(t, err)
	assert.Equal(t, Value, KindOf(err))
	assert.Contains(t, err.Error(), "read-only")
}

func TestPromotionAndScalars(t *testing.T) {
	i32 := FromSlice([]int32{1, 2, 3})
	f32 := FromSlice([]float32{1, 2, 3})
	assert.Equal(t, Int32, Add(i32, 2).DType())     // weak int scalar keeps int32
	assert.Equal(t, Float64, Add(i32, 0.5).DType()) // float scalar with ints: float64
	assert.Equal(t, Float32, Mul(f32, 0.5).DType()) // float scalar keeps float32
	assert.Equal(t, Float64, Add(i32, f32).DType()) // np.result_type(int32, float32)
	assert.Equal(t, Int64, Add(FromSlice([]bool{true}), 1).DType())
	assert.Equal(t, Float64, Div(i32, i32).DType())
	assert.Equal(t, []float32{1, 0, -1}, ToSlice[float32](Sub(2, f32)))
	assert.Equal(t, Bool, Greater(f32, 1).DType())
	assert.Equal(t, []bool{true, true, true}, ToSlice[bool](Add(FromSlice([]bool{true, false, true}), FromSlice([]bool{false, true, true}))))
}

func TestDivisionEdges(t *testing.T) {
	a := FromSlice([]int64{7, -7, 7, -7, 5, math.MinInt64})
	b := FromSlice([]int64{2, 2, -2, -2, 0, -1})
	assert.Equal(t, []int64{3, -4, -4, 3, 0, math.MinInt64}, ToSlice[int64](FloorDiv(a, b)))
	assert.Equal(t, []int64{1, 1, -1, -1, 0, 0}, ToSlice[int64](Mod(a, b)))
	assert.Equal(t, 9.0, FloorDiv(Scalar(1.0), 0.1).Item())
	fd := ToSlice[float64](FloorDiv(FromSlice([]float64{1, -1, 0}), 0.0))
	assert.True(t, math.IsInf(fd[0], 1) && math.IsInf(fd[1], -1) && math.IsNaN(fd[2]))
	assert.Equal(t, []float64{-1, 1}, ToSlice[float64](Mod(FromSlice([]float64{5, -5}), FromSlice([]float64{-3, 3}))))
	err := Try(func() { Pow(FromSlice([]int32{2}), -1) })
	assert.Equal(t, Value, KindOf(err))
}

func TestSigmoidLarge(t *testing.T) {
	x := FromSlice([]float32{-1000, -100, 0, 100, 1000, float32(math.NaN())})
	y := ToSlice[float32](Sigmoid(x))
	assert.Equal(t, []float32{0, 3.7200760e-44, 0.5, 1, 1}, y[:5])
	assert.True(t, y[5] != y[5])
	z := ToSlice[float64](Sigmoid(FromSlice([]float64{-800, 800})))
	assert.Equal(t, []float64{0, 1}, z)
}

func TestIntoForms(t *testing.T) {
	a := FromSlice([]float32{1, 2, 3})
	out := Zeros(Float64, 3)
	AddInto(out, a, a) // float32 -> float64 is a safe cast
	assert.Equal(t, []float64{2, 4, 6}, ToSlice[float64](out))
	err := Try(func() { AddInto(Zeros(Int32, 3), a, a) }) // float -> int is not same_kind
	assert.Equal(t, Value, KindOf(err))
	err = Try(func() { AddInto(Zeros(Float32, 4), a, a) })
	assert.Equal(t, Shape, KindOf(err))
	// np.add(x, x.T, out=x): the output overlaps an input in another layout.
	x := Arange(Float32, 0, 9, 1).Reshape(3, 3)
	AddInto(x, x, x.T())
	assert.Equal(t, []float32{0, 4, 8, 4, 8, 12, 8, 12, 16}, ToSlice[float32](x))
	// In place on a view writes through.
	base := Zeros(Float64, 2, 4)
	base.Slice(S(), S(1, 3)).AddInPlace(5)
	assert.Equal(t, []float64{0, 5, 5, 0, 0, 5, 5, 0}, ToSlice[float64](base))
	ExpInto(base, base)
	assert.InDelta(t, math.Exp(5), base.At(0, 1), 1e-9)
}

func TestReductionsAccurate(t *testing.T) {
	// float32 sums are compensated: 100,000 values of 0.1 sum to 10000 within 1e-5.
	v := make([]float32, 100000)
	for i := range v {
		v[i] = 0.1
	}
	got := Sum(FromSlice(v)).Item()
	assert.InDelta(t, float64(float32(0.1))*100000, got, 1e-5*10000)
	x := FromSlice([]float64{1, math.NaN(), 3, 4}, 2, 2)
	assert.True(t, math.IsNaN(Max(x).Item()))
	assert.Equal(t, []int64{1, 0}, ToSlice[int64](ArgMax(x, 0)))
	assert.Equal(t, []int{1, 2}, Sum(x, 0, KeepDims).Shape())
	assert.True(t, math.IsNaN(Mean(Zeros(Float64, 0)).Item()))
	assert.Equal(t, 0.0, Sum(Zeros(Float64, 0, 3)).Item())
	err := Try(func() { Max(Zeros(Float32, 0, 2), 0) })
	assert.Equal(t, Value, KindOf(err))
	err = Try(func() { Sum(x, 2) })
	assert.Equal(t, Axis, KindOf(err))
	assert.InDelta(t, math.Sqrt(1.25), StdDdof(FromSlice([]float64{1, 2, 3, 4}), 0).Item(), 1e-12)
	assert.InDelta(t, 5.0/3, VarDdof(FromSlice([]float64{1, 2, 3, 4}), 1).Item(), 1e-12)
}

func TestMatMulShapes(t *testing.T) {
	a := Arange(Float64, 0, 6, 1).Reshape(2, 3)
	b := Arange(Float64, 0, 12, 1).Reshape(3, 4)
	assert.Equal(t, []float64{20, 23, 26, 29, 56, 68, 80, 92}, ToSlice[float64](MatMul(a, b)))
	batch := Ones(Float32, 5, 1, 2, 3)
	assert.Equal(t, []int{5, 4, 2, 4}, MatMul(batch, Ones(Float32, 4, 3, 4)).Shape())
	v := FromSlice([]float64{1, 2, 3})
	assert.Equal(t, 14.0, MatMul(v, v).Item())
	assert.Equal(t, []int{2}, MatMul(a, v).Shape())
	err := Try(func() { MatMul(a, a) })
	assert.Equal(t, Shape, KindOf(err))
	assert.True(t, strings.Contains(err.Error(), "(2, 3) and (2, 3)"), err.Error())
	assert.Equal(t, []int64{19, 22, 43, 50}, ToSlice[int64](MatMul(FromSlice([]int64{1, 2, 3, 4}, 2, 2), FromSlice([]int64{5, 6, 7, 8}, 2, 2))))
	assert.Equal(t, []float32{3, 4, 6, 8}, ToSlice[float32](Outer(FromSlice([]float32{1, 2}), FromSlice([]float32{3, 4}))))
}

func TestErrorsName(t *testing.T) {
	err := Try(func() { Add(Ones(Float32, 3, 4), Ones(Float32, 3)) })
	require.Error(t, err)
	assert.Equal(t, "tensor.Add: shapes (3, 4) and (3,) do not broadcast: dimension 1 is 4 vs 3", err.Error())
	assert.Equal(t, Index, KindOf(Try(func() { Ones(Float32, 3).At(3) })))
	assert.Equal(t, Value, KindOf(Try(func() { Zeros(Float32, -1) })))
	assert.Equal(t, Shape, KindOf(Try(func() { Ones(Float32, 6).Reshape(4, -1) })))
	// Other panics pass through Try.
	assert.Panics(t, func() { _ = Try(func() { panic("boom") }) })
}

// TestDataOutlivesTensor checks that a slice handed out by Data keeps its values after
// its tensor is garbage: the CPU recycles dead tensors' memory, but not shared memory.
func TestDataOutlivesTensor(t *testing.T) {
	const n = 1 << 15
	x := Full(Float32, 2, n)
	s := DataAs[float32](Add(x, 1)) // the result tensor is garbage from here on
	for i := 0; i < 10; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond) // let the cleanups return dead memory to the pool
		var keep []*Tensor
		for j := 0; j < 8; j++ { // allocations that would reuse recycled memory
			keep = append(keep, Add(x, x).Fill(7))
		}
		runtime.KeepAlive(keep)
	}
	for i, v := range s {
		if v != 3 {
			t.Fatalf("s[%d] = %v after GC: the slice's memory was reused", i, v)
		}
	}
}
