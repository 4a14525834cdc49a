// Package gradcases runs PyTorch's recorded gradients (the JSON-lines cases made by
// autograd/testdata/gen_grad.py) against gotensor's autograd on any device: the
// gradient counterpart of internal/conformance. Each case names a harness op (ops.go),
// its inputs (strided views built on the device from a contiguous base), a seed per
// output and the expected gradient of every input; second-order cases add a
// Hessian-vector product. An op the harness cannot map is a failure, never a skip.
package gradcases

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// CaseFile is the case file's path inside the module.
const CaseFile = "autograd/testdata/torch-grad-cases.jsonl"

// Load reads the case file, found from the working directory upwards (the module
// root holds go.mod), so tests of any package, and test binaries run in their
// package's folder of a working tree, find it.
func Load() ([]byte, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return os.ReadFile(filepath.Join(dir, CaseFile))
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil, fmt.Errorf("gradcases: no go.mod above the working directory, so no %s", CaseFile)
		}
		dir = up
	}
}

// Array is a tensor as the case file spells it: flat C-order data, non-finite floats
// as the strings "nan", "inf", "-inf".
type Array struct {
	DType string            `json:"dtype"`
	Shape []int             `json:"shape"`
	Data  []json.RawMessage `json:"data"`
}

// Input is one operand: a tensor (an Array, with the view steps built on it and
// whether the view requires a gradient), a Go scalar, or a reference to an earlier
// operand (the same leaf used twice).
type Input struct {
	Array
	Grad   bool                         `json:"grad"`
	View   []map[string]json.RawMessage `json:"view"`
	Scalar *float64                     `json:"scalar"`
	Ref    *int                         `json:"ref"`
}

// Case is one line of the case file (see gen_grad.py for the fields).
type Case struct {
	ID        string                     `json:"id"`
	Rule      string                     `json:"rule"`
	Op        string                     `json:"op"`
	Inputs    []Input                    `json:"inputs"`
	Params    map[string]json.RawMessage `json:"params"`
	Post      string                     `json:"post"`
	Seeds     []*Array                   `json:"seeds"`
	Value     []Array                    `json:"value"`
	Expect    []*Array                   `json:"expect"`
	Order     int                        `json:"order"`
	HVPV      []*Array                   `json:"hvp_v"`
	HVPExpect []*Array                   `json:"hvp_expect"`
}

// Tensor builds the array as a CPU tensor.
func (a Array) Tensor() *tensor.Tensor {
	dt, err := device.ParseDType(a.DType)
	if err != nil {
		panic(err)
	}
	shape := a.Shape
	if shape == nil {
		shape = []int{}
	}
	switch dt {
	case device.Int64:
		v := make([]int64, len(a.Data))
		for i, raw := range a.Data {
			if err := json.Unmarshal(raw, &v[i]); err != nil {
				panic(fmt.Sprintf("gradcases: bad int64 %s", raw))
			}
		}
		return tensor.FromSlice(v, shape...)
	case device.Bool:
		v := make([]bool, len(a.Data))
		for i, raw := range a.Data {
			if err := json.Unmarshal(raw, &v[i]); err != nil {
				panic(fmt.Sprintf("gradcases: bad bool %s", raw))
			}
		}
		return tensor.FromSlice(v, shape...)
	}
	f := a.floats()
	t := tensor.FromSlice(f, shape...)
	if dt != device.Float64 {
		t = t.AsType(dt)
	}
	return t
}

func (a Array) floats() []float64 {
	f := make([]float64, len(a.Data))
	for i, raw := range a.Data {
		f[i] = number(raw)
	}
	return f
}

// number decodes a JSON number or one of "nan", "inf", "-inf".
func number(raw json.RawMessage) float64 {
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	switch s {
	case "nan":
		return math.NaN()
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	}
	panic("gradcases: bad number " + string(raw))
}

// has reports whether the params hold name with a non-null value.
func (c *Case) has(name string) bool {
	v, ok := c.Params[name]
	return ok && string(v) != "null"
}

// param decodes params[name] into v.
func (c *Case) param(name string, v any) {
	raw, ok := c.Params[name]
	if !ok {
		panic(fmt.Sprintf("case %s: no param %q", c.ID, name))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("case %s: param %q: %v", c.ID, name, err))
	}
}

func (c *Case) int(name string) int {
	var v int
	c.param(name, &v)
	return v
}

func (c *Case) float(name string) float64 {
	var v float64
	c.param(name, &v)
	return v
}

func (c *Case) bool(name string) bool {
	if !c.has(name) {
		return false
	}
	var v bool
	c.param(name, &v)
	return v
}

func (c *Case) ints(name string) []int {
	if !c.has(name) {
		return nil
	}
	var v []int
	c.param(name, &v)
	return v
}

// specs decodes slice specs: ints, {"s": [start, stop, step]} (null: omitted),
// "newaxis" and "...".
func specs(raw json.RawMessage) []any {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		panic(fmt.Sprintf("gradcases: slice specs %s: %v", raw, err))
	}
	out := make([]any, len(items))
	for i, it := range items {
		var n int
		if json.Unmarshal(it, &n) == nil {
			out[i] = n
			continue
		}
		var s string
		if json.Unmarshal(it, &s) == nil {
			switch s {
			case "newaxis":
				out[i] = tensor.NewAxis
			case "...":
				out[i] = tensor.Ellipsis
			default:
				panic("gradcases: bad slice spec " + s)
			}
			continue
		}
		var r struct {
			S [3]*int `json:"s"`
		}
		if err := json.Unmarshal(it, &r); err != nil {
			panic(fmt.Sprintf("gradcases: bad slice spec %s: %v", it, err))
		}
		v := [3]int{tensor.None, tensor.None, 1}
		for k, p := range r.S {
			if p != nil {
				v[k] = *p
			}
		}
		out[i] = tensor.S(v[0], v[1], v[2])
	}
	return out
}

// build makes input i on dev: the base moved to dev, then its view steps, then marked
// RequiresGrad (so the leaf is the strided view itself).
func (in Input) build(dev device.Device) *tensor.Tensor {
	t := in.Array.Tensor().To(dev)
	for _, step := range in.View {
		switch {
		case step["transpose"] != nil:
			var perm []int
			if err := json.Unmarshal(step["transpose"], &perm); err != nil {
				panic(fmt.Sprintf("gradcases: bad transpose step: %v", err))
			}
			t = t.Transpose(perm...)
		case step["slice"] != nil:
			t = t.Slice(specs(step["slice"])...)
		default:
			panic(fmt.Sprintf("gradcases: unknown view step %v", step))
		}
	}
	if in.Grad {
		t.RequiresGrad()
	}
	return t
}
