package tensor

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// Expected values in this file were computed with NumPy 1.24 (Debian's python3-numpy)
// from the definitions in the doc comments.

// mlCheck compares got with want (shape, dtype and values within rtol; NaN matches NaN,
// ±Inf match exactly).
func mlCheck(t *testing.T, got *Tensor, dt DType, shape []int, want []float64, rtol float64) {
	t.Helper()
	if got.DType() != dt {
		t.Errorf("dtype %v, want %v", got.DType(), dt)
	}
	if !slices.Equal(got.Shape(), shape) {
		t.Fatalf("shape %v, want %v", got.Shape(), shape)
	}
	g := ToSlice[float64](got)
	for i, w := range want {
		ok := g[i] == w || math.IsNaN(g[i]) && math.IsNaN(w) ||
			!math.IsInf(w, 0) && math.Abs(g[i]-w) <= rtol*math.Abs(w)+rtol
		if !ok {
			t.Errorf("element %d: got %v, want %v", i, g[i], w)
		}
	}
}

func TestSoftmaxLogSoftmax(t *testing.T) {
	x := FromSlice([]float64{1, 2, 3, -1, 0, 1.5}, 2, 3)
	x3 := Arange(Float64, 0, 24, 1).Reshape(2, 3, 4).Div(7.0).Sub(1.0)
	huge := FromSlice([]float32{1000, 1001, 1002, -1000, -1000, -1000}, 2, 3)
	tests := []struct {
		name  string
		x     *Tensor
		axis  int
		log   bool
		dt    DType
		want  []float64
		rtol  float64
		shape []int
	}{
		{"last", x, -1, false, Float64, []float64{0.09003057317038043, 0.24472847105479767, 0.6652409557748218, 0.0628900132458675, 0.17095278019779026, 0.7661572065563422}, 1e-14, nil},
		{"first", x, 0, false, Float64, []float64{0.8807970779778825, 0.8807970779778825, 0.8175744761936437, 0.11920292202211755, 0.11920292202211755, 0.18242552380635632}, 1e-14, nil},
		{"log-last", x, 1, true, Float64, []float64{-2.4076059644443806, -1.4076059644443804, -0.40760596444438035, -2.7663678998071335, -1.7663678998071337, -0.26636789980713366}, 1e-14, nil},
		{"log-first", x, -2, true, Float64, []float64{-0.1269280110429724, -0.1269280110429724, -0.20141327798275246, -2.1269280110429722, -2.1269280110429722, -1.7014132779827524}, 1e-14, nil},
		{"3d-middle", x3, 1, false, Float64, []float64{0.16930472446194098, 0.16930472446194098, 0.16930472446194098, 0.16930472446194098, 0.29980395150062983, 0.2998039515006298, 0.2998039515006298, 0.29980395150062983, 0.5308913240374292, 0.5308913240374292, 0.5308913240374292, 0.5308913240374292, 0.16930472446194098, 0.16930472446194098, 0.16930472446194098, 0.16930472446194098, 0.2998039515006298, 0.2998039515006298, 0.2998039515006299, 0.2998039515006299, 0.5308913240374292, 0.5308913240374292, 0.5308913240374292, 0.5308913240374292}, 1e-14, nil},
		{"log-3d-middle", x3, 1, true, Float64, []float64{-1.7760550843733363, -1.7760550843733363, -1.7760550843733363, -1.7760550843733363, -1.2046265129447646, -1.2046265129447646, -1.2046265129447649, -1.2046265129447646, -0.6331979415161934, -0.6331979415161932, -0.6331979415161934, -0.6331979415161934, -1.7760550843733363, -1.7760550843733363, -1.7760550843733363, -1.7760550843733363, -1.2046265129447649, -1.204626512944765, -1.2046265129447646, -1.2046265129447646, -0.6331979415161932, -0.6331979415161934, -0.6331979415161934, -0.6331979415161934}, 1e-14, nil},
		{"stable-f32", huge, -1, false, Float32, []float64{0.09003057330846786, 0.2447284609079361, 0.6652409434318542, 0.3333333432674408, 0.3333333432674408, 0.3333333432674408}, 1e-6, nil},
		{"log-stable-f32", huge, -1, true, Float32, []float64{-2.4076061248779297, -1.4076060056686401, -0.40760600566864014, -1.0986123085021973, -1.0986123085021973, -1.0986123085021973}, 1e-6, nil},
		{"neg-inf", FromSlice([]float64{math.Inf(-1), 0, 1}, 1, 3), -1, false, Float64, []float64{0, 0.26894142136999516, 0.7310585786300049}, 1e-14, nil},
		{"log-neg-inf", FromSlice([]float64{math.Inf(-1), 0, 1}, 1, 3), -1, true, Float64, []float64{math.Inf(-1), -1.3132616875182228, -0.3132616875182228}, 1e-14, nil},
		{"all-neg-inf", FromSlice([]float64{math.Inf(-1), math.Inf(-1)}, 1, 2), -1, false, Float64, []float64{math.NaN(), math.NaN()}, 0, nil},
		{"int", FromSlice([]int64{1, 2, 3, 5}, 2, 2), 1, false, Float64, []float64{0.26894142136999516, 0.7310585786300049, 0.11920292202211755, 0.8807970779778825}, 1e-14, nil},
		{"transposed-view", x.T(), 1, false, Float64, []float64{0.8807970779778825, 0.11920292202211755, 0.8807970779778825, 0.11920292202211755, 0.8175744761936437, 0.18242552380635632}, 1e-14, []int{3, 2}},
		{"empty", Zeros(Float32, 0, 3), 0, false, Float32, nil, 0, []int{0, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Softmax
			if tc.log {
				f = LogSoftmax
			}
			shape := tc.shape
			if shape == nil {
				shape = tc.x.Shape()
			}
			mlCheck(t, f(tc.x, tc.axis), tc.dt, shape, tc.want, tc.rtol)
		})
	}
}

