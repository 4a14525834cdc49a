package tensor_test

import (
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// TestZeroGradFrees: ZeroGrad frees a gradient given with AdoptGrad and never handed
// out, and leaves alone one that Grad handed out or SetGrad was given.
func TestZeroGradFrees(t *testing.T) {
	freed := func(g *tensor.Tensor) bool { return tensor.Try(func() { g.Sum() }) != nil }
	for _, c := range []struct {
		name     string
		set      func(p, g *tensor.Tensor)
		read     func(p *tensor.Tensor)
		wantFree bool
	}{
		{"adopted", (*tensor.Tensor).AdoptGrad, func(*tensor.Tensor) {}, true},
		{"adopted, borrowed", (*tensor.Tensor).AdoptGrad, func(p *tensor.Tensor) { p.BorrowGrad().Sum() }, true},
		{"adopted, handed out", (*tensor.Tensor).AdoptGrad, func(p *tensor.Tensor) { p.Grad() }, false},
		{"set", (*tensor.Tensor).SetGrad, func(*tensor.Tensor) {}, false},
	} {
		p := tensor.Zeros(tensor.Float32, 3000).RequiresGrad()
		g := tensor.Ones(tensor.Float32, 3000)
		c.set(p, g)
		c.read(p)
		p.ZeroGrad()
		if p.Grad() != nil {
			t.Errorf("%s: Grad is not nil after ZeroGrad", c.name)
		}
		if got := freed(g); got != c.wantFree {
			t.Errorf("%s: gradient freed %v, want %v", c.name, got, c.wantFree)
		}
		if !c.wantFree && g.Sum().Item() != 3000 {
			t.Errorf("%s: a gradient kept by its caller changed", c.name)
		}
	}
	p := tensor.Zeros(tensor.Float32, 3).RequiresGrad()
	if err := tensor.Try(func() { p.AdoptGrad(tensor.Ones(tensor.Float32, 4)) }); tensor.KindOf(err) != tensor.Shape {
		t.Errorf("AdoptGrad of the wrong shape: %v", err)
	}
}
