// Command linalgbench times the 512×512 float64 linear algebra of issue 5's targets (det,
// inv, solve, eigh, eigvalsh) with gotensor's linalg, or with gonum's LAPACK on gonum's
// own BLAS (-gonum), and prints the minimum and median wall time of -reps calls after one
// warm-up call, and the least process CPU time of one call. numpy_bench.py prints the same
// for NumPy, on the same matrices' distribution (uniform in [-1, 1) plus n on the
// diagonal; the symmetric one mirrors the lower triangle).
//
//	go run ./linalg/internal/linalgbench -reps 15
//	go run ./linalg/internal/linalgbench -gonum -reps 5
//	python3 linalg/internal/linalgbench/numpy_bench.py 15
//
// docs/PERF.md ("Linear algebra") has the results and how NumPy was run.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// op is one timed operation.
type op struct {
	name string
	f    func()
}

func main() {
	reps := flag.Int("reps", 9, "timed calls per operation")
	only := flag.String("only", "", "time only this operation")
	n := flag.Int("n", 512, "matrix order")
	useGonum := flag.Bool("gonum", false, "time gonum's LAPACK on gonum's BLAS instead of gotensor")
	flag.Parse()

	a, s := matrix(*n, false), matrix(*n, true)
	ops, who := gotensorOps(*n, a, s), "gotensor"
	if *useGonum {
		ops, who = gonumOps(*n, a, s), "gonum"
	}
	for _, o := range ops {
		if *only != "" && *only != o.name {
			continue
		}
		o.f()
		wall, cpu := make([]float64, *reps), make([]float64, *reps)
		for i := range wall {
			c0, t0 := cpuMillis(), time.Now()
			o.f()
			wall[i] = float64(time.Since(t0).Microseconds()) / 1e3
			cpu[i] = cpuMillis() - c0
		}
		slices.Sort(wall)
		slices.Sort(cpu)
		fmt.Printf("%-8s %-9s min %8.2f ms  median %8.2f ms  cpu min %8.2f ms\n", who, o.name, wall[0], wall[len(wall)/2], cpu[0])
	}
}

// matrix returns an n×n matrix with entries uniform in [-1, 1) plus n on the diagonal,
// symmetric (lower triangle mirrored) if asked.
func matrix(n int, symmetric bool) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	d := make([]float64, n*n)
	for i := range d {
		d[i] = 2*r.Float64() - 1
	}
	for i := range n {
		d[i*n+i] += float64(n)
		if symmetric {
			for j := range i {
				d[j*n+i] = d[i*n+j]
			}
		}
	}
	return d
}

func gotensorOps(n int, a, s []float64) []op {
	at, st := tensor.FromSlice(a, n, n), tensor.FromSlice(s, n, n)
	rhs := tensor.Ones(tensor.Float64, n)
	return []op{
		{"det", func() { linalg.Det(at) }},
		{"inv", func() { linalg.Inv(at) }},
		{"solve", func() { linalg.Solve(at, rhs) }},
		{"eigh", func() { linalg.Eigh(st) }},
		{"eigvalsh", func() { linalg.EigvalsH(st) }},
	}
}

// gonumOps are the same operations on gonum alone, each on a fresh copy as linalg does.
func gonumOps(n int, a, s []float64) []op {
	ipiv := make([]int, n)
	gen := func() blas64.General {
		return blas64.General{Rows: n, Cols: n, Stride: n, Data: slices.Clone(a)}
	}
	sym := func() blas64.Symmetric {
		return blas64.Symmetric{Uplo: gblas.Lower, N: n, Stride: n, Data: slices.Clone(s)}
	}
	w := make([]float64, n)
	work := make([]float64, 64*n)
	return []op{
		{"det", func() { lapack64.Getrf(gen(), ipiv) }},
		{"inv", func() {
			m := gen()
			lapack64.Getrf(m, ipiv)
			lapack64.Getri(m, ipiv, work, len(work))
		}},
		{"solve", func() {
			m := gen()
			lapack64.Getrf(m, ipiv)
			b := blas64.General{Rows: n, Cols: 1, Stride: 1, Data: make([]float64, n)}
			lapack64.Getrs(gblas.NoTrans, m, b, ipiv)
		}},
		{"eigh", func() { lapack64.Syev(lapack.EVCompute, sym(), w, work, len(work)) }},
		{"eigvalsh", func() { lapack64.Syev(lapack.EVNone, sym(), w, work, len(work)) }},
	}
}
