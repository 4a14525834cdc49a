package main

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

func TestFitConverges(t *testing.T) {
	w, b, loss := fit(200, 0.1)
	want := []float64{2, -3.5, 0.5}
	for i, v := range tensor.ToSlice[float64](w) {
		if math.Abs(v-want[i]) > 0.01 {
			t.Errorf("w[%d] = %.4f, want %.1f within 0.01", i, v, want[i])
		}
	}
	if math.Abs(b-1) > 0.01 || loss > 2e-4 {
		t.Errorf("b = %.4f (want 1), loss = %.2e (want the noise's 1e-4)", b, loss)
	}
}

// TestFitMatchesLstsq: gradient descent run long enough reaches the closed-form
// least-squares solution.
func TestFitMatchesLstsq(t *testing.T) {
	w, b, _ := fit(2000, 0.2)
	lw, lb := lstsq()
	got, want := tensor.ToSlice[float64](w), tensor.ToSlice[float64](lw)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("w[%d] = %.12f, lstsq %.12f", i, got[i], want[i])
		}
	}
	if math.Abs(b-lb) > 1e-9 {
		t.Errorf("b = %.12f, lstsq %.12f", b, lb)
	}
}
