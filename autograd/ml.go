package autograd

import (
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
	return one(s.Mul(g.Sub(g.Mul(s).Sum(axis, tensor.KeepDims))))
}

// logSoftmaxRule: g - exp(out) * sum(g) along the axis.
func logSoftmaxRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	axis := axisParam(c)
	return one(g.Sub(tensor.Exp(c.y()).Mul(g.Sum(axis, tensor.KeepDims))))
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
