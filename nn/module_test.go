package nn_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

func names(ns []nn.Named) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Name
	}
	return out
}

// block is a user-defined module: it embeds Base and registers a child and a
// parameter of its own.
type block struct {
	nn.Base
	Scale *tensor.Tensor
	Inner *nn.Sequential
}

func newBlock(g *random.Generator) *block {
	b := &block{Scale: tensor.Ones(tensor.Float32, 3)}
	b.Inner = nn.NewSequential(nn.NewLinear(3, 3, false, g), nn.NewLayerNorm([]int{3}, nn.LayerNormConfig{}))
	b.RegisterParameter("scale", &b.Scale)
	b.RegisterModule("inner", b.Inner)
	return b
}

func (b *block) Forward(x *tensor.Tensor) *tensor.Tensor { return b.Inner.Forward(x).Mul(b.Scale) }

func TestNames(t *testing.T) {
	g := random.NewGenerator(0)
	m := nn.NewSequential(nn.NewLinear(3, 4, true, g), nn.NewBatchNorm1d(4, nn.BatchNormConfig{}), nn.NewGELU("none"),
		nn.NewDropout(0.1, g), nn.NewLinear(4, 3, false, g), newBlock(g), nn.NewEmbedding(2, 2, g))
	wantParams := []string{"0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "5.scale", "5.inner.0.weight",
		"5.inner.1.weight", "5.inner.1.bias", "6.weight"}
	if got := names(m.NamedParameters()); !slices.Equal(got, wantParams) {
		t.Errorf("NamedParameters %v, want %v", got, wantParams)
	}
	if got := names(m.NamedBuffers()); !slices.Equal(got, []string{"1.running_mean", "1.running_var", "1.num_batches_tracked"}) {
		t.Errorf("NamedBuffers %v", got)
	}
	wantState := []string{"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
		"1.num_batches_tracked", "4.weight", "5.scale", "5.inner.0.weight", "5.inner.1.weight", "5.inner.1.bias", "6.weight"}
	if got := names(m.StateDict()); !slices.Equal(got, wantState) {
		t.Errorf("StateDict %v, want %v", got, wantState)
	}
	ps := m.Parameters()
	if len(ps) != len(wantParams) || ps[0] != m.Layers[0].(*nn.Linear).Weight {
		t.Error("Parameters are not the modules' own tensors in NamedParameters' order")
	}
	for _, p := range ps {
		if !p.TracksGrad() || !p.IsLeaf() {
			t.Error("a parameter is not a leaf that requires a gradient")
		}
	}
	m.Eval()
	if m.Training() || m.Layers[3].Training() || m.Layers[5].(*block).Inner.Layers[1].Training() {
		t.Error("Eval did not reach every descendant")
	}
	m.Train(true)
	if !m.Layers[5].(*block).Inner.Training() {
		t.Error("Train(true) did not reach every descendant")
	}
}

func TestRegisterErrors(t *testing.T) {
	var b nn.Base
	w := tensor.Zeros(tensor.Float32, 2)
	b.RegisterParameter("w", &w)
	for name, f := range map[string]func(){
		"dot":       func() { b.RegisterBuffer("a.b", &w) },
		"empty":     func() { b.RegisterParameter("", &w) },
		"duplicate": func() { b.RegisterBuffer("w", &w) },
		"nil child": func() { b.RegisterModule("c", nil) },
	} {
		err := tensor.Try(f)
		if tensor.KindOf(err) != tensor.Value {
			t.Errorf("%s: error %v, want a Value error", name, err)
		}
	}
}

func TestNoGradInfer(t *testing.T) {
	g := random.NewGenerator(1)
	m := nn.NewSequential(nn.NewLinear(3, 5, true, g), nn.NewTanh(), nn.NewLinear(5, 2, true, g))
	x := random.NewGenerator(2).StandardNormal(4, 3).AsType(tensor.Float32).RequiresGrad()
	y := m.Forward(x)
	if !y.TracksGrad() {
		t.Fatal("Forward in training mode records no graph")
	}
	z := nn.Infer(m, x)
	if z.TracksGrad() || z.GradNode() != nil {
		t.Error("Infer recorded a graph")
	}
	if !tensor.ArrayEqual(z, y.Detach()) {
		t.Errorf("Infer %v, Forward %v", z, y)
	}
	if !m.Parameters()[0].TracksGrad() {
		t.Error("NoGrad did not restore the parameters")
	}
	func() {
		defer func() { _ = recover() }()
		nn.NoGrad(m, func() { panic("boom") })
	}()
	if !m.Parameters()[0].TracksGrad() || m.Parameters()[0] != m.Layers[0].(*nn.Linear).Weight {
		t.Error("NoGrad did not restore the parameters after a panic")
	}
}

