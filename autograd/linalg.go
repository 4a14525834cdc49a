package autograd

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

// Linear algebra: the functions of package linalg that record themselves (Det, Inv,
// Solve, Cholesky, EigvalsH, Eigh, Norm), batched over the leading dimensions, with
// PyTorch's formulas. The rules are written with tensor and linalg ops, so that they are
// differentiable again (CreateGraph), except where they need an SVD, which has no rule:
// Det of an exactly singular matrix and Norm's orders P(2), P(-2) and Nuc. Those are
// first order only, and a Value error with CreateGraph.

func init() {
	register(map[string]rule{
		"linalg.Det":      detRule,
		"linalg.Inv":      invRule,
		"linalg.Solve":    solveRule,
		"linalg.Cholesky": choleskyRule,
		"linalg.EigvalsH": eigvalshRule,
		"linalg.Eigh.w":   eighWRule,
		"linalg.Eigh.v":   eighVRule,
		"linalg.Norm":     normRule,
	})
}

// mT transposes the matrices of a stack.
func mT(x *tensor.Tensor) *tensor.Tensor { return x.SwapAxes(-1, -2) }

// order is the matrix size of a stack (..., n, n).
func order(x *tensor.Tensor) int { return x.Shape()[x.NDim()-1] }

// eyeOf is the n×n identity in x's dtype, on x's device.
func eyeOf(x *tensor.Tensor, n int) *tensor.Tensor {
	return tensor.Eye(x.DType(), n, n, 0).To(x.Device())
}

// noSecondOrder refuses CreateGraph for a rule that needs an SVD.
func noSecondOrder(c *call, what string) {
	if c.create {
		fail(tensor.Value, "the gradient of %s for %s uses an SVD, which has no gradient rule: CreateGraph (double backward) is not supported there", c.n.Op, what)
	}
}

// detRule: g·det(A)·A⁻ᵀ, computed as Solve(Aᵀ, g·det·I). Where a determinant is exactly
// zero (or Aᵀ has a zero pivot), the cofactor matrix from the SVD, which is the gradient
// of singular matrices too (PyTorch 2's formula; PyTorch 1.13 gives 0 or NaN there).
func detRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	a, d := c.x(0), c.y()
	n := order(a)
	if n == 0 {
		return one(zerosFor(c, 0))
	}
	gd := g.Mul(d).ExpandDims(-1).ExpandDims(-1)
	if !hasZero(d) {
		var ga *tensor.Tensor
		err := tensor.Try(func() { ga = linalg.Solve(mT(a), eyeOf(a, n).Mul(gd)) })
		if err == nil {
			return one(ga)
		}
		if tensor.KindOf(err) != tensor.Singular {
			panic(err)
		}
	}
	noSecondOrder(c, "a singular matrix")
	return one(cofactor(a.Detach()).Mul(g.Detach().ExpandDims(-1).ExpandDims(-1)))
}

// hasZero reports whether some element of d is zero.
func hasZero(d *tensor.Tensor) bool {
	return slices.Contains(tensor.ToSlice[float64](d.Detach()), 0)
}

// cofactor is the cofactor matrix of each matrix of a (the transposed adjugate,
// det(A)·A⁻ᵀ where A is invertible): det(U)·det(Vh)·U diag(Π_{j≠i} s_j) Vh from the SVD.
func cofactor(a *tensor.Tensor) *tensor.Tensor {
	u, s, vh := linalg.SVD(a, false)
	n := order(a)
	sv := tensor.ToSlice[float64](s)
	prod := make([]float64, len(sv))
	for b := 0; b < len(sv); b += n {
		acc := 1.0
		for i := 0; i < n; i++ { // products of the singular values before i
			prod[b+i] = acc
			acc *= sv[b+i]
		}
		acc = 1
		for i := n - 1; i >= 0; i-- { // times those after i
			prod[b+i] *= acc
			acc *= sv[b+i]
		}
	}
	p := tensor.FromSlice(prod, s.Shape()...).AsType(a.DType()).To(a.Device())
	sign := linalg.Det(u).Mul(linalg.Det(vh)).ExpandDims(-1).ExpandDims(-1)
	return u.Mul(p.ExpandDims(-2)).MatMul(vh).Mul(sign)
}

// invRule: -A⁻ᵀ g A⁻ᵀ with A⁻¹ the result.
func invRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	yt := mT(c.y())
	return one(yt.MatMul(g).MatMul(yt).Neg())
}

