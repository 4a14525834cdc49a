// Package nncases runs PyTorch's recorded forward values and gradients of torch.nn's
// layers and losses (nn/testdata/torch-nn-cases.jsonl, made by nn/testdata/gen_nn.py)
// against package nn on any device. Each case names a layer with its constructor
// arguments, the state dict to load (so the names must be PyTorch's), the inputs, a
// seed of the output's shape, the expected output, the gradients of sum(out*seed)
// with respect to the inputs and parameters, and the state dict after the pass
// (BatchNorm's running statistics). Every case runs with its first input in four
// layouts: contiguous, with a negative step on its first axis, with a step of 2 on its
// first axis, and transposed.
// An unknown layer is a failure, never a skip.
package nncases

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/conformance"
	"github.com/gotensor/gotensor/internal/gradcases"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// CaseFile is the case file's path inside the module.
const CaseFile = "nn/testdata/torch-nn-cases.jsonl"

// ConvCaseFile holds the convolution and pooling layers' cases
// (nn/testdata/gen_nn_conv.py), in the same format.
const ConvCaseFile = "nn/testdata/torch-nn-conv-cases.jsonl"

// Load reads the case file, found from the working directory upwards.
func Load() ([]byte, error) { return LoadFile(CaseFile) }

// LoadFile reads a case file given by its path inside the module, found from the
// working directory upwards.
func LoadFile(file string) ([]byte, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return os.ReadFile(filepath.Join(dir, file))
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil, fmt.Errorf("nncases: no go.mod above the working directory, so no %s", file)
		}
		dir = up
	}
}

// Input is one forward operand.
type Input struct {
	gradcases.Array
	Grad bool `json:"grad"`
}

// Entry is one state dict entry, [name, array] in the file.
type Entry struct {
	Name  string
	Value gradcases.Array
}

// UnmarshalJSON reads [name, array].
func (e *Entry) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil || len(pair) != 2 {
		return fmt.Errorf("state entry %s: want [name, array]", b)
	}
	if err := json.Unmarshal(pair[0], &e.Name); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &e.Value)
}

// Case is one line of the case file (see gen_nn.py for the fields).
type Case struct {
	ID         string                     `json:"id"`
	Layer      string                     `json:"layer"`
	Config     map[string]json.RawMessage `json:"config"`
	Extra      map[string]gradcases.Array `json:"extra"`
	DType      string                     `json:"dtype"`
	Train      bool                       `json:"train"`
	State      []Entry                    `json:"state"`
	Inputs     []Input                    `json:"inputs"`
	Seed       gradcases.Array            `json:"seed"`
	Out        gradcases.Array            `json:"out"`
	InputGrads []*gradcases.Array         `json:"input_grads"`
	ParamGrads map[string]gradcases.Array `json:"param_grads"`
	StateAfter []Entry                    `json:"state_after"`
}

// Layouts are the layouts every case's first input is built in.
var Layouts = []string{"contiguous", "negative-step", "stepped", "transposed"}

// Run runs every case of a case file on dev, in every layout.
func Run(data []byte, dev device.Device) gradcases.Report {
	r := gradcases.Report{Device: dev.Name(), Rules: map[string]*gradcases.Count{}}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			fail(&r, "line "+strconv.Itoa(n+1), "(parse)", "malformed case: "+err.Error())
			continue
		}
		for _, layout := range Layouts {
			id := c.ID + "@" + layout
			if why := call(&c, dev, layout); why != "" {
				fail(&r, id, c.Layer, why)
				continue
			}
			count(&r, c.Layer).Passed++
			r.Passed++
		}
	}
	return r
}

func count(r *gradcases.Report, rule string) *gradcases.Count {
	c := r.Rules[rule]
	if c == nil {
		c = &gradcases.Count{}
		r.Rules[rule] = c
	}
	return c
}

func fail(r *gradcases.Report, id, rule, why string) {
	count(r, rule).Failed++
	r.Failed++
	r.Failures = append(r.Failures, gradcases.Failure{ID: id, Rule: rule, Why: why})
}

