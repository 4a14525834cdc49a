package device

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// MaxBytes is the largest byte count a buffer may have: an element or byte count above it
// is an overflow, the way NumPy refuses shapes whose size exceeds its intp.
const MaxBytes = math.MaxInt

// SizeError is the error of a shape whose element count or byte count does not fit in an
// int: NumPy's "array is too big". It names the shape and what overflowed.
type SizeError struct {
	Shape    []int
	ItemSize int
	What     string // "element count" or "byte count"
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("array is too big: shape %v of %d-byte elements has a %s above %d", e.Shape, e.ItemSize, e.What, MaxBytes)
}

// ShapeSize is the one checked size computation: the number of elements of shape and
// their bytes at itemSize bytes each. A negative dimension, or an element or byte count
// that overflows int, is an error (a *SizeError for overflow). Constructors, reshapes,
// broadcasts, loaders and device allocations all size through it, so no product ever
// wraps around. A zero dimension makes the size 0 whatever the others are, as in NumPy,
// but the other dimensions must still be non-negative and their product must not overflow
// (NumPy refuses (0, 2**62, 2**62) as well).
func ShapeSize(shape []int, itemSize int) (elems, nbytes int, err error) {
	n := uint64(1)
	over := false
	for _, d := range shape {
		if d < 0 {
			// A copy: the error must not keep (nor make escape) the caller's slice.
			return 0, 0, fmt.Errorf("negative dimensions are not allowed: shape %v", slices.Clone(shape))
		}
		if d == 0 {
			continue
		}
		hi, lo := bits.Mul64(n, uint64(d))
		if hi != 0 || lo > math.MaxInt {
			over = true
			n = 1 // keep scanning for negative dimensions
			continue
		}
		n = lo
	}
	if over {
		return 0, 0, &SizeError{Shape: append([]int{}, shape...), ItemSize: itemSize, What: "element count"}
	}
	hi, lo := bits.Mul64(n, uint64(max(itemSize, 1)))
	if hi != 0 || lo > math.MaxInt {
		return 0, 0, &SizeError{Shape: append([]int{}, shape...), ItemSize: itemSize, What: "byte count"}
	}
	for _, d := range shape {
		if d == 0 {
			return 0, 0, nil
		}
	}
	return int(n), int(lo), nil
}

// AllocBytes checks an allocation of n elements of dt: it returns the byte count, or an
// error if n is negative or n*dt.Size() overflows. Every device's Alloc calls it.
func AllocBytes(dt DType, n int) (int, error) {
	size := dt.Size()
	if n < 0 || size > 0 && n > math.MaxInt/size {
		_, _, err := ShapeSize([]int{n}, size) // the error, off the fast path
		return 0, err
	}
	return n * size, nil
}
