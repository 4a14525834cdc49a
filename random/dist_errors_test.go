package random

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestDistributionErrors checks the parameter constraints against NumPy 1.24's: each
// case lists whether NumPy raises ValueError for the legacy RandomState and the Generator.
func TestDistributionErrors(t *testing.T) {
	nan := math.NaN()
	type dists interface {
		Exponential(float64, ...int) *tensor.Tensor
		Gamma(float64, float64, ...int) *tensor.Tensor
		Beta(float64, float64, ...int) *tensor.Tensor
		ChiSquare(float64, ...int) *tensor.Tensor
		StandardT(float64, ...int) *tensor.Tensor
		Pareto(float64, ...int) *tensor.Tensor
		Weibull(float64, ...int) *tensor.Tensor
		Binomial(int64, float64, ...int) *tensor.Tensor
		Poisson(float64, ...int) *tensor.Tensor
		Geometric(float64, ...int) *tensor.Tensor
		LogNormal(float64, float64, ...int) *tensor.Tensor
		Laplace(float64, float64, ...int) *tensor.Tensor
		Logistic(float64, float64, ...int) *tensor.Tensor
		Gumbel(float64, float64, ...int) *tensor.Tensor
		Dirichlet([]float64, ...int) *tensor.Tensor
		Multinomial(int64, []float64, ...int) *tensor.Tensor
	}
	cases := []struct {
		name   string
		call   func(d dists)
		raises bool
	}{
		{"exponential(-0)", func(d dists) { d.Exponential(math.Copysign(0, -1), 2) }, true},
		{"exponential(0)", func(d dists) { d.Exponential(0, 2) }, false},
		{"exponential(nan)", func(d dists) { d.Exponential(nan, 2) }, false},
		{"exponential(-1)", func(d dists) { d.Exponential(-1, 2) }, true},
		{"gamma(0, 1)", func(d dists) { d.Gamma(0, 1, 2) }, false},
		{"gamma(-0, 1)", func(d dists) { d.Gamma(math.Copysign(0, -1), 1, 2) }, true},
		{"gamma(1, -1)", func(d dists) { d.Gamma(1, -1, 2) }, true},
		{"beta(0, 1)", func(d dists) { d.Beta(0, 1, 2) }, true},
		{"beta(1, 0)", func(d dists) { d.Beta(1, 0, 2) }, true},
		{"beta(nan, 1)", func(d dists) { d.Beta(nan, 1, 2) }, false},
		{"chisquare(0)", func(d dists) { d.ChiSquare(0, 2) }, true},
		{"standard_t(0)", func(d dists) { d.StandardT(0, 2) }, true},
		{"pareto(0)", func(d dists) { d.Pareto(0, 2) }, true},
		{"weibull(0)", func(d dists) { d.Weibull(0, 2) }, false},
		{"weibull(-1)", func(d dists) { d.Weibull(-1, 2) }, true},
		{"binomial(-1, 0.5)", func(d dists) { d.Binomial(-1, 0.5, 2) }, true},
		{"binomial(5, 1.5)", func(d dists) { d.Binomial(5, 1.5, 2) }, true},
		{"binomial(5, nan)", func(d dists) { d.Binomial(5, nan, 2) }, true},
		{"binomial(0, 0.5)", func(d dists) { d.Binomial(0, 0.5, 2) }, false},
		{"poisson(-1)", func(d dists) { d.Poisson(-1, 2) }, true},
		{"poisson(1e19)", func(d dists) { d.Poisson(1e19, 2) }, true},
		{"poisson(nan)", func(d dists) { d.Poisson(nan, 2) }, true},
		{"geometric(0)", func(d dists) { d.Geometric(0, 2) }, true},
		{"geometric(1)", func(d dists) { d.Geometric(1, 2) }, false},
		{"geometric(1.5)", func(d dists) { d.Geometric(1.5, 2) }, true},
		{"geometric(nan)", func(d dists) { d.Geometric(nan, 2) }, true},
		{"lognormal(0, -1)", func(d dists) { d.LogNormal(0, -1, 2) }, true},
		{"laplace(0, -1)", func(d dists) { d.Laplace(0, -1, 2) }, true},
		{"logistic(0, -1)", func(d dists) { d.Logistic(0, -1, 2) }, true},
		{"gumbel(0, -1)", func(d dists) { d.Gumbel(0, -1, 2) }, true},
		{"dirichlet([0, 1])", func(d dists) { d.Dirichlet([]float64{0, 1}, 2) }, true},
		{"dirichlet([nan, 1])", func(d dists) { d.Dirichlet([]float64{nan, 1}, 2) }, false},
		{"dirichlet([-1, 1])", func(d dists) { d.Dirichlet([]float64{-1, 1}, 2) }, true},
		{"multinomial(5, [.5 .6 .1])", func(d dists) { d.Multinomial(5, []float64{0.5, 0.6, 0.1}, 2) }, true},
		{"multinomial(-1, [.5 .5])", func(d dists) { d.Multinomial(-1, []float64{0.5, 0.5}, 2) }, true},
		{"multinomial(5, [1.5 -.5])", func(d dists) { d.Multinomial(5, []float64{1.5, -0.5}, 2) }, true},
	}
	for _, gen := range []struct {
		name string
		new  func() dists
	}{{"RandomState", func() dists { return New(0) }}, {"Generator", func() dists { return NewGenerator(0) }}} {
		for _, c := range cases {
			err := tensor.Try(func() { c.call(gen.new()) })
			switch {
			case c.raises && err == nil:
				t.Errorf("%s.%s: no error, NumPy raises ValueError", gen.name, c.name)
			case !c.raises && err != nil:
				t.Errorf("%s.%s: %v, NumPy accepts it", gen.name, c.name, err)
			case err != nil && tensor.KindOf(err) != tensor.Value:
				t.Errorf("%s.%s: %v is not a Value error", gen.name, c.name, err)
			}
		}
	}
}

