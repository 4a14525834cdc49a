package linalg

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/internal/misuse"
	"github.com/gotensor/gotensor/tensor"
)

// values is a deterministic m×n float64 matrix (or stack, with more dims).
func values(seed int, shape ...int) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64((i*7+seed*5)%13)/4 - 1.5
	}
	return tensor.FromSlice(v, shape...)
}

func near(t *testing.T, what string, got, want *tensor.Tensor, tol float64) {
	t.Helper()
	if !slices.Equal(got.Shape(), want.Shape()) || got.DType() != want.DType() {
		t.Errorf("%s: %v %v, want %v %v", what, got.DType(), got.Shape(), want.DType(), want.Shape())
		return
	}
	g, w := tensor.ToSlice[float64](got), tensor.ToSlice[float64](want)
	for i := range w {
		if !(g[i] == w[i] || math.Abs(g[i]-w[i]) <= tol*(1+math.Abs(w[i]))) {
			t.Errorf("%s: element %d is %v, want %v", what, i, g[i], w[i])
			return
		}
	}
}

func TestMultiDot(t *testing.T) {
	chains := [][][]int{
		{{10, 100}, {100, 5}, {5, 50}},
		{{3, 4}, {4, 5}, {5, 2}, {2, 6}},
		{{2, 7}, {7, 1}, {1, 6}, {6, 5}, {5, 3}},
		{{1, 8}, {8, 8}, {8, 8}, {8, 1}},
		{{4, 0}, {0, 3}, {3, 2}},
	}
	for _, ch := range chains {
		ts := make([]*tensor.Tensor, len(ch))
		want := values(0, ch[0]...)
		for i, s := range ch {
			ts[i] = values(i, s...)
			if i > 0 {
				want = tensor.MatMul(want, ts[i])
			}
		}
		near(t, fmt.Sprint(ch), MultiDot(ts...), want, 1e-12)
	}
	a, b, c := values(1, 3), values(2, 3, 4), values(3, 4)
	near(t, "vectors at both ends", MultiDot(a, b, b.T(), b, c), tensor.MatMul(tensor.MatMul(tensor.MatMul(tensor.MatMul(a, b), b.T()), b), c), 1e-12)
	near(t, "vector first", MultiDot(a, b, values(4, 4, 2)), tensor.MatMul(tensor.MatMul(a, b), values(4, 4, 2)), 1e-12)
	near(t, "vector last", MultiDot(b.T(), b, c), tensor.MatMul(tensor.MatMul(b.T(), b), c), 1e-12)
	near(t, "two is Dot", MultiDot(values(1, 2, 3, 4), c), tensor.Dot(values(1, 2, 3, 4), c), 0)
	if got := MultiDot(tensor.FromSlice([]int32{1, 2}), tensor.FromSlice([]int32{1, 0, 0, 1}, 2, 2), tensor.FromSlice([]int32{3, 4})); got.DType() != tensor.Int32 || got.Int() != 11 {
		t.Errorf("int32 chain: %v", got)
	}
}

// TestChainOrder pins NumPy's order on a chain where it matters: (AB)C costs 7,500
// multiplications and A(BC) 75,000.
func TestChainOrder(t *testing.T) {
	ts := []*tensor.Tensor{tensor.Zeros(tensor.Float64, 10, 100), tensor.Zeros(tensor.Float64, 100, 5), tensor.Zeros(tensor.Float64, 5, 50)}
	if s := chainOrder(ts); s[0][2] != 1 {
		t.Errorf("split of the whole chain at %d, want 1: (AB)C", s[0][2])
	}
	ts[0], ts[2] = tensor.Zeros(tensor.Float64, 50, 5), tensor.Zeros(tensor.Float64, 100, 10)
	ts[1] = tensor.Zeros(tensor.Float64, 5, 100)
	if s := chainOrder(ts); s[0][2] != 0 {
		t.Errorf("split of the whole chain at %d, want 0: A(BC)", s[0][2])
	}
}

func TestMatrixPower(t *testing.T) {
	x := values(1, 2, 3, 3)
	pow := x
	for n := 1; n <= 9; n++ {
		near(t, fmt.Sprintf("n=%d", n), MatrixPower(x, n), pow, 1e-12)
		pow = tensor.MatMul(pow, x)
	}
	if MatrixPower(x, 1) != x {
		t.Errorf("n=1 should return x itself, as NumPy")
	}
	near(t, "n=0", MatrixPower(x, 0), tensor.Eye(tensor.Float64, 3, 0, 0).BroadcastTo(2, 3, 3).Copy(), 0)
	wc := tensor.FromSlice([]float64{2, 1, 0, 1, 3, 1, 0, 1, 4}, 3, 3)
	inv := Inv(wc)
	near(t, "n=-1", MatrixPower(wc, -1), inv, 0)
	near(t, "n=-3", MatrixPower(wc, -3), tensor.MatMul(tensor.MatMul(inv, inv), inv), 1e-12)
	ints := tensor.FromSlice([]int32{1, 1, 1, 0}, 2, 2) // Fibonacci
	if got := MatrixPower(ints, 10); got.DType() != tensor.Int32 || got.At(0, 1) != 55 {
		t.Errorf("int32 power: %v", got)
	}
	if got := MatrixPower(ints, 0); got.DType() != tensor.Int32 || !tensor.ArrayEqual(got, tensor.Eye(tensor.Int32, 2, 0, 0)) {
		t.Errorf("int32 identity: %v", got)
	}
	if got := MatrixPower(ints, -1); got.DType() != tensor.Float64 {
		t.Errorf("int32 inverse has dtype %v, want float64", got.DType())
	}
	if got := MatrixPower(tensor.Zeros(tensor.Float64, 0, 0), -2); !slices.Equal(got.Shape(), []int{0, 0}) {
		t.Errorf("empty: shape %v", got.Shape())
	}
}