func TestToAndAsType(t *testing.T) {
	g := random.NewGenerator(3)
	m := nn.NewSequential(nn.NewLinear(2, 3, true, g), nn.NewBatchNorm1d(3, nn.BatchNormConfig{}))
	old := m.Layers[0].(*nn.Linear).Weight
	m.AsType(tensor.Float64)
	w := m.Layers[0].(*nn.Linear).Weight
	if w.DType() != tensor.Float64 || !w.TracksGrad() || !tensor.AllClose(w, old.Detach(), 0, 0) {
		t.Errorf("AsType: %v %v", w.DType(), w.TracksGrad())
	}
	bn := m.Layers[1].(*nn.BatchNorm)
	if bn.RunningMean.DType() != tensor.Float64 || bn.NumBatchesTracked.DType() != tensor.Int64 {
		t.Errorf("buffers after AsType: %v, %v", bn.RunningMean.DType(), bn.NumBatchesTracked.DType())
	}
	y := m.Forward(tensor.Ones(tensor.Float64, 4, 2))
	if y.DType() != tensor.Float64 {
		t.Errorf("output dtype %v", y.DType())
	}
	if err := tensor.Try(func() { m.AsType(tensor.Int32) }); tensor.KindOf(err) != tensor.Value {
		t.Errorf("AsType(int32): %v", err)
	}
}

func TestBatchNormRunningStats(t *testing.T) {
	bn := nn.NewBatchNorm1d(2, nn.BatchNormConfig{Momentum: 0.5})
	x := tensor.FromSlice([]float32{1, 10, 3, 20, 5, 30}, 3, 2)
	bn.Forward(x)
	// mean (3, 20), unbiased var (4, 100): running = 0.5*old + 0.5*batch.
	if want := tensor.FromSlice([]float32{1.5, 10}, 2); !tensor.AllClose(bn.RunningMean, want, 1e-6, 0) {
		t.Errorf("running mean %v, want %v", bn.RunningMean, want)
	}
	if want := tensor.FromSlice([]float32{2.5, 50.5}, 2); !tensor.AllClose(bn.RunningVar, want, 1e-6, 0) {
		t.Errorf("running var %v, want %v", bn.RunningVar, want)
	}
	if bn.NumBatchesTracked.Item() != 1 {
		t.Errorf("num_batches_tracked %v", bn.NumBatchesTracked)
	}
	bn.Eval()
	y := bn.Forward(x)
	want := tensor.FromSlice([]float32{1, 10, 3, 20, 5, 30}, 3, 2).Sub(bn.RunningMean).Div(tensor.Sqrt(bn.RunningVar.Add(1e-5)))
	if !tensor.AllClose(y, want, 1e-6, 1e-6) || bn.NumBatchesTracked.Item() != 1 {
		t.Errorf("eval output %v, want %v", y, want)
	}
	bn.Train(true)
	err := tensor.Try(func() { bn.Forward(tensor.Ones(tensor.Float32, 1, 2)) })
	if tensor.KindOf(err) != tensor.Value || !strings.Contains(err.Error(), "more than 1 value per channel") {
		t.Errorf("one value per channel: %v", err)
	}
}

