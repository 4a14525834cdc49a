package cpu

import (
	"fmt"
	"testing"
)

// mlpParams is the number of parameters of gpubench's train_step_mlp model:
// 784*256 + 256 + 256*10 + 10.
const mlpParams = 784*256 + 256 + 256*10 + 10

// BenchmarkOptimMLP is one Adam step and one plain SGD step (lr 1e-3, as
// quickstart_epoch) over the MLP's 203,530 float32 parameters as one slice: "loop" is
// the scalar Go loop autograd ran before the kernels, "kernel" the AVX2 kernel on the
// calling goroutine, "step" the exported step (kernel, split over the workers). Bytes
// are those read and written: p, g, m, v read and p, m, v written for Adam, p and g
// read and p written for SGD.
func BenchmarkOptimMLP(b *testing.B) {
	n := mlpParams
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range p {
		p[i], g[i], m[i], v[i] = float32(i%97)*1e-3, float32(i%89-44)*1e-4, float32(i%13)*1e-5, float32(i%7)*1e-7
	}
	ac := AdamCoef[float32]{Beta1: 0.9, OMB1: 0.1, Beta2: 0.999, OMB2: 1 - 0.999, BC2Sqrt: 0.0447, Eps: 1e-8, NegStep: -1e-3 / 0.271}
	sc := SGDCoef[float32]{NegLR: -1e-3}
	for _, c := range []struct {
		name  string
		bytes int
		f     func()
	}{
		{"adam/loop", 28 * n, func() { adamGo(p, g, m, v, nil, ac) }},
		{"adam/kernel", 28 * n, func() { adamRange(p, g, m, v, nil, ac) }},
		{"adam/step", 28 * n, func() { AdamStep(p, g, m, v, nil, ac) }},
		{"sgd/loop", 12 * n, func() { sgdGo(p, g, nil, sc) }},
		{"sgd/kernel", 12 * n, func() { sgdRange(p, g, nil, sc) }},
		{"sgd/step", 12 * n, func() { SGDStep(p, g, nil, sc) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(c.bytes))
			b.ReportAllocs()
			for range b.N {
				c.f()
			}
		})
	}
}

// BenchmarkOptimSplit times Adam and SGD steps on the calling goroutine ("one") and
// split over every worker ("split") at sizes around their grains, to place the grains.
func BenchmarkOptimSplit(b *testing.B) {
	for _, n := range []int{1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17, 1 << 18} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		ac := AdamCoef[float32]{Beta1: 0.9, OMB1: 0.1, Beta2: 0.999, OMB2: 1 - 0.999, BC2Sqrt: 0.0447, Eps: 1e-8, NegStep: -1e-3}
		sc := SGDCoef[float32]{NegLR: -1e-3}
		for _, split := range []bool{false, true} {
			grain := n + 1
			name := "one"
			if split {
				grain, name = max(n/Threads(), 1), "split"
			}
			b.Run(fmt.Sprintf("adam/n=%d/%s", n, name), func(b *testing.B) {
				b.SetBytes(int64(28 * n))
				for range b.N {
					j := getOptJob[float32]()
					j.kind, j.s, j.adam = kindAdam, [5][]float32{p, g, m, v}, ac
					j.run(n, grain)
				}
			})
			b.Run(fmt.Sprintf("sgd/n=%d/%s", n, name), func(b *testing.B) {
				b.SetBytes(int64(12 * n))
				for range b.N {
					j := getOptJob[float32]()
					j.kind, j.s, j.sgd = kindSGD, [5][]float32{p, g}, sc
					j.run(n, grain)
				}
			})
		}
	}
}
