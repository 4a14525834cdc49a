package tensor_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestStatsLayout runs the statistics on views of every layout against the same ops on
// contiguous copies.
func TestStatsLayout(t *testing.T) {
	layouttest.Run(t, layouttest.StatsOps(), layouttest.Config{Dev: device.CPU(), Seed: 13})
}

// kindOf runs f and returns the Kind of the *tensor.Error it panicked with (0 if none).
func kindOf(f func()) tensor.Kind { return tensor.KindOf(tensor.Try(f)) }

func TestStatsMisuse(t *testing.T) {
	f64 := func(v ...float64) *tensor.Tensor { return tensor.FromSlice(v) }
	m := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	nan := math.NaN()
	cases := []struct {
		name string
		want tensor.Kind
		f    func()
	}{
		{"NanMax empty", tensor.Value, func() { tensor.NanMax(tensor.Zeros(tensor.Float64, 0, 3), 0) }},
		{"NanMin bad axis", tensor.Axis, func() { tensor.NanMin(m, 2) }},
		{"NanArgMax all NaN", tensor.Value, func() { tensor.NanArgMax(f64(nan, nan)) }},
		{"NanArgMin two axes", tensor.Value, func() { tensor.NanArgMin(m, 0, 1) }},
		{"NanVar nil", tensor.Value, func() { tensor.NanVar(nil) }},
		{"Ptp bool", tensor.Value, func() { tensor.Ptp(tensor.FromSlice([]bool{true, false})) }},
		{"Ptp empty", tensor.Value, func() { tensor.Ptp(tensor.Zeros(tensor.Int32, 0)) }},
		{"Average no axis", tensor.Shape, func() { tensor.Average(m, f64(1, 2, 3)) }},
		{"Average length", tensor.Shape, func() { tensor.Average(m, f64(1, 2), 1) }},
		{"Average zero weights", tensor.Value, func() { tensor.Average(m, f64(1, -1, 0), 1) }},
		{"Quantile method", tensor.Value, func() { tensor.Quantile(m, 0.5, "cubic") }},
		{"Quantile q range", tensor.Value, func() { tensor.Quantile(m, []float64{0.5, 1.5}, "") }},
		{"Percentile q NaN", tensor.Value, func() { tensor.Percentile(m, nan, "") }},
		{"Quantile q rank 3", tensor.Value, func() { tensor.Quantile(m, tensor.Zeros(tensor.Float64, 1, 1, 1), "") }},
		{"Quantile q type", tensor.Value, func() { tensor.Quantile(m, "half", "") }},
		{"Quantile bool linear", tensor.Value, func() { tensor.Quantile(tensor.FromSlice([]bool{true}), 0.5, "linear") }},
		{"Quantile empty", tensor.Index, func() { tensor.Quantile(tensor.Zeros(tensor.Float64, 0), 0.5, "") }},
		{"Quantile bad axis", tensor.Axis, func() { tensor.Quantile(m, 0.5, "", 3) }},
		{"Histogram zero bins", tensor.Value, func() { tensor.Histogram(m, 0) }},
		{"Histogram float bins", tensor.Value, func() { tensor.Histogram(m, 2.5) }},
		{"Histogram reversed range", tensor.Value, func() { tensor.Histogram(m, 2, tensor.HistogramOptions{Range: []float64{3, 1}}) }},
		{"Histogram range length", tensor.Value, func() { tensor.Histogram(m, 2, tensor.HistogramOptions{Range: []float64{3}}) }},
		{"Histogram NaN range", tensor.Value, func() { tensor.Histogram(f64(1, nan), 2) }},
		{"Histogram Inf range", tensor.Value, func() { tensor.Histogram(f64(1, math.Inf(1)), 2) }},
		{"Histogram edges decreasing", tensor.Value, func() { tensor.Histogram(m, f64(1, 0)) }},
		{"Histogram edges 2-D", tensor.Value, func() { tensor.Histogram(m, m) }},
		{"Histogram weights shape", tensor.Shape, func() { tensor.Histogram(m, 2, tensor.HistogramOptions{Weights: f64(1)}) }},
		{"Bincount negative", tensor.Value, func() { tensor.Bincount(tensor.FromSlice([]int32{1, -1}), nil, 0) }},
		{"Bincount float", tensor.Value, func() { tensor.Bincount(f64(1), nil, 0) }},
		{"Bincount 2-D", tensor.Shape, func() { tensor.Bincount(tensor.Zeros(tensor.Int64, 2, 2), nil, 0) }},
		{"Bincount minlength", tensor.Value, func() { tensor.Bincount(tensor.Zeros(tensor.Int64, 2), nil, -1) }},
		{"Bincount weights", tensor.Shape, func() { tensor.Bincount(tensor.Zeros(tensor.Int64, 2), f64(1), 0) }},
		{"Cov 3-D", tensor.Shape, func() { tensor.Cov(tensor.Zeros(tensor.Float64, 2, 2, 2)) }},
		{"Cov y observations", tensor.Shape, func() { tensor.Cov(m, tensor.CovOptions{Y: f64(1, 2)}) }},
		{"Cov fweights fraction", tensor.Value, func() { tensor.Cov(m, tensor.CovOptions{FWeights: f64(1, 1.5, 1)}) }},
		{"Cov aweights negative", tensor.Value, func() { tensor.Cov(m, tensor.CovOptions{AWeights: f64(1, -1, 1)}) }},
		{"Cov aweights 2-D", tensor.Shape, func() { tensor.Cov(m, tensor.CovOptions{AWeights: m}) }},
		{"Cov two options", tensor.Value, func() { tensor.Cov(m, tensor.CovOptions{}, tensor.CovOptions{}) }},
		{"Corrcoef weights", tensor.Value, func() { tensor.Corrcoef(m, tensor.CovOptions{FWeights: f64(1, 1, 1)}) }},
		{"Diff negative n", tensor.Value, func() { tensor.Diff(m, -1) }},
		{"Diff 0-d", tensor.Value, func() { tensor.Diff(tensor.Scalar(1.0), 1) }},
		{"Diff bad axis", tensor.Axis, func() { tensor.Diff(m, 1, 2) }},
		{"Diff two axes", tensor.Value, func() { tensor.Diff(m, 1, 0, 1) }},
		{"DiffWith shape", tensor.Shape, func() { tensor.DiffWith(m, 1, 1, tensor.Zeros(tensor.Float64, 3, 1), nil) }},
		{"DiffWith string", tensor.Value, func() { tensor.DiffWith(m, 1, 1, "zero", nil) }},
		{"Gradient bool", tensor.Value, func() { tensor.Gradient(tensor.FromSlice([]bool{true, false, true})) }},
		{"Gradient short", tensor.Value, func() { tensor.Gradient(m, tensor.GradientOptions{EdgeOrder: 2}) }},
		{"Gradient edge order", tensor.Value, func() { tensor.Gradient(m, tensor.GradientOptions{EdgeOrder: 3}) }},
		{"Gradient spacings", tensor.Value, func() { tensor.Gradient(m, tensor.GradientOptions{Spacing: []any{1, 2, 3}}) }},
		{"Gradient coords length", tensor.Shape, func() {
			tensor.Gradient(m, tensor.GradientOptions{Spacing: []any{f64(1, 2)}, Axes: []int{1}})
		}},
		{"Gradient coords 2-D", tensor.Shape, func() { tensor.Gradient(m, tensor.GradientOptions{Spacing: []any{m}, Axes: []int{1}}) }},
		{"Gradient repeated axis", tensor.Value, func() { tensor.Gradient(m, tensor.GradientOptions{Axes: []int{1, -1}}) }},
		{"Gradient bad axis", tensor.Axis, func() { tensor.Gradient(m, tensor.GradientOptions{Axes: []int{2}}) }},
	}
	for _, c := range cases {
		if got := kindOf(c.f); got != c.want {
			t.Errorf("%s: error kind %v, want %v", c.name, got, c.want)
		}
	}
}

