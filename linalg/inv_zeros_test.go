package linalg

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestInvZeroSigns: Inv solves for the identity as NumPy's inv (gesv) does, so the zeros
// of its result carry NumPy 1.24's signs: np.linalg.inv(np.diag([2., 4.])) has +0 off the
// diagonal, np.linalg.inv(np.diag([-1., 1.])) has -0 at [0, 1] and +0 at [1, 0].
func TestInvZeroSigns(t *testing.T) {
	for _, tc := range []struct {
		diag []float64
		neg  [4]bool // signbit per element, C order
	}{
		{[]float64{2, 4}, [4]bool{false, false, false, false}},
		{[]float64{-1, 1}, [4]bool{true, true, false, false}},
	} {
		x := tensor.FromSlice([]float64{tc.diag[0], 0, 0, tc.diag[1]}, 2, 2)
		for _, got := range [][]float64{tensor.ToSlice[float64](Inv(x)), tensor.ToSlice[float64](Inv(x.ExpandDims(0).Repeat(3, 0)))[8:]} {
			for i, v := range got {
				if math.Signbit(v) != tc.neg[i] {
					t.Errorf("Inv(diag%v) element %d is %v, want signbit %v", tc.diag, i, v, tc.neg[i])
				}
			}
		}
	}
}
