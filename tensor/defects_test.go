package tensor

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The defects of the robustness issue, each with its regression test: NumPy 1.24's answer
// where it has one, NumPy 2 (NEP 50) where the README says gotensor follows it.

// wantKind runs f and requires a *Error of kind k whose message contains every part.
func wantKind(t *testing.T, k Kind, f func(), parts ...string) {
	t.Helper()
	err := Try(f)
	require.Error(t, err, "want a %v error", k)
	require.Equal(t, k, KindOf(err), "error %q", err)
	for _, p := range parts {
		assert.Contains(t, err.Error(), p)
	}
}

// huge is 2^62 built at run time, so the tests compile where int is 32 bits.
func huge() int { return int(uint64(math.MaxInt)>>1 + 1) }

func TestDefectReducedReversedAxis(t *testing.T) {
	x := FromSlice([]float64{1, 2, 3, 4, 5}).Flip()
	assert.Equal(t, 15.0, x.Sum().Item())
	assert.Equal(t, 5.0, x.Max().Item())
	assert.Equal(t, 3.0, x.Mean().Item())
	assert.Equal(t, 120.0, Prod(x).Item())
	assert.True(t, All(x).Bool())
	assert.Equal(t, int64(0), x.ArgMax().Int()) // 5 is first in the reversed view
	assert.InDelta(t, math.Sqrt(2), x.Std().Item(), 1e-15)
	for _, dt := range []DType{Bool, Uint8, Int32, Int64, Float32, Float64} {
		y := FromSlice([]float64{1, 0, 3, 4, 5}).AsType(dt).Flip()
		c := y.Copy()
		assert.Equal(t, c.Sum().Item(), y.Sum().Item(), "%v", dt)
		assert.Equal(t, c.Max().Item(), y.Max().Item(), "%v", dt)
		assert.Equal(t, ArgMin(c).Int(), ArgMin(y).Int(), "%v", dt)
		assert.Equal(t, All(c).Bool(), All(y).Bool(), "%v", dt)
	}
	b := Ones(Bool, 101).Slice(S(None, None, -2))
	assert.Equal(t, int64(51), b.Sum().Int())
	// IndexArrays with a reversed index tensor (its bounds check reduces it).
	idx := FromSlice([]int64{0, 1, 2}).Flip()
	assert.Equal(t, []float64{30, 20, 10}, ToSlice[float64](IndexArrays(FromSlice([]float64{10, 20, 30}), idx)))
}

func TestDefectVarOfEmptyAxis(t *testing.T) {
	v := Var(Zeros(Float64, 0, 3), 0) // NumPy: [nan nan nan]
	require.Equal(t, []int{3}, v.Shape())
	for _, e := range ToSlice[float64](v) {
		assert.True(t, math.IsNaN(e))
	}
	s := Std(Zeros(Float32, 0, 3), 0)
	for _, e := range ToSlice[float32](s) {
		assert.True(t, math.IsNaN(float64(e)))
	}
}

func TestDefectSizesOverflow(t *testing.T) {
	h := huge()
	wantKind(t, Value, func() { Zeros(Float32, h) }, "too big")
	const side = 1 << (strconv.IntSize/2 - 1) // 2^31 where int is 64-bit, 2^15 where 32: side*side*8 overflows int
	wantKind(t, Value, func() { Eye(Float64, side, 0, 0) }, "too big")
	wantKind(t, Value, func() { Zeros(Float32, side, side, side) }, "too big")
	wantKind(t, Value, func() { FromSlice(make([]float64, 6), 6, h+1, h+1) }, "too big")
	wantKind(t, Value, func() { Scalar(1.0).BroadcastTo(h, h) }, "too big")
	wantKind(t, Value, func() { Scalar(1.0).Reshape(h, h, 0) })
	wantKind(t, Value, func() { OneHot(FromSlice([]int64{1}), h) }, "too big")
	wantKind(t, Value, func() { Arange(Float64, 0, 1e300, 1) }, "maximum allowed size")
	wantKind(t, Value, func() { Linspace(Float64, 0, 1, h, true) }, "too big")
	wantKind(t, Value, func() { Zeros(Float64, -1) }, "negative")
	// A shape of size 0 whose other dimensions overflow is refused too, as NumPy does.
	wantKind(t, Value, func() { Zeros(Float64, 0, h) }, "too big")
}