// TestStatsValues pins answers NumPy 1.24 gives (beyond the recorded cases): NumPy's
// quirks included.
func TestStatsValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	f64 := func(v ...float64) *tensor.Tensor { return tensor.FromSlice(v) }
	cases := []struct {
		name string
		got  *tensor.Tensor
		want []float64
	}{
		// np.quantile([0, 1, inf], 0.5) is nan: (inf - 1) * 0 in the interpolation.
		{"quantile inf neighbour", tensor.Quantile(f64(0, 1, inf), 0.5, ""), []float64{nan}},
		// np.quantile([1, inf], 1.0) is nan too: both neighbours are the last, inf - inf.
		{"quantile inf last", tensor.Quantile(f64(1, inf), 1.0, ""), []float64{nan}},
		{"quantile weibull", tensor.Quantile(f64(4, 1, 3, 2), []float64{0, 0.5, 1}, "weibull"), []float64{1, 2.5, 4}},
		{"nanmean all NaN", tensor.NanMean(f64(nan, nan)), []float64{nan}},
		{"nansum all NaN", tensor.NanSum(f64(nan, nan)), []float64{0}},
		{"nanstd ddof", tensor.NanStdDdof(f64(1, nan, 3), 1), []float64{math.Sqrt2}},
		{"nanvar dof 0", tensor.NanVarDdof(f64(1, nan), 1), []float64{nan}},
		{"nanargmax -inf", tensor.NanArgMax(f64(nan, math.Inf(-1))).AsType(tensor.Float64), []float64{0}},
		{"count NaN", tensor.CountNonzero(f64(0, nan, -0.0, 2)).AsType(tensor.Float64), []float64{2}},
		{"bincount", tensor.Bincount(tensor.FromSlice([]int64{0, 3, 3}), f64(0.5, 1, 2), 5), []float64{0.5, 0, 0, 3, 0}},
		{"diff bool", tensor.Diff(tensor.FromSlice([]bool{true, true, false}), 1).AsType(tensor.Float64), []float64{0, 1}},
		{"diff n past length", tensor.Diff(f64(1, 2), 5), []float64{}},
	}
	for _, c := range cases {
		got := tensor.ToSlice[float64](c.got)
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] && !(math.IsNaN(got[i]) && math.IsNaN(c.want[i])) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
	h, e := tensor.Histogram(tensor.FromSlice([]int32{1, 2, 2, 3, 3, 3}), 3)
	if got := tensor.ToSlice[int64](h); got[0] != 1 || got[1] != 2 || got[2] != 3 || e.DType() != tensor.Float64 {
		t.Errorf("Histogram([1 2 2 3 3 3], 3) = %v, %v", h, e)
	}
	if gs := tensor.Gradient(tensor.Scalar(1.0)); len(gs) != 0 {
		t.Errorf("Gradient of a 0-d tensor: %d results, want none", len(gs))
	}
	x := f64(1, 2, 4)
	if tensor.Diff(x, 0) != x {
		t.Errorf("Diff(x, 0) is not x itself")
	}
}

