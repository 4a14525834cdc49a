package linalg_test

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func TestNorm(t *testing.T) {
	x := tensor.FromSlice([]float64{1, -2, 3, -4, 5, -6}, 2, 3)
	v := tensor.FromSlice([]float64{3, -4, 0, 1})
	t3 := tensor.Arange(tensor.Float64, -11, 13, 1).Reshape(2, 3, 4)
	keep := tensor.KeepDims
	tests := []struct {
		name  string
		x     *tensor.Tensor
		ord   linalg.Ord
		axes  []int
		dt    tensor.DType
		shape []int
		want  []float64
	}{
		{"mat-default", x, linalg.Default, nil, tensor.Float64, []int{}, []float64{9.539392014169456}},
		{"mat-fro", x, linalg.Fro, nil, tensor.Float64, []int{}, []float64{9.539392014169456}},
		{"mat-nuc", x, linalg.Nuc, nil, tensor.Float64, []int{}, []float64{10.280901636369208}},
		{"mat-1", x, linalg.P(1), nil, tensor.Float64, []int{}, []float64{9}},
		{"mat--1", x, linalg.P(-1), nil, tensor.Float64, []int{}, []float64{5}},
		{"mat-2", x, linalg.P(2), nil, tensor.Float64, []int{}, []float64{9.508032000695724}},
		{"mat--2", x, linalg.P(-2), nil, tensor.Float64, []int{}, []float64{0.7728696356734843}},
		{"mat-inf", x, linalg.Inf, nil, tensor.Float64, []int{}, []float64{15}},
		{"mat--inf", x, linalg.NegInf, nil, tensor.Float64, []int{}, []float64{6}},
		{"mat-keepdims", x, linalg.P(2), []int{keep}, tensor.Float64, []int{1, 1}, []float64{9.508032000695724}},
		{"mat-transposed-1", x.T(), linalg.Inf, nil, tensor.Float64, []int{}, []float64{9}},
		{"mat-f32", x.AsType(tensor.Float32), linalg.P(2), nil, tensor.Float32, []int{}, []float64{9.508032000695724}},
		{"vec-default", v, linalg.Default, nil, tensor.Float64, []int{}, []float64{5.0990195135927845}},
		{"vec-1", v, linalg.P(1), nil, tensor.Float64, []int{}, []float64{8}},
		{"vec-2", v, linalg.P(2), nil, tensor.Float64, []int{}, []float64{5.0990195135927845}},
		{"vec-inf", v, linalg.Inf, nil, tensor.Float64, []int{}, []float64{4}},
		{"vec--inf", v, linalg.NegInf, nil, tensor.Float64, []int{}, []float64{0}},
		{"vec-0", v, linalg.P(0), nil, tensor.Float64, []int{}, []float64{3}},
		{"vec-3", v, linalg.P(3), nil, tensor.Float64, []int{}, []float64{4.514357435474001}},
		{"vec--1", v, linalg.P(-1), nil, tensor.Float64, []int{}, []float64{0}},
		{"vec-0.5", v, linalg.P(0.5), nil, tensor.Float64, []int{}, []float64{22.392304845413257}},
		{"vec-int", v.AsType(tensor.Int32), linalg.Default, nil, tensor.Float64, []int{}, []float64{5.0990195135927845}},
		{"vec-f32", v.AsType(tensor.Float32), linalg.Default, nil, tensor.Float32, []int{}, []float64{5.0990195135927845}},
		{"rows", x, linalg.Default, []int{1}, tensor.Float64, []int{2}, []float64{math.Sqrt(14), math.Sqrt(77)}},
		{"rows-keepdims", x, linalg.P(1), []int{-1, keep}, tensor.Float64, []int{2, 1}, []float64{6, 15}},
		{"columns", x, linalg.Inf, []int{0}, tensor.Float64, []int{3}, []float64{4, 5, 6}},
		{"3d-flat", t3, linalg.Default, nil, tensor.Float64, []int{}, []float64{34}},
		{"3d-flat-keepdims", t3, linalg.Default, []int{keep}, tensor.Float64, []int{1, 1, 1}, []float64{34}},
		{"3d-axis1", t3, linalg.Default, []int{1}, tensor.Float64, []int{2, 4},
			[]float64{13.379088160259652, 11.832159566199232, 10.344080432788601, 8.94427190999916, 10.344080432788601, 11.832159566199232, 13.379088160259652, 14.966629547095765}},
		{"3d-2-axes02", t3, linalg.P(2), []int{0, 2}, tensor.Float64, []int{3}, []float64{19.712649798827737, 17.031482917207914, 21.299096568593875}},
		{"3d-1-axes20", t3, linalg.P(1), []int{2, 0}, tensor.Float64, []int{3}, []float64{38, 26, 42}},
		{"3d-inf-axes20-keepdims", t3, linalg.Inf, []int{2, 0, keep}, tensor.Float64, []int{1, 3, 1}, []float64{12, 12, 12}},
		{"3d-nuc-batched", t3, linalg.Nuc, []int{1, 2}, tensor.Float64, []int{2}, []float64{24.364638499284705, 27.159447881001306}},
		{"3d-fro-negative-axes", t3, linalg.Fro, []int{-2, -1}, tensor.Float64, []int{2}, []float64{math.Sqrt(506), math.Sqrt(650)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tol := 1e-13
			if tc.dt == tensor.Float32 {
				tol = 1e-6
			}
			check(t, linalg.Norm(tc.x, tc.ord, tc.axes...), tc.dt, tc.shape, tc.want, tol)
		})
	}
}

func TestNormErrors(t *testing.T) {
	x := tensor.Ones(tensor.Float64, 2, 3, 4)
	tests := []struct {
		name string
		f    func()
		kind tensor.Kind
	}{
		{"axis", func() { linalg.Norm(x, linalg.Default, 3) }, tensor.Axis},
		{"negative-axis", func() { linalg.Norm(x, linalg.Default, 0, -4) }, tensor.Axis},
		{"fro-vector", func() { linalg.Norm(x, linalg.Fro, 1) }, tensor.Value},
		{"nuc-vector", func() { linalg.Norm(x.Slice(0, 0), linalg.Nuc) }, tensor.Value},
		{"matrix-order-3", func() { linalg.Norm(x, linalg.P(3), 0, 1) }, tensor.Value},
		{"three-axes", func() { linalg.Norm(x, linalg.Default, 0, 1, 2) }, tensor.Value},
		{"duplicate-axes", func() { linalg.Norm(x, linalg.Default, 1, -2) }, tensor.Value},
		{"ord-on-3d", func() { linalg.Norm(x, linalg.P(1)) }, tensor.Value},
		{"nil", func() { linalg.Norm(nil, linalg.Default) }, tensor.Value},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tensor.Try(tc.f); tensor.KindOf(err) != tc.kind {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
		})
	}
}

func TestOrdString(t *testing.T) {
	for _, tc := range []struct {
		o    linalg.Ord
		want string
	}{{linalg.Default, "None"}, {linalg.Fro, "fro"}, {linalg.Nuc, "nuc"}, {linalg.Inf, "inf"}, {linalg.NegInf, "-inf"}, {linalg.P(2), "2"}, {linalg.P(0.5), "0.5"}} {
		if got := tc.o.String(); got != tc.want {
			t.Errorf("%#v: %q, want %q", tc.o, got, tc.want)
		}
	}
}
