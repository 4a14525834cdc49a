package random

import (
	crand "crypto/rand"
	"encoding/binary"
	"sync"

	"github.com/gotensor/gotensor/tensor"
)

// The package-level stream: NumPy's global RandomState behind np.random.seed,
// np.random.rand, np.random.randn, ... It is seeded from the operating system's entropy
// until Seed is called. RandomState's own lock makes it safe for concurrent use.
var (
	defaultOnce  sync.Once
	defaultState *RandomState
)

// Default returns the package-level RandomState that Seed, Rand, Randn, ... use.
func Default() *RandomState {
	defaultOnce.Do(func() {
		var b [32]byte
		key := make([]uint32, len(b)/4)
		if _, err := crand.Read(b[:]); err == nil {
			for i := range key {
				key[i] = binary.LittleEndian.Uint32(b[4*i:])
			}
		}
		defaultState = NewFromArray(key)
	})
	return defaultState
}

// Seed seeds the package-level stream, as np.random.seed(seed): after Seed(42),
// Randn(100, 5) gives np.random.seed(42); np.random.randn(100, 5). The seed must be in
// [0, 2^32-1].
func Seed(seed int) { Default().Seed(seed) }

// SeedArray seeds the package-level stream with an array, as np.random.seed([k0, ...]).
func SeedArray(key []uint32) { Default().SeedArray(key) }

// Rand is np.random.rand(d0, d1, ...) on the package-level stream.
func Rand(shape ...int) *tensor.Tensor { return Default().Rand(shape...) }

// RandomSample is np.random.random_sample(shape) on the package-level stream.
func RandomSample(shape ...int) *tensor.Tensor { return Default().Rand(shape...) }

// Randn is np.random.randn(d0, d1, ...) on the package-level stream.
func Randn(shape ...int) *tensor.Tensor { return Default().Randn(shape...) }

// StandardNormal is np.random.standard_normal(shape) on the package-level stream.
func StandardNormal(shape ...int) *tensor.Tensor { return Default().Randn(shape...) }

// Normal is np.random.normal(loc, scale, shape) on the package-level stream.
func Normal(loc, scale float64, shape ...int) *tensor.Tensor {
	return Default().Normal(loc, scale, shape...)
}

// Uniform is np.random.uniform(low, high, shape) on the package-level stream.
func Uniform(low, high float64, shape ...int) *tensor.Tensor {
	return Default().Uniform(low, high, shape...)
}

// RandInt is np.random.randint(low, high, shape) on the package-level stream (int64).
func RandInt(low, high int64, shape ...int) *tensor.Tensor {
	return Default().RandInt(low, high, shape...)
}

// Permutation is np.random.permutation(n) on the package-level stream.
func Permutation(n int) *tensor.Tensor { return Default().Permutation(n) }

// Shuffle is np.random.shuffle(t) on the package-level stream: t is shuffled in place
// along axis 0.
func Shuffle(t *tensor.Tensor) { Default().Shuffle(t) }

// Choice is np.random.choice(n, shape, replace, p) on the package-level stream.
func Choice(n int, replace bool, p []float64, shape ...int) *tensor.Tensor {
	return Default().Choice(n, replace, p, shape...)
}

// StandardExponential is np.random.standard_exponential(shape) on the package-level stream.
func StandardExponential(shape ...int) *tensor.Tensor { return Default().StandardExponential(shape...) }

// Exponential is np.random.exponential(scale, shape) on the package-level stream.
func Exponential(scale float64, shape ...int) *tensor.Tensor {
	return Default().Exponential(scale, shape...)
}

// StandardGamma is np.random.standard_gamma(k, shape) on the package-level stream.
func StandardGamma(k float64, shape ...int) *tensor.Tensor {
	return Default().StandardGamma(k, shape...)
}

// Gamma is np.random.gamma(k, scale, shape) on the package-level stream.
func Gamma(k, scale float64, shape ...int) *tensor.Tensor { return Default().Gamma(k, scale, shape...) }

// Beta is np.random.beta(a, b, shape) on the package-level stream.
func Beta(a, b float64, shape ...int) *tensor.Tensor { return Default().Beta(a, b, shape...) }

// ChiSquare is np.random.chisquare(df, shape) on the package-level stream.
func ChiSquare(df float64, shape ...int) *tensor.Tensor { return Default().ChiSquare(df, shape...) }

// StandardT is np.random.standard_t(df, shape) on the package-level stream.
func StandardT(df float64, shape ...int) *tensor.Tensor { return Default().StandardT(df, shape...) }

// LogNormal is np.random.lognormal(mean, sigma, shape) on the package-level stream.
func LogNormal(mean, sigma float64, shape ...int) *tensor.Tensor {
	return Default().LogNormal(mean, sigma, shape...)
}

// Laplace is np.random.laplace(loc, scale, shape) on the package-level stream.
func Laplace(loc, scale float64, shape ...int) *tensor.Tensor {
	return Default().Laplace(loc, scale, shape...)
}

// Logistic is np.random.logistic(loc, scale, shape) on the package-level stream.
func Logistic(loc, scale float64, shape ...int) *tensor.Tensor {
	return Default().Logistic(loc, scale, shape...)
}

// Gumbel is np.random.gumbel(loc, scale, shape) on the package-level stream.
func Gumbel(loc, scale float64, shape ...int) *tensor.Tensor {
	return Default().Gumbel(loc, scale, shape...)
}

// Weibull is np.random.weibull(a, shape) on the package-level stream.
func Weibull(a float64, shape ...int) *tensor.Tensor { return Default().Weibull(a, shape...) }

// Pareto is np.random.pareto(a, shape) on the package-level stream.
func Pareto(a float64, shape ...int) *tensor.Tensor { return Default().Pareto(a, shape...) }

// Binomial is np.random.binomial(n, p, shape) on the package-level stream (int64).
func Binomial(n int64, p float64, shape ...int) *tensor.Tensor {
	return Default().Binomial(n, p, shape...)
}

// Poisson is np.random.poisson(lam, shape) on the package-level stream (int64).
func Poisson(lam float64, shape ...int) *tensor.Tensor { return Default().Poisson(lam, shape...) }

// Geometric is np.random.geometric(p, shape) on the package-level stream (int64).
func Geometric(p float64, shape ...int) *tensor.Tensor { return Default().Geometric(p, shape...) }

// Multinomial is np.random.multinomial(n, pvals, shape) on the package-level stream.
func Multinomial(n int64, pvals []float64, shape ...int) *tensor.Tensor {
	return Default().Multinomial(n, pvals, shape...)
}

// Dirichlet is np.random.dirichlet(alpha, shape) on the package-level stream.
func Dirichlet(alpha []float64, shape ...int) *tensor.Tensor {
	return Default().Dirichlet(alpha, shape...)
}
