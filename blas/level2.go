package blas

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"

	"github.com/gotensor/gotensor/cpu"
)

// symvMin is the order below which Dsymv goes to gonum's routine; symvParMin the order
// from which it splits the rows over the threads.
const (
	symvMin    = 16
	symvParMin = 192
)

// Dsymv computes y = alpha A x + beta y for the n×n symmetric A, reading only its ul
// triangle; as gonum's Dsymv. It reads each stored element of A once (a fused dot and
// axpy per row), where gonum's reads the triangle with scalar loops: it is most of the
// time of the tridiagonal reduction (Dsytrd) behind the symmetric eigensolvers.
func (impl Implementation) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if ul != blas.Lower && ul != blas.Upper || n < symvMin || lda < n || incX == 0 || incY == 0 ||
		len(a) < lda*(n-1)+n || len(x) < (n-1)*abs(incX)+1 || len(y) < (n-1)*abs(incY)+1 || alpha == 0 {
		ref.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	xs := gather(n, x, incX)
	parts := 1
	if n >= symvParMin {
		parts = cpu.Threads()
	}
	ys := make([]float64, parts*n)
	// Rows split so that each part holds about the same share of the triangle; each
	// part accumulates into its own copy of y, summed at the end.
	bound := func(p int) int {
		f := math.Sqrt(float64(p) / float64(parts))
		if ul == blas.Upper {
			f = 1 - math.Sqrt(1-float64(p)/float64(parts))
		}
		return int(f * float64(n))
	}
	var wg sync.WaitGroup
	for p := parts - 1; p >= 0; p-- {
		lo, hi := bound(p), bound(p+1)
		if p == parts-1 {
			hi = n
		}
		run := func() { symvRows(ul, n, lo, hi, a, lda, xs, ys[p*n:(p+1)*n]) }
		if p == 0 {
			run()
			break
		}
		wg.Go(run)
	}
	wg.Wait()
	for p := 1; p < parts; p++ {
		for i, v := range ys[p*n : (p+1)*n] {
			ys[i] += v
		}
	}
	// y = beta*y + alpha*ys, walking y as BLAS does for a negative increment.
	iy := 0
	if incY < 0 {
		iy = -(n - 1) * incY
	}
	for i := 0; i < n; i, iy = i+1, iy+incY {
		v := alpha * ys[i]
		switch beta {
		case 0:
		case 1:
			v += y[iy]
		default:
			v += beta * y[iy]
		}
		y[iy] = v
	}
}

// symvRows adds rows lo:hi's share of A x to ys: each stored row is read once, for its
// dot product with x and for its transpose's contribution (an axpy).
func symvRows(ul blas.Uplo, n, lo, hi int, a []float64, lda int, xs, ys []float64) {
	for i := lo; i < hi; i++ {
		xi := xs[i]
		if ul == blas.Lower {
			ys[i] += dotAxpy(a[i*lda:i*lda+i], xs[:i], ys[:i], xi) + a[i*lda+i]*xi
		} else {
			ys[i] += dotAxpy(a[i*lda+i+1:i*lda+n], xs[i+1:n], ys[i+1:n], xi) + a[i*lda+i]*xi
		}
	}
}

// gather returns x's n elements (increment inc, BLAS order for a negative one) as a
// contiguous slice: x itself when inc is 1.
func gather(n int, x []float64, inc int) []float64 {
	if inc == 1 {
		return x[:n]
	}
	out := make([]float64, n)
	ix := 0
	if inc < 0 {
		ix = -(n - 1) * inc
	}
	for i := range out {
		out[i] = x[ix]
		ix += inc
	}
	return out
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// dotAxpy returns Σ a[j] x[j] and adds s a[j] to y[j], reading a once; x and y are at
// least as long as a.
func dotAxpy(a, x, y []float64, s float64) float64 {
	n := len(a)
	x, y = x[:n], y[:n]
	var d0, d1, d2, d3 float64
	j := 0
	for ; j+4 <= n; j += 4 {
		a0, a1, a2, a3 := a[j], a[j+1], a[j+2], a[j+3]
		d0 += a0 * x[j]
		d1 += a1 * x[j+1]
		d2 += a2 * x[j+2]
		d3 += a3 * x[j+3]
		y[j] += s * a0
		y[j+1] += s * a1
		y[j+2] += s * a2
		y[j+3] += s * a3
	}
	for ; j < n; j++ {
		d0 += a[j] * x[j]
		y[j] += s * a[j]
	}
	return (d0 + d1) + (d2 + d3)
}
