package random

import "math/bits"

// Bounded integers, as numpy/random/src/distributions/distributions.c draws them: masked
// rejection (the legacy RandomState's method) or Lemire's multiply-shift rejection (the
// Generator's), with the narrower draws of small ranges buffered exactly as NumPy
// buffers them, so every stream consumes the same bits.

// genMask is the smallest all-ones mask >= max.
func genMask(max uint64) uint64 {
	m := max
	m |= m >> 1
	m |= m >> 2
	m |= m >> 4
	m |= m >> 8
	m |= m >> 16
	m |= m >> 32
	return m
}

// interval is random_interval: a value in [0, max] by masked rejection, from 32-bit
// draws while max fits in 32 bits. Shuffles and permutations use it.
func interval(b bitGen, max uint64) uint64 {
	if max == 0 {
		return 0
	}
	mask := genMask(max)
	if max <= 0xffffffff {
		for {
			if v := uint64(b.next32()) & mask; v <= max {
				return v
			}
		}
	}
	for {
		if v := b.next64() & mask; v <= max {
			return v
		}
	}
}

func maskedU64(b bitGen, rng, mask uint64) uint64 {
	for {
		if v := b.next64() & mask; v <= rng {
			return v
		}
	}
}

func maskedU32(b bitGen, rng, mask uint32) uint32 {
	for {
		if v := b.next32() & mask; v <= rng {
			return v
		}
	}
}

func lemireU64(b bitGen, rng uint64) uint64 {
	excl := rng + 1
	hi, lo := bits.Mul64(b.next64(), excl)
	if lo < excl {
		threshold := (^uint64(0) - rng) % excl
		for lo < threshold {
			hi, lo = bits.Mul64(b.next64(), excl)
		}
	}
	return hi
}

func lemireU32(b bitGen, rng uint32) uint32 {
	excl := rng + 1
	m := uint64(b.next32()) * uint64(excl)
	if uint32(m) < excl {
		threshold := (^uint32(0) - rng) % excl
		for uint32(m) < threshold {
			m = uint64(b.next32()) * uint64(excl)
		}
	}
	return uint32(m >> 32)
}

// boundedU64 is random_bounded_uint64: one value in [off, off+rng], unbuffered.
func boundedU64(b bitGen, off, rng uint64, masked bool) uint64 {
	switch {
	case rng == 0:
		return off
	case rng == 0xffffffff:
		return off + uint64(b.next32())
	case rng < 0xffffffff:
		if masked {
			return off + uint64(maskedU32(b, uint32(rng), uint32(genMask(rng))))
		}
		return off + uint64(lemireU32(b, uint32(rng)))
	case rng == ^uint64(0):
		return off + b.next64()
	case masked:
		return off + maskedU64(b, rng, genMask(rng))
	}
	return off + lemireU64(b, rng)
}

// fillU64 is random_bounded_uint64_fill: values in [off, off+rng] (mod 2^64).
func fillU64(b bitGen, off, rng uint64, out []uint64, masked bool) {
	switch {
	case rng == 0:
		for i := range out {
			out[i] = off
		}
	case rng == 0xffffffff:
		for i := range out {
			out[i] = off + uint64(b.next32())
		}
	case rng < 0xffffffff && masked:
		mask := uint32(genMask(rng))
		for i := range out {
			out[i] = off + uint64(maskedU32(b, uint32(rng), mask))
		}
	case rng < 0xffffffff:
		for i := range out {
			out[i] = off + uint64(lemireU32(b, uint32(rng)))
		}
	case rng == ^uint64(0):
		for i := range out {
			out[i] = off + b.next64()
		}
	case masked:
		mask := genMask(rng)
		for i := range out {
			out[i] = off + maskedU64(b, rng, mask)
		}
	default:
		for i := range out {
			out[i] = off + lemireU64(b, rng)
		}
	}
}

// fillU32 is random_bounded_uint32_fill.
func fillU32(b bitGen, off, rng uint32, out []uint32, masked bool) {
	switch {
	case rng == 0:
		for i := range out {
			out[i] = off
		}
	case rng == 0xffffffff:
		for i := range out {
			out[i] = off + b.next32()
		}
	case masked:
		mask := uint32(genMask(uint64(rng)))
		for i := range out {
			out[i] = off + maskedU32(b, rng, mask)
		}
	default:
		for i := range out {
			out[i] = off + lemireU32(b, rng)
		}
	}
}

// buf8 hands out the four bytes of a 32-bit draw, low byte first, as buffered_uint8.
type buf8 struct {
	buf uint32
	cnt int
}

func (s *buf8) next(b bitGen) uint8 {
	if s.cnt == 0 {
		s.buf, s.cnt = b.next32(), 3
	} else {
		s.buf >>= 8
		s.cnt--
	}
	return uint8(s.buf)
}

// fillU8 is random_bounded_uint8_fill: the bytes of one 32-bit draw serve four values.
func fillU8(b bitGen, off, rng uint8, out []uint8, masked bool) {
	var s buf8
	switch {
	case rng == 0:
		for i := range out {
			out[i] = off
		}
	case rng == 0xff:
		for i := range out {
			out[i] = off + s.next(b)
		}
	case masked:
		mask := uint8(genMask(uint64(rng)))
		for i := range out {
			v := s.next(b) & mask
			for v > rng {
				v = s.next(b) & mask
			}
			out[i] = off + v
		}
	default:
		excl := uint16(rng) + 1
		threshold := uint8((0xff - uint16(rng)) % excl)
		for i := range out {
			m := uint16(s.next(b)) * excl
			if uint8(m) < uint8(excl) {
				for uint8(m) < threshold {
					m = uint16(s.next(b)) * excl
				}
			}
			out[i] = off + uint8(m>>8)
		}
	}
}

// fillBool is random_bounded_bool_fill: one bit of a 32-bit draw per value.
func fillBool(b bitGen, off, rng bool, out []bool) {
	var buf uint32
	cnt := 0
	for i := range out {
		if !rng {
			out[i] = off
			continue
		}
		if cnt == 0 {
			buf, cnt = b.next32(), 31
		} else {
			buf >>= 1
			cnt--
		}
		out[i] = buf&1 != 0
	}
}
