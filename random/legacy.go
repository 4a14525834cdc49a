package random

import (
	"math"
	"sync"

	"github.com/gotensor/gotensor/random/internal/libm"
	"github.com/gotensor/gotensor/tensor"
)

// RandomState is NumPy's legacy generator, np.random.RandomState: MT19937 with the
// legacy distributions. For a given seed every method returns NumPy's numbers bit for
// bit, and successive calls continue one stream, as in NumPy. It is safe for concurrent
// use; concurrent callers interleave draws from the one stream.
type RandomState struct {
	mu       sync.Mutex
	mt       mt19937
	hasGauss bool
	gauss    float64
}

// New returns a RandomState seeded as np.random.RandomState(seed) (init_genrand).
// The seed must be in [0, 2^32-1], as NumPy requires; anything else panics with a
// Value-kind *tensor.Error.
func New(seed int) *RandomState {
	r := &RandomState{}
	r.Seed(seed)
	return r
}

// NewFromArray returns a RandomState seeded with an array, as
// np.random.RandomState([k0, k1, ...]) (init_by_array). The key must not be empty.
func NewFromArray(key []uint32) *RandomState {
	r := &RandomState{}
	r.SeedArray(key)
	return r
}

// Seed reseeds r as RandomState.seed(seed) does, dropping any cached normal value.
func (r *RandomState) Seed(seed int) {
	if seed < 0 || uint64(seed) > math.MaxUint32 {
		fail("Seed", "seed must be between 0 and 2**32 - 1, got %d", seed)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mt.seed(uint32(seed))
	r.hasGauss, r.gauss = false, 0
}

// SeedArray reseeds r with an array seed, as RandomState.seed([k0, k1, ...]).
func (r *RandomState) SeedArray(key []uint32) {
	if len(key) == 0 {
		fail("Seed", "seed must be non-empty")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mt.seedArray(key)
	r.hasGauss, r.gauss = false, 0
}

// MT19937State is a RandomState's complete state, as RandomState.get_state() returns
// it: the 624 words of the Mersenne Twister, the position in them, and the cached
// second value of the polar method.
type MT19937State struct {
	Key            [624]uint32
	Pos            int
	HasGauss       bool
	CachedGaussian float64
}

// State returns r's state (RandomState.get_state()).
func (r *RandomState) State() MT19937State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return MT19937State{Key: r.mt.key, Pos: r.mt.pos, HasGauss: r.hasGauss, CachedGaussian: r.gauss}
}

// SetState restores a state from State (RandomState.set_state()).
func (r *RandomState) SetState(s MT19937State) {
	if s.Pos < 0 || s.Pos > mtN {
		fail("SetState", "pos must be in [0, 624], got %d", s.Pos)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mt.key, r.mt.pos = s.Key, s.Pos
	r.hasGauss, r.gauss = s.HasGauss, s.CachedGaussian
}

// Uint32 returns the next raw 32-bit output of the Mersenne Twister.
func (r *RandomState) Uint32() uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mt.next32()
}

// Float64 returns one draw of RandomState.random_sample(): a double in [0, 1) made of
// 53 random bits.
func (r *RandomState) Float64() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mt.nextDouble()
}

// Rand returns a float64 tensor of the given shape with values in [0, 1), as
// RandomState.rand(d0, d1, ...). No shape gives a 0-d tensor.
func (r *RandomState) Rand(shape ...int) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return floats("Rand", shape, r.mt.nextDouble)
}

// RandomSample is Rand: RandomState.random_sample(size=shape).
func (r *RandomState) RandomSample(shape ...int) *tensor.Tensor { return r.Rand(shape...) }

// gaussLocked is NumPy's legacy_gauss: the polar (Marsaglia) method, which makes two
// normal values from each accepted pair and keeps the second for the next call.
func (r *RandomState) gaussLocked() float64 {
	if r.hasGauss {
		g := r.gauss
		r.hasGauss, r.gauss = false, 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = float64(2.0*r.mt.nextDouble()) - 1.0
		x2 = float64(2.0*r.mt.nextDouble()) - 1.0
		r2 = float64(x1*x1) + float64(x2*x2)
		if !(r2 >= 1.0 || r2 == 0.0) {
			break
		}
	}
	f := math.Sqrt(float64(-2.0*libm.Log(r2)) / r2)
	r.gauss, r.hasGauss = float64(f*x1), true
	return float64(f * x2)
}

