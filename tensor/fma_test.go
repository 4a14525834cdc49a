package tensor

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactFMA is x*y + z rounded once to float64 (big.Float), and to float32 when f32.
func exactFMA(x, y, z float64, f32 bool) float64 {
	p := new(big.Float).SetPrec(300).Mul(big.NewFloat(x), big.NewFloat(y))
	s := new(big.Float).SetPrec(300).Add(p, big.NewFloat(z))
	if f32 {
		f, _ := s.Float32()
		return float64(f)
	}
	f, _ := s.Float64()
	return f
}

func TestFMA(t *testing.T) {
	// One rounding: (1+2^-13)(1-2^-13) - 1 is -2^-26 exactly; a*b rounds to 1 in float32.
	e := float32(0x1p-13)
	a := FromSlice([]float32{1 + e, 2, 3})
	b := FromSlice([]float32{1 - e, 0.5, -1})
	r := FMA(a, b, -1.0)
	assert.Equal(t, Float32, r.DType())
	assert.Equal(t, []float32{-0x1p-26, 0, -4}, ToSlice[float32](r))
	assert.Equal(t, float32(0), ToSlice[float32](a.Mul(b).Sub(1))[0], "the unfused form rounds the product")

	// Broadcasting (3,1) x (4,) + scalar, checked against exact arithmetic, in both dtypes
	// and over a size that takes the SIMD kernels and their tails.
	for _, dt := range []DType{Float32, Float64} {
		x := Arange(Float64, 0, 3, 1).Mul(0.37).Add(1.1).AsType(dt).Reshape(3, 1)
		y := Linspace(Float64, -2, 3, 37, true).AsType(dt)
		got := FMA(x, y, 0.3)
		require.Equal(t, []int{3, 37}, got.Shape())
		xs, ys := ToSlice[float64](x), ToSlice[float64](y)
		gs := ToSlice[float64](got)
		c := 0.3
		if dt == Float32 {
			c = float64(float32(0.3))
		}
		for i := range 3 {
			for j := range 37 {
				assert.Equal(t, exactFMA(xs[i], ys[j], c, dt == Float32), gs[i*37+j], "%v [%d,%d]", dt, i, j)
			}
		}
		// Strided and transposed operands take the same values.
		m := Arange(Float64, 0, 60, 1).Mul(0.1).AsType(dt).Reshape(6, 10)
		want := FMA(m.T().Contiguous(), m.T().Contiguous(), m.T().Contiguous())
		assert.True(t, ArrayEqual(want, FMA(m.T(), m.T(), m.T())))
	}

	// Integers compute in float64; a float64 tensor operand promotes float32 ones.
	assert.Equal(t, Float64, FMA(FromSlice([]int64{1, 2}), 3, 1).DType())
	assert.Equal(t, []float64{4, 7}, ToSlice[float64](FMA(FromSlice([]int64{1, 2}), 3, 1)))
	assert.Equal(t, Float64, FMA(FromSlice([]float32{1}), FromSlice([]float64{2}), 1).DType())
	assert.Equal(t, 7.0, FMA(2, 3, 1).Item())

	// Into: in place on an input, and same_kind casting.
	z := FromSlice([]float64{1, 2, 3})
	FMAInto(z, z, 2.0, z)
	assert.Equal(t, []float64{3, 6, 9}, ToSlice[float64](z))
	o := Zeros(Float32, 3)
	FMAInto(o, FromSlice([]float64{1, 2, 3}), 2, 0.5)
	assert.Equal(t, []float32{2.5, 4.5, 6.5}, ToSlice[float32](o))

	// NaN and infinities as math.FMA.
	n := FMA(FromSlice([]float64{math.Inf(1), 0, math.NaN()}), FromSlice([]float64{0, 1, 1}), 1)
	s := ToSlice[float64](n)
	assert.True(t, math.IsNaN(s[0]) && s[1] == 1 && math.IsNaN(s[2]))

	// Errors.
	err := Try(func() { FMA(Zeros(Float32, 3), Zeros(Float32, 4), 1) })
	require.Error(t, err)
	assert.Equal(t, Shape, KindOf(err))
	err = Try(func() { FMAInto(nil, 1, 2, 3) })
	assert.Equal(t, Value, KindOf(err))
	err = Try(func() { FMAInto(Zeros(Int64, 3), Zeros(Float64, 3), 1, 1) })
	assert.Equal(t, Value, KindOf(err))
	assert.Contains(t, err.Error(), "same_kind")
	err = Try(func() { FMA("a", 1, 2) })
	assert.Equal(t, Value, KindOf(err))
}

// TestMatVec checks the matrix-vector forms of MatMul and Dot (which run on the dot and
// fused multiply-add kernels) against products computed in float64.
func TestMatVec(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		a := Sin(Arange(Float64, 0, 12*70, 1).Mul(0.01)).AsType(dt).Reshape(12, 70)
		v := Cos(Arange(Float64, 0, 70, 1).Mul(0.1)).AsType(dt)
		w := Cos(Arange(Float64, 0, 12, 1).Mul(0.3)).AsType(dt)
		a64, v64, w64 := ToSlice[float64](a), ToSlice[float64](v), ToSlice[float64](w)
		tol := 1e-13
		if dt == Float32 {
			tol = 1e-5
		}
		av := ToSlice[float64](MatMul(a, v))
		wa := ToSlice[float64](MatMul(w, a))
		atw := ToSlice[float64](MatMul(a.T(), w))
		for i := range 12 {
			s := 0.0
			for q := range 70 {
				s += a64[i*70+q] * v64[q]
			}
			assert.InDelta(t, s, av[i], tol*70, "%v A@v[%d]", dt, i)
		}
		for j := range 70 {
			s := 0.0
			for i := range 12 {
				s += w64[i] * a64[i*70+j]
			}
			assert.InDelta(t, s, wa[j], tol*12, "%v w@A[%d]", dt, j)
			assert.InDelta(t, s, atw[j], tol*12, "%v A.T@w[%d]", dt, j)
		}
		s := 0.0
		for q := range 70 {
			s += v64[q] * v64[q]
		}
		assert.InDelta(t, s, Dot(v, v).Item(), tol*70)
	}
}
