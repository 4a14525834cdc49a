package tensor_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

// Convolution and pooling at the shapes of the CNN example (Fashion-MNIST, batch 64,
// float32): block 1 is 1->32 channels, 3x3, padding 1 on 28x28; block 2 is 32->64,
// 3x3, padding 1 on 14x14; each is followed by a 2x2 max-pool. Forward+backward is
// Conv2d, Conv2dInput (block 2 only: the images need no gradient) and Conv2dWeight,
// as autograd runs them.
//
//	go test ./tensor -run '^$' -bench 'Conv2dCNN|PoolCNN' -count 6

func benchConv(b *testing.B, xs, ws []int, inputGrad bool) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randT(r, xs...).AsType(tensor.Float32)
	w := randT(r, ws...).Mul(0.1).AsType(tensor.Float32)
	bias := tensor.Zeros(tensor.Float32, ws[0])
	o := tensor.Conv2dOptions{Padding: [2]int{1, 1}}
	b.Run("forward", func(b *testing.B) {
		for range b.N {
			tensor.Conv2d(x, w, bias, o).Free()
		}
	})
	b.Run("forward+backward", func(b *testing.B) {
		for range b.N {
			y := tensor.Conv2d(x, w, bias, o)
			if inputGrad {
				tensor.Conv2dInput(y, w, xs, o).Free()
			}
			tensor.Conv2dWeight(x, y, ws, o).Free()
			tensor.Sum(y, 0, 2, 3).Free()
			y.Free()
		}
	})
}

func BenchmarkConv2dCNNBlock1(b *testing.B) {
	benchConv(b, []int{64, 1, 28, 28}, []int{32, 1, 3, 3}, false)
}

func BenchmarkConv2dCNNBlock2(b *testing.B) {
	benchConv(b, []int{64, 32, 14, 14}, []int{64, 32, 3, 3}, true)
}

// BenchmarkMaxPool2dCNN is the 2x2 max-pool after block 1 (64x32x28x28), forward and
// the scatter of its gradient through autograd.
func BenchmarkMaxPool2dCNN(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	x := randT(r, 64, 32, 28, 28).AsType(tensor.Float32)
	o := tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}}
	b.Run("forward", func(b *testing.B) {
		for range b.N {
			out, idx := tensor.MaxPool2d(x, o)
			out.Free()
			idx.Free()
		}
	})
	b.Run("forward+backward", func(b *testing.B) {
		for range b.N {
			xt := x.Detach().RequiresGrad()
			out, _ := tensor.MaxPool2d(xt, o)
			autograd.Backward(tensor.Sum(out))
		}
	})
}