// solveRule: X = A⁻¹B gives gB = Solve(Aᵀ, g) and gA = -gB Xᵀ, with a 1-D b (and so a
// 1-D X per matrix) taken as a column; the engine sums the broadcast batch dimensions.
func solveRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	vec := len(c.shape(1)) == 1
	if vec {
		g = g.ExpandDims(-1)
	}
	gb := linalg.Solve(mT(c.x(0)), g)
	var ga *tensor.Tensor
	if c.need(0) {
		x := c.y()
		if vec {
			x = x.ExpandDims(-1)
		}
		ga = gb.MatMul(mT(x)).Neg()
	}
	if vec {
		gb = gb.Squeeze(-1)
	}
	return two(ga, gb)
}

// choleskyRule, as PyTorch's: P = Φ(Lᵀ g) (the lower triangle with its diagonal
// halved), gA = sym(L⁻ᵀ P L⁻¹) with sym(M) = (M + Mᵀ)/2.
func choleskyRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	l := c.y()
	n := order(l)
	if n == 0 {
		return one(zerosFor(c, 0))
	}
	p := mT(l).MatMul(g).Mul(phiMask(l, n))
	x := linalg.Solve(mT(l), p)          // L⁻ᵀ P
	ga := mT(linalg.Solve(mT(l), mT(x))) // (L⁻ᵀ (L⁻ᵀ P)ᵀ)ᵀ = L⁻ᵀ P L⁻¹
	return one(ga.Add(mT(ga)).Mul(0.5))
}

// phiMask is the n×n matrix with ones below the diagonal, 1/2 on it and zeros above,
// in l's dtype and on its device.
func phiMask(l *tensor.Tensor, n int) *tensor.Tensor {
	m := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			m[i*n+j] = 1
		}
		m[i*n+i] = 0.5
	}
	return tensor.FromSlice(m, n, n).AsType(l.DType()).To(l.Device())
}

// eigvalshRule: V diag(g) Vᵀ, with V from Eigh of the input.
func eigvalshRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	_, v := linalg.Eigh(c.x(0))
	return one(v.Mul(g.ExpandDims(-2)).MatMul(mT(v)))
}

// eighOutputs is the eigenvalues and eigenvectors a node of Eigh needs: the copies Eigh
// saved, or with CreateGraph Eigh of the tracked input again (the same values, now
// recorded, so that the gradient is differentiable).
func eighOutputs(c *call) (w, v *tensor.Tensor) {
	if c.create {
		return linalg.Eigh(c.x(0))
	}
	p, ok := c.n.Params.(*linalg.EighParams)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs the saved eigendecomposition, got %T", c.n.Op, c.n.Params)
	}
	return p.W, p.V
}

// eighWRule is the eigenvalues' part of Eigh's gradient: V diag(g_w) Vᵀ.
func eighWRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	_, v := eighOutputs(c)
	return one(v.Mul(g.ExpandDims(-2)).MatMul(mT(v)))
}

// eighVRule is the eigenvectors' part, as PyTorch's: V (F ∘ skew(Vᵀ g_v)) Vᵀ with
// F[i, j] = 1/(w[j] - w[i]) off the diagonal (the diagonal of skew(·) is zero).
// Repeated eigenvalues give Inf or NaN, as in PyTorch.
func eighVRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	w, v := eighOutputs(c)
	vg := mT(v).MatMul(g)
	skew := vg.Sub(mT(vg)).Mul(0.5)
	e := w.ExpandDims(-2).Sub(w.ExpandDims(-1)).Add(eyeOf(w, order(v)))
	return one(v.MatMul(skew.Div(e)).MatMul(mT(v)))
}

// normRule is Norm's gradient, PyTorch's norm_backward for each order (see
// linalg.Norm).
func normRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	p, ok := c.n.Params.(*linalg.NormParams)
	if !ok {
		fail(tensor.Value, "the gradient of linalg.Norm needs its order and axes, got %T", c.n.Params)
	}
	x, y := c.x(0), c.y()
	g, y = keepReduced(g, x.NDim(), p), keepReduced(y, x.NDim(), p)
	ord := p.Ord
	num, numeric := ord.Number()
	matrix := len(p.Axes) == 2
	switch {
	case ord == linalg.Default || ord == linalg.Fro || numeric && num == 2 && !matrix:
		return one(x.Mul(safeDiv(g, y)))
	case ord == linalg.Nuc || matrix && (num == 2 || num == -2):
		noSecondOrder(c, "order "+ord.String())
		return one(svdNormGrad(x.Detach(), g.Detach(), ord, p.Axes))
	case matrix: // P(±1): column sums, Inf and NegInf: row sums
		sumAx, extAx := p.Axes[0], p.Axes[1]
		if math.IsInf(num, 0) {
			sumAx, extAx = extAx, sumAx
		}
		return one(tieGrad(x, tensor.Abs(x).Sum(sumAx, tensor.KeepDims), g, extAx, num > 0))
	case num == 0:
		return one(zerosFor(c, 0))
	case num == 1:
		return one(g.Mul(tensor.Sign(x)))
	case math.IsInf(num, 0):
		return one(tieGrad(x, tensor.Abs(x), g, p.Axes[0], num > 0))
	}
	return one(pNormGrad(x, y, g, num))
}

