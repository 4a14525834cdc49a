package autograd

import (
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// ML helpers recorded as one op each: Softmax, LogSoftmax and CrossEntropy.

func init() {
	register(map[string]rule{
		"Softmax":      softmaxRule,
		"LogSoftmax":   logSoftmaxRule,
		"CrossEntropy": crossEntropyRule,
	})
}

func axisParam(c *call) int {
	axis, ok := c.n.Params.(int)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its axis, got %T", c.n.Op, c.n.Params)
	}
	return axis
}

// softmaxRule: s * (g - sum(g*s)) along the axis.
func softmaxRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis := axisParam(c)
	s := c.y()
	if d := fusedSoftmaxGrad(c, s, g, axis, false); d != nil {
		return one(d)
	}
	return one(s.Mul(g.Sub(g.Mul(s).Sum(axis, tensor.KeepDims))))
}

// logSoftmaxRule: g - exp(out) * sum(g) along the axis.
func logSoftmaxRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis := axisParam(c)
	y := c.y()
	if d := fusedSoftmaxGrad(c, y, g, axis, true); d != nil {
		return one(d)
	}
	return one(g.Sub(tensor.Exp(y).Mul(g.Sum(axis, tensor.KeepDims))))
}

// fusedGrad returns the device of t if it has fused backward kernels and the pass is not
// recorded (a fused kernel has no gradient of its own), else nil.
func fusedGrad(c *call, t *tensor.Tensor) device.FusedGrad {
	if c.create || !t.DType().IsFloat() {
		return nil
	}
	f, _ := t.Device().(device.FusedGrad)
	return f
}

// rows2D returns t as a C-contiguous (rows, C) operand over its last axis, copying if its
// layout does not allow a view.
func rows2D(t *tensor.Tensor) (*tensor.Tensor, device.Operand) {
	c := 1
	if t.NDim() > 0 {
		c = t.Dim(-1)
	}
	r := t.Contiguous().Reshape(t.Size()/max(c, 1), c)
	return r, device.Operand{Buf: r.Buffer(), DType: r.DType(), Shape: r.Shape(), Strides: r.ElemStrides(), Offset: r.Offset()}
}

// fusedSoftmaxGrad runs the device's fused softmax or log-softmax backward with the axis
// moved last, or returns nil where there is none.
func fusedSoftmaxGrad(c *call, y, g *tensor.Tensor, axis int, log bool) *tensor.Tensor {
	f := fusedGrad(c, y)
	if f == nil || g.DType() != y.DType() || y.Size() == 0 {
		return nil
	}
	ym, gm := y.MoveAxis(axis, -1), g.MoveAxis(axis, -1)
	yr, yo := rows2D(ym)
	_, gop := rows2D(gm)
	out := tensor.EmptyLike(yr)
	_, oo := rows2D(out)
	if err := f.SoftmaxGrad(oo, yo, gop, log); err != nil {
		return nil
	}
	return out.Reshape(ym.Shape()...).MoveAxis(-1, axis)
}

// crossEntropyRule: (softmax(logits) - onehot(labels)) * g / rows, the classes on the
// last axis and the mean over every label.
func crossEntropyRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	labels, ok := c.n.Params.(*tensor.Tensor)
	if !ok {
		fail(tensor.Value, "the gradient of CrossEntropy needs its labels, got %T", c.n.Params)
	}
	x := c.x(0)
	shape := x.Shape()
	classes := shape[len(shape)-1]
	scale := g.Item() / float64(max(labels.Size(), 1))
	if f := fusedGrad(c, x); f != nil && labels.Device() == x.Device() && x.Size() > 0 {
		xr, xo := rows2D(x)
		lr := labels.AsType(tensor.Int64).Reshape(-1)
		lo := device.Operand{Buf: lr.Buffer(), DType: tensor.Int64, Shape: lr.Shape(), Strides: lr.ElemStrides(), Offset: lr.Offset()}
		out := tensor.EmptyLike(xr)
		_, oo := rows2D(out)
		if err := f.CrossEntropyGrad(oo, xo, lo, scale); err == nil {
			res := make([]*tensor.Tensor, len(c.ins))
			res[0] = out.Reshape(shape...)
			return res
		}
	}
	hot := tensor.Equal(labels.ExpandDims(-1), tensor.Arange(labels.DType(), 0, float64(classes), 1).To(labels.Device()))
	d := tensor.Softmax(x, -1).Sub(hot.AsType(x.DType()))
	res := make([]*tensor.Tensor, len(c.ins))
	res[0] = d.Mul(g.Div(float64(max(labels.Size(), 1))))
	return res
}

func init() {
	register(map[string]rule{
		"MSE": mseRule,
		"MAE": maeRule,
	})
}

// mseRule: mean((t - p)**2) over the broadcast shape: ±2(t - p)/n.
func mseRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	d := lossDiff(c)
	gt := d.Mul(g.Mul(2 / float64(max(d.Size(), 1))))
	return two(gt, gt.Neg())
}

// maeRule: mean(|t - p|): ±sign(t - p)/n (0 where they are equal).
func maeRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	d := tensor.Sign(lossDiff(c))
	gt := d.Mul(g.Div(float64(max(d.Size(), 1))))
	return two(gt, gt.Neg())
}

// lossDiff is yTrue - yPred in the result's float dtype.
func lossDiff(c *call) *tensor.Tensor {
	dt := c.n.Out.DType()
	a, b := c.x(0), c.x(1)
	if a.DType() != dt {
		a = a.AsType(dt)
	}
	if b.DType() != dt {
		b = b.AsType(dt)
	}
	return a.Sub(b)
}