func TestCond(t *testing.T) {
	x := values(2, 2, 4, 4)
	s := tensor.ToSlice[float64](SVDVals(x))
	want := tensor.FromSlice([]float64{s[0] / s[3], s[4] / s[7]}, 2)
	near(t, "Default", Cond(x, Default), want, 1e-13)
	near(t, "P(2)", Cond(x, P(2)), want, 1e-13)
	near(t, "P(-2)", Cond(x, P(-2)), tensor.FromSlice([]float64{s[3] / s[0], s[7] / s[4]}, 2), 1e-13)
	for _, p := range []Ord{P(1), P(-1), Inf, NegInf, Fro, Nuc} {
		want := tensor.Mul(Norm(x, p, -2, -1), Norm(Inv(x), p, -2, -1))
		near(t, p.String(), Cond(x, p), want, 1e-12)
	}
	inf := math.Inf(1)
	sing := tensor.FromSlice([]float64{1, 2, 2, 4, 2, 1, 1, 3}, 2, 2, 2)
	near(t, "singular, inverse-based", Cond(sing, P(1)), tensor.FromSlice([]float64{inf, 3.2}, 2), 1e-13)
	near(t, "singular, SVD", Cond(tensor.FromSlice([]float64{1, 0, 0, 0}, 2, 2), Default), tensor.Scalar(inf), 0)
	near(t, "zeros", Cond(tensor.Zeros(tensor.Float64, 2, 2), P(-2)), tensor.Scalar(inf), 0)
	if got := Cond(tensor.FromSlice([]float64{1, math.NaN(), 0, 1}, 2, 2), Inf).Item(); !math.IsNaN(got) {
		t.Errorf("NaN matrix: %v, want NaN", got)
	}
	near(t, "non-square", Cond(values(3, 2, 3), Default), Cond(values(3, 2, 3).T(), Default), 1e-12)
	if got := Cond(x.AsType(tensor.Float32), Fro); got.DType() != tensor.Float32 {
		t.Errorf("float32 input gives %v", got.DType())
	}
	if got := Cond(tensor.FromSlice([]int32{2, 0, 0, 1}, 2, 2), Default); got.DType() != tensor.Float64 || got.Item() != 2 {
		t.Errorf("int32 input gives %v", got)
	}
	if got := Cond(tensor.Zeros(tensor.Float64, 0, 3, 3), P(1)); !slices.Equal(got.Shape(), []int{0}) {
		t.Errorf("empty stack gives shape %v", got.Shape())
	}
	// No gradient is recorded.
	if Cond(x.Copy().RequiresGrad(), P(1)).TracksGrad() {
		t.Errorf("Cond records a gradient")
	}
}

func TestProductsMisuse(t *testing.T) {
	var nilT *tensor.Tensor
	sq, rect, vec := values(1, 2, 2), values(1, 2, 3), values(1, 3)
	misuse.Check(t,
		misuse.P("MultiDot one", tensor.Value, func() { MultiDot(sq) }),
		misuse.P("MultiDot nil", tensor.Value, func() { MultiDot(sq, nilT, sq) }),
		misuse.P("MultiDot 3-D", tensor.Shape, func() { MultiDot(sq, values(1, 2, 2, 2), sq) }),
		misuse.P("MultiDot misaligned", tensor.Shape, func() { MultiDot(sq, rect, sq) }),
		misuse.P("MatrixPower rect", tensor.Shape, func() { MatrixPower(rect, 2) }),
		misuse.P("MatrixPower 1-D", tensor.Shape, func() { MatrixPower(vec, 2) }),
		misuse.P("MatrixPower singular", tensor.Singular, func() { MatrixPower(tensor.Zeros(tensor.Float64, 2, 2), -1) }),
		misuse.P("MatrixPower nil", tensor.Value, func() { MatrixPower(nilT, 2) }),
		misuse.P("Cond empty", tensor.Value, func() { Cond(tensor.Zeros(tensor.Float64, 0, 0), Default) }),
		misuse.P("Cond 1-D", tensor.Shape, func() { Cond(vec, Default) }),
		misuse.P("Cond rect inverse", tensor.Shape, func() { Cond(rect, P(1)) }),
		misuse.P("Cond order", tensor.Value, func() { Cond(sq, P(3)) }),
		misuse.P("Cond NaN SVD", tensor.Value, func() { Cond(tensor.FromSlice([]float64{1, math.NaN(), 0, 1}, 2, 2), Default) }),
		misuse.P("Cond nil", tensor.Value, func() { Cond(nilT, Default) }),
	)
}
