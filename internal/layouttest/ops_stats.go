package layouttest

import (
	"fmt"
	"math/rand/v2"

	"github.com/gotensor/gotensor/tensor"
)

// statsShapes: 0-d, empty, size 1, odd lengths, unit and empty middle dimensions.
var statsShapes = [][][]int{{{}}, {{0}}, {{1}}, {{7}}, {{3, 5}}, {{4, 1, 6}}, {{2, 0, 3}}, {{9, 4}}}

// StatsOps are the statistics of tensor's nan.go, stats.go, quantile.go,
// histogram.go and gradient.go (all composed of other ops, or computed on the host and
// moved back), over the reduction axes and options that change their paths.
func StatsOps() []Op {
	one := One
	var ops []Op
	reds := []struct {
		name string
		fn   func(*tensor.Tensor, ...int) *tensor.Tensor
		tol  Tol
		deg  int
	}{
		{"NanSum", tensor.NanSum, Accum, 1}, {"NanMean", tensor.NanMean, Accum, 1},
		{"NanMax", tensor.NanMax, Exact, 1}, {"NanMin", tensor.NanMin, Exact, 1},
		{"NanVar", tensor.NanVar, Accum, 2},
		{"NanStdDdof1", func(x *tensor.Tensor, a ...int) *tensor.Tensor { return tensor.NanStdDdof(x, 1, a...) }, Accum, 2},
		{"Ptp", tensor.Ptp, Exact, 1}, {"CountNonzero", tensor.CountNonzero, Exact, 1},
		{"NanArgMax", tensor.NanArgMax, Exact, 1}, {"NanArgMin", tensor.NanArgMin, Exact, 1},
		{"Median", func(x *tensor.Tensor, a ...int) *tensor.Tensor { return tensor.Quantile(x, 0.5, "", a...) }, Exact, 1},
		{"Quantiles", func(x *tensor.Tensor, a ...int) *tensor.Tensor {
			return tensor.Quantile(x, []float64{0, 0.3, 1}, "weibull", a...)
		}, Exact, 1},
		{"PercentileLower", func(x *tensor.Tensor, a ...int) *tensor.Tensor { return tensor.Percentile(x, 35, "lower", a...) }, Exact, 1},
		{"AverageSelf", func(x *tensor.Tensor, a ...int) *tensor.Tensor { return tensor.Average(x, nil, a...) }, Accum, 1},
	}
	for _, rd := range reds {
		for _, ax := range [][]int{nil, {-1, tensor.KeepDims}, {0}} {
			ops = append(ops, Op{Family: "stats", Name: rd.name + statsAxisName(ax), Shapes: statsShapes, Tol: rd.tol, Deg: rd.deg,
				Fn: one(func(in []*tensor.Tensor) *tensor.Tensor { return rd.fn(in[0], ax...) })})
		}
	}
	pair := [][][]int{{{7}, {7}}, {{3, 5}, {3, 5}}, {{3, 5}, {5}}, {{2, 0}, {2, 0}}}
	ops = append(ops,
		Op{Family: "stats", Name: "Average(weights)", Shapes: pair, Tol: Accum, Deg: 2,
			DTypes: FloatDTypes, Fill: []Fill{nil, positiveFill},
			Fn: one(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Average(in[0], in[1], -1) })},
		Op{Family: "stats", Name: "Cov", Shapes: [][][]int{{{7}}, {{3, 5}}, {{4, 1, 6}}, {{9, 4}}}, Tol: Accum, Deg: 2,
			Fn: one(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Cov(in[0]) })},
		// Broadcast along the observations, every variable is constant: its correlation is
		// 0/0 in exact arithmetic, and NaN or about ±1 by how the mean rounds, which NumPy's
		// order of additions (the CPU's) decides differently per layout.
		Op{Family: "stats", Name: "Corrcoef", Shapes: [][][]int{{{3, 5}}, {{9, 4}}}, Tol: Accum, Deg: 2,
			DTypes: FloatDTypes, Fill: []Fill{awayFromZero}, Skip: []string{"bcast-mid", "bcast-outer"},
			Fn: one(func(in []*tensor.Tensor) *tensor.Tensor {
				return tensor.Corrcoef(in[0], tensor.CovOptions{ColumnVars: true})
			})},
		Op{Family: "stats", Name: "Diff(2,-1)", Shapes: statsShapes,
			Fn: one(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Diff(in[0], 2) })},
		Op{Family: "stats", Name: "DiffWith(1,0)", Shapes: statsShapes[2:],
			Fn: one(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.DiffWith(in[0], 1, 0, 1, nil) })},
		Op{Family: "stats", Name: "Gradient", Shapes: statsShapes,
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor { return tensor.Gradient(in[0]) }},
		Op{Family: "stats", Name: "Gradient(2,coords)", Shapes: [][][]int{{{7}, {7}}, {{3, 5}, {5}}},
			DTypes: FloatDTypes, Fill: []Fill{nil, positiveFill},
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				return tensor.Gradient(in[0], tensor.GradientOptions{Spacing: []any{tensor.CumSum(in[1])}, Axes: []int{-1}, EdgeOrder: 2})
			}},
		Op{Family: "stats", Name: "Histogram", Shapes: statsShapes,
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				h, e := tensor.Histogram(in[0], 4, tensor.HistogramOptions{Range: []float64{-3, 3}})
				return []*tensor.Tensor{h, e}
			}},
		Op{Family: "stats", Name: "Histogram(edges,weights)", Shapes: [][][]int{{{7}, {7}}, {{3, 5}, {3, 5}}},
			DTypes: FloatDTypes,
			Fn: func(in []*tensor.Tensor) []*tensor.Tensor {
				edges := tensor.FromSlice([]float64{-2, -0.5, 0, 1, 4}).To(in[0].Device())
				h, e := tensor.Histogram(in[0], edges, tensor.HistogramOptions{Weights: in[1]})
				return []*tensor.Tensor{h, e}
			}},
		Op{Family: "stats", Name: "Bincount", Shapes: [][][]int{{{0}}, {{1}}, {{7}}, {{40}}},
			DTypes: []tensor.DType{tensor.Bool, tensor.Uint8, tensor.Int32, tensor.Int64},
			Fn:     one(func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Bincount(tensor.Abs(in[0]), nil, 3) })},
	)
	return ops
}

// positiveFill fills with values in (0.5, 3), for weights and spacings.
func positiveFill(r *rand.Rand, _ tensor.DType, _ [][]int) float64 { return 0.5 + 2.5*r.Float64() }

// awayFromZero fills with values away from zero, so that variances are not 0.
func awayFromZero(r *rand.Rand, _ tensor.DType, _ [][]int) float64 { return 1 + 4*r.Float64() }

func statsAxisName(ax []int) string {
	s := fmt.Sprint(ax)
	if len(ax) > 0 && ax[len(ax)-1] == tensor.KeepDims {
		s = fmt.Sprint(ax[:len(ax)-1]) + "+keep"
	}
	return "(" + s + ")"
}