// TestBinomialZero checks NumPy's difference between the generators for p == 0: the
// legacy binomial still draws a uniform per value, the Generator's does not.
func TestBinomialZero(t *testing.T) {
	r := New(1)
	r.Binomial(10, 0, 3)
	if got := r.Float64(); got != 0.30233257263183977 {
		t.Errorf("RandomState: binomial(10, 0, 3) then random_sample() = %v, NumPy gives 0.30233257263183977", got)
	}
	g := NewGenerator(1)
	g.Binomial(10, 0, 3)
	if got := g.Float64(); got != 0.5118216247002567 {
		t.Errorf("Generator: binomial(10, 0, 3) then random() = %v, NumPy gives 0.5118216247002567", got)
	}
}

// TestMultivariateNormal compares with NumPy's multivariate_normal(..., method='cholesky')
// to within rounding (NumPy factors with LAPACK and multiplies with OpenBLAS).
func TestMultivariateNormal(t *testing.T) {
	cov := []float64{2.0, 0.3, 0.1, 0.3, 1.0, -0.2, 0.1, -0.2, 0.5}
	got := tensor.ToSlice[float64](NewGenerator(3).MultivariateNormal([]float64{1, -2, 0.5}, cov, 4))
	want := []float64{3.8862955011695064, -4.064556362197738, 1.4859860184152043, 0.1970525227106512,
		-2.5627895749306218, 0.41535963952950716, -1.8566917796455726, -2.6551575989212832,
		-0.17001156327684142, 5.6994309841984325, -1.0744374134474954, 0.4496411180116875}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-13*math.Max(1, math.Abs(want[i])) {
			t.Errorf("value %d is %v, NumPy gives %v", i, got[i], want[i])
		}
	}
	err := tensor.Try(func() { NewGenerator(3).MultivariateNormal([]float64{0, 0}, []float64{1, 2, 2, 1}) })
	if tensor.KindOf(err) != tensor.Singular {
		t.Errorf("indefinite cov: %v, want a Singular error", err)
	}
}
