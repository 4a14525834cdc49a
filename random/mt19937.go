package random

// bitGen is the bit generator interface of NumPy's bitgen_t: every distribution is
// written once against it, as NumPy's distributions.c is.
type bitGen interface {
	next32() uint32
	next64() uint64
	nextDouble() float64
}

const (
	mtN       = 624
	mtM       = 397
	mtMatrixA = 0x9908b0df
	mtUpper   = 0x80000000
	mtLower   = 0x7fffffff
)

// mt19937 is the Mersenne Twister as NumPy's legacy RandomState runs it
// (numpy/random/src/mt19937).
type mt19937 struct {
	key [mtN]uint32
	pos int
}

// seed is init_genrand: the state for an integer seed.
func (m *mt19937) seed(s uint32) {
	for i := 0; i < mtN; i++ {
		m.key[i] = s
		s = 1812433253*(s^(s>>30)) + uint32(i) + 1
	}
	m.pos = mtN
}

// seedArray is init_by_array: the state for an array seed.
func (m *mt19937) seedArray(key []uint32) {
	m.seed(19650218)
	mt := &m.key
	i, j := 1, 0
	k := max(mtN, len(key))
	for ; k > 0; k-- {
		mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			mt[0] = mt[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = mtN - 1; k > 0; k-- {
		mt[i] = (mt[i] ^ ((mt[i-1] ^ (mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			mt[0] = mt[mtN-1]
			i = 1
		}
	}
	mt[0] = 0x80000000 // MSB is 1, assuring a non-zero initial array
	m.pos = mtN
}

// gen refills the state: the twist.
func (m *mt19937) gen() {
	mt := &m.key
	var i int
	for i = 0; i < mtN-mtM; i++ {
		y := mt[i]&mtUpper | mt[i+1]&mtLower
		mt[i] = mt[i+mtM] ^ (y >> 1) ^ (-(y & 1) & mtMatrixA)
	}
	for ; i < mtN-1; i++ {
		y := mt[i]&mtUpper | mt[i+1]&mtLower
		mt[i] = mt[i+mtM-mtN] ^ (y >> 1) ^ (-(y & 1) & mtMatrixA)
	}
	y := mt[mtN-1]&mtUpper | mt[0]&mtLower
	mt[mtN-1] = mt[mtM-1] ^ (y >> 1) ^ (-(y & 1) & mtMatrixA)
	m.pos = 0
}

func (m *mt19937) next32() uint32 {
	if m.pos == mtN {
		m.gen()
	}
	y := m.key[m.pos]
	m.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// next64 is two 32-bit draws, the first in the high half.
func (m *mt19937) next64() uint64 {
	hi := uint64(m.next32())
	return hi<<32 | uint64(m.next32())
}

// nextDouble is a 53-bit double from two draws: 27 bits and 26 bits.
func (m *mt19937) nextDouble() float64 {
	a, b := m.next32()>>5, m.next32()>>6
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}
