package random

import (
	"fmt"
	"math"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// Misuse of the random package: each wrong call panics with a *tensor.Error of the
// stated kind, never a runtime error.
func TestMisuseProbes(t *testing.T) {
	h := int(uint64(math.MaxInt)>>1 + 1)
	g := NewGenerator(1)
	r := New(1)
	var nilT *tensor.Tensor
	probes := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"Spawn negative", tensor.Value, func() { NewGenerator(1).Spawn(-1) }},
		{"Randn negative", tensor.Value, func() { r.Randn(-1) }},
		{"Randn overflow", tensor.Value, func() { r.Randn(h, h) }},
		{"Randn 2^62", tensor.Value, func() { r.Randn(h) }},
		{"Rand rank", tensor.Value, func() { r.Rand(2, -3) }},
		{"Normal scale", tensor.Value, func() { r.Normal(0, -1, 2) }},
		{"Uniform range", tensor.Value, func() { r.Uniform(math.Inf(-1), math.Inf(1), 2) }},
		{"RandInt empty", tensor.Value, func() { r.RandInt(3, 3, 2) }},
		{"Choice empty", tensor.Value, func() { r.Choice(0, true, nil, 2) }},
		{"Choice p sum", tensor.Value, func() { r.Choice(2, true, []float64{0.2, 0.2}, 2) }},
		{"Choice no replace", tensor.Value, func() { r.Choice(2, false, nil, 3) }},
		{"Permutation negative", tensor.Value, func() { r.Permutation(-1) }},
		{"Shuffle nil", tensor.Value, func() { r.Shuffle(nilT) }},
		{"Binomial p", tensor.Value, func() { r.Binomial(3, 1.5, 2) }},
		{"Poisson lam", tensor.Value, func() { r.Poisson(-1, 2) }},
		{"Gen Normal scale", tensor.Value, func() { g.Normal(0, -1, 2) }},
		{"Gen Standard overflow", tensor.Value, func() { g.StandardNormal(h, 4) }},
		{"Gen Integers empty", tensor.Value, func() { g.Integers(5, 2, 2) }},
	}
	for _, p := range probes {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("non-*Error panic: %v", r)
				}
			}()
			return tensor.Try(p.f)
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", p.name)
		case tensor.KindOf(err) != p.kind:
			t.Errorf("%s: %v (kind %v), want kind %v", p.name, err, tensor.KindOf(err), p.kind)
		}
	}
}