func TestLayerErrors(t *testing.T) {
	g := random.NewGenerator(4)
	for _, c := range []struct {
		name string
		f    func()
		kind tensor.Kind
		msg  string
	}{
		{"linear shape", func() { nn.NewLinear(3, 2, true, g).Forward(tensor.Ones(tensor.Float32, 2, 4)) }, tensor.Shape, "(..., 3)"},
		{"linear nil generator", func() { nn.NewLinear(3, 2, true, nil) }, tensor.Value, "nil random.Generator"},
		{"batchnorm rank", func() { nn.NewBatchNorm2d(3, nn.BatchNormConfig{}).Forward(tensor.Ones(tensor.Float32, 2, 3)) }, tensor.Shape, "channels"},
		{"batchnorm channels", func() { nn.NewBatchNorm1d(3, nn.BatchNormConfig{}).Forward(tensor.Ones(tensor.Float32, 2, 4)) }, tensor.Shape, "3 channels"},
		{"layernorm shape", func() { nn.NewLayerNorm([]int{4}, nn.LayerNormConfig{}).Forward(tensor.Ones(tensor.Float32, 4, 3)) }, tensor.Shape, "normalized shape"},
		{"embedding range", func() { nn.NewEmbedding(3, 2, g).Forward(tensor.FromSlice([]int64{0, 3}, 2)) }, tensor.Index, "out of range"},
		{"embedding negative", func() { nn.NewEmbedding(3, 2, g).Forward(tensor.FromSlice([]int64{-1}, 1)) }, tensor.Index, "out of range"},
		{"embedding float", func() { nn.NewEmbedding(3, 2, g).Forward(tensor.Ones(tensor.Float32, 2)) }, tensor.Value, "integers"},
		{"padding index", func() { nn.NewEmbeddingPadded(3, 2, 3, g) }, tensor.Index, "padding index 3"},
		{"dropout p", func() { nn.NewDropout(1.5, g) }, tensor.Value, "outside [0, 1]"},
		{"gelu", func() { nn.NewGELU("erf") }, tensor.Value, `"erf"`},
		{"flatten", func() { nn.NewFlatten(2, 1).Forward(tensor.Ones(tensor.Float32, 2, 3, 4)) }, tensor.Value, "comes after"},
		{"flatten axis", func() { nn.NewFlatten(1, 5).Forward(tensor.Ones(tensor.Float32, 2, 3)) }, tensor.Axis, "out of range"},
		{"mse shapes", func() { nn.NewMSELoss().Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.Ones(tensor.Float32, 3)) }, tensor.Shape, "differ"},
		{"reduction", func() {
			l := nn.NewMSELoss()
			l.Reduction = "avg"
			l.Forward(tensor.Ones(tensor.Float32, 2), tensor.Ones(tensor.Float32, 2))
		}, tensor.Value, `"avg"`},
		{"ce target range", func() {
			nn.NewCrossEntropyLoss().Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.FromSlice([]int64{0, 3}, 2))
		}, tensor.Index, "target 3"},
		{"ce target shape", func() {
			nn.NewCrossEntropyLoss().Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.FromSlice([]int64{0, 1, 2}, 3))
		}, tensor.Shape, "target of shape (2,)"},
		{"nll float target", func() { nn.NewNLLLoss().Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.Ones(tensor.Float32, 2)) }, tensor.Value, "integers"},
		{"ce weight", func() {
			l := nn.NewCrossEntropyLoss()
			l.Weight = tensor.Ones(tensor.Float32, 4)
			l.Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.FromSlice([]int64{0, 1}, 2))
		}, tensor.Shape, "weight of shape (4,) for 3 classes"},
		{"ce smoothing", func() {
			l := nn.NewCrossEntropyLoss()
			l.LabelSmoothing = 2
			l.Forward(tensor.Ones(tensor.Float32, 2, 3), tensor.FromSlice([]int64{0, 1}, 2))
		}, tensor.Value, "label smoothing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := tensor.Try(c.f)
			if tensor.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "nn.") {
				t.Errorf("error %v, want a %v error from nn mentioning %q", err, c.kind, c.msg)
			}
		})
	}
}

// TestTrainingStep checks that a step of SGD over a module's Parameters lowers the loss
// and that gradients reach every parameter.
func TestTrainingStep(t *testing.T) {
	g := random.NewGenerator(5)
	m := nn.NewSequential(nn.NewLinear(2, 8, true, g), nn.NewGELU("tanh"), nn.NewLayerNorm([]int{8}, nn.LayerNormConfig{}),
		nn.NewLinear(8, 2, true, g))
	x := random.NewGenerator(6).StandardNormal(16, 2).AsType(tensor.Float32)
	labels := tensor.Greater(x.Slice(tensor.S(tensor.None, tensor.None, 1), 0), 0).AsType(tensor.Int64)
	opt := autograd.NewSGD(m.Parameters(), autograd.SGD{LR: 0.5})
	loss := nn.NewCrossEntropyLoss()
	first := math.NaN()
	var last float64
	for i := 0; i < 20; i++ {
		l := loss.Forward(m.Forward(x), labels)
		autograd.Backward(l)
		for _, p := range m.NamedParameters() {
			if p.Tensor.Grad() == nil {
				t.Fatalf("no gradient for %s", p.Name)
			}
		}
		opt.Step()
		opt.ZeroGrad()
		if i == 0 {
			first = l.Item()
		}
		last = l.Item()
	}
	if !(last < first/2) {
		t.Errorf("loss went from %v to %v in 20 steps", first, last)
	}
}
