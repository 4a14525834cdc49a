package nn_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/nncases"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// TestTorchOracleConv runs PyTorch's recorded forward values and gradients of the
// convolution and pooling layers (testdata/torch-nn-conv-cases.jsonl, made by
// testdata/gen_nn_conv.py) on the CPU, in every input layout.
func TestTorchOracleConv(t *testing.T) {
	data, err := nncases.LoadFile(nncases.ConvCaseFile)
	if err != nil {
		t.Fatal(err)
	}
	r := nncases.Run(data, device.CPU())
	var b strings.Builder
	r.Print(&b)
	t.Log(b.String())
	for _, f := range r.Failures {
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	for _, layer := range []string{"Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"} {
		if c := r.Rules[layer]; c == nil || c.Passed+c.Failed < 16 {
			t.Errorf("%s: too few cases ran (%v)", layer, c)
		}
	}
}

// TestConv2dInit: PyTorch's reset_parameters bounds, 1/sqrt(in/groups*kH*kW) for both
// the weight and the bias, the shapes, names and defaults filled in.
func TestConv2dInit(t *testing.T) {
	g := random.NewGenerator(3)
	for _, tc := range []struct {
		name         string
		in, out      int
		k            [2]int
		c            nn.Conv2dConfig
		wShape       []int
		fanIn        int
		wantBiasSize int
	}{
		{"3x3", 16, 32, [2]int{3, 3}, nn.Conv2dConfig{}, []int{32, 16, 3, 3}, 144, 32},
		{"groups4-rect", 16, 24, [2]int{5, 2}, nn.Conv2dConfig{Groups: 4}, []int{24, 4, 5, 2}, 40, 24},
		{"nobias", 8, 64, [2]int{3, 3}, nn.Conv2dConfig{NoBias: true, Stride: [2]int{2, 2}}, []int{64, 8, 3, 3}, 72, 0},
	} {
		l := nn.NewConv2d(tc.in, tc.out, tc.k, tc.c, g)
		if !slices.Equal(l.Weight.Shape(), tc.wShape) || l.Weight.DType() != tensor.Float32 {
			t.Errorf("%s: weight %v %v, want %v float32", tc.name, l.Weight.DType(), l.Weight.Shape(), tc.wShape)
		}
		b := 1 / math.Sqrt(float64(tc.fanIn))
		checkUniform(t, tc.name+" weight", l.Weight, b)
		var names []string
		for _, p := range l.NamedParameters() {
			names = append(names, p.Name)
		}
		if tc.wantBiasSize == 0 {
			if l.Bias != nil || !slices.Equal(names, []string{"weight"}) {
				t.Errorf("%s: bias %v, parameters %v", tc.name, l.Bias, names)
			}
			continue
		}
		if !slices.Equal(names, []string{"weight", "bias"}) || l.Bias.Size() != tc.wantBiasSize {
			t.Errorf("%s: parameters %v, bias size %d", tc.name, names, l.Bias.Size())
		}
		if lo, hi := tensor.Min(l.Bias).Item(), tensor.Max(l.Bias).Item(); lo < -b || hi > b {
			t.Errorf("%s: bias in [%v, %v], outside %v", tc.name, lo, hi, b)
		}
	}
	l := nn.NewConv2d(2, 2, [2]int{1, 1}, nn.Conv2dConfig{}, g)
	if o := l.Options; o.Stride != [2]int{1, 1} || o.Dilation != [2]int{1, 1} || o.Groups != 1 {
		t.Errorf("defaults: %+v", o)
	}
}

// TestConvErrors: bad constructor arguments and inputs are typed errors naming the op.
func TestConvErrors(t *testing.T) {
	g := random.NewGenerator(0)
	conv := nn.NewConv2d(3, 4, [2]int{3, 3}, nn.Conv2dConfig{}, g)
	for _, tc := range []struct {
		name string
		kind tensor.Kind
		op   string
		f    func()
	}{
		{"groups-divide", tensor.Value, "nn.NewConv2d", func() { nn.NewConv2d(3, 4, [2]int{3, 3}, nn.Conv2dConfig{Groups: 2}, g) }},
		{"zero-kernel", tensor.Value, "nn.NewConv2d", func() { nn.NewConv2d(3, 4, [2]int{0, 3}, nn.Conv2dConfig{}, g) }},
		{"negative-stride", tensor.Value, "nn.NewConv2d", func() { nn.NewConv2d(3, 4, [2]int{3, 3}, nn.Conv2dConfig{Stride: [2]int{-1, 1}}, g) }},
		{"negative-padding", tensor.Value, "nn.NewConv2d", func() { nn.NewConv2d(3, 4, [2]int{3, 3}, nn.Conv2dConfig{Padding: [2]int{0, -1}}, g) }},
		{"negative-channels", tensor.Value, "nn.NewConv2d", func() { nn.NewConv2d(-3, 4, [2]int{3, 3}, nn.Conv2dConfig{}, g) }},
		{"adaptive-negative", tensor.Value, "nn.NewAdaptiveAvgPool2d", func() { nn.NewAdaptiveAvgPool2d(-1, 2) }},
		{"wrong-channels", tensor.Shape, "tensor.Conv2d", func() { conv.Forward(tensor.Zeros(tensor.Float32, 1, 2, 5, 5)) }},
		{"too-small", tensor.Shape, "tensor.Conv2d", func() { conv.Forward(tensor.Zeros(tensor.Float32, 1, 3, 2, 2)) }},
		{"rank", tensor.Shape, "tensor.Conv2d", func() { conv.Forward(tensor.Zeros(tensor.Float32, 3, 5)) }},
		{"pool-no-kernel", tensor.Value, "tensor.MaxPool2d", func() {
			nn.NewMaxPool2d(tensor.MaxPool2dOptions{}).Forward(tensor.Zeros(tensor.Float32, 1, 1, 4, 4))
		}},
	} {
		err := tensor.Try(tc.f)
		var te *tensor.Error
		if !errors.As(err, &te) || te.Kind != tc.kind || !strings.Contains(err.Error(), tc.op) {
			t.Errorf("%s: error %v, want a %v error from %s", tc.name, err, tc.kind, tc.op)
		}
	}
}

// TestPoolLayers: the pooling modules forward to package tensor's functions, have no
// state, and AdaptiveAvgPool2d's 0 (PyTorch's None) keeps the input's size.
func TestPoolLayers(t *testing.T) {
	x := tensor.Arange(tensor.Float32, 0, 2*3*4*6, 1).Reshape(2, 3, 4, 6)
	mp := nn.NewMaxPool2d(tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
	out, idx := mp.ForwardIndices(x)
	wantOut, wantIdx := tensor.MaxPool2d(x, mp.Options)
	if !tensor.ArrayEqual(out, wantOut) || !tensor.ArrayEqual(idx, wantIdx) || !tensor.ArrayEqual(mp.Forward(x), wantOut) {
		t.Errorf("MaxPool2d: %v %v, want %v %v", out, idx, wantOut, wantIdx)
	}
	ap := nn.NewAvgPool2d(tensor.AvgPool2dOptions{Kernel: [2]int{2, 3}})
	if got := ap.Forward(x); !slices.Equal(got.Shape(), []int{2, 3, 2, 2}) {
		t.Errorf("AvgPool2d: shape %v", got.Shape())
	}
	for _, tc := range []struct {
		h, w  int
		shape []int
	}{{0, 2, []int{2, 3, 4, 2}}, {1, 0, []int{2, 3, 1, 6}}, {0, 0, []int{2, 3, 4, 6}}, {1, 1, []int{2, 3, 1, 1}}} {
		if got := nn.NewAdaptiveAvgPool2d(tc.h, tc.w).Forward(x); !slices.Equal(got.Shape(), tc.shape) {
			t.Errorf("AdaptiveAvgPool2d(%d, %d): shape %v, want %v", tc.h, tc.w, got.Shape(), tc.shape)
		}
	}
	for _, m := range []nn.Module{mp, ap, nn.NewAdaptiveAvgPool2d(1, 1)} {
		if len(m.StateDict()) != 0 {
			t.Errorf("%T has state %v", m, m.StateDict())
		}
	}
}

// ExampleConv2d builds a small convolutional block and prints its state dict's names
// and shapes (PyTorch's) and the shape of its output.
func ExampleConv2d() {
	g := random.NewGenerator(0)
	block := nn.NewSequential(
		nn.NewConv2d(1, 8, [2]int{3, 3}, nn.Conv2dConfig{Padding: [2]int{1, 1}}, g),
		nn.NewBatchNorm2d(8, nn.BatchNormConfig{}),
		nn.NewReLU(),
		nn.NewMaxPool2d(tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}}),
		nn.NewAdaptiveAvgPool2d(1, 1),
		nn.NewFlatten(1, -1),
	)
	for _, e := range block.StateDict() {
		fmt.Println(e.Name, tensor.ShapeString(e.Tensor.Shape()))
	}
	x := tensor.Zeros(tensor.Float32, 4, 1, 28, 28)
	fmt.Println(tensor.ShapeString(block.Forward(x).Shape()))
	// Output:
	// 0.weight (8, 1, 3, 3)
	// 0.bias (8,)
	// 1.weight (8,)
	// 1.bias (8,)
	// 1.running_mean (8,)
	// 1.running_var (8,)
	// 1.num_batches_tracked ()
	// (4, 8)
}
