package random

import (
	"sync"

	"github.com/gotensor/gotensor/random/internal/libm"
	"github.com/gotensor/gotensor/tensor"
)

// Generator is NumPy's np.random.Generator over the PCG64 bit generator, what
// np.random.default_rng(seed) returns: its streams, and each method's algorithm
// (ziggurat normals, Lemire's bounded integers), are NumPy's bit for bit. It is safe for
// concurrent use; concurrent callers interleave draws from the one stream.
type Generator struct {
	mu  sync.Mutex
	pcg pcg64
	seq *SeedSequence
}

// NewGenerator returns the Generator of np.random.default_rng(seed): PCG64 seeded from
// SeedSequence(seed). A negative seed panics with a Value error, as NumPy raises.
func NewGenerator(seed int) *Generator {
	if seed < 0 {
		fail("NewGenerator", "seed must be non-negative, got %d", seed)
	}
	return NewGeneratorFromSeq(NewSeedSequence(uint64(seed)))
}

// NewGeneratorFromSeq returns the Generator of
// np.random.Generator(np.random.PCG64(seq)), for array seeds and spawned sequences:
// NewGeneratorFromSeq(NewSeedSequence(1, 2, 3)) is np.random.default_rng([1, 2, 3]).
func NewGeneratorFromSeq(seq *SeedSequence) *Generator {
	g := &Generator{seq: seq}
	v := seq.GenerateState64(4)
	g.pcg.seed(v[0], v[1], v[2], v[3])
	return g
}

// PCG64State is a Generator's complete state, as bit_generator.state holds it: the
// 128-bit LCG state and increment, and the buffered half of a 64-bit draw.
type PCG64State struct {
	StateHi, StateLo uint64
	IncHi, IncLo     uint64
	HasUint32        bool
	Uinteger         uint32
}

// State returns g's state.
func (g *Generator) State() PCG64State {
	g.mu.Lock()
	defer g.mu.Unlock()
	p := &g.pcg
	return PCG64State{p.stateHi, p.stateLo, p.incHi, p.incLo, p.hasUint32, p.uinteger}
}

// SetState restores a state from State.
func (g *Generator) SetState(s PCG64State) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pcg = pcg64{s.StateHi, s.StateLo, s.IncHi, s.IncLo, s.HasUint32, s.Uinteger}
}

// Spawn returns n independent child generators, as Generator.spawn(n) in later NumPy
// (children of the seed sequence, np.random.default_rng(seq.spawn(n)[i])).
func (g *Generator) Spawn(n int) []*Generator {
	if n < 0 {
		fail("Spawn", "number of children %d must be non-negative", n)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	seqs := g.seq.Spawn(n)
	out := make([]*Generator, n)
	for i, s := range seqs {
		out[i] = NewGeneratorFromSeq(s)
	}
	return out
}

// Uint64 returns the next raw 64-bit output of PCG64.
func (g *Generator) Uint64() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pcg.next64()
}

// Float64 returns one draw of Generator.random(): a double in [0, 1) from the top 53
// bits of a 64-bit output.
func (g *Generator) Float64() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pcg.nextDouble()
}

// Random returns a float64 tensor with values in [0, 1), as Generator.random(shape).
func (g *Generator) Random(shape ...int) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return floats("Random", shape, g.pcg.nextDouble)
}

// RandomAs is Random with a dtype: Float64, or Float32 as Generator.random(shape,
// dtype=np.float32), whose values come from 32-bit draws (24 bits each), a stream of
// their own.
func (g *Generator) RandomAs(dt tensor.DType, shape ...int) *tensor.Tensor {
	switch dt {
	case tensor.Float64:
		return g.Random(shape...)
	case tensor.Float32:
		g.mu.Lock()
		defer g.mu.Unlock()
		out := make([]float32, size("Random", shape))
		for i := range out {
			out[i] = nextFloat(&g.pcg)
		}
		return tensor.FromSlice(out, shapeOf(shape)...)
	}
	fail("Random", "dtype must be float32 or float64, got %v", dt)
	return nil
}

// NormFloat64 returns one standard normal value from the ziggurat.
func (g *Generator) NormFloat64() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return standardNormal(&g.pcg)
}

// StandardNormal returns a float64 tensor of standard normal values, as
// Generator.standard_normal(shape): NumPy's 256-layer ziggurat.
func (g *Generator) StandardNormal(shape ...int) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return floats("StandardNormal", shape, func() float64 { return standardNormal(&g.pcg) })
}

// Normal returns loc + scale*N(0,1) values, as Generator.normal(loc, scale, shape).
func (g *Generator) Normal(loc, scale float64, shape ...int) *tensor.Tensor {
	checkScale("Normal", scale)
	g.mu.Lock()
	defer g.mu.Unlock()
	return floats("Normal", shape, func() float64 { return loc + float64(scale*standardNormal(&g.pcg)) })
}

// Uniform returns values in [low, high), as Generator.uniform(low, high, shape).
func (g *Generator) Uniform(low, high float64, shape ...int) *tensor.Tensor {
	rng := checkRange("Uniform", low, high)
	g.mu.Lock()
	defer g.mu.Unlock()
	return floats("Uniform", shape, func() float64 { return low + float64(rng*g.pcg.nextDouble()) })
}

// Integers returns int64 values in [low, high), as Generator.integers(low, high, shape):
// Lemire's multiply-shift rejection, from 32-bit draws when high-low-1 fits in 32 bits.
func (g *Generator) Integers(low, high int64, shape ...int) *tensor.Tensor {
	return g.IntegersAs(tensor.Int64, low, high, shape...)
}

