package conformance

// Handlers for joining, splitting, tiling, advanced indexing, sorting, scans and
// closeness: the ops of tensor/join.go, tensor/index.go and tensor/sort.go.

import (
	"encoding/json"
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("concatenate", func(c *Case) any {
		if !c.Has("axis") {
			return tensor.Concatenate(allInputs(c), tensor.None) // axis=None: flattened
		}
		return tensor.Concatenate(allInputs(c), c.Int("axis"))
	})
	Register("stack", func(c *Case) any { return tensor.Stack(allInputs(c), c.Int("axis")) })
	Register("hstack", func(c *Case) any { return tensor.HStack(allInputs(c)) })
	Register("vstack", func(c *Case) any { return tensor.VStack(allInputs(c)) })
	Register("split", func(c *Case) any {
		var n int
		if json.Unmarshal(c.Params["sections"], &n) == nil {
			return tensor.Split(c.In(0), n, c.Int("axis"))
		}
		return tensor.SplitAt(c.In(0), c.Ints("sections"), c.Int("axis"))
	})
	Register("tile", func(c *Case) any { return tensor.Tile(c.In(0), c.Ints("reps")...) })
	Register("repeat", func(c *Case) any { return tensor.Repeat(c.In(0), c.Int("repeats"), c.Ints("axis")...) })
	Register("mask_select", func(c *Case) any { return tensor.MaskSelect(c.In(0), c.In(1)) })
	Register("mask_assign", func(c *Case) any { return tensor.MaskAssign(c.In(0), c.In(1), c.Float("value")) })
	Register("take", func(c *Case) any { return tensor.Take(c.In(0), c.In(1), c.Ints("axis")...) })
	Register("index_arrays", func(c *Case) any {
		idx := allInputs(c)[1:]
		return tensor.IndexArrays(c.In(0), idx...)
	})
	Register("setitem_slice", func(c *Case) any {
		return tensor.SetSlice(c.In(0), c.In(1), setitemSpecs(c)...)
	})
	Register("nonzero", func(c *Case) any { return tensor.NonZero(c.In(0)) })
	Register("one_hot", func(c *Case) any { return tensor.OneHot(c.In(0), c.Int("classes")) })
	Register("sort", func(c *Case) any { return tensor.Sort(c.In(0), c.Ints("axis")...) })
	Register("argsort", func(c *Case) any { return tensor.ArgSort(c.In(0), c.Ints("axis")...) })
	Register("unique", func(c *Case) any { return tensor.Unique(c.In(0)) })
	Register("unique_counts", func(c *Case) any {
		v, n := tensor.UniqueCounts(c.In(0))
		return []*tensor.Tensor{v, n}
	})
	Register("cumsum", func(c *Case) any { return tensor.CumSum(c.In(0), c.Ints("axis")...) })
	Register("cumprod", func(c *Case) any { return tensor.CumProd(c.In(0), c.Ints("axis")...) })
	Register("median", func(c *Case) any { return tensor.Median(c.In(0), c.Ints("axis")...) })
	Register("isclose", func(c *Case) any {
		return tensor.IsClose(c.In(0), c.In(1), c.Float("rtol"), c.Float("atol"), c.Bool("equal_nan"))
	})
}

// allInputs returns every input of the case as a tensor.
func allInputs(c *Case) []*tensor.Tensor {
	ts := make([]*tensor.Tensor, c.NumInputs())
	for i := range ts {
		ts[i] = c.In(i)
	}
	return ts
}

// setitemSpecs decodes the "index" param ({"int": n}, {"slice": [start, stop, step]}
// with null for omitted, {"newaxis": true}, {"ellipsis": true}) into Slice specs.
func setitemSpecs(c *Case) []any {
	var items []map[string]json.RawMessage
	c.Param("index", &items)
	specs := make([]any, 0, len(items))
	for _, it := range items {
		switch {
		case it["int"] != nil:
			var n int
			mustDecode(c, it["int"], &n)
			specs = append(specs, n)
		case it["slice"] != nil:
			var b [3]*int
			mustDecode(c, it["slice"], &b)
			r := tensor.S()
			if b[0] != nil {
				r.Start = *b[0]
			}
			if b[1] != nil {
				r.Stop = *b[1]
			}
			if b[2] != nil {
				r.Step = *b[2]
			}
			specs = append(specs, r)
		case it["newaxis"] != nil:
			specs = append(specs, tensor.NewAxis)
		case it["ellipsis"] != nil:
			specs = append(specs, tensor.Ellipsis)
		default:
			panic(fmt.Sprintf("case %s: unknown index item %v", c.ID, it))
		}
	}
	return specs
}

func mustDecode(c *Case, raw json.RawMessage, v any) {
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("case %s: %v", c.ID, err))
	}
}
