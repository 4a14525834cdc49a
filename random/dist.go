package random

import (
	"math"

	"github.com/gotensor/gotensor/random/internal/libm"
)

// The samplers of NumPy's distributions.c and legacy-distributions.c, written once
// against a source. Every product that C adds to something is rounded explicitly
// (float64(...)) because NumPy's build has no fused multiply-adds; the libm calls are
// glibc's (internal/libm).

// source is what a distribution draws from. The legacy RandomState and the Generator
// share most algorithms but differ in their normal (polar method vs ziggurat) and
// exponential (-log(1-U) vs ziggurat) and in a few legacy quirks.
type source interface {
	bits() bitGen
	gauss() float64
	stdExp() float64
	legacy() bool
}

// legacySource draws as RandomState does; the caller holds r's lock.
type legacySource struct{ r *RandomState }

func (s legacySource) bits() bitGen    { return &s.r.mt }
func (s legacySource) gauss() float64  { return s.r.gaussLocked() }
func (s legacySource) stdExp() float64 { return -libm.Log(1.0 - s.r.mt.nextDouble()) }
func (s legacySource) legacy() bool    { return true }

// genSource draws as Generator does; the caller holds g's lock.
type genSource struct{ g *Generator }

func (s genSource) bits() bitGen    { return &s.g.pcg }
func (s genSource) gauss() float64  { return standardNormal(&s.g.pcg) }
func (s genSource) stdExp() float64 { return standardExponential(&s.g.pcg) }
func (s genSource) legacy() bool    { return false }

const zigExpR = 7.69711747013104972

// standardExponential is NumPy's random_standard_exponential: a 256-layer ziggurat.
func standardExponential(b bitGen) float64 {
	for {
		ri := b.next64() >> 3
		idx := ri & 0xff
		ri >>= 8
		x := float64(float64(ri) * weDouble[idx])
		if ri < keDouble[idx] {
			return x // 98.9% of the time
		}
		if idx == 0 {
			return zigExpR - libm.Log1p(-b.nextDouble())
		}
		if float64(float64(feDouble[idx-1]-feDouble[idx])*b.nextDouble())+feDouble[idx] < libm.Exp(-x) {
			return x
		}
	}
}

// standardGamma is random_standard_gamma / legacy_standard_gamma: Marsaglia and Tsang
// for shape >= 1, and the rejection method of Ahrens and Dieter (via Johnk) below 1.
func standardGamma(s source, shape float64) float64 {
	b := s.bits()
	switch {
	case shape == 1.0:
		return s.stdExp()
	case shape == 0.0:
		return 0.0
	case shape < 1.0:
		for {
			U := b.nextDouble()
			V := s.stdExp()
			if U <= 1.0-shape {
				X := libm.Pow(U, 1./shape)
				if X <= V {
					return X
				}
			} else {
				Y := -libm.Log((1 - U) / shape)
				X := libm.Pow(float64(1.0-shape)+float64(shape*Y), 1./shape)
				if X <= V+Y {
					return X
				}
			}
		}
	}
	bb := shape - 1./3.
	c := 1. / math.Sqrt(float64(9*bb))
	for {
		var X, V float64
		for {
			X = s.gauss()
			V = 1.0 + float64(c*X)
			if !(V <= 0.0) {
				break
			}
		}
		V = float64(float64(V*V) * V)
		U := b.nextDouble()
		X2 := float64(X * X)
		if U < 1.0-float64(float64(0.0331*X2)*X2) {
			return float64(bb * V)
		}
		if libm.Log(U) < float64(float64(0.5*X)*X)+float64(bb*(float64(1.-V)+libm.Log(V))) {
			return float64(bb * V)
		}
	}
}

// beta is random_beta / legacy_beta: Johnk's algorithm when a, b <= 1, else a ratio of
// gammas. The legacy version accepts X+Y == 0 (then works in logs); the Generator
// redraws.
func beta(s source, a, bb float64) float64 {
	if !(a <= 1.0 && bb <= 1.0) { // NaN parameters take this path, as in C
		Ga := standardGamma(s, a)
		Gb := standardGamma(s, bb)
		return Ga / (Ga + Gb)
	}
	b := s.bits()
	for {
		U := b.nextDouble()
		V := b.nextDouble()
		X := libm.Pow(U, 1.0/a)
		Y := libm.Pow(V, 1.0/bb)
		XpY := X + Y
		if XpY <= 1.0 && (s.legacy() || XpY > 0.0) {
			if XpY > 0 {
				return X / XpY
			}
			logX := libm.Log(U) / a
			logY := libm.Log(V) / bb
			logM := logY
			if logX > logY {
				logM = logX
			}
			logX -= logM
			logY -= logM
			return libm.Exp(logX - libm.Log(libm.Exp(logX)+libm.Exp(logY)))
		}
	}
}

