// Package conformance runs NumPy's answers (the JSON-lines cases made by
// shared/conformance/gen.py) against gotensor on any device. Each op of the case
// vocabulary has a Handler, registered from the ops_*.go file of the area it belongs to;
// an op without one is reported as unsupported, never as passed.
package conformance

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// NumPyCases is the public case file, embedded so test binaries run anywhere.
//
//go:embed testdata/numpy-cases.jsonl
var NumPyCases []byte

//go:embed testdata/breadth
var breadthFS embed.FS

// BreadthCases returns the cases of testdata/breadth/*.jsonl, one file per family of the
// NumPy functions added after the public case file (each made by its gen_*.py script
// beside it from Debian's NumPy), joined in file-name order.
func BreadthCases() []byte {
	ents, err := breadthFS.ReadDir("testdata/breadth")
	if err != nil {
		panic(err)
	}
	var all bytes.Buffer
	for _, e := range ents { // ReadDir sorts by name
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".jsonl") {
			continue
		}
		b, err := breadthFS.ReadFile("testdata/breadth/" + e.Name())
		if err != nil {
			panic(err)
		}
		all.Write(b)
		all.WriteByte('\n')
	}
	return all.Bytes()
}

// Array is a tensor as the case file spells it: flat C-order data, non-finite floats as
// the strings "nan", "inf", "-inf".
type Array struct {
	DType string            `json:"dtype"`
	Shape []int             `json:"shape"`
	Data  []json.RawMessage `json:"data"`
}

// Case is one line of a case file.
type Case struct {
	ID     string                     `json:"id"`
	Op     string                     `json:"op"`
	Inputs []json.RawMessage          `json:"inputs"`
	Params map[string]json.RawMessage `json:"params"`
	Expect json.RawMessage            `json:"expect"`
	Error  *string                    `json:"error"`
	RTol   float64                    `json:"rtol"`
	ATol   float64                    `json:"atol"`

	dev device.Device
}

// Handler computes a case's result on dev: a *tensor.Tensor, or []*tensor.Tensor for ops
// that return several. Misuse panics with *tensor.Error, as the library does.
type Handler func(c *Case) any

var (
	mu       sync.Mutex
	handlers = map[string]Handler{}
)

// Register installs the handler of an op; the ops_*.go files call it from init.
func Register(op string, h Handler) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := handlers[op]; dup {
		panic("conformance: op " + op + " registered twice")
	}
	handlers[op] = h
}

// Ops lists the ops that have handlers, sorted.
func Ops() []string {
	mu.Lock()
	defer mu.Unlock()
	var ops []string
	for op := range handlers {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

func handler(op string) Handler {
	mu.Lock()
	defer mu.Unlock()
	return handlers[op]
}

// Device is the device the case runs on.
func (c *Case) Device() device.Device { return c.dev }

// NumInputs is the number of inputs.
func (c *Case) NumInputs() int { return len(c.Inputs) }

// In returns input i as a tensor on the case's device.
func (c *Case) In(i int) *tensor.Tensor {
	var a Array
	if err := json.Unmarshal(c.Inputs[i], &a); err != nil {
		panic(fmt.Sprintf("case %s: input %d is not a tensor: %v", c.ID, i, err))
	}
	return a.Tensor().To(c.dev)
}

// Has reports whether the params hold name with a non-null value.
func (c *Case) Has(name string) bool {
	v, ok := c.Params[name]
	return ok && string(v) != "null"
}

// Param decodes params[name] into v (any JSON-decodable Go value).
func (c *Case) Param(name string, v any) {
	raw, ok := c.Params[name]
	if !ok {
		panic(fmt.Sprintf("case %s: no param %q", c.ID, name))
	}
	if err := json.Unmarshal(raw, v); err != nil {
		panic(fmt.Sprintf("case %s: param %q: %v", c.ID, name, err))
	}
}

// Int returns an integer param.
func (c *Case) Int(name string) int {
	var v int
	c.Param(name, &v)
	return v
}

// Float returns a number param.
func (c *Case) Float(name string) float64 {
	var v float64
	c.Param(name, &v)
	return v
}

// Bool returns a boolean param.
func (c *Case) Bool(name string) bool {
	var v bool
	c.Param(name, &v)
	return v
}

// String returns a string param.
func (c *Case) String(name string) string {
	var v string
	c.Param(name, &v)
	return v
}

// Ints returns a param that is an int or a list of ints, as a list (nil when null).
func (c *Case) Ints(name string) []int {
	if !c.Has(name) {
		return nil
	}
	var v []int
	if err := json.Unmarshal(c.Params[name], &v); err == nil {
		return v
	}
	return []int{c.Int(name)}
}

// DType returns a dtype param.
func (c *Case) DType(name string) device.DType {
	dt, err := device.ParseDType(c.String(name))
	if err != nil {
		panic(&tensor.Error{Kind: tensor.Value, Op: c.Op, Msg: err.Error()})
	}
	return dt
}

// Tensor builds the array as a CPU tensor.
func (a Array) Tensor() *tensor.Tensor {
	dt, err := device.ParseDType(a.DType)
	if err != nil {
		panic(err)
	}
	f := make([]float64, len(a.Data))
	for i, raw := range a.Data {
		f[i] = number(raw)
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
				v[i] = int64(f[i])
			}
		}
		return tensor.FromSlice(v, shape...)
	case device.Bool:
		v := make([]bool, len(f))
		for i, raw := range a.Data {
			var b bool
			if json.Unmarshal(raw, &b) == nil {
				v[i] = b
			} else {
				v[i] = f[i] != 0
			}
		}
		return tensor.FromSlice(v, shape...)
	}
	return tensor.FromSlice(f, shape...).AsType(dt)
}

// number decodes a JSON number, bool or one of "nan", "inf", "-inf".
func number(raw json.RawMessage) float64 {
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		if b {
			return 1
		}
		return 0
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
	panic("conformance: bad number " + string(raw))
}
