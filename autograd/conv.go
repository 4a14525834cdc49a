package autograd

import (
	"github.com/gotensor/gotensor/tensor"
)

// Convolution and pooling. Conv2d is bilinear in its input and weight, and its two
// adjoints (tensor.Conv2dInput, tensor.Conv2dWeight) are recorded ops whose rules are
// each other and Conv2d, so second-order gradients (double backward) come for free.
// AvgPool2d and AdaptiveAvgPool2d are linear: their rules are their recorded adjoints,
// whose rules are the poolings again. MaxPool2d's rule is its recorded adjoint
// tensor.MaxPool2dBackward (a scatter to the argmax positions), whose rule is the gather.

func init() {
	register(map[string]rule{
		"Conv2d":                    conv2dRule,
		"Conv2dInput":               conv2dInputRule,
		"Conv2dWeight":              conv2dWeightRule,
		"MaxPool2d":                 maxPool2dRule,
		"MaxPool2dBackward":         maxPool2dBackwardRule,
		"AvgPool2d":                 avgPool2dRule,
		"AvgPool2dBackward":         avgPool2dBackwardRule,
		"AdaptiveAvgPool2d":         adaptiveAvgPool2dRule,
		"AdaptiveAvgPool2dBackward": adaptiveAvgPool2dBackwardRule,
	})
}

func convOpts(c *call) tensor.Conv2dOptions {
	o, ok := c.n.Params.(tensor.Conv2dOptions)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its options, got %T", c.n.Op, c.n.Params)
	}
	return o
}

// conv2dRule: y = conv(x, w) + b: dx = Conv2dInput(g, w), dw = Conv2dWeight(x, g),
// db = g summed over all but the channel axis.
func conv2dRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	o := convOpts(c)
	res := make([]*tensor.Tensor, len(c.ins))
	if c.need(0) {
		res[0] = tensor.Conv2dInput(g, c.x(1), c.shape(0), o)
	}
	if c.need(1) {
		res[1] = tensor.Conv2dWeight(c.x(0), g, c.shape(1), o)
	}
	if len(c.ins) > 2 && c.need(2) {
		res[2] = g.Sum(0, 2, 3)
	}
	return res
}

// conv2dInputRule: dx = Conv2dInput(g, w) is linear in g and w; with h the gradient of
// dx, <dx, h> = <g, conv(h, w)> = <w, Conv2dWeight(h, g)>.
func conv2dInputRule(c *call, h *tensor.Tensor) []*tensor.Tensor {
	o := convOpts(c)
	res := make([]*tensor.Tensor, 2)
	if c.need(0) {
		res[0] = tensor.Conv2d(h, c.x(1), nil, o)
	}
	if c.need(1) {
		res[1] = tensor.Conv2dWeight(h, c.x(0), c.shape(1), o)
	}
	return res
}

// conv2dWeightRule: dw = Conv2dWeight(x, g) is linear in x and g; with k the gradient
// of dw, <dw, k> = <g, conv(x, k)> = <x, Conv2dInput(g, k)>.
func conv2dWeightRule(c *call, k *tensor.Tensor) []*tensor.Tensor {
	o := convOpts(c)
	res := make([]*tensor.Tensor, 2)
	if c.need(0) {
		res[0] = tensor.Conv2dInput(c.x(1), k, c.shape(0), o)
	}
	if c.need(1) {
		res[1] = tensor.Conv2d(c.x(0), k, nil, o)
	}
	return res
}

// maxPool2dRule adds each output's gradient to its argmax pixel:
// tensor.MaxPool2dBackward with the indices MaxPool2d recorded.
func maxPool2dRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	return one(tensor.MaxPool2dBackward(g, poolIndices(c), c.shape(0)))
}

// maxPool2dBackwardRule: MaxPool2dBackward scatters g to the indices, so its gradient is
// the gather of h at the same positions, plane by plane.
func maxPool2dBackwardRule(c *call, h *tensor.Tensor) []*tensor.Tensor {
	idx := poolIndices(c)
	shape := c.shape(0)
	r := len(shape)
	planes := prod(shape[:r-2])
	hs := h.Shape()
	hw := hs[len(hs)-2] * hs[len(hs)-1]
	return one(tensor.TakeAlongAxis(h.Reshape(planes, hw), idx.Reshape(planes, -1), 1).Reshape(shape...))
}

func poolIndices(c *call) *tensor.Tensor {
	idx, ok := c.n.Params.(*tensor.Tensor)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its indices, got %T", c.n.Op, c.n.Params)
	}
	return idx
}

func avgOpts(c *call) tensor.AvgPool2dOptions {
	o, ok := c.n.Params.(tensor.AvgPool2dOptions)
	if !ok {
		fail(tensor.Value, "the gradient of %s needs its options, got %T", c.n.Op, c.n.Params)
	}
	return o
}

func avgPool2dRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	return one(tensor.AvgPool2dBackward(g, c.shape(0), avgOpts(c)))
}

func avgPool2dBackwardRule(c *call, h *tensor.Tensor) []*tensor.Tensor {
	return one(tensor.AvgPool2d(h, avgOpts(c)))
}

func adaptiveAvgPool2dRule(c *call, g *tensor.Tensor) []*tensor.Tensor {
	return one(tensor.AdaptiveAvgPool2dBackward(g, c.shape(0)))
}

func adaptiveAvgPool2dBackwardRule(c *call, h *tensor.Tensor) []*tensor.Tensor {
	s := c.shape(0)
	r := len(s)
	return one(tensor.AdaptiveAvgPool2d(h, s[r-2], s[r-1]))
}