// IntegersAs is Integers with a dtype (Int64, Int32, Uint8, Bool), as
// integers(low, high, shape, dtype=dt): each dtype is its own NumPy stream.
func (g *Generator) IntegersAs(dt tensor.DType, low, high int64, shape ...int) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return integers(&g.pcg, "Integers", dt, low, high, false, shape)
}

// Permutation returns a shuffled arange(n) as int64, as Generator.permutation(n).
func (g *Generator) Permutation(n int) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return arangeShuffled(&g.pcg, "Permutation", n)
}

// PermutationOf returns a copy of t shuffled along axis 0, as Generator.permutation(t).
func (g *Generator) PermutationOf(t *tensor.Tensor) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return permutationOf(&g.pcg, "Permutation", t)
}

// Shuffle shuffles t in place along axis 0, as Generator.shuffle(t).
func (g *Generator) Shuffle(t *tensor.Tensor) {
	g.mu.Lock()
	defer g.mu.Unlock()
	shuffleTensor(&g.pcg, "Shuffle", t)
}

// ShuffleFunc shuffles n elements through swap with the same draws as Shuffle.
func (g *Generator) ShuffleFunc(n int, swap func(i, j int)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	shuffleFunc(&g.pcg, n, swap)
}

// Choice returns indices into range(n) drawn as Generator.choice(n, size=shape,
// replace, p): with replacement (Integers, or weighted by p), or without (Floyd's
// algorithm or a partial shuffle, then a shuffle, as NumPy picks; or NumPy's weighted
// rejection loop with p). p may be nil.
func (g *Generator) Choice(n int, replace bool, p []float64, shape ...int) *tensor.Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return choice(g.chooser(), n, replace, p, shape)
}

func (g *Generator) chooser() chooser {
	b := &g.pcg
	return chooser{
		op: "Choice",
		uniform: func(n int) []float64 {
			u := make([]float64, n)
			for i := range u {
				u[i] = b.nextDouble()
			}
			return u
		},
		integers: func(pop int64, n int) []int64 {
			out := make([]uint64, n)
			fillU64(b, 0, uint64(pop-1), out, false)
			v := make([]int64, n)
			for i, x := range out {
				v[i] = int64(x)
			}
			return v
		},
		noReplace: func(pop, n int) []int64 { return distinct(b, pop, n) },
	}
}

// distinct is Generator.choice's draw of n distinct values of range(pop) without p
// (shuffle=True): a partial Fisher-Yates of the tail for large samples of large
// populations, Floyd's algorithm with a linear-probing set otherwise, then a shuffle.
func distinct(b bitGen, pop, n int) []int64 {
	if pop > 10000 && n > pop/50 {
		idx := make([]int64, pop)
		for i := range idx {
			idx[i] = int64(i)
		}
		shuffleInt(b, idx, max(pop-n, 1))
		return append([]int64{}, idx[pop-n:]...)
	}
	idx := make([]int64, n)
	mask := genMask(uint64(float64(1.2 * float64(n))))
	set := make([]uint64, mask+1)
	const empty = ^uint64(0)
	for i := range set {
		set[i] = empty
	}
	for j := pop - n; j < pop; j++ {
		val := boundedU64(b, 0, uint64(j), false)
		loc := val & mask
		for set[loc] != empty && set[loc] != val {
			loc = (loc + 1) & mask
		}
		if set[loc] == empty {
			set[loc] = val
			idx[j-pop+n] = int64(val)
			continue
		}
		loc = uint64(j) & mask
		for set[loc] != empty {
			loc = (loc + 1) & mask
		}
		set[loc] = uint64(j)
		idx[j-pop+n] = int64(j)
	}
	shuffleInt(b, idx, 1)
	return idx
}

// shuffleInt is NumPy's _shuffle_int: Fisher-Yates of data[first:] from the end with
// Lemire-bounded draws (unlike shuffle, which uses random_interval).
func shuffleInt(b bitGen, data []int64, first int) {
	for i := len(data) - 1; i >= first; i-- {
		j := boundedU64(b, 0, uint64(i), false)
		data[i], data[j] = data[j], data[i]
	}
}

// Ziggurat constants of NumPy's random_standard_normal.
const (
	zigNorR    = 3.6541528853610088
	zigNorInvR = 0.27366123732975828
)

// standardNormal is NumPy's random_standard_normal: a 256-layer ziggurat on 64-bit
// draws (8 bits of layer, 1 of sign, 52 of magnitude), with exp and log1p as glibc's.
func standardNormal(b bitGen) float64 {
	for {
		r := b.next64()
		idx := r & 0xff
		r >>= 8
		sign := r & 1
		rabs := (r >> 1) & 0x000fffffffffffff
		x := float64(float64(rabs) * wiDouble[idx])
		if sign != 0 {
			x = -x
		}
		if rabs < kiDouble[idx] {
			return x // 99.3% of the time
		}
		if idx == 0 {
			for {
				xx := float64(-zigNorInvR * libm.Log1p(-b.nextDouble()))
				yy := -libm.Log1p(-b.nextDouble())
				if yy+yy > float64(xx*xx) {
					if (rabs>>8)&1 != 0 {
						return -(zigNorR + xx)
					}
					return zigNorR + xx
				}
			}
		}
		f := float64(float64(fiDouble[idx-1]-fiDouble[idx])*b.nextDouble()) + fiDouble[idx]
		if f < libm.Exp(float64(-0.5*x)*x) {
			return x
		}
	}
}
