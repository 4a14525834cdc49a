package random

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/internal/misuse"
	"github.com/gotensor/gotensor/tensor"
)

// Misuse of the random package: each wrong call panics with a *tensor.Error of the
// stated kind, never a runtime error.
func TestMisuseProbes(t *testing.T) {
	h := int(uint64(math.MaxInt)>>1 + 1)
	g := NewGenerator(1)
	r := New(1)
	var nilT *tensor.Tensor
	misuse.Check(t,
		misuse.P("Spawn negative", tensor.Value, func() { NewGenerator(1).Spawn(-1) }),
		misuse.P("Randn negative", tensor.Value, func() { r.Randn(-1) }),
		misuse.P("Randn overflow", tensor.Value, func() { r.Randn(h, h) }),
		misuse.P("Randn 2^62", tensor.Value, func() { r.Randn(h) }),
		misuse.P("Rand rank", tensor.Value, func() { r.Rand(2, -3) }),
		misuse.P("Normal scale", tensor.Value, func() { r.Normal(0, -1, 2) }),
		misuse.P("Uniform range", tensor.Value, func() { r.Uniform(math.Inf(-1), math.Inf(1), 2) }),
		misuse.P("RandInt empty", tensor.Value, func() { r.RandInt(3, 3, 2) }),
		misuse.P("Choice empty", tensor.Value, func() { r.Choice(0, true, nil, 2) }),
		misuse.P("Choice p sum", tensor.Value, func() { r.Choice(2, true, []float64{0.2, 0.2}, 2) }),
		misuse.P("Choice no replace", tensor.Value, func() { r.Choice(2, false, nil, 3) }),
		misuse.P("Permutation negative", tensor.Value, func() { r.Permutation(-1) }),
		misuse.P("Shuffle nil", tensor.Value, func() { r.Shuffle(nilT) }),
		misuse.P("Binomial p", tensor.Value, func() { r.Binomial(3, 1.5, 2) }),
		misuse.P("Poisson lam", tensor.Value, func() { r.Poisson(-1, 2) }),
		misuse.P("Gen Normal scale", tensor.Value, func() { g.Normal(0, -1, 2) }),
		misuse.P("Gen Standard overflow", tensor.Value, func() { g.StandardNormal(h, 4) }),
		misuse.P("Gen Integers empty", tensor.Value, func() { g.Integers(5, 2, 2) }),
	)
}
