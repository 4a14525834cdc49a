package nn_test

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// moments are the mean, variance, minimum and maximum of a tensor's values.
func moments(t *tensor.Tensor) (mean, vr, lo, hi float64) {
	v := tensor.ToSlice[float64](t)
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		mean += x
		lo, hi = min(lo, x), max(hi, x)
	}
	mean /= float64(len(v))
	for _, x := range v {
		vr += (x - mean) * (x - mean)
	}
	return mean, vr / float64(len(v)), lo, hi
}

// checkUniform checks that t looks like U(-b, b): within the bound, mean and variance
// (b^2/3) within 5 standard errors, and reaching near both ends.
func checkUniform(t *testing.T, name string, x *tensor.Tensor, b float64) {
	t.Helper()
	n := float64(x.Size())
	mean, vr, lo, hi := moments(x)
	if lo < -b || hi > b {
		t.Errorf("%s: values in [%v, %v], outside the bound %v", name, lo, hi, b)
	}
	if se := b / math.Sqrt(3*n); math.Abs(mean) > 5*se {
		t.Errorf("%s: mean %v, want 0 within %v", name, mean, 5*se)
	}
	// Var of (x^2) for U(-b, b) is 4b^4/45.
	if se := math.Sqrt(4/45.0) * b * b / math.Sqrt(n); math.Abs(vr-b*b/3) > 5*se {
		t.Errorf("%s: variance %v, want %v within %v", name, vr, b*b/3, 5*se)
	}
	if lo > -0.95*b || hi < 0.95*b {
		t.Errorf("%s: values in [%v, %v] do not fill the bound %v", name, lo, hi, b)
	}
}

func TestInitialisation(t *testing.T) {
	g := random.NewGenerator(11)
	l := nn.NewLinear(50, 400, true, g)
	if l.Weight.DType() != tensor.Float32 || !equalShape(l.Weight, 400, 50) || !equalShape(l.Bias, 400) {
		t.Fatalf("Linear parameters %v %v, %v", l.Weight.DType(), l.Weight.Shape(), l.Bias.Shape())
	}
	checkUniform(t, "Linear.weight", l.Weight, 1/math.Sqrt(50))
	checkUniform(t, "Linear.bias", l.Bias, 1/math.Sqrt(50))

	checkUniform(t, "KaimingUniform(a=0)", nn.KaimingUniform(g, 0, 300, 20, 3, 3), math.Sqrt(6.0/180))
	if in, out := nn.Fans(8, 4, 3, 3); in != 36 || out != 72 {
		t.Errorf("Fans(8, 4, 3, 3) = %d, %d, want 36, 72", in, out)
	}

	e := nn.NewEmbedding(200, 50, g)
	mean, vr, _, _ := moments(e.Weight)
	if n := 1e4; math.Abs(mean) > 5/math.Sqrt(n) || math.Abs(vr-1) > 5*math.Sqrt(2/n) {
		t.Errorf("Embedding weight: mean %v, variance %v, want N(0, 1)", mean, vr)
	}
	p := nn.NewEmbeddingPadded(5, 3, -2, g)
	if p.PaddingIdx != 3 || !tensor.ArrayEqual(p.Weight.Detach().Slice(3), tensor.Zeros(tensor.Float32, 3)) {
		t.Errorf("padding row %d: %v", p.PaddingIdx, p.Weight)
	}

	bn := nn.NewBatchNorm2d(4, nn.BatchNormConfig{})
	ln := nn.NewLayerNorm([]int{2, 3}, nn.LayerNormConfig{})
	for name, c := range map[string]struct {
		got  *tensor.Tensor
		want float64
	}{
		"bn.weight": {bn.Weight, 1}, "bn.bias": {bn.Bias, 0}, "bn.running_mean": {bn.RunningMean, 0},
		"bn.running_var": {bn.RunningVar, 1}, "ln.weight": {ln.Weight, 1}, "ln.bias": {ln.Bias, 0},
	} {
		if !tensor.ArrayEqual(c.got.Detach(), tensor.FullLike(c.got.Detach(), c.want)) {
			t.Errorf("%s = %v, want all %v", name, c.got, c.want)
		}
	}
	if bn.Eps != 1e-5 || bn.Momentum != 0.1 || ln.Eps != 1e-5 {
		t.Errorf("defaults: eps %v, momentum %v, LayerNorm eps %v", bn.Eps, bn.Momentum, ln.Eps)
	}

	// The same seed gives the same parameters.
	a, b := nn.NewLinear(3, 2, true, random.NewGenerator(5)), nn.NewLinear(3, 2, true, random.NewGenerator(5))
	if !tensor.ArrayEqual(a.Weight, b.Weight) || !tensor.ArrayEqual(a.Bias, b.Bias) {
		t.Error("one seed gave two initialisations")
	}
}

func equalShape(t *tensor.Tensor, shape ...int) bool {
	s := t.Shape()
	if len(s) != len(shape) {
		return false
	}
	for i := range s {
		if s[i] != shape[i] {
			return false
		}
	}
	return true
}

// TestDropoutStatistics checks that Dropout(p) zeroes a fraction p of the elements
// (within 5 standard errors), scales the rest by 1/(1-p) exactly, passes the gradient
// through the same mask, and is the identity in evaluation mode.
func TestDropoutStatistics(t *testing.T) {
	for _, p := range []float64{0.1, 0.5, 0.8} {
		d := nn.NewDropout(p, random.NewGenerator(3))
		x := tensor.Full(tensor.Float64, 2.0, 100, 200).RequiresGrad()
		y := d.Forward(x)
		autograd.Backward(y.Sum())
		v := tensor.ToSlice[float64](y)
		gr := tensor.ToSlice[float64](x.Grad())
		zeros := 0
		for i, e := range v {
			switch {
			case e == 0:
				zeros++
				if gr[i] != 0 {
					t.Fatalf("p=%v: dropped element %d has gradient %v", p, i, gr[i])
				}
			case e != 2/(1-p) || gr[i] != 1/(1-p):
				t.Fatalf("p=%v: kept element %d is %v with gradient %v, want %v and %v", p, i, e, gr[i], 2/(1-p), 1/(1-p))
			}
		}
		n := float64(len(v))
		if frac, se := float64(zeros)/n, math.Sqrt(p*(1-p)/n); math.Abs(frac-p) > 5*se {
			t.Errorf("p=%v: %v of the elements dropped", p, frac)
		}
		if y2 := d.Forward(x.Detach()); tensor.ArrayEqual(y, y2) {
			t.Errorf("p=%v: two passes drew the same mask", p)
		}
		d.Eval()
		if y := d.Forward(x); y != x {
			t.Errorf("p=%v: evaluation mode is not the identity", p)
		}
	}
	a := nn.NewDropout(0.5, random.NewGenerator(9)).Forward(tensor.Ones(tensor.Float32, 50))
	b := nn.NewDropout(0.5, random.NewGenerator(9)).Forward(tensor.Ones(tensor.Float32, 50))
	if !tensor.ArrayEqual(a, b) || a.DType() != tensor.Float32 {
		t.Error("one seed gave two masks, or the dtype changed")
	}
}
