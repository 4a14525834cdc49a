package main

import (
	"fmt"
	"math"
	"math/big"
)

// The float64 kernels' polynomials that are not plain Taylor series are fitted here, at
// generation time, in 256-bit arithmetic: interpolation at the Chebyshev nodes of the
// interval (within a small factor of the minimax polynomial), converted to monomial
// coefficients and rounded to float64. The fit is checked on a fine grid and generation
// fails if it misses its bound, so a changed interval or degree cannot slip through.

const fitPrec = 256

func bf(v float64) *big.Float { return new(big.Float).SetPrec(fitPrec).SetFloat64(v) }

// series sums c(k)·z^k for k = 0, 1, ... until the terms fall below 2^-fitPrec.
func series(z *big.Float, c func(k int) *big.Float) *big.Float {
	sum, zk := bf(0), bf(1)
	for k := 0; k < 400; k++ {
		t := new(big.Float).SetPrec(fitPrec).Mul(c(k), zk)
		sum.Add(sum, t)
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -fitPrec {
			break
		}
		zk.Mul(zk, z)
	}
	return sum
}

// invFact returns 1/n! in fitPrec bits.
func invFact(n int) *big.Float {
	f := bf(1)
	for i := 2; i <= n; i++ {
		f.Quo(f, bf(float64(i)))
	}
	return f
}

// tanhP is P(z) with tanh(x) = x + x³·P(x²): (sinh x - x cosh x) / (x³ cosh x), whose
// numerator series is -Σ_{k≥1} 2k·z^(k-1)/(2k+1)! and cosh x = Σ z^k/(2k)!.
func tanhP(z *big.Float) *big.Float {
	num := series(z, func(k int) *big.Float {
		t := invFact(2*k + 3)
		return t.Mul(t, bf(-float64(2*k+2)))
	})
	return num.Quo(num, series(z, func(k int) *big.Float { return invFact(2 * k) }))
}

// chebFit returns the float64 monomial coefficients, highest degree first (poly's order),
// of the degree-deg interpolant of f at the Chebyshev nodes of [lo, hi] (rounded to
// float64; the interpolation itself is exact, by Newton's divided differences). It panics
// if the rounded polynomial's error times weight(x) on a grid of the interval exceeds
// maxErr: the weight turns it into the error of the kernel's result.
func chebFit(f func(*big.Float) *big.Float, lo, hi float64, deg int, weight func(float64) float64, maxErr float64) []float64 {
	n := deg + 1
	z := make([]*big.Float, n)
	d := make([]*big.Float, n) // divided differences, in place
	for j := range z {
		t := math.Cos(math.Pi * (float64(j) + 0.5) / float64(n))
		z[j] = bf(lo + (hi-lo)*(t+1)/2)
		d[j] = f(z[j])
	}
	for k := 1; k < n; k++ {
		for j := n - 1; j >= k; j-- {
			num := new(big.Float).SetPrec(fitPrec).Sub(d[j], d[j-1])
			den := new(big.Float).SetPrec(fitPrec).Sub(z[j], z[j-k])
			d[j] = num.Quo(num, den)
		}
	}
	// Horner on polynomials: p = p·(x - z_i) + d_i, lowest degree first.
	p := []*big.Float{bf(0)}
	for i := n - 1; i >= 0; i-- {
		next := make([]*big.Float, len(p)+1)
		for j := range next {
			next[j] = bf(0)
			if j > 0 {
				next[j].Add(next[j], p[j-1])
			}
			if j < len(p) {
				next[j].Sub(next[j], new(big.Float).SetPrec(fitPrec).Mul(p[j], z[i]))
			}
		}
		next[0].Add(next[0], d[i])
		p = next[:min(len(next), n)]
	}
	out := make([]float64, n)
	for i := range p {
		out[n-1-i], _ = p[i].Float64()
	}
	for g := 0; g <= 1000; g++ {
		x := lo + (hi-lo)*float64(g)/1000
		bx := bf(x)
		acc := bf(0)
		for _, v := range out {
			acc.Mul(acc, bx).Add(acc, bf(v))
		}
		want := f(bx)
		acc.Sub(acc, want)
		if e, _ := acc.Float64(); math.Abs(e)*weight(x) > maxErr {
			panic(fmt.Sprintf("asmgen: degree-%d fit on [%g, %g] misses %g by %g at %g", deg, lo, hi, maxErr, e, x))
		}
	}
	return out
}
