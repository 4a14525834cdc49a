package main

import (
	"math"

	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// The models and data of the training cases (train.go). peer_torch.py builds the same
// models with torch.nn and the same data with NumPy.

// imageSide is the side of the synthetic images: Fashion-MNIST's 28.
const imageSide = 28

// Seeds of the synthetic data: the images' uniform noise and the labels, each its own
// np.random.default_rng stream.
const (
	imageSeed = 2026
	labelSeed = 2027
)

// synthetic returns n images of Fashion-MNIST's shape, (n, 1, 28, 28) float32 in [0, 1],
// and their labels, (n,) int64 in 0..9, the same numbers as peer_torch.py's synthetic(n):
//
//	labels = np.random.default_rng(labelSeed).integers(0, 10, n)
//	u = np.random.default_rng(imageSeed).random((n, 1, 28, 28))
//	x = (0.5 * u + 0.5 * band[labels]).astype(np.float32)
//
// where band[l] is 1 on rows 3l..3l+2 of the image and 0 elsewhere: noise with a class
// signal a model learns within a few steps, so the benchmark needs no data set and a
// test can see the loss fall. (Both products are exact, so Go and NumPy round alike.)
func synthetic(n int) (x, labels *tensor.Tensor) {
	labels = random.NewGenerator(labelSeed).Integers(0, 10, n)
	ls := tensor.ToSlice[int64](labels)
	g := random.NewGenerator(imageSeed)
	const pixels = imageSide * imageSide
	xs := make([]float32, n*pixels)
	const chunk = 1024 // images drawn at a time: the stream is the same, the memory small
	for i0 := 0; i0 < n; i0 += chunk {
		m := min(chunk, n-i0)
		u := tensor.ToSlice[float64](g.Random(m, pixels))
		for i := range m {
			l := int(ls[i0+i])
			for p := range pixels {
				v := 0.5 * u[i*pixels+p]
				if p/imageSide/3 == l {
					v += 0.5
				}
				xs[(i0+i)*pixels+p] = float32(v)
			}
		}
	}
	return tensor.FromSlice(xs, n, 1, imageSide, imageSide), labels
}

// mlp is the 784-256-10 ReLU network of train_step_mlp, on flat (batch, 784) inputs.
func mlp(g *random.Generator) nn.Module {
	return nn.NewSequential(nn.NewLinear(784, 256, true, g), nn.NewReLU(), nn.NewLinear(256, 10, true, g))
}

// quickstartModel is PyTorch's quickstart tutorial network: Flatten, 784-512-512-10 with
// ReLUs.
func quickstartModel(g *random.Generator) nn.Module {
	return nn.NewSequential(nn.NewFlatten(1, -1),
		nn.NewLinear(784, 512, true, g), nn.NewReLU(),
		nn.NewLinear(512, 512, true, g), nn.NewReLU(),
		nn.NewLinear(512, 10, true, g))
}

// cnn is the example CNN: two blocks of 3x3 convolution (padding 1), BatchNorm2d, ReLU
// and 2x2 max-pooling (1 -> 32 channels on 28x28, 32 -> 64 on 14x14), then Flatten and
// Linear(64*7*7, 10).
func cnn(g *random.Generator) nn.Module {
	return nn.NewSequential(
		newConv2d(1, 32, 3, 1, g), nn.NewBatchNorm2d(32, nn.BatchNormConfig{}), nn.NewReLU(), newMaxPool2d(2),
		newConv2d(32, 64, 3, 1, g), nn.NewBatchNorm2d(64, nn.BatchNormConfig{}), nn.NewReLU(), newMaxPool2d(2),
		nn.NewFlatten(1, -1), nn.NewLinear(64*7*7, 10, true, g))
}

// conv2d is torch.nn.Conv2d with a square kernel, stride 1 and one group, over
// tensor.Conv2d, as nn.Conv2d with those settings (kept here so that the case's model
// matches peer_torch.py's line for line): Weight (out, in, k, k) and Bias
// (out,), initialised as PyTorch does (Kaiming-uniform with a = sqrt(5), bias uniform in
// ±1/sqrt(fan_in)).
type conv2d struct {
	nn.Base
	Weight, Bias *tensor.Tensor
	opts         tensor.Conv2dOptions
}

func newConv2d(in, out, k, pad int, g *random.Generator) *conv2d {
	c := &conv2d{opts: tensor.Conv2dOptions{Padding: [2]int{pad, pad}}}
	c.Weight = nn.KaimingUniform(g, math.Sqrt(5), out, in, k, k)
	c.Bias = nn.BiasUniform(g, in*k*k, out)
	c.RegisterParameter("weight", &c.Weight)
	c.RegisterParameter("bias", &c.Bias)
	return c
}

// Forward convolves x (N, in, H, W).
func (c *conv2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Conv2d(x, c.Weight, c.Bias, c.opts)
}

// maxPool2d is torch.nn.MaxPool2d(k): k x k windows, stride k.
type maxPool2d struct {
	nn.Base
	k int
}

func newMaxPool2d(k int) *maxPool2d { return &maxPool2d{k: k} }

// Forward pools x (N, C, H, W).
func (m *maxPool2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	out, _ := tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{m.k, m.k}})
	return out
}

// linearFlops is the matrix-product flops of one training step through Linear layers of
// the given widths (in, hidden..., out) on a batch of n: 2·n·in·out for the forward
// product, as much for the weight's gradient, and as much for the input's gradient except
// at the first layer, whose input needs none (neither gotensor nor PyTorch computes it).
func linearFlops(n int, widths ...int) float64 {
	f := 0.0
	for i := 0; i+1 < len(widths); i++ {
		mnk := 2 * float64(n) * float64(widths[i]) * float64(widths[i+1])
		f += 2 * mnk
		if i > 0 {
			f += mnk
		}
	}
	return f
}

// cnnFlops is the matrix-product flops of one training step of cnn on a batch of n:
// each convolution as its im2col GEMM (n·OH·OW rows, in·k·k columns, out outputs),
// forward, weight gradient and (but for the first convolution) input gradient, and the
// final Linear's as linearFlops counts them.
func cnnFlops(n int) float64 {
	conv := func(side, in, out int) float64 {
		return 2 * float64(n*side*side) * float64(in*9) * float64(out)
	}
	c1, c2 := conv(28, 1, 32), conv(14, 32, 64)
	lin := 2 * float64(n) * 64 * 7 * 7 * 10
	return 2*c1 + 3*c2 + 3*lin
}
