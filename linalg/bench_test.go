package linalg_test

import (
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

// benchN is the matrix size of issue 5's targets (NumPy: det 4.0 ms, inv 10.7 ms,
// eigh 31 ms on the reference machine).
const benchN = 512

// randomMatrix returns an n×n float64 matrix with uniform entries in [-1, 1), plus n on
// the diagonal so that it is well conditioned.
func randomMatrix(n int, symmetric bool) *tensor.Tensor {
	r := rand.New(rand.NewPCG(1, 2))
	d := make([]float64, n*n)
	for i := range d {
		d[i] = 2*r.Float64() - 1
	}
	for i := 0; i < n; i++ {
		d[i*n+i] += float64(n)
		if symmetric {
			for j := 0; j < i; j++ {
				d[j*n+i] = d[i*n+j]
			}
		}
	}
	return tensor.FromSlice(d, n, n)
}

func BenchmarkDet512(b *testing.B) {
	a := randomMatrix(benchN, false)
	for b.Loop() {
		linalg.Det(a)
	}
}

func BenchmarkInv512(b *testing.B) {
	a := randomMatrix(benchN, false)
	for b.Loop() {
		linalg.Inv(a)
	}
}

func BenchmarkSolve512(b *testing.B) {
	a := randomMatrix(benchN, false)
	rhs := tensor.Ones(tensor.Float64, benchN)
	for b.Loop() {
		linalg.Solve(a, rhs)
	}
}

func BenchmarkEigh512(b *testing.B) {
	a := randomMatrix(benchN, true)
	for b.Loop() {
		linalg.Eigh(a)
	}
}

func BenchmarkEigvalsH512(b *testing.B) {
	a := randomMatrix(benchN, true)
	for b.Loop() {
		linalg.EigvalsH(a)
	}
}
