package main

import (
	"fmt"
	"strings"

	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// NeuralNetwork is the tutorial's model: nn.Flatten, then Linear(784, 512), ReLU,
// Linear(512, 512), ReLU, Linear(512, 10). Its children are registered under the
// tutorial's attribute names, so its state dict has PyTorch's names
// (linear_relu_stack.0.weight, ...) and a checkpoint of either loads into the other.
type NeuralNetwork struct {
	nn.Base
	Flatten *nn.Flatten
	Stack   *nn.Sequential
}

// NewNeuralNetwork builds the model with PyTorch's initialisation drawn from g.
func NewNeuralNetwork(g *random.Generator) *NeuralNetwork {
	m := &NeuralNetwork{
		Flatten: nn.NewFlatten(1, -1),
		Stack: nn.NewSequential(
			nn.NewLinear(28*28, 512, true, g),
			nn.NewReLU(),
			nn.NewLinear(512, 512, true, g),
			nn.NewReLU(),
			nn.NewLinear(512, 10, true, g),
		),
	}
	m.RegisterModule("flatten", m.Flatten)
	m.RegisterModule("linear_relu_stack", m.Stack)
	return m
}

// Forward returns the logits (N, 10) of images (N, 1, 28, 28) or (N, 784).
func (m *NeuralNetwork) Forward(x *tensor.Tensor) *tensor.Tensor {
	return m.Stack.Forward(m.Flatten.Forward(x))
}

// String prints the model as PyTorch's print(model) does.
func (m *NeuralNetwork) String() string {
	var b strings.Builder
	b.WriteString("NeuralNetwork(\n")
	fmt.Fprintf(&b, "  (flatten): Flatten(start_dim=%d, end_dim=%d)\n", m.Flatten.StartDim, m.Flatten.EndDim)
	b.WriteString("  (linear_relu_stack): Sequential(\n")
	for i, l := range m.Stack.Layers {
		fmt.Fprintf(&b, "    (%d): %s\n", i, layerString(l))
	}
	b.WriteString("  )\n)")
	return b.String()
}

// layerString is a layer's line in print(model).
func layerString(l nn.Module) string {
	switch l := l.(type) {
	case *nn.Linear:
		return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=%s)", l.In, l.Out,
			map[bool]string{true: "True", false: "False"}[l.Bias != nil])
	case *nn.ReLU:
		return "ReLU()"
	}
	return fmt.Sprintf("%T", l)
}
