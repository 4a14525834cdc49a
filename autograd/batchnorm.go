package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Batch normalisation: tensor.BatchNorm records its batch statistics, and its rule is
// tensor.BatchNormBackward (one fused pass for the sums and one for dx on the CPU). With
// CreateGraph the statistics are recomputed from the tracked input with differentiable
// ops, so that BatchNormBackward, composed, carries their dependence on x into the
// gradients of gradients.

func init() {
	register(map[string]rule{"BatchNorm": batchNormRule})
}

func batchNormRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	p, ok := c.n.Params.(tensor.BatchNormSaved)
	if !ok {
		fail(tensor.Value, "the gradient of BatchNorm needs its saved statistics, got %T", c.n.Params)
	}
	x := c.x(0)
	var w *tensor.Tensor
	if c.ins[1] != nil {
		w = c.x(1)
	}
	mean, invstd := p.Mean, p.InvStd
	if c.create {
		r := len(x.Shape())
		axes := []int{0}
		for k := 2; k < r; k++ {
			axes = append(axes, k)
		}
		mean = x.Mean(axes...)
		invstd = tensor.Reciprocal(tensor.Sqrt(x.Var(axes...).Add(p.Eps)))
	}
	dx, dw, db := tensor.BatchNormBackward(g, x, mean, invstd, w)
	res := []*tensor.Tensor{nil, nil, nil}
	if c.need(0) {
		res[0] = dx
	}
	if c.need(1) {
		res[1] = dw
	}
	if c.need(2) {
		res[2] = db
	}
	return res
}
