package conformance

// Handlers for np.linalg: norm, det, inv, solve, svdvals, eigvalsh. Params map as
// shared/conformance/gen.py writes them: norm's ord is null, "fro", "nuc", "inf",
// "-inf" or a number, and its axis null, an int or a list of ints.

import (
	"encoding/json"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("linalg.norm", func(c *Case) any {
		var axes []int
		if c.Has("axis") {
			axes = c.Ints("axis")
		}
		if c.Has("keepdims") && c.Bool("keepdims") {
			axes = append(axes, tensor.KeepDims)
		}
		return linalg.Norm(c.In(0), normOrd(c), axes...)
	})
	Register("linalg.det", func(c *Case) any { return linalg.Det(c.In(0)) })
	Register("linalg.inv", func(c *Case) any { return linalg.Inv(c.In(0)) })
	Register("linalg.solve", func(c *Case) any { return linalg.Solve(c.In(0), c.In(1)) })
	Register("linalg.svdvals", func(c *Case) any { return linalg.SVDVals(c.In(0)) })
	Register("linalg.eigvalsh", func(c *Case) any { return linalg.EigvalsH(c.In(0)) })
}

// normOrd maps norm's ord param to a linalg.Ord.
func normOrd(c *Case) linalg.Ord {
	if !c.Has("ord") {
		return linalg.Default
	}
	var p float64
	if err := json.Unmarshal(c.Params["ord"], &p); err == nil {
		return linalg.P(p)
	}
	switch s := c.String("ord"); s {
	case "fro":
		return linalg.Fro
	case "nuc":
		return linalg.Nuc
	case "inf":
		return linalg.Inf
	case "-inf":
		return linalg.NegInf
	default:
		panic(valueErr(c, "unknown norm order %q", s))
	}
}
