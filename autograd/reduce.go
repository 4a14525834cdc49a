package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Reductions: the gradient of the reduced result is reshaped to the kept shape (the
// reduced axes as size 1) and broadcast back over the reduced elements.

func init() {
	register(map[string]rule{
		"Sum":    sumRule,
		"Mean":   meanRule,
		"Prod":   prodRule,
		"Max":    extremeRule,
		"Min":    extremeRule,
		"Var":    varRule,
		"Std":    stdRule,
		"Median": medianRule,
		"Sort":   sortRule,
	})
}

// reduced is what a rule needs of a reduction: its parameters, the input's shape, the
// kept shape and the count of elements each result reduces.
type reduced struct {
	tensor.ReduceParams
	shape, kshape []int
	count         int
}

func reduction(c *call) reduced {
	p, ok := c.n.Params.(tensor.ReduceParams)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its reduction parameters, got %T", c.n.Op, c.n.Params)
	}
	r := reduced{ReduceParams: p, shape: c.shape(0)}
	r.kshape = append([]int{}, r.shape...)
	r.count = 1
	for _, a := range p.Axes {
		r.count *= r.shape[a]
		r.kshape[a] = 1
	}
	return r
}

// keep reshapes a reduced tensor (the gradient, the result) to the kept shape.
func (r reduced) keep(t *tensor.Tensor) *tensor.Tensor {
	if r.KeepDims {
		return t
	}
	return t.Reshape(r.kshape...)
}

// sum is a reduction over the same axes, kept.
func (r reduced) sum(t *tensor.Tensor) *tensor.Tensor {
	return t.Sum(append(append([]int{}, r.Axes...), tensor.KeepDims)...)
}

func sumRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	return one(r.keep(g).BroadcastTo(r.shape...))
}

func meanRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	return one(r.keep(g).Div(float64(r.count)).BroadcastTo(r.shape...))
}

// prodRule is the product of the other elements, exact where some are zero: with no
// zero it is out/x, with one zero the product of the others at the zero and 0
// elsewhere, with two or more zeros 0.
func prodRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	x := c.x(0)
	zero := tensor.Equal(x, 0.0)
	zeros := r.sum(zero)
	nz := tensor.Where(zero, 1.0, x)
	pnz := tensor.Prod(nz, append(append([]int{}, r.Axes...), tensor.KeepDims)...)
	// With one zero in a line, element i != k (the zero) has the derivative
	// prod(others) = pnz/x_i * x_k: written with x_k (whose value is 0) rather than as the
	// constant 0, so that its own derivative with respect to x_k survives (double
	// backward). Lines with two zeros or more have zero first derivatives.
	zval := r.sum(tensor.Where(zero, x, 0.0))
	oneZero := tensor.Where(zero, pnz, pnz.Div(nz).Mul(zval))
	d := tensor.Where(tensor.Equal(zeros, 0), pnz.Div(nz), tensor.Where(tensor.Equal(zeros, 1), oneZero, 0.0))
	return one(r.keep(g).Mul(d))
}

// extremeRule is Max's and Min's: the gradient is split evenly among the elements equal
// to the result (PyTorch's amax/amin).
func extremeRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	return one(splitAmong(r, c.x(0), r.keep(c.y()), r.keep(g)))
}

// splitAmong sends gk to the elements of x equal to vk, split evenly among them.
func splitAmong(r reduced, x, vk, gk *tensor.Tensor) *tensor.Tensor {
	mask := tensor.Equal(x, vk)
	n := r.sum(mask.AsType(x.DType()))
	return tensor.Where(mask, gk.Div(n), 0.0)
}

func varRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	x := c.x(0)
	d := x.Sub(r.sum(x).Div(float64(r.count)))
	return one(r.keep(g).Mul(d).Mul(2 / float64(r.count-r.Ddof)))
}

func stdRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	x := c.x(0)
	d := x.Sub(r.sum(x).Div(float64(r.count)))
	return one(r.keep(g).Div(r.keep(c.y()).Mul(float64(r.count - r.Ddof))).Mul(d))
}