// TestStatsTracked runs the statistics on a tensor that requires grad: the ops they are
// composed of record (or the function detaches), and none of them refuses the input.
func TestStatsTracked(t *testing.T) {
	mk := func() *tensor.Tensor {
		return tensor.FromSlice([]float64{1, math.NaN(), 3, 4, 0.5, 6, 2, 8, 9, 1, 1, 2}, 3, 4).RequiresGrad()
	}
	fns := map[string]func(x *tensor.Tensor) any{
		"NanSum":       func(x *tensor.Tensor) any { return tensor.NanSum(x, 1) },
		"NanMean":      func(x *tensor.Tensor) any { return tensor.NanMean(x) },
		"NanMax":       func(x *tensor.Tensor) any { return tensor.NanMax(x, 0) },
		"NanStd":       func(x *tensor.Tensor) any { return tensor.NanStdDdof(x, 1, 1) },
		"NanArgMin":    func(x *tensor.Tensor) any { return tensor.NanArgMin(x, 1) },
		"Ptp":          func(x *tensor.Tensor) any { return tensor.Ptp(x, 0) },
		"CountNonzero": func(x *tensor.Tensor) any { return tensor.CountNonzero(x) },
		"Average":      func(x *tensor.Tensor) any { return tensor.Average(x, tensor.FromSlice([]float64{1, 2, 3, 4}), 1) },
		"Quantile":     func(x *tensor.Tensor) any { return tensor.Quantile(x, []float64{0.2, 0.7}, "hazen", 1) },
		"Histogram": func(x *tensor.Tensor) any {
			h, _ := tensor.Histogram(x, 3, tensor.HistogramOptions{Range: []float64{0, 9}})
			return h
		},
		"Cov":      func(x *tensor.Tensor) any { return tensor.Cov(x) },
		"Corrcoef": func(x *tensor.Tensor) any { return tensor.Corrcoef(x) },
		"Diff":     func(x *tensor.Tensor) any { return tensor.DiffWith(x, 2, 1, 0.5, nil) },
		"Gradient": func(x *tensor.Tensor) any { return tensor.Gradient(x, tensor.GradientOptions{EdgeOrder: 2}) },
	}
	for name, f := range fns {
		var tracked, plain any
		if err := tensor.Try(func() { tracked = f(mk()) }); err != nil {
			t.Errorf("%s of a tensor that requires grad: %v", name, err)
			continue
		}
		plain = f(mk().Detach())
		if fmt.Sprint(tracked) != fmt.Sprint(plain) {
			t.Errorf("%s: %v tracked, %v detached", name, tracked, plain)
		}
	}
}