func TestDefectOutOfMemoryIsAnError(t *testing.T) {
	if math.MaxInt == math.MaxInt32 {
		t.Skip("1<<40 bytes is not an int on this platform; TestDefectSizesOverflow covers it")
	}
	n := 1 << (strconv.IntSize - 26) // 2^38 float32s, 2^40 bytes (int is 64-bit here): more than any machine has
	err := Try(func() { Zeros(Float32, n) })
	require.Error(t, err)
	require.Equal(t, Device, KindOf(err), "%v", err)
	assert.Contains(t, err.Error(), "1099511627776 bytes") // the bytes asked for
	assert.Contains(t, err.Error(), "out of memory")
	// The process goes on: an ordinary allocation works.
	assert.Equal(t, 3, Zeros(Float32, 3).Size())
}

func TestDefectNilAndFreed(t *testing.T) {
	var nilT *Tensor
	wantKind(t, Value, func() { nilT.Sum() }, "nil")
	wantKind(t, Value, func() { nilT.Shape() }, "nil")
	wantKind(t, Value, func() { (&Tensor{}).Sum() }, "zero Tensor")
	wantKind(t, Value, func() { _ = (&Tensor{}).String() }, "zero Tensor")
	wantKind(t, Value, func() { Ones(Float64, 3).To(nil) }, "nil device")
	wantKind(t, Value, func() { Add(nilT, 1) }, "nil")
	// Free ends the tensor and every view of its storage, large and small, owned or shared.
	for _, n := range []int{3, 1 << 16} {
		x := Ones(Float64, n)
		v := x.Slice(S(1, None))
		x.Free()
		wantKind(t, Value, func() { x.Sum() }, "after Free")
		wantKind(t, Value, func() { v.Sum() }, "after Free")
		wantKind(t, Value, func() { v.Add(1) }, "after Free")
		wantKind(t, Value, func() { _ = v.String() }, "after Free")
		x.Free() // a second Free is harmless
	}
	s := FromSlice([]float64{1, 2})
	s.Free()
	wantKind(t, Value, func() { s.Mean() }, "after Free")
}

func TestDefectSilentValues(t *testing.T) {
	// Var with ddof > N divides by max(N - ddof, 0): inf, as NumPy.
	v := VarDdof(FromSlice([]float64{0, 1, 2}), 5)
	assert.True(t, math.IsInf(v.Item(), 1), "%v", v.Item())
	assert.True(t, math.IsInf(VarDdof(FromSlice([]float64{0, 1, 2}), 3).Item(), 1))
	assert.True(t, math.IsNaN(VarDdof(FromSlice([]float64{2, 2}), 4).Item()))
	// Arange with a NaN or infinite bound or step.
	for _, c := range [][3]float64{{0, math.NaN(), 1}, {0, math.Inf(1), 1}, {0, 1, math.NaN()}, {math.Inf(-1), 0, 1}, {0, 1, math.Inf(1)}} {
		wantKind(t, Value, func() { Arange(Float64, c[0], c[1], c[2]) })
	}
	wantKind(t, Value, func() { Arange(Float64, 0, 1, 1e-300) }, "maximum allowed size")
	// Go scalars outside the array's integer dtype (NEP 50: NumPy 2 raises OverflowError).
	wantKind(t, Value, func() { FromSlice([]uint8{1, 2}).Add(300) }, "300", "uint8")
	wantKind(t, Value, func() { FromSlice([]uint8{1, 2}).Add(-1) }, "-1", "uint8")
	if strconv.IntSize == 64 { // a Go int beyond int32 (where int is 32 bits, every int fits int32)
		big := int64(1) << 40
		wantKind(t, Value, func() { FromSlice([]int32{1}).Add(int(big)) }, "1099511627776", "int32")
	}
	wantKind(t, Value, func() { Mul(int64(1)<<40, FromSlice([]int32{1})) }, "int32")
	cond := FromSlice([]bool{true, false})
	wantKind(t, Value, func() { Where(cond, FromSlice([]uint8{1, 2}), 1000) }, "1000", "uint8")
	wantKind(t, Value, func() { FromSlice([]uint8{1}).SetSlice(256) }, "256")
	assert.Equal(t, []uint8{0, 1}, ToSlice[uint8](FromSlice([]uint8{1, 2}).Add(255))) // in range: wraps as NumPy
	// Comparisons with an out-of-range Go integer are exact, as in NumPy 2.
	assert.Equal(t, []bool{true, true}, ToSlice[bool](Less(FromSlice([]uint8{1, 255}), 300)))
	assert.Equal(t, []bool{false, false}, ToSlice[bool](Equal(FromSlice([]int32{1, 2}), int64(1)<<40)))
	// SetAt(NaN) and out-of-range values on integer tensors.
	i := Zeros(Int64, 2)
	wantKind(t, Value, func() { i.SetAt(math.NaN(), 0) }, "NaN")
	wantKind(t, Value, func() { i.SetAt(math.Inf(1), 0) })
	wantKind(t, Value, func() { i.SetAt(1e19, 0) })
	wantKind(t, Value, func() { Zeros(Uint8, 1).Fill(256) })
	wantKind(t, Value, func() { Full(Int32, math.NaN(), 2) })
	i.SetAt(-1.5, 1) // truncates toward zero, as NumPy's a[1] = -1.5
	assert.Equal(t, []int64{0, -1}, ToSlice[int64](i))
	// Data of a read-only broadcast view.
	wantKind(t, Value, func() { Scalar(1.0).BroadcastTo(1).Data() }, "read-only")
}