// NormFloat64 returns one standard normal value from the legacy polar method.
func (r *RandomState) NormFloat64() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gaussLocked()
}

// Randn returns a float64 tensor of standard normal values, as RandomState.randn(d0, ...).
func (r *RandomState) Randn(shape ...int) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return floats("Randn", shape, r.gaussLocked)
}

// StandardNormal is Randn: RandomState.standard_normal(size=shape).
func (r *RandomState) StandardNormal(shape ...int) *tensor.Tensor { return r.Randn(shape...) }

// Normal returns loc + scale*N(0,1) values, as RandomState.normal(loc, scale, shape).
// scale < 0 panics with a Value error.
func (r *RandomState) Normal(loc, scale float64, shape ...int) *tensor.Tensor {
	checkScale("Normal", scale)
	r.mu.Lock()
	defer r.mu.Unlock()
	return floats("Normal", shape, func() float64 { return loc + float64(scale*r.gaussLocked()) })
}

// Uniform returns values in [low, high), as RandomState.uniform(low, high, shape):
// low + (high-low)*U. high < low is allowed, as in NumPy; a range that overflows panics.
func (r *RandomState) Uniform(low, high float64, shape ...int) *tensor.Tensor {
	rng := checkRange("Uniform", low, high)
	r.mu.Lock()
	defer r.mu.Unlock()
	return floats("Uniform", shape, func() float64 { return low + float64(rng*r.mt.nextDouble()) })
}

// RandInt returns int64 values in [low, high), as RandomState.randint(low, high, shape):
// masked rejection sampling, from 32-bit draws when high-low-1 fits in 32 bits and
// 64-bit draws otherwise. low >= high panics with a Value error.
func (r *RandomState) RandInt(low, high int64, shape ...int) *tensor.Tensor {
	return r.RandIntAs(tensor.Int64, low, high, shape...)
}

// RandIntAs is RandInt with a dtype, as randint(low, high, shape, dtype=dt): Int64,
// Int32, Uint8 or Bool. Each dtype is its own NumPy stream (Uint8 draws four values
// from each 32-bit output), not a cast of the Int64 stream.
func (r *RandomState) RandIntAs(dt tensor.DType, low, high int64, shape ...int) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return integers(&r.mt, "RandInt", dt, low, high, true, shape)
}

// Permutation returns a shuffled arange(n) as int64, as RandomState.permutation(n).
func (r *RandomState) Permutation(n int) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return arangeShuffled(&r.mt, "Permutation", n)
}

// PermutationOf returns a copy of t shuffled along axis 0, as RandomState.permutation(t).
func (r *RandomState) PermutationOf(t *tensor.Tensor) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return permutationOf(&r.mt, "Permutation", t)
}

// Shuffle shuffles t in place along axis 0, as RandomState.shuffle(t) (Fisher-Yates
// from the end with random_interval). t may live on any device.
func (r *RandomState) Shuffle(t *tensor.Tensor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	shuffleTensor(&r.mt, "Shuffle", t)
}

// ShuffleFunc shuffles n elements through swap with the same draws as Shuffle, so a
// Go slice ends in the order NumPy gives the array.
func (r *RandomState) ShuffleFunc(n int, swap func(i, j int)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	shuffleFunc(&r.mt, n, swap)
}

// Choice returns indices into range(n) drawn as RandomState.choice(n, size=shape,
// replace, p): with replacement (uniform, or weighted by p), or without (a prefix of a
// permutation, or NumPy's weighted rejection loop). p may be nil; otherwise it must
// have n non-negative entries that sum to 1. Index a tensor with the result (Take) to
// choose among its elements.
func (r *RandomState) Choice(n int, replace bool, p []float64, shape ...int) *tensor.Tensor {
	r.mu.Lock()
	defer r.mu.Unlock()
	return choice(r.chooser(), n, replace, p, shape)
}

func (r *RandomState) chooser() chooser {
	return chooser{
		op: "Choice",
		uniform: func(n int) []float64 {
			u := make([]float64, n)
			for i := range u {
				u[i] = r.mt.nextDouble()
			}
			return u
		},
		integers: func(pop int64, n int) []int64 {
			out := make([]uint64, n)
			fillU64(&r.mt, 0, uint64(pop-1), out, true)
			v := make([]int64, n)
			for i, x := range out {
				v[i] = int64(x)
			}
			return v
		},
		noReplace: func(pop, n int) []int64 { return shuffleIndex(&r.mt, pop)[:n] },
	}
}
