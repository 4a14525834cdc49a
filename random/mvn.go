package random

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

// MultivariateNormal returns draws of a multivariate normal with the given mean (d
// values) and covariance (d*d values, row-major, symmetric positive definite), of
// shape shape+(d), as Generator.multivariate_normal(mean, cov, shape,
// method='cholesky'): mean + z @ L.T for standard normal rows z and cov = L L^T.
//
// The standard normal draws are NumPy's bit for bit; the factor and the product are
// computed here, not by LAPACK and OpenBLAS, so values agree with NumPy's to within a
// few ulp rather than exactly. NumPy's default method ('svd') factors cov differently
// and gives different values from the same draws. A covariance that is not positive
// definite panics with a Singular-kind *tensor.Error, as NumPy raises LinAlgError.
func (g *Generator) MultivariateNormal(mean, cov []float64, shape ...int) *tensor.Tensor {
	d := len(mean)
	if len(cov) != d*d {
		fail("MultivariateNormal", "cov must be %d x %d (%d values) for a mean of %d, got %d values", d, d, d*d, d, len(cov))
	}
	L := cholesky(cov, d)
	g.mu.Lock()
	defer g.mu.Unlock()
	z := make([]float64, d)
	return vectors("MultivariateNormal", shape, d, func(out []float64) {
		for k := range z {
			z[k] = standardNormal(&g.pcg)
		}
		for j := 0; j < d; j++ {
			s := 0.0
			for k := 0; k <= j; k++ {
				s += z[k] * L[j*d+k]
			}
			out[j] = mean[j] + s
		}
	})
}

// cholesky returns the lower-triangular L with L L^T = a (d x d, row-major).
func cholesky(a []float64, d int) []float64 {
	L := make([]float64, d*d)
	for j := 0; j < d; j++ {
		s := a[j*d+j]
		for k := 0; k < j; k++ {
			s -= L[j*d+k] * L[j*d+k]
		}
		if !(s > 0) {
			panic(&tensor.Error{Kind: tensor.Singular, Op: "random.MultivariateNormal",
				Msg: fmt.Sprintf("cov is not positive definite (pivot %d is %v)", j, s)})
		}
		ljj := math.Sqrt(s)
		L[j*d+j] = ljj
		for i := j + 1; i < d; i++ {
			s := a[i*d+j]
			for k := 0; k < j; k++ {
				s -= L[i*d+k] * L[j*d+k]
			}
			L[i*d+j] = s / ljj
		}
	}
	return L
}
