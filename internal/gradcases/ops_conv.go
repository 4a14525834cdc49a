package gradcases

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gotensor/gotensor/tensor"
)

// Harness ops of the convolution and pooling cases (autograd/testdata/gen_conv.py,
// conv-grad-cases.jsonl).

// ConvCaseFile is the convolution and pooling case file's path inside the module.
const ConvCaseFile = "autograd/testdata/conv-grad-cases.jsonl"

// pair is a [2]int param; absent or null gives def.
func (c *Case) pair(name string, def [2]int) [2]int {
	v := c.ints(name)
	if v == nil {
		return def
	}
	if len(v) != 2 {
		panic(fmt.Sprintf("case %s: param %q: want 2 ints, got %v", c.ID, name, v))
	}
	return [2]int{v[0], v[1]}
}

// convOps are the harness ops whose cases are in ConvCaseFile, not CaseFile.
var convOps = map[string]bool{"Conv2d": true, "MaxPool2d": true, "AvgPool2d": true, "AdaptiveAvgPool2d": true}

func init() {
	ops["Conv2d"] = func(c *Case, a args) []*tensor.Tensor {
		o := tensor.Conv2dOptions{
			Stride: c.pair("stride", [2]int{1, 1}), Padding: c.pair("padding", [2]int{}),
			Dilation: c.pair("dilation", [2]int{1, 1}), Groups: c.int("groups"),
		}
		var bias *tensor.Tensor
		if len(a) > 2 {
			bias = a.t(2)
		}
		return one(tensor.Conv2d(a.t(0), a.t(1), bias, o))
	}
	ops["MaxPool2d"] = func(c *Case, a args) []*tensor.Tensor {
		o := tensor.MaxPool2dOptions{
			Kernel: c.pair("kernel", [2]int{}), Stride: c.pair("stride", [2]int{}),
			Padding: c.pair("padding", [2]int{}), Dilation: c.pair("dilation", [2]int{1, 1}),
			CeilMode: c.bool("ceil_mode"),
		}
		out, idx := tensor.MaxPool2d(a.t(0), o)
		if c.has("indices") {
			var want Array
			c.param("indices", &want)
			if why := compareArray(idx, want, false); why != "" {
				panic(fmt.Sprintf("indices: %s", why))
			}
		}
		return one(out)
	}
	ops["AvgPool2d"] = func(c *Case, a args) []*tensor.Tensor {
		o := tensor.AvgPool2dOptions{
			Kernel: c.pair("kernel", [2]int{}), Stride: c.pair("stride", [2]int{}),
			Padding: c.pair("padding", [2]int{}), CeilMode: c.bool("ceil_mode"),
		}
		if c.has("count_include_pad") {
			var inc bool
			c.param("count_include_pad", &inc)
			o.ExcludePad = !inc
		}
		if c.has("divisor_override") {
			o.DivisorOverride = c.int("divisor_override")
		}
		return one(tensor.AvgPool2d(a.t(0), o))
	}
	ops["AdaptiveAvgPool2d"] = func(c *Case, a args) []*tensor.Tensor {
		s := c.pair("output_size", [2]int{})
		return one(tensor.AdaptiveAvgPool2d(a.t(0), s[0], s[1]))
	}
}

// LoadConv reads the convolution and pooling case file, found as Load finds its own.
func LoadConv() ([]byte, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return os.ReadFile(filepath.Join(dir, ConvCaseFile))
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil, fmt.Errorf("gradcases: no go.mod above the working directory, so no %s", ConvCaseFile)
		}
		dir = up
	}
}
