package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestProductsLayout runs layouttest's table of Einsum, the tensor products and the
// convolutions (all composed of other ops) on the GPU, or without one on the emulator,
// with TestLayout's layouts, one input's layout at a time.
func TestProductsLayout(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cfg := layouttest.Config{Dev: g, Seed: 13, OneAtATime: true, Verbose: testing.Verbose(),
		Layouts: []string{"offset", "transposed", "flipped", "negstep", "mixed", "bcast-outer"}}
	if testing.Short() {
		cfg.Layouts = []string{"transposed", "mixed", "bcast-outer"}
	}
	layouttest.Run(t, layouttest.ProductOps(), cfg)
}

// TestProductsScalarOperand: a 0-d CPU tensor goes along with a GPU operand, as in every
// op, also where the product reshapes it (TensorDot, Einsum, Convolve).
func TestProductsScalarOperand(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	s := tensor.Scalar(2.0)
	v := tensor.FromSlice([]float64{1, 2, 3})
	m := tensor.FromSlice([]float64{1, 2, 3, 4}, 2, 2)
	cases := []struct {
		name string
		f    func(s, v, m *tensor.Tensor) *tensor.Tensor
	}{
		{"TensorDot", func(s, _, m *tensor.Tensor) *tensor.Tensor { return tensor.TensorDot(s, m, 0) }},
		{"Einsum", func(s, v, _ *tensor.Tensor) *tensor.Tensor { return tensor.Einsum(",i->i", s, v) }},
		{"Convolve", func(s, v, _ *tensor.Tensor) *tensor.Tensor { return tensor.Convolve(v, s, "full") }},
		{"Inner", func(s, _, m *tensor.Tensor) *tensor.Tensor { return tensor.Inner(m, s) }},
		{"Kron", func(s, v, _ *tensor.Tensor) *tensor.Tensor { return tensor.Kron(s, v) }},
	}
	for _, tc := range cases {
		want := tc.f(s, v, m)
		got := tc.f(s, v.To(g), m.To(g))
		if got.Device() != g || !tensor.ArrayEqual(got.CPU(), want) {
			t.Errorf("%s: got %v on %s, want %v", tc.name, got.CPU(), got.Device().Name(), want)
		}
	}
}
