package conformance

// Handlers for the reductions-and-statistics family (testdata/breadth/stats.jsonl, made
// by gen_stats.py, which documents the params): tensor/nan.go, stats.go, quantile.go,
// histogram.go and gradient.go.

import (
	"encoding/json"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	reds := map[string]func(x *tensor.Tensor, axes ...int) *tensor.Tensor{
		"nansum": tensor.NanSum, "nanmean": tensor.NanMean, "nanmax": tensor.NanMax, "nanmin": tensor.NanMin,
		"ptp": tensor.Ptp, "count_nonzero": tensor.CountNonzero,
		"nanargmax": tensor.NanArgMax, "nanargmin": tensor.NanArgMin,
	}
	for name, f := range reds {
		Register(name, func(c *Case) any { return f(c.In(0), reductionArgs(c)...) })
	}
	ddofs := map[string]func(x *tensor.Tensor, ddof int, axes ...int) *tensor.Tensor{
		"nanvar": tensor.NanVarDdof, "nanstd": tensor.NanStdDdof,
	}
	for name, f := range ddofs {
		Register(name, func(c *Case) any { return f(c.In(0), c.Int("ddof"), reductionArgs(c)...) })
	}
	Register("average", func(c *Case) any {
		var w *tensor.Tensor
		if c.NumInputs() > 1 {
			w = c.In(1)
		}
		if c.Bool("returned") {
			avg, sum := tensor.AverageWithSum(c.In(0), w, reductionArgs(c)...)
			return []*tensor.Tensor{avg, sum}
		}
		return tensor.Average(c.In(0), w, reductionArgs(c)...)
	})
	for name, f := range map[string]func(*tensor.Tensor, any, string, ...int) *tensor.Tensor{
		"quantile": tensor.Quantile, "percentile": tensor.Percentile,
	} {
		Register(name, func(c *Case) any {
			var q any
			if c.Has("q_input") {
				q = c.In(c.Int("q_input"))
			} else {
				var qs []float64
				if json.Unmarshal(c.Params["q"], &qs) == nil {
					q = qs
				} else {
					q = c.Float("q")
				}
			}
			return f(c.In(0), q, c.String("method"), reductionArgs(c)...)
		})
	}
	Register("histogram", func(c *Case) any {
		var o tensor.HistogramOptions
		if c.Has("range") {
			c.Param("range", &o.Range)
		}
		o.Density = c.Bool("density")
		o.Weights = optInput(c, "weights_input")
		var bins any
		if c.Has("bins_input") {
			bins = c.In(c.Int("bins_input"))
		} else {
			bins = c.Int("bins")
		}
		h, e := tensor.Histogram(c.In(0), bins, o)
		return []*tensor.Tensor{h, e}
	})
	Register("bincount", func(c *Case) any {
		return tensor.Bincount(c.In(0), optInput(c, "weights_input"), c.Int("minlength"))
	})
	Register("cov", func(c *Case) any {
		o := tensor.CovOptions{Y: optInput(c, "y"), ColumnVars: !c.Bool("rowvar"), Bias: c.Bool("bias"),
			FWeights: optInput(c, "fweights"), AWeights: optInput(c, "aweights")}
		if c.Has("ddof") {
			o.Ddof = new(c.Int("ddof"))
		}
		return tensor.Cov(c.In(0), o)
	})
	Register("corrcoef", func(c *Case) any {
		return tensor.Corrcoef(c.In(0), tensor.CovOptions{Y: optInput(c, "y"), ColumnVars: !c.Bool("rowvar")})
	})
	Register("diff", func(c *Case) any {
		return tensor.DiffWith(c.In(0), c.Int("n"), c.Int("axis"), diffValue(c, "prepend"), diffValue(c, "append"))
	})
	Register("gradient", func(c *Case) any {
		o := tensor.GradientOptions{EdgeOrder: c.Int("edge_order")}
		if c.Has("axis") {
			o.Axes = c.Ints("axis")
		}
		var spacing []json.RawMessage
		c.Param("spacing", &spacing)
		for _, raw := range spacing {
			o.Spacing = append(o.Spacing, numberOrInput(c, raw))
		}
		return tensor.Gradient(c.In(0), o)
	})
}

// optInput returns the input whose index is the param name, or nil when it is null.
func optInput(c *Case, name string) *tensor.Tensor {
	if !c.Has(name) {
		return nil
	}
	return c.In(c.Int(name))
}

// diffValue decodes diff's prepend or append: nil, a number or {"input": k}.
func diffValue(c *Case, name string) any {
	if !c.Has(name) {
		return nil
	}
	return numberOrInput(c, c.Params[name])
}

// numberOrInput decodes a number (an int stays a Go int, as a Python int) or
// {"input": k} (the case's input k).
func numberOrInput(c *Case, raw json.RawMessage) any {
	var ref struct {
		Input *int `json:"input"`
	}
	if json.Unmarshal(raw, &ref) == nil && ref.Input != nil {
		return c.In(*ref.Input)
	}
	var i int
	if json.Unmarshal(raw, &i) == nil {
		return i
	}
	return number(raw)
}
