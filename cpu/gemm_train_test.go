package cpu

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// trainProducts are the float32 products of a training step (gpubench's matmul_nn,
// matmul_nt and matmul_tn cases): m, k, n and which operand is a transposed view of a
// contiguous matrix ("nt": b, a Linear forward x @ W.T; "tn": a, a weight gradient
// dy.T @ x; "nn": neither, an input gradient dy @ W).
var trainProducts = []struct {
	lay     string
	m, k, n int
}{
	{"nt", 64, 784, 512}, {"nt", 64, 512, 512}, {"nt", 64, 512, 10},
	{"nn", 64, 512, 512}, {"nn", 64, 10, 512},
	{"tn", 512, 64, 784}, {"tn", 512, 64, 512}, {"tn", 10, 64, 512},
	{"nt", 256, 784, 256}, {"nt", 256, 256, 10}, {"nn", 256, 10, 256},
	{"tn", 256, 256, 784}, {"tn", 784, 256, 256}, {"tn", 10, 256, 256},
}

// trainGemm returns the gemm of a training product and its operands.
func trainGemm(lay string, m, k, n int) (gemm, []float32, []float32, []float32) {
	r := rand.New(rand.NewPCG(1, 2))
	a, b, d := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	for _, s := range [][]float32{a, b} {
		for i := range s {
			s[i] = float32(r.NormFloat64())
		}
	}
	g := gemm{m: m, n: n, k: k, dr: n, dc: 1, ar: k, ac: 1, br: n, bc: 1}
	switch lay {
	case "nt":
		g.br, g.bc = 1, k
	case "tn":
		g.ar, g.ac = 1, m
	}
	return g, d, a, b
}

// BenchmarkGemmTrain times the training products on one thread and on all of them.
func BenchmarkGemmTrain(b *testing.B) {
	for _, p := range trainProducts {
		for _, threads := range []int{1, Threads()} {
			b.Run(fmt.Sprintf("%s/%dx%dx%d/t%d", p.lay, p.m, p.k, p.n, threads), func(b *testing.B) {
				g, d, x, y := trainGemm(p.lay, p.m, p.k, p.n)
				for i := 0; i < b.N; i++ {
					fastGemm(g, d, x, y, 0, 0, 0, threads)
				}
				b.ReportMetric(2*float64(p.m*p.n*p.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
