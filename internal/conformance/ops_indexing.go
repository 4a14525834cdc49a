package conformance

// Handlers for the indexing breadth family (testdata/breadth/gen_indexing.py): advanced
// indexing through Slice and SetSlice, Put, AddAt, TakeAlongAxis, PutAlongAxis, ArgWhere
// and FlatNonZero.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("getitem_advanced", func(c *Case) any { return c.In(0).Slice(advancedSpecs(c)...) })
	Register("setitem_advanced", func(c *Case) any {
		x := c.In(0)
		if c.Has("scalar") {
			return tensor.SetSlice(x, c.Scalar("scalar"), advancedSpecs(c)...)
		}
		return tensor.SetSlice(x, c.In(1), advancedSpecs(c)...)
	})
	Register("put", func(c *Case) any { return tensor.Put(c.In(0), c.In(1), valueArg(c, 2), c.String("mode")) })
	Register("add_at", func(c *Case) any { return tensor.AddAt(c.In(0), c.In(1), valueArg(c, 2), c.Ints("axis")...) })
	Register("take_along_axis", func(c *Case) any { return tensor.TakeAlongAxis(c.In(0), c.In(1), c.Ints("axis")...) })
	Register("put_along_axis", func(c *Case) any {
		return tensor.PutAlongAxis(c.In(0), c.In(1), valueArg(c, 2), c.Ints("axis")...)
	})
	Register("argwhere", func(c *Case) any { return tensor.ArgWhere(c.In(0)) })
	Register("flatnonzero", func(c *Case) any { return tensor.FlatNonZero(c.In(0)) })
}

// valueArg is the value of an assignment: the Go scalar of param "scalar" when given,
// else input i.
func valueArg(c *Case, i int) any {
	if c.Has("scalar") {
		return c.Scalar("scalar")
	}
	return c.In(i)
}

// Scalar returns a param as the Go scalar it spells: a JSON integer is an int, another
// number a float64, a bool a bool, and "nan", "inf", "-inf" the float64 values.
func (c *Case) Scalar(name string) any {
	raw := bytes.TrimSpace(c.Params[name])
	var i int
	if !bytes.ContainsAny(raw, ".eE") && json.Unmarshal(raw, &i) == nil {
		return i
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "nan":
			return math.NaN()
		case "inf":
			return math.Inf(1)
		case "-inf":
			return math.Inf(-1)
		}
		panic(fmt.Sprintf("case %s: param %q: bad scalar %q", c.ID, name, s))
	}
	return c.Float(name)
}

// advancedSpecs decodes the "index" param of getitem_advanced and setitem_advanced:
// getitem's items ({"int"}, {"slice"}, {"newaxis"}, {"ellipsis"}) and {"array": k}, the
// index array input k.
func advancedSpecs(c *Case) []any {
	var items []map[string]json.RawMessage
	c.Param("index", &items)
	specs := make([]any, 0, len(items))
	for _, it := range items {
		if raw, ok := it["array"]; ok {
			var k int
			mustDecode(c, raw, &k)
			specs = append(specs, c.In(k))
			continue
		}
		b, err := json.Marshal([]map[string]json.RawMessage{it})
		if err != nil {
			panic(err)
		}
		one := &Case{ID: c.ID, Params: map[string]json.RawMessage{"index": b}}
		specs = append(specs, indexSpecs(one)...)
	}
	return specs
}
