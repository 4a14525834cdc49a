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
// 1-D operand had added restored. Each gradient comes out in its operand's layout: for an
// operand that is a transposed view of a contiguous matrix (Linear's weight^T), the product
// is computed transposed ((b @ g^T)^T, (g^T @ a)^T), so that the gradient reaching the
// matrix itself through the transpose is contiguous and the engine keeps it without a copy.
// For a 2-D b and an N-D a (a batch of inputs times one weight), b's gradient is one
// product over the flattened batch rather than a batched product summed afterwards.
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
		if colMajor(a2) && a2.NDim() == g.NDim() {
			ga = b2.MatMul(g.SwapAxes(-1, -2)).SwapAxes(-1, -2)
		} else {
			ga = g.MatMul(b2.SwapAxes(-1, -2))
		}
		if a.NDim() == 1 {
			ga = sumTo(ga, a2.Shape()).Reshape(a.Shape()...)
		}
	}
	if c.need(1) {
		af, gf := a2, g
		if b2.NDim() == 2 && a2.NDim() > 2 {
			rows := 1
			for _, d := range a2.Shape()[:a2.NDim()-1] {
				rows *= d
			}
			af = a2.Reshape(rows, a2.Shape()[a2.NDim()-1])
			gf = g.Reshape(rows, g.Shape()[g.NDim()-1])
		}
		if colMajor(b2) && b2.NDim() == gf.NDim() {
			gb = gf.SwapAxes(-1, -2).MatMul(af).SwapAxes(-1, -2)
		} else {
			gb = af.SwapAxes(-1, -2).MatMul(gf)
		}
		if b.NDim() == 1 {
			gb = sumTo(gb, b2.Shape()).Reshape(b.Shape()...)
		}
	}
	return ga, gb
}

// colMajor reports whether t (at least 2-D) has its last two axes swapped relative to a
// contiguous array: t.SwapAxes(-1, -2) is contiguous and t is not.
func colMajor(t *tensor.Tensor) bool {
	if t.NDim() == 2 { // without making the swapped view
		return !t.IsContiguous() && t.IsFortran()
	}
	return t.NDim() > 2 && !t.IsContiguous() && t.SwapAxes(-1, -2).IsContiguous()
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
