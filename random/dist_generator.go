package random

import (
	"github.com/gotensor/gotensor/random/internal/libm"
	"github.com/gotensor/gotensor/tensor"
)

// Generator's distributions: NumPy's distributions.c on PCG64, with ziggurat normals and
// exponentials. Parameters are scalars; shape is the output's shape (none: a 0-d
// tensor). Invalid parameters panic with a Value error carrying NumPy's message.

func (g *Generator) drawFloats(op string, shape []int, f func(s source) float64) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := genSource{g}
	return floats(op, shape, func() float64 { return f(s) })
}

func (g *Generator) drawInts(op string, shape []int, f func(s source) int64) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := genSource{g}
	return ints(op, shape, func() int64 { return f(s) })
}

// StandardExponential is Generator.standard_exponential(shape): NumPy's ziggurat.
func (g *Generator) StandardExponential(shape ...int) *tensor.Tensor {
	return g.drawFloats("StandardExponential", shape, func(s source) float64 { return s.stdExp() })
}

// Exponential is Generator.exponential(scale, shape).
func (g *Generator) Exponential(scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Exponential", "scale", scale)
	return g.drawFloats("Exponential", shape, func(s source) float64 { return float64(scale * s.stdExp()) })
}

// StandardGamma is Generator.standard_gamma(k, shape).
func (g *Generator) StandardGamma(k float64, shape ...int) *tensor.Tensor {
	nonNegative("StandardGamma", "shape", k)
	return g.drawFloats("StandardGamma", shape, func(s source) float64 { return standardGamma(s, k) })
}

// Gamma is Generator.gamma(k, scale, shape): shape parameter k, scale theta.
func (g *Generator) Gamma(k, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Gamma", "shape", k)
	nonNegative("Gamma", "scale", scale)
	return g.drawFloats("Gamma", shape, func(s source) float64 { return float64(scale * standardGamma(s, k)) })
}

// Beta is Generator.beta(a, b, shape).
func (g *Generator) Beta(a, b float64, shape ...int) *tensor.Tensor {
	positive("Beta", "a", a)
	positive("Beta", "b", b)
	return g.drawFloats("Beta", shape, func(s source) float64 { return beta(s, a, b) })
}

// ChiSquare is Generator.chisquare(df, shape): 2*gamma(df/2).
func (g *Generator) ChiSquare(df float64, shape ...int) *tensor.Tensor {
	positive("ChiSquare", "df", df)
	return g.drawFloats("ChiSquare", shape, func(s source) float64 { return float64(2.0 * standardGamma(s, df/2.0)) })
}

// StandardT is Generator.standard_t(df, shape).
func (g *Generator) StandardT(df float64, shape ...int) *tensor.Tensor {
	positive("StandardT", "df", df)
	return g.drawFloats("StandardT", shape, func(s source) float64 { return standardT(s, df) })
}

// LogNormal is Generator.lognormal(mean, sigma, shape): exp of a normal.
func (g *Generator) LogNormal(mean, sigma float64, shape ...int) *tensor.Tensor {
	nonNegative("LogNormal", "sigma", sigma)
	return g.drawFloats("LogNormal", shape, func(s source) float64 {
		return libm.Exp(mean + float64(sigma*s.gauss()))
	})
}

// Laplace is Generator.laplace(loc, scale, shape).
func (g *Generator) Laplace(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Laplace", "scale", scale)
	return g.drawFloats("Laplace", shape, func(s source) float64 { return laplace(s.bits(), loc, scale) })
}

// Logistic is Generator.logistic(loc, scale, shape).
func (g *Generator) Logistic(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Logistic", "scale", scale)
	return g.drawFloats("Logistic", shape, func(s source) float64 { return logistic(s.bits(), loc, scale) })
}

// Gumbel is Generator.gumbel(loc, scale, shape).
func (g *Generator) Gumbel(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Gumbel", "scale", scale)
	return g.drawFloats("Gumbel", shape, func(s source) float64 { return gumbel(s.bits(), loc, scale) })
}

// Weibull is Generator.weibull(a, shape): E^(1/a); a == 0 gives zeros without draws.
func (g *Generator) Weibull(a float64, shape ...int) *tensor.Tensor {
	nonNegative("Weibull", "a", a)
	return g.drawFloats("Weibull", shape, func(s source) float64 {
		if a == 0 {
			return 0
		}
		return libm.Pow(s.stdExp(), 1./a)
	})
}

// Pareto is Generator.pareto(a, shape): the Lomax form expm1(E/a).
func (g *Generator) Pareto(a float64, shape ...int) *tensor.Tensor {
	positive("Pareto", "a", a)
	return g.drawFloats("Pareto", shape, func(s source) float64 { return libm.Expm1(s.stdExp() / a) })
}

// Binomial is Generator.binomial(n, p, shape), int64.
func (g *Generator) Binomial(n int64, p float64, shape ...int) *tensor.Tensor {
	if n < 0 {
		fail("Binomial", "n < 0 (got %d)", n)
	}
	unitInterval("Binomial", "p", p)
	return g.drawInts("Binomial", shape, func(s source) int64 { return binomial(s, n, p) })
}

// Poisson is Generator.poisson(lam, shape), int64.
func (g *Generator) Poisson(lam float64, shape ...int) *tensor.Tensor {
	checkLam("Poisson", lam)
	return g.drawInts("Poisson", shape, func(s source) int64 { return poisson(s.bits(), lam) })
}

// Geometric is Generator.geometric(p, shape), int64: trials until the first success.
func (g *Generator) Geometric(p float64, shape ...int) *tensor.Tensor {
	if !(p > 0 && p <= 1) {
		fail("Geometric", "p <= 0, p > 1 or p contains NaNs (got %v)", p)
	}
	return g.drawInts("Geometric", shape, func(s source) int64 { return geometric(s, p) })
}

// Multinomial is Generator.multinomial(n, pvals, shape): int64 counts of shape
// shape+(len(pvals)).
func (g *Generator) Multinomial(n int64, pvals []float64, shape ...int) *tensor.Tensor {
	checkPvals("Multinomial", n, pvals)
	g.mu.Lock()
	defer g.mu.Unlock()
	s := genSource{g}
	return vectors("Multinomial", shape, len(pvals), func(out []int64) { multinomial(s, n, pvals, out) })
}

// Dirichlet is Generator.dirichlet(alpha, shape): vectors of shape shape+(len(alpha)):
// normalised gamma draws, or stick-breaking with beta draws when every alpha < 0.1.
func (g *Generator) Dirichlet(alpha []float64, shape ...int) *tensor.Tensor {
	for _, a := range alpha {
		positive("Dirichlet", "alpha", a)
	}
	csum := dirichletSums(alpha)
	g.mu.Lock()
	defer g.mu.Unlock()
	s := genSource{g}
	return vectors("Dirichlet", shape, len(alpha), func(out []float64) { dirichlet(s, alpha, csum, out) })
}
