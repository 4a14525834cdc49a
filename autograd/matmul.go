package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Products: MatMul with NumPy's rules (1-D operands promoted and their added dimension
// removed, batch dimensions broadcast: the engine sums them back), Dot and Outer.

func init() {
	register(map[string]rule{
		"MatMul": matmulRule,
		"Dot":    dotRule,
		"Outer":  outerRule,
	})
}

func matmulRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	ga, gb := matmulGrads(c, g, c.x(0), c.x(1))
	return two(ga, gb)
}

// matmulGrads returns the gradients of a @ b: g @ b^T and a^T @ g, with the dimension a
// 1-D operand had added restored.
func matmulGrads(c *call, g, a, b *tensor.Tensor) (ga, gb *tensor.Tensor) {
	a2, b2 := a, b
	if b.NDim() == 1 {
		b2 = b.ExpandDims(1)
		g = g.ExpandDims(-1)
	}
	if a.NDim() == 1 {
		a2 = a.ExpandDims(0)
		g = g.ExpandDims(-2)
	}
	if c.need(0) {
		ga = g.MatMul(b2.SwapAxes(-1, -2))
		if a.NDim() == 1 {
			ga = sumTo(ga, a2.Shape()).Reshape(a.Shape()...)
		}
	}
	if c.need(1) {
		gb = a2.SwapAxes(-1, -2).MatMul(g)
		if b.NDim() == 1 {
			gb = sumTo(gb, b2.Shape()).Reshape(b.Shape()...)
		}
	}
	return ga, gb
}

// dotRule is np.dot's: Mul's for a 0-d operand, MatMul's when b has at most two
// dimensions, and for N-D b the matrix product of a as (-1, k) with b's axis -2 moved
// first as (k, -1).
func dotRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	a, b := c.x(0), c.x(1)
	switch {
	case a.NDim() == 0 || b.NDim() == 0:
		return mulRule(c, g)
	case b.NDim() <= 2:
		ga, gb := matmulGrads(c, g, a, b)
		return two(ga, gb)
	}
	k := a.Shape()[a.NDim()-1]
	bm := b.MoveAxis(-2, 0)
	a2, b2 := a.Reshape(-1, k), bm.Reshape(k, -1)
	g2 := g.Reshape(a2.Shape()[0], b2.Shape()[1])
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = g2.MatMul(b2.T()).Reshape(a.Shape()...)
	}
	if c.need(1) {
		gb = a2.T().MatMul(g2).Reshape(bm.Shape()...).MoveAxis(0, -2)
	}
	return two(ga, gb)
}

// outerRule: out[i, j] = a[i] * b[j] over the flattened operands.
func outerRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	var ga, gb *tensor.Tensor
	if c.need(0) {
		ga = g.Mul(c.x(1).Ravel().ExpandDims(0)).Sum(1).Reshape(c.shape(0)...)
	}
	if c.need(1) {
		gb = g.Mul(c.x(0).Ravel().ExpandDims(1)).Sum(0).Reshape(c.shape(1)...)
	}
	return two(ga, gb)
}
