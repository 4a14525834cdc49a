package tensor_test

import (
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestShortRowsBroadcast runs the short-row path of binary ops (rows under 16 elements,
// one loop nest, split across threads when large) on reversed, stepped and transposed
// operands against element-by-element arithmetic.
func TestShortRowsBroadcast(t *testing.T) {
	for _, rows := range []int{1, 3, 700, 9000} {
		for _, cols := range []int{1, 3, 8, 15} {
			base := tensor.Arange(tensor.Float64, 0, 2*rows*cols, 1).Reshape(2*rows, cols)
			x := base.Slice(tensor.S(-1, tensor.None, -2)) // every other row, last first
			row := tensor.Arange(tensor.Float64, 1, float64(cols+1), 1)
			for _, c := range []struct {
				name string
				got  *tensor.Tensor
				f    func(a, b float64) float64
			}{
				{"x - row", x.Sub(row), func(a, b float64) float64 { return a - b }},
				{"row / x", row.Div(x.Add(1)), func(a, b float64) float64 { return b / (a + 1) }},
				{"x.T.T * row", x.T().T().Mul(row), func(a, b float64) float64 { return a * b }},
			} {
				xs, rs, gs := tensor.ToSlice[float64](x), tensor.ToSlice[float64](row), tensor.ToSlice[float64](c.got)
				for i := range xs {
					if want := c.f(xs[i], rs[i%cols]); gs[i] != want {
						t.Fatalf("(%d, %d) %s: element %d = %v, want %v", rows, cols, c.name, i, gs[i], want)
					}
				}
			}
		}
	}
}
