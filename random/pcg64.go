package random

import (
	"math/bits"
)

// PCG64's 128-bit LCG multiplier.
const (
	pcgMultHi = 2549297995355413924
	pcgMultLo = 4865540595714422341
)

// pcg64 is NumPy's PCG64 bit generator: a 128-bit LCG with the XSL-RR output function,
// plus the buffered half of a 64-bit draw that next32 hands out.
type pcg64 struct {
	stateHi, stateLo uint64
	incHi, incLo     uint64
	hasUint32        bool
	uinteger         uint32
}

func (p *pcg64) step() {
	hi, lo := bits.Mul64(p.stateLo, pcgMultLo)
	hi += p.stateHi*pcgMultLo + p.stateLo*pcgMultHi
	var c uint64
	p.stateLo, c = bits.Add64(lo, p.incLo, 0)
	p.stateHi, _ = bits.Add64(hi, p.incHi, c)
}

// seed is pcg64_set_seed: pcg_setseq_128_srandom_r with state and sequence.
func (p *pcg64) seed(stateHi, stateLo, seqHi, seqLo uint64) {
	p.stateHi, p.stateLo = 0, 0
	p.incHi = seqHi<<1 | seqLo>>63
	p.incLo = seqLo<<1 | 1
	p.step()
	var c uint64
	p.stateLo, c = bits.Add64(p.stateLo, stateLo, 0)
	p.stateHi, _ = bits.Add64(p.stateHi, stateHi, c)
	p.step()
	p.hasUint32, p.uinteger = false, 0
}

func (p *pcg64) next64() uint64 {
	p.step()
	return bits.RotateLeft64(p.stateHi^p.stateLo, -int(p.stateHi>>58))
}

// next32 returns the low half of a 64-bit draw and keeps the high half for the next call.
func (p *pcg64) next32() uint32 {
	if p.hasUint32 {
		p.hasUint32 = false
		return p.uinteger
	}
	v := p.next64()
	p.hasUint32, p.uinteger = true, uint32(v>>32)
	return uint32(v)
}

func (p *pcg64) nextDouble() float64 { return float64(p.next64()>>11) * (1.0 / 9007199254740992.0) }

// nextFloat is NumPy's next_float: a 24-bit float32 from a 32-bit draw.
func nextFloat(b bitGen) float32 { return float32(b.next32()>>8) * (1.0 / 16777216.0) }

// SeedSequence is NumPy's np.random.SeedSequence: it mixes entropy (any number of
// non-negative integers) into a pool of four 32-bit words and generates seeds for bit
// generators from it. NewGenerator(s) seeds PCG64 from NewSeedSequence(s), as
// np.random.default_rng(s) does.
type SeedSequence struct {
	entropy  []uint64
	spawnKey []uint64
	pool     [4]uint32
	spawned  int
}

const (
	ssInitA = 0x43b0d7e5
	ssMultA = 0x931e8875
	ssInitB = 0x8b51f9dd
	ssMultB = 0x58f38ded
	ssMixL  = 0xca01f9dd
	ssMixR  = 0x4973f715
)

// NewSeedSequence returns the SeedSequence of the given entropy, as
// np.random.SeedSequence(entropy) with entropy an int or a list of ints: each value
// contributes its 32-bit words, least significant first (one word for values below
// 2^32, including 0).
func NewSeedSequence(entropy ...uint64) *SeedSequence {
	return newSeedSequence(entropy, nil)
}

func newSeedSequence(entropy, spawnKey []uint64) *SeedSequence {
	s := &SeedSequence{entropy: append([]uint64{}, entropy...), spawnKey: append([]uint64{}, spawnKey...)}
	s.mixEntropy(s.assembledEntropy())
	return s
}

// words splits values into 32-bit words as NumPy's _coerce_to_uint32_array does.
func words(vals []uint64) []uint32 {
	var w []uint32
	for _, v := range vals {
		w = append(w, uint32(v))
		if v>>32 != 0 {
			w = append(w, uint32(v>>32))
		}
	}
	return w
}

func (s *SeedSequence) assembledEntropy() []uint32 {
	run := words(s.entropy)
	spawn := words(s.spawnKey)
	if len(spawn) > 0 && len(run) < len(s.pool) {
		run = append(run, make([]uint32, len(s.pool)-len(run))...)
	}
	return append(run, spawn...)
}

func hashmix(v uint32, hashConst *uint32) uint32 {
	v ^= *hashConst
	*hashConst *= ssMultA
	v *= *hashConst
	return v ^ v>>16
}

func mix(x, y uint32) uint32 {
	r := ssMixL*x - ssMixR*y
	return r ^ r>>16
}

func (s *SeedSequence) mixEntropy(entropy []uint32) {
	hashConst := uint32(ssInitA)
	m := &s.pool
	for i := range m {
		if i < len(entropy) {
			m[i] = hashmix(entropy[i], &hashConst)
		} else {
			m[i] = hashmix(0, &hashConst)
		}
	}
	for src := range m {
		for dst := range m {
			if src != dst {
				m[dst] = mix(m[dst], hashmix(m[src], &hashConst))
			}
		}
	}
	for src := len(m); src < len(entropy); src++ {
		for dst := range m {
			m[dst] = mix(m[dst], hashmix(entropy[src], &hashConst))
		}
	}
}

// GenerateState returns n 32-bit words of seed material, as generate_state(n, np.uint32).
func (s *SeedSequence) GenerateState(n int) []uint32 {
	hashConst := uint32(ssInitB)
	out := make([]uint32, n)
	for i := range out {
		v := s.pool[i%len(s.pool)]
		v ^= hashConst
		hashConst *= ssMultB
		v *= hashConst
		out[i] = v ^ v>>16
	}
	return out
}

// GenerateState64 returns n 64-bit words, as generate_state(n, np.uint64): pairs of
// 32-bit words, the first in the low half.
func (s *SeedSequence) GenerateState64(n int) []uint64 {
	w := s.GenerateState(2 * n)
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(w[2*i]) | uint64(w[2*i+1])<<32
	}
	return out
}

// Spawn returns n child SeedSequences, as SeedSequence.spawn(n): each extends this
// one's spawn key with its index. Successive calls continue the numbering, so Spawn
// must not be called concurrently on one SeedSequence (Generator.Spawn locks).
func (s *SeedSequence) Spawn(n int) []*SeedSequence {
	if n < 0 {
		fail("SeedSequence.Spawn", "number of children %d must be non-negative", n)
	}
	out := make([]*SeedSequence, n)
	for i := range out {
		key := append(append([]uint64{}, s.spawnKey...), uint64(s.spawned))
		out[i] = newSeedSequence(s.entropy, key)
		s.spawned++
	}
	return out
}
