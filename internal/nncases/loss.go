package nncases

import (
	"encoding/json"
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/tensor"
)

// loss builds the case's loss as a forward over (input, target).
func (c *Case) loss(dt tensor.DType, dev device.Device) forward {
	extra := func(name string) *tensor.Tensor {
		a, ok := c.Extra[name]
		if !ok {
			return nil
		}
		return a.Tensor().To(dev)
	}
	red := c.str("reduction", "mean")
	var f func(x, y *tensor.Tensor) *tensor.Tensor
	switch c.Layer {
	case "MSELoss":
		l := nn.NewMSELoss()
		l.Reduction = red
		f = l.Forward
	case "BCEWithLogitsLoss":
		l := nn.NewBCEWithLogitsLoss()
		l.Reduction, l.Weight, l.PosWeight = red, extra("weight"), extra("pos_weight")
		f = l.Forward
	case "NLLLoss":
		l := nn.NewNLLLoss()
		l.Reduction, l.Weight, l.IgnoreIndex = red, extra("weight"), c.int("ignore_index", -100)
		f = l.Forward
	case "CrossEntropyLoss":
		l := nn.NewCrossEntropyLoss()
		l.Reduction, l.Weight, l.IgnoreIndex = red, extra("weight"), c.int("ignore_index", -100)
		l.LabelSmoothing = c.float("label_smoothing", 0)
		f = l.Forward
	default:
		panic(fmt.Sprintf("layer %q has no harness mapping", c.Layer))
	}
	return func(in []*tensor.Tensor) *tensor.Tensor {
		if len(in) != 2 {
			panic(fmt.Sprintf("a loss takes 2 inputs, the case has %d", len(in)))
		}
		return f(in[0], in[1])
	}
}

// param decodes config[name] into v.
func (c *Case) param(name string, v any) {
	raw, ok := c.Config[name]
	if !ok {
		panic(fmt.Sprintf("case %s: no config %q", c.ID, name))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("case %s: config %q: %v", c.ID, name, err))
	}
}

func (c *Case) int(name string, def int) int {
	if _, ok := c.Config[name]; !ok {
		return def
	}
	var v int
	c.param(name, &v)
	return v
}

func (c *Case) float(name string, def float64) float64 {
	if raw, ok := c.Config[name]; !ok || string(raw) == "null" {
		return def
	}
	var v float64
	c.param(name, &v)
	return v
}

func (c *Case) bool(name string, def bool) bool {
	if _, ok := c.Config[name]; !ok {
		return def
	}
	var v bool
	c.param(name, &v)
	return v
}

func (c *Case) str(name, def string) string {
	if _, ok := c.Config[name]; !ok {
		return def
	}
	var v string
	c.param(name, &v)
	return v
}
