package conformance

// Handlers for searching and sorting beyond sort: the ops of tensor/search.go, whose
// cases testdata/breadth/gen_search.py writes (see there for the params).

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	Register("searchsorted", func(c *Case) any {
		var sorter *tensor.Tensor
		if c.Has("sorter") && c.Bool("sorter") {
			sorter = c.In(2)
		}
		return onCaseDevice(c, tensor.SearchSorted(c.In(0), goArg(c, 1), c.String("side"), sorter))
	})
	Register("digitize", func(c *Case) any {
		return onCaseDevice(c, tensor.Digitize(goArg(c, 0), c.In(1), c.Bool("right")))
	})
	Register("partition", func(c *Case) any {
		x, kth, axis := c.In(0), kthArg(c), axisArg(c)
		p := onCaseDevice(c, tensor.Partition(x, kth, axis...))
		return canonical(p, kthValues(c, kth), partAxis(x, axis, false))
	})
	Register("argpartition", func(c *Case) any {
		x, kth, axis := c.In(0), kthArg(c), axisArg(c)
		idx := onCaseDevice(c, tensor.ArgPartition(x, kth, axis...))
		ax := partAxis(x, axis, true)
		if ax < 0 {
			x, ax = x.Reshape(-1), 0
		}
		return []*tensor.Tensor{canonical(takeAlong(x, idx, ax), kthValues(c, kth), ax), tensor.Sort(idx, ax)}
	})
	Register("lexsort", func(c *Case) any { return onCaseDevice(c, tensor.LexSort(allInputs(c), c.Int("axis"))) })
	Register("isin", func(c *Case) any {
		return onCaseDevice(c, tensor.IsIn(goArg(c, 0), goArg(c, 1), c.Bool("invert")))
	})
	Register("interp", func(c *Case) any {
		x, xp, fp := goArg(c, 0), c.In(1), c.In(2)
		if c.Has("period") {
			return onCaseDevice(c, tensor.InterpPeriodic(x, xp, fp, numberParam(c, "period")))
		}
		var left, right any
		if c.Has("left") {
			left = numberParam(c, "left")
		}
		if c.Has("right") {
			right = numberParam(c, "right")
		}
		return onCaseDevice(c, tensor.Interp(x, xp, fp, left, right))
	})
}

// onCaseDevice checks that a result with dimensions is on the case's device (0-d results
// of Go scalars may be anywhere), and returns it.
func onCaseDevice(c *Case, t *tensor.Tensor) *tensor.Tensor {
	if t.NDim() > 0 && t.Device() != c.Device() {
		panic(fmt.Sprintf("case %s: result on %s, want %s", c.ID, t.Device().Name(), c.Device().Name()))
	}
	return t
}

// goArg returns input i as a tensor, or as a Go number (float64, int64 or bool, by its
// dtype) where the "scalar" param lists i: NumPy got a Python scalar there.
func goArg(c *Case, i int) any {
	if !slices.Contains(c.Ints("scalar"), i) {
		return c.In(i)
	}
	t := c.In(i).CPU()
	switch dt := t.DType(); {
	case dt.IsFloat():
		return t.Item()
	case dt == tensor.Bool:
		return t.Bool()
	}
	return t.Int()
}

// numberParam decodes a number param (null excluded by the caller; "nan", "inf", "-inf"
// allowed) as a Go float64, or an int64 where the JSON is an integer.
func numberParam(c *Case, name string) any {
	var i int64
	if json.Unmarshal(c.Params[name], &i) == nil {
		return i
	}
	return number(c.Params[name])
}

// kthArg is Partition's kth: input 1 where "kth_input" is set, else the "kth" param as
// an int, a []int, or (a non-integer number) a float64 the op must refuse.
func kthArg(c *Case) any {
	if c.Has("kth_input") && c.Bool("kth_input") {
		return c.In(1)
	}
	raw := c.Params["kth"]
	var k int
	if json.Unmarshal(raw, &k) == nil {
		return k
	}
	var ks []int
	if json.Unmarshal(raw, &ks) == nil {
		return ks
	}
	return number(raw)
}

// kthValues lists the kth positions of kthArg's value (after the op accepted it).
func kthValues(c *Case, kth any) []int {
	switch k := kth.(type) {
	case int:
		return []int{k}
	case []int:
		return k
	case *tensor.Tensor:
		var ks []int
		for _, v := range tensor.ToSlice[int64](k) {
			ks = append(ks, int(v))
		}
		return ks
	}
	panic(fmt.Sprintf("case %s: kth %v accepted", c.ID, kth))
}

// axisArg is the partition axis: none for null (flattened), else the int.
func axisArg(c *Case) []int {
	if !c.Has("axis") {
		return []int{tensor.None}
	}
	return []int{c.Int("axis")}
}

// partAxis is the axis the partition result is laid along: -1 where x was flattened
// (axis null, or a 0-d x for ArgPartition), else the axis normalised.
func partAxis(x *tensor.Tensor, axis []int, arg bool) int {
	if axis[0] == tensor.None || (arg && x.NDim() == 0) {
		return -1
	}
	if axis[0] < 0 {
		return axis[0] + x.NDim()
	}
	return axis[0]
}

// canonical sorts each run of p between consecutive kth positions along axis (-1: p is
// flat), leaving the kth elements in place: a valid partition becomes the full sort
// (what the cases expect), anything else does not. No kth leaves p as it is.
func canonical(p *tensor.Tensor, kths []int, axis int) *tensor.Tensor {
	if axis < 0 {
		axis = 0
	}
	n := p.Dim(axis)
	if len(kths) == 0 || n == 0 {
		return p
	}
	var ks []int
	for _, k := range kths {
		ks = append(ks, ((k%n)+n)%n)
	}
	slices.Sort(ks)
	ks = slices.Compact(ks)
	m := p.MoveAxis(axis, -1)
	var parts []*tensor.Tensor
	lo := 0
	for _, k := range append(ks, n) {
		if k > lo {
			parts = append(parts, m.Slice(tensor.Ellipsis, tensor.S(lo, k)).Sort(-1))
		}
		if k < n {
			parts = append(parts, m.Slice(tensor.Ellipsis, tensor.S(k, k+1)))
		}
		lo = k + 1
	}
	return tensor.Concatenate(parts, -1).MoveAxis(-1, axis).Contiguous()
}

// takeAlong is np.take_along_axis(x, idx, axis) for idx of x's shape.
func takeAlong(x, idx *tensor.Tensor, axis int) *tensor.Tensor {
	shape := x.Shape()
	ix := make([]*tensor.Tensor, len(shape))
	for d := range shape {
		if d == axis {
			ix[d] = idx
			continue
		}
		s := make([]int, len(shape))
		for k := range s {
			s[k] = 1
		}
		s[d] = shape[d]
		ix[d] = tensor.Arange(tensor.Int64, 0, float64(shape[d]), 1).Reshape(s...).To(x.Device())
	}
	return tensor.IndexArrays(x, ix...)
}