func TestCrossEntropy(t *testing.T) {
	lg := FromSlice([]float64{2, 1, 0.1, -1, 0.5, 2.5, -0.3, 0, 1, 1, 1, 1}, 3, 4)
	lab := FromSlice([]int64{0, 3, 1})
	lg3 := Mod(Arange(Float64, 0, 12, 1), 5.0).Sub(2.0).Reshape(2, 2, 3)
	tests := []struct {
		name   string
		logits *Tensor
		labels *Tensor
		dt     DType
		want   float64
		rtol   float64
	}{
		{"float64", lg, lab, Float64, 1.52702798048879, 1e-14},
		{"float32", lg.AsType(Float32), lab, Float32, 1.5270280838012695, 1e-6},
		{"int32-labels", lg, lab.AsType(Int32), Float64, 1.52702798048879, 1e-14},
		{"batched", lg3, FromSlice([]int64{0, 2, 1, 1}, 2, 2), Float64, 3.051914618478415, 1e-14},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mlCheck(t, CrossEntropy(tc.logits, tc.labels), tc.dt, []int{}, []float64{tc.want}, tc.rtol)
		})
	}
}

func TestMLErrors(t *testing.T) {
	lg := Zeros(Float64, 3, 4)
	tests := []struct {
		name string
		f    func()
		kind Kind
	}{
		{"ce-label-too-big", func() { CrossEntropy(lg, FromSlice([]int64{0, 4, 1})) }, Index},
		{"ce-label-negative", func() { CrossEntropy(lg, FromSlice([]int64{0, -1, 1})) }, Index},
		{"ce-float-labels", func() { CrossEntropy(lg, FromSlice([]float64{0, 1, 1})) }, Value},
		{"ce-shape", func() { CrossEntropy(lg, FromSlice([]int64{0, 1})) }, Shape},
		{"ce-0d-logits", func() { CrossEntropy(Scalar(1.0), Scalar(int64(0))) }, Shape},
		{"softmax-axis", func() { Softmax(lg, 2) }, Axis},
		{"log-softmax-axis", func() { LogSoftmax(lg, -3) }, Axis},
		{"normalize-axis", func() { Normalize(lg, 5) }, Axis},
		{"standardize-axis", func() { Standardize(lg, -3) }, Axis},
		{"mse-shape", func() { MSE(Zeros(Float64, 3), Zeros(Float64, 4)) }, Shape},
		{"accuracy-shape", func() { Accuracy(Zeros(Int64, 3), Zeros(Int64, 3, 1)) }, Shape},
		{"nil", func() { Softmax(nil, 0) }, Value},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Try(tc.f)
			if KindOf(err) != tc.kind {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
		})
	}
}

func TestRegressionLosses(t *testing.T) {
	yt, yp := FromSlice([]float64{1, 2, 3, 4}), FromSlice([]float64{1.5, 2, 2, 5})
	yt2, yp2 := FromSlice([]float64{1, 2, 3, 4}, 2, 2), FromSlice([]float64{0.5, 3})
	ia, ib := FromSlice([]int64{1, 2, 3}), FromSlice([]int64{3, 2, 0})
	tests := []struct {
		name   string
		f      func(a, b *Tensor) *Tensor
		a, b   *Tensor
		dt     DType
		expect float64
	}{
		{"mse", MSE, yt, yp, Float64, 0.5625},
		{"mae", MAE, yt, yp, Float64, 0.625},
		{"rmse", RMSE, yt, yp, Float64, 0.75},
		{"mse-broadcast", MSE, yt2, yp2, Float64, 2.125},
		{"mse-int", MSE, ia, ib, Float64, 4.333333333333333},
		{"mae-f32", MAE, yt.AsType(Float32), yp.AsType(Float32), Float32, 0.625},
		{"accuracy", Accuracy, FromSlice([]int64{0, 1, 2, 2}), FromSlice([]int64{0, 2, 2, 2}), Float64, 0.75},
		{"accuracy-mixed-dtypes", Accuracy, FromSlice([]int32{0, 1, 2, 2}), FromSlice([]int64{0, 1, 2, 2}), Float64, 1},
		{"accuracy-2d", Accuracy, FromSlice([]int64{0, 1, 2, 2}, 2, 2), FromSlice([]int64{1, 0, 0, 2}, 2, 2), Float64, 0.25},
		{"accuracy-empty", Accuracy, Zeros(Int64, 0), Zeros(Int64, 0), Float64, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mlCheck(t, tc.f(tc.a, tc.b), tc.dt, []int{}, []float64{tc.expect}, 1e-14)
		})
	}
}

