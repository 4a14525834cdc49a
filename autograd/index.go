package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Gathers: Take, IndexArrays and MaskSelect. Each gradient is a scatter-add of the
// result's gradient into zeros of the input's shape (repeated indices add up) with
// tensor.AddAt on the gradient's device; the scatter is recorded so that its gradient
// (the same gather) exists too.

func init() {
	register(map[string]rule{
		"Take":        takeRule,
		"IndexArrays": indexArraysRule,
		"MaskSelect":  maskSelectRule,
		scatterOp:     scatterRule,
	})
}

func takeRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	p, ok := c.n.Params.(tensor.TakeParams)
	if !ok {
		fail(tensor.Value, "the gradient of Take needs its indices, got %T", c.n.Params)
	}
	shape := c.shape(0)
	a, n, b := 1, 1, 1
	if p.Flat {
		n = prod(shape)
	} else {
		a, n, b = prod(shape[:p.Axis]), shape[p.Axis], prod(shape[p.Axis+1:])
	}
	idx := normIndex(tensor.ToSlice[int64](p.Indices), n)
	res := make([]*tensor.Tensor, len(c.ins))
	res[0] = scatterAdd(g, a, n, b, idx).Reshape(shape...)
	return res
}

func indexArraysRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	ix, ok := c.n.Params.([]*tensor.Tensor)
	if !ok {
		fail(tensor.Value, "the gradient of IndexArrays needs its index tensors, got %T", c.n.Params)
	}
	shape := c.shape(0)
	shapes := make([][]int, len(ix))
	for j, t := range ix {
		shapes[j] = t.Shape()
	}
	bshape := tensor.BroadcastShapes(shapes...)
	var lin []int64
	stride := int64(1)
	for j := len(ix) - 1; j >= 0; j-- {
		v := normIndex(tensor.ToSlice[int64](ix[j].BroadcastTo(bshape...)), shape[j])
		if lin == nil {
			lin = make([]int64, len(v))
		}
		for i := range v {
			lin[i] += v[i] * stride
		}
		stride *= int64(shape[j])
	}
	b := prod(shape[len(ix):])
	return one(scatterAdd(g, 1, int(stride), b, lin).Reshape(shape...))
}

func maskSelectRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	mask, ok := c.n.Params.(*tensor.Tensor)
	if !ok {
		fail(tensor.Value, "the gradient of MaskSelect needs its mask, got %T", c.n.Params)
	}
	shape := c.shape(0)
	m := tensor.ToSlice[bool](mask)
	var pos []int64
	for i, v := range m {
		if v {
			pos = append(pos, int64(i))
		}
	}
	b := prod(shape[mask.NDim():])
	return one(scatterAdd(g, 1, len(m), b, pos).Reshape(shape...))
}

// normIndex maps indices in [-n, n) to [0, n).
func normIndex(v []int64, n int) []int64 {
	for i, x := range v {
		if x < 0 {
			v[i] = x + int64(n)
		}
	}
	return v
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

const scatterOp = "autograd.ScatterAdd"

type scatterParams struct {
	idx *tensor.Tensor // int64 positions along the middle axis
}

// scatterAdd returns zeros of shape (a, n, b) in g's dtype with g, viewed as (a, p, b),
// added at out[:, idx[j], :] for each j < p, on g's device (tensor.AddAt: deterministic
// on the CPU).
func scatterAdd(g *tensor.Tensor, a, n, b int, idx []int64) *tensor.Tensor {
	p := len(idx)
	g3 := g.Reshape(a, p, b)
	ix := tensor.FromSlice(append([]int64{}, idx...), p).To(g.Device())
	out := tensor.Zeros(g.DType(), a, n, b).To(g.Device())
	tensor.AddAt(out, ix, g3.Detach(), 1)
	return tensor.Record(scatterOp, out, scatterParams{idx: ix}, []any{g3}, g3)
}

// scatterRule: the gradient of a scatter-add is the gather at the same positions.
func scatterRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	p := c.n.Params.(scatterParams)
	return one(tensor.Take(g, p.idx, 1))
}
