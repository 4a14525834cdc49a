package autograd

import (
	"fmt"
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// optimCases are one optimizer of each algorithm and option set, for the tests that do
// not need PyTorch's numbers.
var optimCases = []struct {
	name string
	make func(ps []*tensor.Tensor) Optimizer
}{
	{"SGD", func(ps []*tensor.Tensor) Optimizer { return NewSGD(ps, SGD{LR: 0.1}) }},
	{"SGD/nesterov", func(ps []*tensor.Tensor) Optimizer {
		return NewSGD(ps, SGD{LR: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 0.01, Maximize: true})
	}},
	{"SGD/dampening", func(ps []*tensor.Tensor) Optimizer {
		return NewSGD(ps, SGD{LR: 0.1, Momentum: 0.9, Dampening: 0.1})
	}},
	{"Adam", func(ps []*tensor.Tensor) Optimizer { return NewAdam(ps, Adam{WeightDecay: 0.1}) }},
	{"Adam/amsgrad", func(ps []*tensor.Tensor) Optimizer { return NewAdam(ps, Adam{AMSGrad: true, Maximize: true}) }},
	{"AdamW", func(ps []*tensor.Tensor) Optimizer { return NewAdamW(ps, AdamW{}) }},
	{"AdamW/amsgrad", func(ps []*tensor.Tensor) Optimizer { return NewAdamW(ps, AdamW{AMSGrad: true}) }},
	{"RMSprop", func(ps []*tensor.Tensor) Optimizer { return NewRMSprop(ps, RMSprop{WeightDecay: 0.1}) }},
	{"RMSprop/centered", func(ps []*tensor.Tensor) Optimizer { return NewRMSprop(ps, RMSprop{Centered: true}) }},
	{"RMSprop/momentum", func(ps []*tensor.Tensor) Optimizer { return NewRMSprop(ps, RMSprop{Momentum: 0.9}) }},
	{"RMSprop/centered+momentum", func(ps []*tensor.Tensor) Optimizer {
		return NewRMSprop(ps, RMSprop{Momentum: 0.9, Centered: true})
	}},
}

// gradParams are parameters of dt with gradients set: a (4, 3), a (1001,) and a scalar.
func gradParams(dt tensor.DType) []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, shape := range [][]int{{4, 3}, {1001}, {}} {
		p := tensor.Arange(dt, 0, 1, 1/float64(prodInts(shape))).Reshape(shape...).Copy().RequiresGrad()
		p.SetGrad(tensor.Linspace(dt, -1, 2, prodInts(shape), true).Reshape(shape...).Copy())
		ps = append(ps, p)
	}
	return ps
}

func prodInts(s []int) int {
	n := 1
	for _, v := range s {
		n *= v
	}
	return n
}

// TestOptimStepAllocs checks that a Step after the first allocates nothing on the CPU,
// nor do ClipGradNorm and ClipGradValue.
func TestOptimStepAllocs(t *testing.T) {
	for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
		for _, c := range optimCases {
			t.Run(fmt.Sprintf("%v/%s", dt, c.name), func(t *testing.T) {
				ps := gradParams(dt)
				opt := c.make(ps)
				opt.Step()
				if n := testing.AllocsPerRun(20, opt.Step); n != 0 {
					t.Errorf("Step allocates %v times after the first, want 0", n)
				}
			})
		}
		t.Run(fmt.Sprintf("%v/clip", dt), func(t *testing.T) {
			ps := gradParams(dt)
			if n := testing.AllocsPerRun(20, func() { ClipGradNorm(ps, 1e-3, 2) }); n != 0 {
				t.Errorf("ClipGradNorm allocates %v times, want 0", n)
			}
			if n := testing.AllocsPerRun(20, func() { ClipGradNorm(ps, 1e-3, math.Inf(1)) }); n != 0 {
				t.Errorf("ClipGradNorm(inf) allocates %v times, want 0", n)
			}
			if n := testing.AllocsPerRun(20, func() { ClipGradValue(ps, 0.5) }); n != 0 {
				t.Errorf("ClipGradValue allocates %v times, want 0", n)
			}
		})
	}
}

// BenchmarkOptimStep is one Step of each optimizer over 1<<20 float32 elements.
func BenchmarkOptimStep(b *testing.B) {
	for _, c := range optimCases {
		b.Run(c.name, func(b *testing.B) {
			p := tensor.Ones(tensor.Float32, 1<<20).RequiresGrad()
			p.SetGrad(tensor.Full(tensor.Float32, 1e-3, 1<<20))
			opt := c.make([]*tensor.Tensor{p})
			opt.Step()
			b.SetBytes(4 << 20)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				opt.Step()
			}
		})
	}
}
