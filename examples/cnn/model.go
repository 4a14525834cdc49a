package main

import (
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// NewCNN builds the example's network for (N, 1, 28, 28) images, as the PyTorch
// nn.Sequential of testdata/gen_torch.py, so its state dict has the same names
// (0.weight, 1.running_mean, ..., 9.bias):
//
//	0 Conv2d(1, 32, 3, padding=1)   1 BatchNorm2d(32)   2 ReLU   3 MaxPool2d(2)
//	4 Conv2d(32, 64, 3, padding=1)  5 BatchNorm2d(64)   6 ReLU   7 MaxPool2d(2)
//	8 Flatten                       9 Linear(64*7*7, 10)
//
// The parameters start as PyTorch initialises them, drawn from g.
func NewCNN(g *random.Generator) *nn.Sequential {
	pad1 := nn.Conv2dConfig{Padding: [2]int{1, 1}}
	pool := tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}}
	return nn.NewSequential(
		nn.NewConv2d(1, 32, [2]int{3, 3}, pad1, g),
		nn.NewBatchNorm2d(32, nn.BatchNormConfig{}),
		nn.NewReLU(),
		nn.NewMaxPool2d(pool),
		nn.NewConv2d(32, 64, [2]int{3, 3}, pad1, g),
		nn.NewBatchNorm2d(64, nn.BatchNormConfig{}),
		nn.NewReLU(),
		nn.NewMaxPool2d(pool),
		nn.NewFlatten(1, -1),
		nn.NewLinear(64*7*7, 10, true, g),
	)
}
