package conformance

// Handlers for the reductions' initial= and where= (family reduce_options, written by
// testdata/breadth/gen_reduce_options.py): one op per function, sum_with ... std_with,
// calling tensor's SumWith ... StdWith, and all_with, any_with (AllWith, AnyWith). The
// param dtype is ReduceOptions.DType. Input 1, when present, is the where= mask.

import (
	"encoding/json"
	"strings"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	for name, f := range map[string]func(*tensor.Tensor, tensor.ReduceOptions, ...int) *tensor.Tensor{
		"sum_with": tensor.SumWith, "prod_with": tensor.ProdWith,
		"max_with": tensor.MaxWith, "min_with": tensor.MinWith,
		"mean_with": tensor.MeanWith, "var_with": tensor.VarWith, "std_with": tensor.StdWith,
		"all_with": tensor.AllWith, "any_with": tensor.AnyWith,
	} {
		Register(name, func(c *Case) any {
			var o tensor.ReduceOptions
			if c.NumInputs() > 1 {
				o.Where = c.In(1)
			}
			if c.Has("initial") {
				o.Initial = initialParam(c)
			}
			if c.Has("dtype") {
				dt := c.DType("dtype")
				o.DType = &dt
			}
			if c.Has("ddof") {
				o.Ddof = c.Int("ddof")
			}
			x := c.In(0)
			if c.Has("layout") && c.String("layout") == "T" {
				x = x.Transpose()
			}
			return f(x, o, reductionArgs(c)...)
		})
	}
}

// initialParam is the initial= param as the Go number NumPy's Python scalar was: an int
// where the case file writes an integer, else a float64 (non-finite ones as strings).
func initialParam(c *Case) any {
	raw := strings.TrimSpace(string(c.Params["initial"]))
	if !strings.ContainsAny(raw, `.eE"`) {
		var i int64
		if json.Unmarshal([]byte(raw), &i) == nil {
			return int(i)
		}
	}
	return number(json.RawMessage(raw))
}
