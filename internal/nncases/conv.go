package nncases

import (
	"encoding/json"
	"fmt"

	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// convModule builds the convolution and pooling layers of ConvCaseFile.
func (c *Case) convModule(g *random.Generator) nn.Module {
	switch c.Layer {
	case "Conv2d":
		return nn.NewConv2d(c.int("in_channels", 0), c.int("out_channels", 0), c.pair("kernel_size", 0),
			nn.Conv2dConfig{Stride: c.pair("stride", 1), Padding: c.pair("padding", 0), Dilation: c.pair("dilation", 1),
				Groups: c.int("groups", 1), NoBias: !c.bool("bias", true)}, g)
	case "MaxPool2d":
		k := c.pair("kernel_size", 0)
		return nn.NewMaxPool2d(tensor.MaxPool2dOptions{Kernel: k, Stride: c.pair("stride", 0),
			Padding: c.pair("padding", 0), Dilation: c.pair("dilation", 1), CeilMode: c.bool("ceil_mode", false)})
	case "AvgPool2d":
		return nn.NewAvgPool2d(tensor.AvgPool2dOptions{Kernel: c.pair("kernel_size", 0), Stride: c.pair("stride", 0),
			Padding: c.pair("padding", 0), CeilMode: c.bool("ceil_mode", false),
			ExcludePad: !c.bool("count_include_pad", true), DivisorOverride: c.int("divisor_override", 0)})
	case "AdaptiveAvgPool2d":
		s := c.pair("output_size", 0)
		return nn.NewAdaptiveAvgPool2d(s[0], s[1])
	}
	panic(fmt.Sprintf("case %s: layer %s is not a convolution or pooling", c.ID, c.Layer))
}

// pair reads a PyTorch size argument, an int or an [h, w] pair (null entries, PyTorch's
// None, become 0), or def for both when the config lacks it.
func (c *Case) pair(name string, def int) [2]int {
	raw, ok := c.Config[name]
	if !ok {
		return [2]int{def, def}
	}
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return [2]int{n, n}
	}
	var p []*int
	c.param(name, &p)
	if len(p) != 2 {
		panic(fmt.Sprintf("case %s: config %q: want an int or a pair, got %s", c.ID, name, raw))
	}
	var out [2]int
	for i, v := range p {
		if v != nil {
			out[i] = *v
		}
	}
	return out
}
