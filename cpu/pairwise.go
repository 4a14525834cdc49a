package cpu

import (
	"math"
	"sync/atomic"
	"unsafe"
)

// NumPy's pairwise summation (pairwise_sum in numpy/core/src/umath/loops_utils.h.src), the
// sum NumPy's add.reduce applies to each inner loop of a float reduction: a run of fewer
// than 8 values is added in order from -0; a run of at most 128 (a leaf) is added by eight
// accumulators that start at its first eight values and take the following rows of eight
// in order, then ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and the last n%8 values in order; a
// longer run is split at n/2 rounded down to a multiple of 8 and the two halves' sums are
// added. Every addition is in the array's dtype, so float32 sums round as NumPy's do.
//
// pairwise gives pairwiseRef's bits quickly: the split points of a run of n values depend
// on n alone, so the leaves and the order in which their sums combine are worked out once
// per n (pwPlans), the leaves are summed four at a time by the SIMD kernels (pwLeaves, the
// eight accumulators being a vector's lanes) and the tree is folded in Go.

const (
	// pwBlock is NumPy's PW_BLOCKSIZE: the longest run one leaf adds.
	pwBlock = 128
	// npBuf is NumPy's default buffer size in elements (NPY_BUFSIZE): the iterator hands a
	// reduction's inner loop at most this many values, so longer runs are added in pieces
	// of npBuf, one pairwise sum each, in order.
	npBuf = 8192
)

// negZero is -0.0: a short run's sum starts there, so that a run of -0 sums to -0.
var negZero = math.Copysign(0, -1)

// pairwiseRef is NumPy's pairwise_sum, recursion and all: the reference pairwise is
// tested against.
func pairwiseRef[T float](a []T) T {
	n := len(a)
	switch {
	case n < 8:
		res := T(negZero)
		for _, v := range a {
			res += v
		}
		return res
	case n <= pwBlock:
		var r [8]T
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseRef(a[:n2]) + pairwiseRef(a[n2:])
}

// pwPlan is how a run of n values is summed: its leaves' lengths in order (each a
// multiple of 8 but the last, which may end with n%8 values added one by one) and the
// tree that combines their sums, as a postfix program: k >= 0 pushes leaf k's sum,
// pwAdd adds the top two (left + right).
type pwPlan struct {
	lens    []int // full-row lengths (the last rounded down to a multiple of 8)
	rest    int   // values after the last leaf's full rows (n%8)
	prog    []int32
	perfect bool // n = 128*2^k: every leaf is 128 and the tree is balanced
}

const pwAdd = -1

// pwPlans caches the plans by n, 128 < n <= npBuf.
var pwPlans [npBuf + 1]atomic.Pointer[pwPlan]

// planFor returns the plan of a run of n values, 128 < n <= npBuf.
func planFor(n int) *pwPlan {
	if p := pwPlans[n].Load(); p != nil {
		return p
	}
	p := &pwPlan{rest: n % 8, perfect: n%pwBlock == 0 && (n/pwBlock)&(n/pwBlock-1) == 0}
	var walk func(n int)
	walk = func(n int) {
		if n <= pwBlock {
			p.prog = append(p.prog, int32(len(p.lens)))
			p.lens = append(p.lens, n-n%8)
			return
		}
		n2 := n / 2
		n2 -= n2 % 8
		walk(n2)
		walk(n - n2)
		p.prog = append(p.prog, pwAdd)
	}
	walk(n)
	pwPlans[n].Store(p)
	return p
}

// pairwise is pairwiseRef(a), bit for bit.
func pairwise[T float](a []T) T {
	n := len(a)
	switch {
	case n < 8:
		return pairwiseRef(a)
	case n > npBuf:
		n2 := n / 2
		n2 -= n2 % 8
		return pairwise(a[:n2]) + pairwise(a[n2:])
	}
	var one [1]int
	var leaf [1]T
	lens, vals := one[:], leaf[:]
	var p *pwPlan
	if n <= pwBlock {
		one[0] = n - n%8
	} else {
		p = planFor(n)
		lens = p.lens
		var buf [npBuf / 64]T
		vals = buf[:len(lens)]
	}
	pwLeaves(a, lens, vals)
	if r := n % 8; r != 0 {
		last := &vals[len(vals)-1]
		for _, v := range a[n-r:] {
			*last += v
		}
	}
	switch {
	case p == nil:
		return vals[0]
	case p.perfect:
		for w := len(vals); w > 1; w /= 2 {
			for i := 0; i < w/2; i++ {
				vals[i] = vals[2*i] + vals[2*i+1]
			}
		}
		return vals[0]
	}
	var stack [32]T
	sp := 0
	for _, op := range p.prog {
		if op == pwAdd {
			sp--
			stack[sp-1] += stack[sp]
			continue
		}
		stack[sp] = vals[op]
		sp++
	}
	return stack[0]
}

// pwLeaves sets vals[k] to the eight-accumulator sum of the k-th of the consecutive runs of
// a with lengths lens (multiples of 8, at least 8), with the SIMD kernel where there is one.
func pwLeaves[T float](a []T, lens []int, vals []T) {
	if useSIMD {
		// Reinterpreted, not converted to interfaces, so that vals (on the caller's stack)
		// does not escape.
		pa, pv := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(vals))
		var z T
		switch any(z).(type) {
		case float32:
			pwLeavesf32(unsafe.Slice((*float32)(pa), len(a)), lens, unsafe.Slice((*float32)(pv), len(vals)))
			return
		case float64:
			pwLeavesf64(unsafe.Slice((*float64)(pa), len(a)), lens, unsafe.Slice((*float64)(pv), len(vals)))
			return
		}
	}
	pwLeavesGo(a, lens, vals)
}

// pwLeavesGo is the pure-Go pwLeaves: the kernels' twin.
func pwLeavesGo[T float](a []T, lens []int, vals []T) {
	at := 0
	for k, n := range lens {
		var r [8]T
		copy(r[:], a[at:at+8])
		for i := at + 8; i < at+n; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		vals[k] = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		at += n
	}
}
