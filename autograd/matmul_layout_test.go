package autograd

import (
	"testing"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
	"github.com/stretchr/testify/require"
)

// TestMatMulGradLayouts checks matmulGrads' transposed and flattened paths against the
// plain products a^T @ g and g @ b^T on the same numbers, including a batch of size 0,
// and that the gradient a transposed weight passes on to the weight is contiguous.
func TestMatMulGradLayouts(t *testing.T) {
	g := random.NewGenerator(11)
	for _, tc := range []struct {
		name   string
		batch  []int
		k, n   int
		bTrans bool
	}{
		{"2d", []int{3}, 4, 5, false},
		{"2d-T", []int{3}, 4, 5, true},
		{"3d-T", []int{2, 3}, 4, 5, true},
		{"3d", []int{2, 3}, 4, 5, false},
		{"empty-T", []int{0, 3}, 4, 5, true},
		{"empty-k", []int{2, 3}, 0, 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := g.StandardNormal(append(append([]int{}, tc.batch...), tc.k)...).RequiresGrad()
			w := g.StandardNormal(tc.n, tc.k).RequiresGrad()
			var b *tensor.Tensor
			if tc.bTrans {
				b = w.T()
			} else {
				w = g.StandardNormal(tc.k, tc.n).RequiresGrad()
				b = w
			}
			y := x.MatMul(b)
			up := g.StandardNormal(y.Shape()...)
			Backward(tensor.Sum(y.Mul(up)))

			rows := x.Size() / max(tc.k, 1)
			if tc.k == 0 {
				rows = y.Size() / tc.n
			}
			xf, uf := x.Detach().Reshape(rows, tc.k), up.Reshape(rows, tc.n)
			wantB := xf.T().MatMul(uf) // (k, n)
			wantW := wantB
			if tc.bTrans {
				wantW = wantB.T()
			}
			require.Equal(t, w.Shape(), w.Grad().Shape())
			require.True(t, w.Grad().IsContiguous())
			require.True(t, tensor.AllClose(w.Grad(), wantW, 1e-12, 1e-12), "weight grad %v want %v", w.Grad(), wantW)
			wantX := up.MatMul(b.Detach().T())
			require.True(t, tensor.AllClose(x.Grad(), wantX, 1e-12, 1e-12))
		})
	}
}