// keepReduced gives t, a result of Norm (or its gradient), back the reduced axes as
// dimensions of size 1, so that it broadcasts against the input.
func keepReduced(t *tensor.Tensor, rank int, p *linalg.NormParams) *tensor.Tensor {
	if p.KeepDims {
		return t
	}
	if p.Axes == nil {
		shape := make([]int, rank)
		for i := range shape {
			shape[i] = 1
		}
		return t.Reshape(shape...)
	}
	axes := slices.Clone(p.Axes)
	slices.Sort(axes)
	for _, a := range axes {
		t = t.ExpandDims(a)
	}
	return t
}

// safeDiv is g/y, and 0 where y is 0.
func safeDiv(g, y *tensor.Tensor) *tensor.Tensor {
	zero := tensor.Equal(y, 0.0)
	return tensor.Where(zero, 0.0, g.Div(tensor.Where(zero, 1.0, y)))
}

// tieGrad is the gradient of max (or min) over axis of s = sum(|x|) over some axis
// (kept), or of s = |x|: g shared evenly among the elements of s equal to the extreme
// (and those that are NaN), times sign(x).
func tieGrad(x, s, g *tensor.Tensor, axis int, isMax bool) *tensor.Tensor {
	ext := s.Min(axis, tensor.KeepDims)
	if isMax {
		ext = s.Max(axis, tensor.KeepDims)
	}
	mask := tensor.Equal(s, ext).AsType(x.DType()).Add(tensor.IsNaN(s).AsType(x.DType()))
	return tensor.Sign(x).Mul(mask.Mul(g.Div(mask.Sum(axis, tensor.KeepDims))))
}

// pNormGrad is the gradient of sum(|x|^p)^(1/p) for p other than 0, 1, 2 and ±Inf:
// sign(x)|x|^(p-1)·g/‖x‖^(p-1), 0 where the norm is 0; for p < 1 written as
// sign(x)|x|^(p-1)·g·‖x‖^(1-p) with 0 where x is 0.
func pNormGrad(x, y, g *tensor.Tensor, p float64) *tensor.Tensor {
	ax := tensor.Abs(x)
	if p < 1 {
		pw := tensor.Where(tensor.Equal(x, 0.0), 0.0, ax.Pow(p-1))
		return tensor.Sign(x).Mul(pw).Mul(g.Mul(y.Pow(1 - p)))
	}
	scaled := x.Mul(ax.Pow(p - 2))
	if p < 2 {
		scaled = tensor.Sign(x).Mul(ax.Pow(p - 1))
	}
	return scaled.Mul(safeDiv(g, y.Pow(p-1)))
}

// svdNormGrad is the gradient of the nuclear norm (U Vh g) and of the largest or
// smallest singular value (U diag(d) Vh with g shared among the tied singular values)
// over the matrices with rows along axes[0] and columns along axes[1].
func svdNormGrad(x, g *tensor.Tensor, ord linalg.Ord, axes []int) *tensor.Tensor {
	perm := make([]int, 0, x.NDim())
	for i := 0; i < x.NDim(); i++ {
		if i != axes[0] && i != axes[1] {
			perm = append(perm, i)
		}
	}
	perm = append(perm, axes...)
	back := make([]int, len(perm))
	for i, a := range perm {
		back[a] = i
	}
	u, s, vh := linalg.SVD(x.Transpose(perm...), false)
	gm := g.Transpose(perm...) // (..., 1, 1)
	if ord == linalg.Nuc {
		return u.MatMul(vh).Mul(gm).Transpose(back...)
	}
	ext := s.Max(-1, tensor.KeepDims)
	if num, _ := ord.Number(); num < 0 {
		ext = s.Min(-1, tensor.KeepDims)
	}
	mask := tensor.Equal(s, ext).AsType(s.DType())
	d := mask.Mul(gm.Squeeze(-1).Div(mask.Sum(-1, tensor.KeepDims)))
	return u.Mul(d.ExpandDims(-2)).MatMul(vh).Transpose(back...)
}