func TestDefectNumPyBehaviour(t *testing.T) {
	// zeros((3,2))[...] = ones((1,3,2)): leading 1-dims of the value are dropped.
	z := Zeros(Float64, 3, 2)
	z.SetSlice(Ones(Float64, 1, 3, 2), Ellipsis)
	assert.Equal(t, []float64{1, 1, 1, 1, 1, 1}, ToSlice[float64](z))
	wantKind(t, Shape, func() { Zeros(Float64, 3, 2).SetSlice(Ones(Float64, 2, 3, 2), Ellipsis) })
	// Ufunc reductions of a 0-d tensor accept axis 0 or -1; Mean/Var/Std do not.
	s := Scalar(2.0)
	for _, f := range []func(*Tensor, ...int) *Tensor{Sum, Prod, Max, Min} {
		assert.Equal(t, 2.0, f(s, 0).Item())
		assert.Equal(t, 2.0, f(s, -1).Item())
		assert.Equal(t, 2.0, f(s, 0, KeepDims).Item())
	}
	assert.True(t, All(s, 0).Bool())
	assert.True(t, Any(s, -1).Bool())
	assert.Equal(t, int64(0), ArgMax(s, 0).Int())
	wantKind(t, Axis, func() { Sum(s, 1) })
	wantKind(t, Axis, func() { Sum(s, 0, -1) })
	wantKind(t, Axis, func() { Mean(s, 0) })
	wantKind(t, Axis, func() { Std(s, -1) })
	// Index tensors that do not broadcast: NumPy's IndexError.
	wantKind(t, Index, func() {
		IndexArrays(Zeros(Float64, 5, 5), FromSlice([]int64{0, 1}), FromSlice([]int64{0, 1, 2}))
	}, "shape mismatch")
	// Arange on integers steps by int(start+step) - int(start), as NumPy 1.24.
	assert.Equal(t, []int64{0, 0, 0, 0}, ToSlice[int64](Arange(Int64, 0, 2, 0.5)))
	assert.Equal(t, []int64{1, 2}, ToSlice[int64](Arange(Int64, 1, 4, 1.5)))
	assert.Equal(t, []int32{5, 3, 1}, ToSlice[int32](Arange(Int32, 5, 0, -2)))
}

func TestDefectWorkerPanicReachesTry(t *testing.T) {
	// A use after Free of a large tensor, many times: it must always be a typed error on
	// the caller's goroutine, never a crash from a worker.
	for range 20 {
		x := Ones(Float32, 1<<20)
		y := x.Slice(S(None, None, 2))
		x.Free()
		err := Try(func() { y.Exp() })
		require.Error(t, err)
		assert.True(t, strings.Contains(err.Error(), "after Free"), "%v", err)
	}
}