// laplace is random_laplace.
func laplace(b bitGen, loc, scale float64) float64 {
	for {
		U := b.nextDouble()
		if U >= 0.5 {
			return loc - float64(scale*libm.Log(float64(2.0-U)-U))
		}
		if U > 0.0 {
			return loc + float64(scale*libm.Log(U+U))
		}
	}
}

// gumbel is random_gumbel.
func gumbel(b bitGen, loc, scale float64) float64 {
	for {
		U := 1.0 - b.nextDouble()
		if U < 1.0 {
			return loc - float64(scale*libm.Log(-libm.Log(U)))
		}
	}
}

// logistic is random_logistic.
func logistic(b bitGen, loc, scale float64) float64 {
	for {
		U := b.nextDouble()
		if U > 0.0 {
			return loc + float64(scale*libm.Log(U/(1.0-U)))
		}
	}
}

// standardT is random_standard_t / legacy_standard_t.
func standardT(s source, df float64) float64 {
	num := s.gauss()
	denom := standardGamma(s, df/2)
	return float64(math.Sqrt(df/2)*num) / math.Sqrt(denom)
}

// loggam is NumPy's random_loggam: log(Gamma(x)) by the SPECFUN series.
func loggam(x float64) float64 {
	a := [10]float64{8.333333333333333e-02, -2.777777777777778e-03,
		7.936507936507937e-04, -5.952380952380952e-04,
		8.417508417508418e-04, -1.917526917526918e-03,
		6.410256410256410e-03, -2.955065359477124e-02,
		1.796443723688307e-01, -1.39243221690590e+00}
	x0 := x
	var n int64
	if x == 1.0 || x == 2.0 {
		return 0.0
	} else if x <= 7.0 {
		n = int64(7 - x)
		x0 = x + float64(n)
	}
	x2 := 1.0 / float64(x0*x0)
	const xp = 2 * math.Pi
	gl0 := a[9]
	for k := 8; k >= 0; k-- {
		gl0 = float64(gl0*x2) + a[k]
	}
	gl := float64(float64(gl0/x0)+float64(0.5*libm.Log(xp))+float64((x0-0.5)*libm.Log(x0))) - x0
	if x <= 7.0 {
		for k := int64(1); k <= n; k++ {
			gl -= libm.Log(x0 - 1.0)
			x0 -= 1.0
		}
	}
	return gl
}

// poisson is random_poisson: multiplication of uniforms below lam 10, Hoermann's PTRS
// (transformed rejection) above.
func poisson(b bitGen, lam float64) int64 {
	if lam >= 10 {
		return poissonPTRS(b, lam)
	}
	if lam == 0 {
		return 0
	}
	enlam := libm.Exp(-lam)
	var X int64
	prod := 1.0
	for {
		prod *= b.nextDouble()
		if !(prod > enlam) {
			return X
		}
		X++
	}
}

func poissonPTRS(b bitGen, lam float64) int64 {
	slam := math.Sqrt(lam)
	loglam := libm.Log(lam)
	bb := 0.931 + float64(2.53*slam)
	a := -0.059 + float64(0.02483*bb)
	invalpha := 1.1239 + 1.1328/(bb-3.4)
	vr := 0.9277 - 3.6224/(bb-2)
	for {
		U := b.nextDouble() - 0.5
		V := b.nextDouble()
		us := 0.5 - math.Abs(U)
		k := int64(math.Floor(float64(float64(float64(2*a)/us+bb)*U) + lam + 0.43))
		if us >= 0.07 && V <= vr {
			return k
		}
		if k < 0 || (us < 0.013 && V > us) {
			continue
		}
		lhs := libm.Log(V) + libm.Log(invalpha) - libm.Log(a/float64(us*us)+bb)
		rhs := -lam + float64(float64(k)*loglam) - loggam(float64(k+1))
		if lhs <= rhs {
			return k
		}
	}
}

// geometric is random_geometric (Generator) / legacy_random_geometric: a search for
// p >= 1/3, inversion below.
func geometric(s source, p float64) int64 {
	b := s.bits()
	if p >= 0.333333333333333333333333 {
		X := int64(1)
		sum, prod := p, p
		q := 1.0 - p
		U := b.nextDouble()
		for U > sum {
			prod *= q
			sum += prod
			X++
		}
		return X
	}
	if s.legacy() {
		return int64(math.Ceil(libm.Log1p(-b.nextDouble()) / libm.Log(1-p)))
	}
	z := math.Ceil(-s.stdExp() / libm.Log1p(-p))
	if z >= 9.223372036854776e+18 {
		return math.MaxInt64
	}
	return int64(z)
}