// medianRule sends half the gradient to each of the two middle elements (both halves to
// the middle one for an odd count), each half split evenly among the elements equal to
// it; 0 where the median is NaN.
func medianRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	r := reduction(c)
	x := c.x(0)
	if r.count == 0 {
		return one(zerosFor(c, 0))
	}
	// The reduced axes last, merged into one, sorted: the middle elements.
	var perm, kept []int
	isReduced := make([]bool, len(r.shape))
	for _, a := range r.Axes {
		isReduced[a] = true
	}
	for k, m := range r.shape {
		if !isReduced[k] {
			perm, kept = append(perm, k), append(kept, m)
		}
	}
	perm = append(perm, r.Axes...)
	xd := x.Detach()
	s := xd.Transpose(perm...).Reshape(append(append([]int{}, kept...), r.count)...).Sort()
	mid := func(i int) *tensor.Tensor {
		specs := make([]any, len(kept)+1)
		for k := range kept {
			specs[k] = tensor.S()
		}
		specs[len(kept)] = i
		return s.Slice(specs...).Reshape(r.kshape...)
	}
	lo, hi := mid((r.count-1)/2), mid(r.count/2)
	gk := r.keep(g).Mul(0.5)
	grad := splitAmong(r, x, lo, gk).Add(splitAmong(r, x, hi, gk))
	return one(tensor.Where(tensor.IsNaN(r.keep(c.y())), 0.0, grad))
}

// sortRule sends each gradient element back to where its value came from: the inverse
// of the stable sort's permutation, recomputed with ArgSort.
func sortRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis, ok := c.n.Params.(int)
	if !ok {
		fail(tensor.Value, "the gradient of Sort needs its axis, got %T", c.n.Params)
	}
	x := c.x(0)
	if x.Size() == 0 {
		return one(zerosFor(c, 0))
	}
	inv := x.Detach().ArgSort(axis).ArgSort(axis) // the inverse permutation
	return one(gatherAlong(g, inv, axis))
}

// gatherAlong is NumPy's take_along_axis(g, idx, axis) for idx of g's shape, built from
// IndexArrays with ranges on the other axes.
func gatherAlong(g, idx *tensor.Tensor, axis int) *tensor.Tensor {
	shape := g.Shape()
	ix := make([]*tensor.Tensor, len(shape))
	for k, n := range shape {
		if k == axis {
			ix[k] = idx
			continue
		}
		s := make([]int, len(shape))
		for j := range s {
			s[j] = 1
		}
		s[k] = n
		ix[k] = tensor.Arange(tensor.Int64, 0, float64(n), 1).To(g.Device()).Reshape(s...)
	}
	return tensor.IndexArrays(g, ix...)
}

// Scans: CumSum and CumProd, along an axis or over the flattened input (no axis).

func init() {
	register(map[string]rule{
		"CumSum":  cumSumRule,
		"CumProd": cumProdRule,
	})
}

// scanAxis returns the axis of a scan and the gradient as the scan saw it: flattened
// when no axis was given.
func scanAxis(c *call, g *tensor.Tensor) (int, *tensor.Tensor) {
	p, ok := c.n.Params.([]int)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its axis, got %T", c.n.Op, c.n.Params)
	}
	if len(p) == 0 {
		return 0, g.Reshape(-1)
	}
	return p[0], g
}

// revCumSum is the cumulative sum from the end along axis.
func revCumSum(g *tensor.Tensor, axis int) *tensor.Tensor {
	return g.Flip(axis).CumSum(axis).Flip(axis)
}

func cumSumRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis, g := scanAxis(c, g)
	return one(revCumSum(g, axis).Reshape(c.shape(0)...))
}

// cumProdRule: sum over j >= i of g[j] * prod(x[k] for k <= j, k != i), as
// revcumsum(g*out)/x where x has no zero. Where it has one, the sum is written out with
// tensor ops (as PyTorch's cumprod_backward does for zeros), so that it is
// differentiable again: along the scanned axis, E[i, k] = x[k] for k != i and 1 on the
// diagonal, C = CumProd(E) along k gives C[i, j] = prod(x[k] for k <= j, k != i), and the
// gradient is the sum over j >= i of C[i, j] * g[j]. It costs n² per line.
func cumProdRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis, g := scanAxis(c, g)
	x := c.x(0)
	if len(c.n.Params.([]int)) == 0 {
		x = x.Reshape(-1)
	}
	out := c.y()
	if !tensor.Any(tensor.Equal(x.Detach(), 0.0)).Bool() {
		return one(revCumSum(g.Mul(out), axis).Div(x).Reshape(c.shape(0)...))
	}
	xt, gt := x.MoveAxis(axis, -1), g.MoveAxis(axis, -1)
	n := xt.Dim(-1)
	k := tensor.Arange(tensor.Int64, 0, float64(n), 1).To(x.Device())
	diag := tensor.Equal(k.ExpandDims(1), k)         // (n, n): i == k
	upper := tensor.GreaterEqual(k, k.ExpandDims(1)) // (n, n): j >= i
	e := tensor.Where(diag, 1.0, xt.ExpandDims(-2))  // (..., n, n)
	cp := tensor.CumProd(e, -1)
	r := tensor.Sum(tensor.Where(upper, cp, 0.0).Mul(gt.ExpandDims(-2)), -1)
	return one(r.MoveAxis(-1, axis).Reshape(c.shape(0)...))
}