// call runs one case in one layout, turning a panic into a failure.
func call(c *Case, dev device.Device, layout string) (why string) {
	defer func() {
		if p := recover(); p != nil {
			why = fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return runCase(c, dev, layout)
}

// build makes input i on dev in the given layout (only the first input takes it).
func build(a gradcases.Array, dev device.Device, layout string) *tensor.Tensor {
	t := a.Tensor()
	switch {
	case layout == "negative-step" && t.NDim() >= 1:
		t = tensor.Flip(t, 0).Contiguous().To(dev).Flip(0)
	case layout == "stepped" && t.NDim() >= 1:
		t = tensor.Repeat(t, 2, 0).To(dev).Slice(tensor.S(tensor.None, tensor.None, 2))
	case layout == "transposed" && t.NDim() >= 2:
		t = t.Transpose().Contiguous().To(dev).Transpose()
	default:
		t = t.To(dev)
	}
	return t
}

func dtypeOf(s string) tensor.DType {
	dt, err := device.ParseDType(s)
	if err != nil {
		panic(err)
	}
	return dt
}

// forward is a module's Forward or a loss's, over the built inputs.
type forward func(in []*tensor.Tensor) *tensor.Tensor

func runCase(c *Case, dev device.Device, layout string) string {
	dt := dtypeOf(c.DType)
	m, f := c.module(dt, dev)
	ins := make([]*tensor.Tensor, len(c.Inputs))
	for i, in := range c.Inputs {
		l := "contiguous"
		if i == 0 {
			l = layout
		}
		ins[i] = build(in.Array, dev, l)
		if in.Grad {
			ins[i].RequiresGrad()
		}
	}
	if m != nil {
		sd := map[string]*tensor.Tensor{}
		for _, e := range c.State {
			sd[e.Name] = e.Value.Tensor()
		}
		if err := m.LoadStateDict(sd); err != nil {
			return "loading the recorded state dict: " + err.Error()
		}
		m.Train(c.Train)
		if names := stateNames(m.StateDict()); !slices.Equal(names, entryNames(c.State)) {
			return fmt.Sprintf("state dict names %v, want PyTorch's %v", names, entryNames(c.State))
		}
	}
	out := f(ins)
	if out.Device() != dev {
		return fmt.Sprintf("output on %s, want %s", out.Device().Name(), dev.Name())
	}
	if why := compare(out, c.Out, dt); why != "" {
		return "forward: " + why
	}
	if out.TracksGrad() {
		autograd.Backward(out, c.Seed.Tensor().To(dev))
	}
	for i, want := range c.InputGrads {
		if want == nil || !c.Inputs[i].Grad {
			continue
		}
		g := ins[i].Grad()
		if g == nil {
			g = tensor.ZerosLike(ins[i].Detach())
		}
		if why := compare(g, *want, dt); why != "" {
			return fmt.Sprintf("gradient of input %d: %s", i, why)
		}
	}
	if m != nil {
		for _, p := range m.NamedParameters() {
			want, ok := c.ParamGrads[p.Name]
			if !ok {
				return fmt.Sprintf("parameter %s has no recorded gradient", p.Name)
			}
			g := p.Tensor.Grad()
			if g == nil {
				g = tensor.ZerosLike(p.Tensor.Detach())
			}
			if why := compare(g, want, dt); why != "" {
				return fmt.Sprintf("gradient of %s: %s", p.Name, why)
			}
		}
		after := map[string]*tensor.Tensor{}
		for _, e := range m.StateDict() {
			after[e.Name] = e.Tensor
		}
		for _, e := range c.StateAfter {
			if why := compare(after[e.Name], e.Value, dt); why != "" {
				return fmt.Sprintf("state %s after the pass: %s", e.Name, why)
			}
		}
	}
	return ""
}

func stateNames(sd []nn.Named) []string {
	out := make([]string, len(sd))
	for i, n := range sd {
		out[i] = n.Name
	}
	return out
}

func entryNames(es []Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

// compare checks dtype, shape, device-independent values of t against want, with
// gradcases' tolerances (float32 when the case's dtype is float32).
func compare(t *tensor.Tensor, want gradcases.Array, dt tensor.DType) string {
	if t == nil {
		return "nil tensor"
	}
	if got := t.DType().String(); got != want.DType {
		return fmt.Sprintf("dtype %s, want %s", got, want.DType)
	}
	ws := want.Shape
	if ws == nil {
		ws = []int{}
	}
	if !slices.Equal(t.Shape(), ws) {
		return fmt.Sprintf("shape %v, want %v", t.Shape(), ws)
	}
	got := tensor.ToSlice[float64](t.Detach().CPU())
	w := tensor.ToSlice[float64](want.Tensor())
	scale := 0.0
	for _, v := range w {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			scale = max(scale, math.Abs(v))
		}
	}
	f32 := dt == tensor.Float32
	for k := range w {
		if !gradcases.Close(got[k], w[k], scale, f32) {
			return fmt.Sprintf("at %v: got %v, want %v (|diff| %.3g)", conformance.Unravel(k, ws), got[k], w[k], math.Abs(got[k]-w[k]))
		}
	}
	return ""
}

// module builds the case's layer (nil for losses) as dt on dev, and its forward.
func (c *Case) module(dt tensor.DType, dev device.Device) (nn.Module, forward) {
	g := random.NewGenerator(0)
	var m nn.Module
	switch c.Layer {
	case "Linear":
		m = nn.NewLinear(c.int("in_features", 0), c.int("out_features", 0), c.bool("bias", true), g)
	case "MLP":
		m = nn.NewSequential(nn.NewLinear(c.int("in", 0), c.int("hidden", 0), true, g), nn.NewReLU(),
			nn.NewLinear(c.int("hidden", 0), c.int("out", 0), true, g))
	case "Flatten":
		m = nn.NewFlatten(c.int("start_dim", 1), c.int("end_dim", -1))
	case "ReLU":
		m = nn.NewReLU()
	case "Sigmoid":
		m = nn.NewSigmoid()
	case "Tanh":
		m = nn.NewTanh()
	case "GELU":
		m = nn.NewGELU(c.str("approximate", "none"))
	case "Softmax":
		m = nn.NewSoftmax(c.int("dim", 0))
	case "BatchNorm1d", "BatchNorm2d":
		cfg := nn.BatchNormConfig{Eps: c.float("eps", 1e-5), NoAffine: !c.bool("affine", true),
			NoRunningStats: !c.bool("track_running_stats", true)}
		if raw, ok := c.Config["momentum"]; ok && string(raw) == "null" {
			cfg.CumulativeAverage = true
		} else if mo := c.float("momentum", 0.1); mo == 0 {
			cfg.Momentum = autograd.Zero
		} else {
			cfg.Momentum = mo
		}
		if c.Layer == "BatchNorm1d" {
			m = nn.NewBatchNorm1d(c.int("num_features", 0), cfg)
		} else {
			m = nn.NewBatchNorm2d(c.int("num_features", 0), cfg)
		}
	case "LayerNorm":
		var shape []int
		c.param("normalized_shape", &shape)
		m = nn.NewLayerNorm(shape, nn.LayerNormConfig{Eps: c.float("eps", 1e-5), NoAffine: !c.bool("elementwise_affine", true)})
	case "Embedding":
		if _, ok := c.Config["padding_idx"]; ok {
			m = nn.NewEmbeddingPadded(c.int("num_embeddings", 0), c.int("embedding_dim", 0), c.int("padding_idx", 0), g)
		} else {
			m = nn.NewEmbedding(c.int("num_embeddings", 0), c.int("embedding_dim", 0), g)
		}
	case "Dropout":
		m = nn.NewDropout(c.float("p", 0.5), g)
	case "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d":
		m = c.convModule(g)
	default:
		return nil, c.loss(dt, dev)
	}
	m.AsType(dt)
	m.To(dev)
	return m, func(in []*tensor.Tensor) *tensor.Tensor { return m.Forward(in[0]) }
}