func TestNormalizeStandardize(t *testing.T) {
	n := FromSlice([]float64{3, 4, 1, 0, -2, 2}, 3, 2)
	d := FromSlice([]float64{1, 10, 2, 20, 4, 25, 7, 45}, 4, 2)
	tests := []struct {
		name string
		got  func() *Tensor
		dt   DType
		want []float64
		rtol float64
	}{
		{"normalize-last", func() *Tensor { return Normalize(n, -1) }, Float64, []float64{0.6, 0.8, 1.0, 0.0, -0.7071067811865475, 0.7071067811865475}, 1e-15},
		{"normalize-first", func() *Tensor { return Normalize(n, 0) }, Float64, []float64{0.8017837257372732, 0.8944271909999159, 0.2672612419124244, 0.0, -0.5345224838248488, 0.4472135954999579}, 1e-15},
		{"normalize-f32", func() *Tensor { return Normalize(n.AsType(Float32), -1) }, Float32, []float64{0.6, 0.8, 1.0, 0.0, -0.7071067811865475, 0.7071067811865475}, 1e-6},
		{"normalize-int", func() *Tensor { return Normalize(n.AsType(Int32), 1) }, Float64, []float64{0.6, 0.8, 1.0, 0.0, -0.7071067811865475, 0.7071067811865475}, 1e-15},
		{"normalize-zero", func() *Tensor { return Normalize(Zeros(Float64, 2), 0) }, Float64, []float64{math.NaN(), math.NaN()}, 0},
		{"standardize-first", func() *Tensor { return Standardize(d, 0) }, Float64, []float64{-1.091089451179962, -1.1766968108291043, -0.6546536707079772, -0.3922322702763681, 0.2182178902359924, 0.0, 1.5275252316519468, 1.5689290811054724}, 1e-14},
		{"standardize-last", func() *Tensor { return Standardize(d, -1) }, Float64, []float64{-1, 1, -1, 1, -1, 1, -1, 1}, 1e-14},
		{"standardize-f32", func() *Tensor { return Standardize(d.AsType(Float32), 0) }, Float32, []float64{-1.091089451179962, -1.1766968108291043, -0.6546536707079772, -0.3922322702763681, 0.2182178902359924, 0.0, 1.5275252316519468, 1.5689290811054724}, 1e-6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.got()
			mlCheck(t, got, tc.dt, got.Shape(), tc.want, tc.rtol)
		})
	}
}

func ExampleSoftmax() {
	logits := FromSlice([]float64{1, 2, 3, 1000, 1000, 1000}, 2, 3)
	p := Softmax(logits, -1)
	fmt.Printf("%.4f\n", ToSlice[float64](p))
	// Output: [0.0900 0.2447 0.6652 0.3333 0.3333 0.3333]
}

func ExampleCrossEntropy() {
	logits := FromSlice([]float64{2, 0, 0, 0, 2, 0}, 2, 3)
	labels := FromSlice([]int64{0, 1})
	fmt.Printf("%.4f\n", CrossEntropy(logits, labels).Item())
	// Output: 0.2395
}

// TestSoftmaxFusedMatchesComposed checks the CPU's fused kernel against the composed form
// other devices use, on rows with -inf, large values, NaN and both axes.
func TestSoftmaxFusedMatchesComposed(t *testing.T) {
	v := make([]float32, 7*45)
	for i := range v {
		v[i] = float32((i*37)%101) - 50
	}
	v[3] = float32(math.Inf(-1))
	v[50] = 1e30
	v[100] = float32(math.NaN())
	x := FromSlice(v, 7, 45)
	for _, axis := range []int{0, 1, -1} {
		for _, xx := range []*Tensor{x, x.AsType(Float64), x.T()} {
			a := axis
			if a >= xx.NDim() || a < -xx.NDim() {
				continue
			}
			if !allCloseNaN(Softmax(xx, a), softmaxComposed(xx, normAxis("t", a, xx.NDim())), 1e-5, 1e-7) {
				t.Fatalf("softmax axis %d differs from the composed form", a)
			}
			if !allCloseNaN(LogSoftmax(xx, a), logSoftmaxComposed(xx, normAxis("t", a, xx.NDim())), 1e-5, 1e-6) {
				t.Fatalf("log-softmax axis %d differs from the composed form", a)
			}
		}
	}
}

// allCloseNaN is AllClose with NaNs equal.
func allCloseNaN(a, b *Tensor, rtol, atol float64) bool {
	return All(IsClose(a, b, rtol, atol, true)).Bool()
}
