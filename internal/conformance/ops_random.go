package conformance

// Handlers for the random streams: NumPy's legacy RandomState (random.*) and Generator
// (random.default_rng.*). Each case seeds a fresh generator with params["seed"] (an int,
// or a list of ints for an array seed); results are drawn on the host and moved to the
// case's device.

import (
	"encoding/json"
	"math"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

func init() {
	onDevice := func(h func(c *Case) *tensor.Tensor) Handler {
		return func(c *Case) any { return h(c).To(c.Device()) }
	}
	Register("random.rand", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).Rand(c.Ints("shape")...)
	}))
	Register("random.randn", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).Randn(c.Ints("shape")...)
	}))
	Register("random.randint", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).RandInt(int64(c.Int("low")), int64(c.Int("high")), c.Ints("shape")...)
	}))
	Register("random.permutation", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).Permutation(c.Int("n"))
	}))
	Register("random.normal", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).Normal(c.Float("loc"), c.Float("scale"), c.Ints("shape")...)
	}))
	Register("random.uniform", onDevice(func(c *Case) *tensor.Tensor {
		return legacyState(c).Uniform(c.Float("low"), c.Float("high"), c.Ints("shape")...)
	}))
	Register("random.sequence", func(c *Case) any {
		r := legacyState(c)
		var calls [][]json.RawMessage
		c.Param("calls", &calls)
		out := make([]*tensor.Tensor, len(calls))
		for i, call := range calls {
			out[i] = sequenceCall(c, r, call).To(c.Device())
		}
		return out
	})
	Register("random.default_rng.random", onDevice(func(c *Case) *tensor.Tensor {
		return generator(c).Random(c.Ints("shape")...)
	}))
	Register("random.default_rng.standard_normal", onDevice(func(c *Case) *tensor.Tensor {
		return generator(c).StandardNormal(c.Ints("shape")...)
	}))
	Register("random.default_rng.integers", onDevice(func(c *Case) *tensor.Tensor {
		return generator(c).Integers(int64(c.Int("low")), int64(c.Int("high")), c.Ints("shape")...)
	}))
	Register("random.default_rng.permutation", onDevice(func(c *Case) *tensor.Tensor {
		return generator(c).Permutation(c.Int("n"))
	}))
}

// seedWords returns the seed param as a list when it is one (an array seed), else nil.
func seedWords(c *Case) []uint64 {
	var list []uint64
	if json.Unmarshal(c.Params["seed"], &list) != nil {
		return nil
	}
	return list
}

func legacyState(c *Case) *random.RandomState {
	if words := seedWords(c); words != nil {
		key := make([]uint32, len(words))
		for i, w := range words {
			if w > 0xffffffff {
				panic(valueErr(c, "array seed entry %d is out of [0, 2**32-1]", w))
			}
			key[i] = uint32(w)
		}
		return random.NewFromArray(key)
	}
	s := intSeed(c)
	if int64(int(s)) != s && s >= 0 && s <= math.MaxUint32 { // 2^31 or more on a 32-bit platform
		return random.NewFromUint32(uint32(s))
	}
	return random.New(int(s))
}

// intSeed returns the integer seed param. On a 32-bit platform a seed that int cannot
// hold and NumPy refuses anyway is refused here, before int() would wrap it into range.
func intSeed(c *Case) int64 {
	var s int64
	c.Param("seed", &s)
	if int64(int(s)) != s && (s < 0 || s > math.MaxUint32) {
		panic(valueErr(c, "seed must be between 0 and 2**32 - 1, got %d", s))
	}
	return s
}

func generator(c *Case) *random.Generator {
	if words := seedWords(c); words != nil {
		return random.NewGeneratorFromSeq(random.NewSeedSequence(words...))
	}
	s := intSeed(c)
	if int64(int(s)) != s && s >= 0 { // 2^31 or more on a 32-bit platform
		return random.NewGeneratorFromSeq(random.NewSeedSequence(uint64(s))) // what NewGenerator does
	}
	return random.NewGenerator(int(s))
}

// sequenceCall runs one [name, args] entry of a random.sequence case: rand, randn,
// random_sample and standard_normal take a shape; randint takes [low, high, shape];
// normal and uniform take [a, b, shape]; permutation takes [n].
func sequenceCall(c *Case, r *random.RandomState, call []json.RawMessage) *tensor.Tensor {
	if len(call) != 2 {
		panic(valueErr(c, "a call is [name, args], got %d entries", len(call)))
	}
	var name string
	var args []json.RawMessage
	if json.Unmarshal(call[0], &name) != nil || json.Unmarshal(call[1], &args) != nil {
		panic(valueErr(c, "a call is [name, args]"))
	}
	ints := func(raw []json.RawMessage) []int {
		v := make([]int, len(raw))
		for i, x := range raw {
			if err := json.Unmarshal(x, &v[i]); err != nil {
				panic(valueErr(c, "call %s: %v", name, err))
			}
		}
		return v
	}
	num := func(i int) float64 {
		var v float64
		if i >= len(args) || json.Unmarshal(args[i], &v) != nil {
			panic(valueErr(c, "call %s: argument %d is not a number", name, i))
		}
		return v
	}
	shape := func(i int) []int {
		if i >= len(args) {
			return nil
		}
		var s []int
		if json.Unmarshal(args[i], &s) == nil {
			return s
		}
		return ints(args[i:])
	}
	switch name {
	case "rand", "random_sample":
		return r.Rand(ints(args)...)
	case "randn", "standard_normal":
		return r.Randn(ints(args)...)
	case "randint":
		return r.RandInt(int64(num(0)), int64(num(1)), shape(2)...)
	case "normal":
		return r.Normal(num(0), num(1), shape(2)...)
	case "uniform":
		return r.Uniform(num(0), num(1), shape(2)...)
	case "permutation":
		return r.Permutation(int(num(0)))
	}
	panic(valueErr(c, "unknown call %q", name))
}
