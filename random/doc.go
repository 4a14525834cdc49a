// Package random gives NumPy's random streams bit for bit, as tensors.
//
// Two generators, as in NumPy:
//
//   - RandomState is the legacy np.random.RandomState (MT19937), what np.random.seed
//     drives; the package-level functions (Seed, Rand, Randn, RandInt, Permutation, ...)
//     use a shared one, so ported notebook code reads like NumPy:
//     random.Seed(42); x := random.Randn(100, 5) holds the numbers of
//     np.random.seed(42); x = np.random.randn(100, 5).
//   - Generator is np.random.default_rng(seed) (PCG64 seeded through SeedSequence).
//
// Equality with NumPy is exact, not approximate: the reference is NumPy 1.24 on x86-64
// Linux (Debian 12's python3-numpy with glibc 2.36). The bit generators, seeding,
// bounded-integer and shuffle algorithms are NumPy's, with the same consumption of
// random bits; the floating-point steps are written so Go's compiler cannot fuse them
// into multiply-adds that NumPy's build does not have (also under GOAMD64=v3); and the
// libm functions the samplers call (log, exp, log1p, expm1, pow) come from
// internal/libm, which reproduces glibc's results where Go's math package differs on a
// few percent of inputs. testdata/gen.py writes the reference streams the tests compare against.
//
// Both generators have NumPy's distributions (Exponential, Gamma, Beta, ChiSquare,
// Binomial, Poisson, Geometric, LogNormal, Laplace, Logistic, Gumbel, Weibull, Pareto,
// StandardT, Multinomial, Dirichlet), each the legacy or the Generator algorithm as
// NumPy uses it, with scalar parameters. Generator.MultivariateNormal follows NumPy's
// method='cholesky' to within rounding (its factor and product are computed here).
//
// Results are CPU tensors of float64 (int64 for integers and indices), as NumPy's
// defaults; move them with To(device) or convert with AsType. Methods with an "As"
// suffix draw NumPy's separate streams of other dtypes (randint(..., dtype=np.uint8),
// random(dtype=np.float32)), which are not casts of the default ones.
//
// Misuse (a seed out of range, low >= high, a negative scale, bad probabilities) panics
// with a Value-kind *tensor.Error, as NumPy raises ValueError; tensor.Try turns it into
// an error. Both generators are safe for concurrent use.
package random
