package random

import (
	"math"

	"github.com/gotensor/gotensor/random/internal/libm"
)

// binomial is random_binomial (Generator) / legacy_random_binomial: inversion when the
// mean is at most 30, Kachitvichyanukul and Schmeiser's BTPE above, on min(p, 1-p).
// NumPy caches the set-up per (n, p); it is a pure function of them, so it is
// recomputed here. The Generator returns 0 for n == 0 or p == 0 without a draw; the
// legacy version draws.
func binomial(s source, n int64, p float64) int64 {
	b := s.bits()
	if !s.legacy() && (n == 0 || p == 0.0) {
		return 0
	}
	if p <= 0.5 {
		if float64(p*float64(n)) <= 30.0 {
			return binomialInversion(b, n, p)
		}
		return binomialBTPE(b, n, p)
	}
	q := 1.0 - p
	if float64(q*float64(n)) <= 30.0 {
		return n - binomialInversion(b, n, q)
	}
	return n - binomialBTPE(b, n, q)
}

func binomialInversion(b bitGen, n int64, p float64) int64 {
	q := 1.0 - p
	qn := libm.Exp(float64(float64(n) * libm.Log(q)))
	np := float64(float64(n) * p)
	bound := int64(math.Min(float64(n), np+float64(10.0*math.Sqrt(float64(np*q)+1))))
	var X int64
	px := qn
	U := b.nextDouble()
	for U > px {
		X++
		if X > bound {
			X = 0
			px = qn
			U = b.nextDouble()
		} else {
			U -= px
			px = float64(float64(float64(n-X+1)*p)*px) / float64(float64(X)*q)
		}
	}
	return X
}

// btpe holds BTPE's set-up for one (n, p).
type btpe struct {
	r, q, fm, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4 float64
	m                                                   int64
}

func newBTPE(n int64, p float64) btpe {
	var t btpe
	nf := float64(n)
	t.r = math.Min(p, 1.0-p)
	t.q = 1.0 - t.r
	t.fm = float64(nf*t.r) + t.r
	t.m = int64(math.Floor(t.fm))
	t.p1 = math.Floor(float64(2.195*math.Sqrt(float64(float64(nf*t.r)*t.q)))-float64(4.6*t.q)) + 0.5
	t.xm = float64(t.m) + 0.5
	t.xl = t.xm - t.p1
	t.xr = t.xm + t.p1
	t.c = 0.134 + 20.5/(15.3+float64(t.m))
	a := (t.fm - t.xl) / (t.fm - float64(t.xl*t.r))
	t.laml = float64(a * (1.0 + a/2.0))
	a = (t.xr - t.fm) / float64(t.xr*t.q)
	t.lamr = float64(a * (1.0 + a/2.0))
	t.p2 = float64(t.p1 * (1.0 + float64(2.0*t.c)))
	t.p3 = t.p2 + t.c/t.laml
	t.p4 = t.p3 + t.c/t.lamr
	return t
}

// stirling is the correction term of BTPE's final acceptance test for one argument.
func stirling(f, f2 float64) float64 {
	return (13680. - (462.-(132.-(99.-140./f2)/f2)/f2)/f2) / f / 166320.
}

func binomialBTPE(b bitGen, n int64, p float64) int64 {
	t := newBTPE(n, p)
	r, q, m := t.r, t.q, t.m
	nf, mf := float64(n), float64(m)
	var y int64
	for {
		nrq := float64(float64(nf*r) * q)
		u := float64(b.nextDouble() * t.p4)
		v := b.nextDouble()
		if !(u > t.p1) { // triangular region
			y = int64(math.Floor(float64(t.xm-float64(t.p1*v)) + u))
			break
		}
		if !(u > t.p2) { // parallelograms
			x := t.xl + (u-t.p1)/t.c
			v = float64(float64(v*t.c)+1.0) - math.Abs(float64(mf-x)+0.5)/t.p1
			if v > 1.0 {
				continue
			}
			y = int64(math.Floor(x))
		} else if !(u > t.p3) { // left exponential tail
			y = int64(math.Floor(t.xl + libm.Log(v)/t.laml))
			if y < 0 || v == 0.0 {
				continue
			}
			v = float64(float64(v*(u-t.p2)) * t.laml)
		} else { // right exponential tail
			y = int64(math.Floor(t.xr - libm.Log(v)/t.lamr))
			if y > n || v == 0.0 {
				continue
			}
			v = float64(float64(v*(u-t.p3)) * t.lamr)
		}
		k := y - m
		if k < 0 {
			k = -k
		}
		kf := float64(k)
		if !(k > 20 && kf < nrq/2.0-1) {
			// Explicit evaluation of f(y)/f(m).
			s := r / q
			a := float64(s * float64(n+1))
			F := 1.0
			if m < y {
				for i := m + 1; i <= y; i++ {
					F *= a/float64(i) - s
				}
			} else if m > y {
				for i := y + 1; i <= m; i++ {
					F /= a/float64(i) - s
				}
			}
			if v > F {
				continue
			}
			break
		}
		// Squeezing with the normal approximation, then the final test.
		rho := float64((kf / nrq) * (float64(float64(kf*float64(kf/3.0+0.625))+0.16666666666666666)/nrq + 0.5))
		tt := float64(-k*k) / float64(2*nrq)
		A := libm.Log(v)
		if A < tt-rho {
			break
		}
		if A > tt+rho {
			continue
		}
		x1 := float64(y + 1)
		f1 := float64(m + 1)
		z := float64(n + 1 - m)
		w := float64(n - y + 1)
		x2, f2, z2, w2 := float64(x1*x1), float64(f1*f1), float64(z*z), float64(w*w)
		bound := float64(t.xm*libm.Log(f1/x1)) +
			float64((float64(n-m)+0.5)*libm.Log(z/w)) +
			float64(float64(y-m)*libm.Log(float64(w*r)/float64(x1*q))) +
			stirling(f1, f2) + stirling(z, z2) + stirling(x1, x2) + stirling(w, w2)
		if A > bound {
			continue
		}
		break
	}
	if p > 0.5 {
		y = n - y
	}
	return y
}

// multinomial is random_multinomial: successive conditional binomials.
func multinomial(s source, n int64, pvals []float64, out []int64) {
	remaining := 1.0
	dn := n
	d := len(pvals)
	for j := 0; j < d-1; j++ {
		out[j] = binomial(genish{s}, dn, pvals[j]/remaining)
		dn -= out[j]
		if dn <= 0 {
			break
		}
		remaining -= pvals[j]
	}
	if dn > 0 {
		out[d-1] = dn
	}
}

// genish is s with the Generator's binomial (random_multinomial calls random_binomial
// for both generators).
type genish struct{ source }

func (genish) legacy() bool { return false }

// dirichlet draws one vector of NumPy's dirichlet(alpha) into out: normalised gammas,
// or (Generator, all alpha < 0.1) stick-breaking with betas.
func dirichlet(s source, alpha, csum, out []float64) {
	k := len(alpha)
	if csum != nil {
		acc := 1.
		for j := 0; j < k-1; j++ {
			v := beta(s, alpha[j], csum[j+1])
			out[j] = float64(acc * v)
			acc *= 1. - v
		}
		out[k-1] = acc
		return
	}
	acc := 0.
	for j := range alpha {
		out[j] = standardGamma(s, alpha[j])
		acc += out[j]
	}
	inv := 1. / acc
	for j := range out {
		out[j] *= inv
	}
}
