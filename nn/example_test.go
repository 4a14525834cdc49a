package nn_test

import (
	"bytes"
	"fmt"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// A Sequential MLP learns XOR with Adam and cross-entropy, then predicts on the
// evaluation path, which records no graph.
func Example() {
	g := random.NewGenerator(0)
	mlp := nn.NewSequential(nn.NewLinear(2, 16, true, g), nn.NewReLU(), nn.NewLinear(16, 2, true, g))
	x := tensor.FromSlice([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)
	labels := tensor.FromSlice([]int64{0, 1, 1, 0}, 4)
	opt := autograd.NewAdam(mlp.Parameters(), autograd.Adam{LR: 0.05})
	lossFn := nn.NewCrossEntropyLoss()
	var first, last float64
	for step := 0; step < 300; step++ {
		loss := lossFn.Forward(mlp.Forward(x), labels)
		autograd.Backward(loss)
		opt.Step()
		opt.ZeroGrad()
		if step == 0 {
			first = loss.Item()
		}
		last = loss.Item()
	}
	mlp.Eval()
	pred := nn.Infer(mlp, x).ArgMax(1)
	fmt.Println(pred, last < first/10)
	// Output: array([0, 1, 1, 0]) true
}

// A module's state dict has PyTorch's names; SaveNpz and LoadNpz carry it to another
// model of the same architecture (and to PyTorch: see testdata/torch_load.py).
func ExampleSaveNpz() {
	newModel := func(seed int) *nn.Sequential {
		g := random.NewGenerator(seed)
		return nn.NewSequential(nn.NewLinear(3, 4, true, g), nn.NewBatchNorm1d(4, nn.BatchNormConfig{}), nn.NewGELU("none"))
	}
	a, b := newModel(1), newModel(2)
	for _, e := range a.StateDict() {
		fmt.Println(e.Name, e.Tensor.DType(), tensor.ShapeString(e.Tensor.Shape()))
	}
	var buf bytes.Buffer
	if err := nn.SaveNpz(&buf, a); err != nil {
		fmt.Println(err)
	}
	if err := nn.LoadNpz(bytes.NewReader(buf.Bytes()), int64(buf.Len()), b); err != nil {
		fmt.Println(err)
	}
	x := tensor.Ones(tensor.Float32, 2, 3)
	fmt.Println(tensor.ArrayEqual(nn.Infer(a, x), nn.Infer(b, x)))
	// Output:
	// 0.weight float32 (4, 3)
	// 0.bias float32 (4,)
	// 1.weight float32 (4,)
	// 1.bias float32 (4,)
	// 1.running_mean float32 (4,)
	// 1.running_var float32 (4,)
	// 1.num_batches_tracked int64 ()
	// true
}

// SaveSafetensors writes the same state dict as a safetensors file; LoadSafetensors
// refuses one that does not fit the model, naming what differs.
func ExampleLoadSafetensors() {
	g := random.NewGenerator(3)
	small := nn.NewSequential(nn.NewLinear(2, 3, true, g))
	other := nn.NewSequential(nn.NewLinear(2, 4, false, g))
	var buf bytes.Buffer
	if err := nn.SaveSafetensors(&buf, small, map[string]string{"format": "pt"}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(nn.LoadSafetensors(&buf, other))
	// Output:
	// nn.LoadStateDict: the state dict does not match the model: unexpected keys 0.bias; 0.weight: shape (3, 2) in the checkpoint, (4, 2) in the model
}

// GELU is exact by default (through tensor.Erfc) or the tanh approximation.
func ExampleGELU() {
	x := tensor.FromSlice([]float64{-1, 0, 1}, 3)
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](nn.NewGELU("none").Forward(x)))
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](nn.NewGELU("tanh").Forward(x)))
	// Output:
	// [-0.158655 0.000000 0.841345]
	// [-0.158808 0.000000 0.841192]
}
