package nn

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

// erfPoints are arguments from 0 to 27 (where erfc underflows), dense near 0 and
// across the range, and their negatives.
func erfPoints() []float64 {
	var xs []float64
	for i := 0; i <= 6000; i++ {
		xs = append(xs, float64(i)*0.0045)
	}
	for e := -300.0; e <= 0; e += 0.5 {
		xs = append(xs, math.Pow(10, e/10))
	}
	n := len(xs)
	for i := 0; i < n; i++ {
		xs = append(xs, -xs[i])
	}
	return xs
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestErfcApproximation(t *testing.T) {
	worst := 0.0
	for _, z := range erfPoints() {
		if math.Abs(z) <= 6 {
			worst = max(worst, relErr(erfcScalar(z), math.Erfc(z)))
		}
	}
	if worst > 1e-13 {
		t.Errorf("erfc on [-6, 6]: relative error %.3g, want <= 1e-13", worst)
	}
	for z := 6.0; z < 26.5; z += 0.01 {
		if e := relErr(erfcScalar(z), math.Erfc(z)); e > 5e-13 {
			t.Fatalf("erfc(%v): relative error %.3g", z, e)
		}
	}
}

func TestErfTensor(t *testing.T) {
	xs := erfPoints()
	x := tensor.FromSlice(xs, len(xs))
	erf, erfc := tensor.ToSlice[float64](Erf(x)), tensor.ToSlice[float64](Erfc(x))
	for i, z := range xs {
		if e := relErr(erf[i], math.Erf(z)); e > 1e-13 && math.Abs(erf[i]-math.Erf(z)) > 1e-16 {
			t.Fatalf("Erf(%v) = %v, math.Erf %v (relative error %.3g)", z, erf[i], math.Erf(z), e)
		}
		tol := 1e-13
		if math.Abs(z) > 6 {
			tol = 5e-13 // exp(-z^2) carries z^2's rounding
		}
		if e := relErr(erfc[i], math.Erfc(z)); e > tol {
			t.Fatalf("Erfc(%v) = %v, math.Erfc %v (relative error %.3g)", z, erfc[i], math.Erfc(z), e)
		}
	}
	x32 := x.AsType(tensor.Float32)
	e32 := Erf(x32)
	if e32.DType() != tensor.Float32 {
		t.Fatalf("Erf of float32 gives %v", e32.DType())
	}
	for i, v := range tensor.ToSlice[float64](e32) {
		z := float64(float32(xs[i]))
		if want := float64(float32(math.Erf(z))); v != want {
			t.Fatalf("Erf(float32 %v) = %v, want %v (correctly rounded)", z, v, want)
		}
	}
	if d := Erf(tensor.FromSlice([]int64{0, 1, -2}, 3)); d.DType() != tensor.Float64 ||
		!tensor.AllClose(d, tensor.FromSlice([]float64{0, math.Erf(1), math.Erf(-2)}, 3), 1e-15, 0) {
		t.Errorf("Erf of int64: %v", d)
	}
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		got := Erf(tensor.Scalar(v)).Item()
		if want := math.Erf(v); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Erf(%v) = %v, want %v", v, got, want)
		}
	}
}

func TestErfGradient(t *testing.T) {
	x := tensor.FromSlice([]float64{-3, -0.5, 0, 1e-3, 0.7, 2}, 6).RequiresGrad()
	autograd.Backward(Erf(x).Add(Erfc(x).Mul(3)).Sum())
	for i, z := range tensor.ToSlice[float64](x.Detach()) {
		want := -2 * 2 / math.Sqrt(math.Pi) * math.Exp(-z*z)
		if g := tensor.ToSlice[float64](x.Grad())[i]; relErr(g, want) > 1e-14 {
			t.Errorf("gradient at %v: %v, want %v", z, g, want)
		}
	}
}

// TestErfLayouts compares Erf and Erfc on strided, transposed, broadcast, 0-d and
// empty operands with the answer on a contiguous copy.
func TestErfLayouts(t *testing.T) {
	base := tensor.Linspace(tensor.Float64, -4, 4, 24, true).Reshape(4, 6)
	for name, v := range map[string]*tensor.Tensor{
		"transposed":    base.Transpose(),
		"negative step": base.Flip(1),
		"stepped":       base.Slice(tensor.S(tensor.None, tensor.None, 2), tensor.S(1, tensor.None, 3)),
		"broadcast":     base.Slice(1).BroadcastTo(3, 6),
		"0-d":           tensor.Scalar(0.3),
		"empty":         tensor.Zeros(tensor.Float64, 0, 3),
	} {
		for fn, f := range map[string]func(*tensor.Tensor) *tensor.Tensor{"Erf": Erf, "Erfc": Erfc} {
			if got, want := f(v), f(v.Copy()); !tensor.ArrayEqual(got, want) {
				t.Errorf("%s on a %s operand: %v, want %v", fn, name, got, want)
			}
		}
	}
}
