package random

import (
	"github.com/gotensor/gotensor/random/internal/libm"
	"github.com/gotensor/gotensor/tensor"
)

// RandomState's distributions: NumPy's legacy samplers (legacy-distributions.c), which
// draw normals by the polar method and exponentials as -log(1-U). Parameters are
// scalars; shape is the output's shape (none: a 0-d tensor). Invalid parameters panic
// with a Value error carrying NumPy's message.

func (r *RandomState) drawFloats(op string, shape []int, f func(s source) float64) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := legacySource{r}
	return floats(op, shape, func() float64 { return f(s) })
}

func (r *RandomState) drawInts(op string, shape []int, f func(s source) int64) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := legacySource{r}
	return ints(op, shape, func() int64 { return f(s) })
}

// StandardExponential is RandomState.standard_exponential(shape): -log(1-U).
func (r *RandomState) StandardExponential(shape ...int) *tensor.Tensor {
	return r.drawFloats("StandardExponential", shape, func(s source) float64 { return s.stdExp() })
}

// Exponential is RandomState.exponential(scale, shape).
func (r *RandomState) Exponential(scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Exponential", "scale", scale)
	return r.drawFloats("Exponential", shape, func(s source) float64 { return float64(scale * s.stdExp()) })
}

// StandardGamma is RandomState.standard_gamma(k, shape).
func (r *RandomState) StandardGamma(k float64, shape ...int) *tensor.Tensor {
	nonNegative("StandardGamma", "shape", k)
	return r.drawFloats("StandardGamma", shape, func(s source) float64 { return standardGamma(s, k) })
}

// Gamma is RandomState.gamma(k, scale, shape): shape parameter k, scale theta.
func (r *RandomState) Gamma(k, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Gamma", "shape", k)
	nonNegative("Gamma", "scale", scale)
	return r.drawFloats("Gamma", shape, func(s source) float64 { return float64(scale * standardGamma(s, k)) })
}

// Beta is RandomState.beta(a, b, shape).
func (r *RandomState) Beta(a, b float64, shape ...int) *tensor.Tensor {
	positive("Beta", "a", a)
	positive("Beta", "b", b)
	return r.drawFloats("Beta", shape, func(s source) float64 { return beta(s, a, b) })
}

// ChiSquare is RandomState.chisquare(df, shape): 2*gamma(df/2).
func (r *RandomState) ChiSquare(df float64, shape ...int) *tensor.Tensor {
	positive("ChiSquare", "df", df)
	return r.drawFloats("ChiSquare", shape, func(s source) float64 { return float64(2.0 * standardGamma(s, df/2.0)) })
}

// StandardT is RandomState.standard_t(df, shape).
func (r *RandomState) StandardT(df float64, shape ...int) *tensor.Tensor {
	positive("StandardT", "df", df)
	return r.drawFloats("StandardT", shape, func(s source) float64 { return standardT(s, df) })
}

// LogNormal is RandomState.lognormal(mean, sigma, shape): exp of a normal.
func (r *RandomState) LogNormal(mean, sigma float64, shape ...int) *tensor.Tensor {
	nonNegative("LogNormal", "sigma", sigma)
	return r.drawFloats("LogNormal", shape, func(s source) float64 {
		return libm.Exp(mean + float64(sigma*s.gauss()))
	})
}

// Laplace is RandomState.laplace(loc, scale, shape).
func (r *RandomState) Laplace(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Laplace", "scale", scale)
	return r.drawFloats("Laplace", shape, func(s source) float64 { return laplace(s.bits(), loc, scale) })
}

// Logistic is RandomState.logistic(loc, scale, shape).
func (r *RandomState) Logistic(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Logistic", "scale", scale)
	return r.drawFloats("Logistic", shape, func(s source) float64 { return logistic(s.bits(), loc, scale) })
}

// Gumbel is RandomState.gumbel(loc, scale, shape).
func (r *RandomState) Gumbel(loc, scale float64, shape ...int) *tensor.Tensor {
	nonNegative("Gumbel", "scale", scale)
	return r.drawFloats("Gumbel", shape, func(s source) float64 { return gumbel(s.bits(), loc, scale) })
}

// Weibull is RandomState.weibull(a, shape): E^(1/a); a == 0 gives zeros without draws.
func (r *RandomState) Weibull(a float64, shape ...int) *tensor.Tensor {
	nonNegative("Weibull", "a", a)
	return r.drawFloats("Weibull", shape, func(s source) float64 {
		if a == 0 {
			return 0
		}
		return libm.Pow(s.stdExp(), 1./a)
	})
}

// Pareto is RandomState.pareto(a, shape): the Lomax form exp(E/a) - 1.
func (r *RandomState) Pareto(a float64, shape ...int) *tensor.Tensor {
	positive("Pareto", "a", a)
	return r.drawFloats("Pareto", shape, func(s source) float64 { return libm.Exp(s.stdExp()/a) - 1 })
}

// Binomial is RandomState.binomial(n, p, shape), int64.
func (r *RandomState) Binomial(n int64, p float64, shape ...int) *tensor.Tensor {
	if n < 0 {
		fail("Binomial", "n < 0 (got %d)", n)
	}
	unitInterval("Binomial", "p", p)
	return r.drawInts("Binomial", shape, func(s source) int64 { return binomial(s, n, p) })
}

// Poisson is RandomState.poisson(lam, shape), int64.
func (r *RandomState) Poisson(lam float64, shape ...int) *tensor.Tensor {
	checkLam("Poisson", lam)
	return r.drawInts("Poisson", shape, func(s source) int64 { return poisson(s.bits(), lam) })
}

// Geometric is RandomState.geometric(p, shape), int64: trials until the first success.
func (r *RandomState) Geometric(p float64, shape ...int) *tensor.Tensor {
	if !(p > 0 && p <= 1) {
		fail("Geometric", "p <= 0, p > 1 or p contains NaNs (got %v)", p)
	}
	return r.drawInts("Geometric", shape, func(s source) int64 { return geometric(s, p) })
}

// Multinomial is RandomState.multinomial(n, pvals, shape): int64 counts of shape
// shape+(len(pvals)).
func (r *RandomState) Multinomial(n int64, pvals []float64, shape ...int) *tensor.Tensor {
	checkPvals("Multinomial", n, pvals)
	r.mu.Lock()
	defer r.mu.Unlock()
	s := legacySource{r}
	return vectors("Multinomial", shape, len(pvals), func(out []int64) { multinomial(s, n, pvals, out) })
}

// Dirichlet is RandomState.dirichlet(alpha, shape): vectors of shape shape+(len(alpha))
// of normalised gamma draws.
func (r *RandomState) Dirichlet(alpha []float64, shape ...int) *tensor.Tensor {
	for _, a := range alpha {
		positive("Dirichlet", "alpha", a)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := legacySource{r}
	return vectors("Dirichlet", shape, len(alpha), func(out []float64) { dirichlet(s, alpha, nil, out) })
}
