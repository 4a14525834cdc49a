package random

import "github.com/gotensor/gotensor/tensor"

// The distribution streams of testdata/gen.py (10^5 draws each).
const distN = 100_000

var legacyDists = map[string]func(r *RandomState) *tensor.Tensor{
	"standard_exponential": func(r *RandomState) *tensor.Tensor { return r.StandardExponential(distN) },
	"exponential":          func(r *RandomState) *tensor.Tensor { return r.Exponential(2.5, distN) },
	"gamma_small":          func(r *RandomState) *tensor.Tensor { return r.Gamma(0.5, 2, distN) },
	"gamma_large":          func(r *RandomState) *tensor.Tensor { return r.Gamma(3, 2, distN) },
	"standard_gamma_1":     func(r *RandomState) *tensor.Tensor { return r.StandardGamma(1, distN) },
	"beta_small":           func(r *RandomState) *tensor.Tensor { return r.Beta(0.5, 0.7, distN) },
	"beta_large":           func(r *RandomState) *tensor.Tensor { return r.Beta(2, 3, distN) },
	"chisquare":            func(r *RandomState) *tensor.Tensor { return r.ChiSquare(3, distN) },
	"binomial_inv":         func(r *RandomState) *tensor.Tensor { return r.Binomial(10, 0.3, distN) },
	"binomial_btpe":        func(r *RandomState) *tensor.Tensor { return r.Binomial(1000, 0.4, distN) },
	"binomial_high":        func(r *RandomState) *tensor.Tensor { return r.Binomial(1000, 0.9, distN) },
	"poisson_small":        func(r *RandomState) *tensor.Tensor { return r.Poisson(3, distN) },
	"poisson_large":        func(r *RandomState) *tensor.Tensor { return r.Poisson(50, distN) },
	"geometric_search":     func(r *RandomState) *tensor.Tensor { return r.Geometric(0.5, distN) },
	"geometric_inv":        func(r *RandomState) *tensor.Tensor { return r.Geometric(0.05, distN) },
	"lognormal":            func(r *RandomState) *tensor.Tensor { return r.LogNormal(0.5, 1.5, distN) },
	"laplace":              func(r *RandomState) *tensor.Tensor { return r.Laplace(1, 2, distN) },
	"logistic":             func(r *RandomState) *tensor.Tensor { return r.Logistic(1, 2, distN) },
	"gumbel":               func(r *RandomState) *tensor.Tensor { return r.Gumbel(1, 2, distN) },
	"weibull":              func(r *RandomState) *tensor.Tensor { return r.Weibull(1.5, distN) },
	"pareto":               func(r *RandomState) *tensor.Tensor { return r.Pareto(3, distN) },
	"standard_t":           func(r *RandomState) *tensor.Tensor { return r.StandardT(5, distN) },
	"multinomial": func(r *RandomState) *tensor.Tensor {
		return r.Multinomial(20, []float64{0.2, 0, 0.5, 0.3}, distN/4)
	},
	"dirichlet": func(r *RandomState) *tensor.Tensor { return r.Dirichlet([]float64{0.5, 2, 1}, distN/3) },
}

var generatorDists = map[string]func(g *Generator) *tensor.Tensor{
	"standard_exponential": func(g *Generator) *tensor.Tensor { return g.StandardExponential(distN) },
	"exponential":          func(g *Generator) *tensor.Tensor { return g.Exponential(2.5, distN) },
	"gamma_small":          func(g *Generator) *tensor.Tensor { return g.Gamma(0.5, 2, distN) },
	"gamma_large":          func(g *Generator) *tensor.Tensor { return g.Gamma(3, 2, distN) },
	"standard_gamma_1":     func(g *Generator) *tensor.Tensor { return g.StandardGamma(1, distN) },
	"beta_small":           func(g *Generator) *tensor.Tensor { return g.Beta(0.5, 0.7, distN) },
	"beta_large":           func(g *Generator) *tensor.Tensor { return g.Beta(2, 3, distN) },
	"chisquare":            func(g *Generator) *tensor.Tensor { return g.ChiSquare(3, distN) },
	"binomial_inv":         func(g *Generator) *tensor.Tensor { return g.Binomial(10, 0.3, distN) },
	"binomial_btpe":        func(g *Generator) *tensor.Tensor { return g.Binomial(1000, 0.4, distN) },
	"binomial_high":        func(g *Generator) *tensor.Tensor { return g.Binomial(1000, 0.9, distN) },
	"poisson_small":        func(g *Generator) *tensor.Tensor { return g.Poisson(3, distN) },
	"poisson_large":        func(g *Generator) *tensor.Tensor { return g.Poisson(50, distN) },
	"geometric_search":     func(g *Generator) *tensor.Tensor { return g.Geometric(0.5, distN) },
	"geometric_inv":        func(g *Generator) *tensor.Tensor { return g.Geometric(0.05, distN) },
	"lognormal":            func(g *Generator) *tensor.Tensor { return g.LogNormal(0.5, 1.5, distN) },
	"laplace":              func(g *Generator) *tensor.Tensor { return g.Laplace(1, 2, distN) },
	"logistic":             func(g *Generator) *tensor.Tensor { return g.Logistic(1, 2, distN) },
	"gumbel":               func(g *Generator) *tensor.Tensor { return g.Gumbel(1, 2, distN) },
	"weibull":              func(g *Generator) *tensor.Tensor { return g.Weibull(1.5, distN) },
	"pareto":               func(g *Generator) *tensor.Tensor { return g.Pareto(3, distN) },
	"standard_t":           func(g *Generator) *tensor.Tensor { return g.StandardT(5, distN) },
	"multinomial": func(g *Generator) *tensor.Tensor {
		return g.Multinomial(20, []float64{0.2, 0, 0.5, 0.3}, distN/4)
	},
	"dirichlet": func(g *Generator) *tensor.Tensor { return g.Dirichlet([]float64{0.5, 2, 1}, distN/3) },
	"dirichlet_small": func(g *Generator) *tensor.Tensor {
		return g.Dirichlet([]float64{0.05, 0.02, 0.08}, distN/3)
	},
}
