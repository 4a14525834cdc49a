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

// pwPlan is how a run of n values is summed: its leaves' offsets and lengths (each a
// multiple of 8 but the last, whose n%8 trailing values are added one by one after the
// kernel) and the tree that combines their sums, as a postfix program: k >= 0 pushes leaf
// k's sum, pwAdd adds the top two (left + right).
type pwPlan struct {
	offs, lens []int // the last length rounded down to a multiple of 8
	prog       []int32
	perfect    bool // n = 128*2^k: every leaf is 128 and the tree is balanced
}

const pwAdd = -1

// pwPlans caches the plans by n, 128 < n <= npBuf.
var pwPlans [npBuf + 1]atomic.Pointer[pwPlan]

// planFor returns the plan of a run of n values, 128 < n <= npBuf.
func planFor(n int) *pwPlan {
	if p := pwPlans[n].Load(); p != nil {
		return p
	}
	p := &pwPlan{perfect: n%pwBlock == 0 && (n/pwBlock)&(n/pwBlock-1) == 0}
	at := 0
	var walk func(n int)
	walk = func(n int) {
		if n <= pwBlock {
			p.prog = append(p.prog, int32(len(p.lens)))
			p.offs, p.lens = append(p.offs, at), append(p.lens, n-n%8)
			at += n
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

// onePlan is the plan of a run of 8 to 128 values: one leaf.
var onePlan = &pwPlan{offs: []int{0}, lens: []int{0}, prog: []int32{0}}

// pwPlanOf returns the plan of a run of n >= 8 values, n <= npBuf, and its leaf lengths (a
// fresh copy for one leaf, whose length is n's).
func pwPlanOf(n int, one *[1]int) (*pwPlan, []int) {
	if n <= pwBlock {
		one[0] = n - n%8
		return onePlan, one[:]
	}
	p := planFor(n)
	return p, p.lens
}

// pairwise is pairwiseRef(a), bit for bit.
func pairwise[T float](a []T) T {
	if len(a) <= 2048 { // at most 16 leaves
		var few [16]T
		return pairwiseIn(a, few[:])
	}
	var many pwScratch[T]
	return pairwiseIn(a, many[:])
}

// pwScratch holds the leaves' sums of a run of up to npBuf values.
type pwScratch[T float] [npBuf / 64]T

// pairwiseIn is pairwise with room for the leaves' sums in buf (at least len(a)/64 + 1
// long, or pwScratch's length), so that callers summing many pieces make it once.
func pairwiseIn[T float](a []T, buf []T) T {
	n := len(a)
	switch {
	case n < 8:
		return pairwiseRef(a)
	case n > npBuf:
		n2 := n / 2
		n2 -= n2 % 8
		return pairwiseIn(a[:n2], buf) + pairwiseIn(a[n2:], buf)
	}
	var one [1]int
	p, lens := pwPlanOf(n, &one)
	vals := buf[:len(lens)]
	pwLeaves(a, p.offs, lens, vals)
	return pwCombine(p, a, vals)
}

// pwCombine returns the sum of the run a (planned by p) from its leaves' sums vals: the
// last leaf's trailing values added in order, then the tree. vals is overwritten.
func pwCombine[T float](p *pwPlan, a []T, vals []T) T {
	if r := len(a) % 8; r != 0 {
		last := &vals[len(vals)-1]
		for _, v := range a[len(a)-r:] {
			*last += v
		}
	}
	switch {
	case len(vals) == 1:
		return vals[0]
	case p.perfect:
		for w := len(vals); w > 1; w /= 2 {
			for i := 0; i < w/2; i++ {
				vals[i] = vals[2*i] + vals[2*i+1]
			}
		}
		return vals[0]
	}
	// The program's stack lives in vals: a push takes leaf k's sum to position sp <= k.
	sp := 0
	for _, op := range p.prog {
		if op == pwAdd {
			sp--
			vals[sp-1] += vals[sp]
			continue
		}
		vals[sp] = vals[op]
		sp++
	}
	return vals[0]
}

// pwRunsBatch is about how many leaves pairwiseRuns gives the kernel at a time.
const pwRunsBatch = 256

// pairwiseRuns sets out[r] to pairwise(src[starts[r] : starts[r]+n]) for every r, with n
// at most npBuf: the leaves of many runs go to the kernel together, so that short runs
// (the rows of a row sum) overlap as a long run's leaves do. They go leaf by leaf (the
// first leaf of every run, then the second, ...), so that the leaves the kernel adds side
// by side have the same length and finish together.
func pairwiseRuns[T float](src []T, starts []int, n int, out []T) {
	if n < 8 {
		for r, s := range starts {
			out[r] = pairwiseRef(src[s : s+n])
		}
		return
	}
	var one [1]int
	p, lens0 := pwPlanOf(n, &one)
	nl := len(lens0)
	per := max(1, pwRunsBatch/nl) // runs per call
	var offsBuf, lensBuf [pwRunsBatch + npBuf/64]int
	var valsBuf [pwRunsBatch + npBuf/64]T
	for b := 0; b < len(starts); b += per {
		runs := starts[b:min(len(starts), b+per)]
		nr := len(runs)
		offs, lens := offsBuf[:0], lensBuf[:0]
		for k, l := range lens0 {
			for _, s := range runs {
				offs, lens = append(offs, s+p.offs[k]), append(lens, l)
			}
		}
		vals := valsBuf[:len(lens)]
		pwLeaves(src, offs, lens, vals)
		if rem := n % 8; rem != 0 {
			last := vals[(nl-1)*nr:]
			for j := n - rem; j < n; j++ {
				for r, s := range runs {
					last[r] += src[s+j]
				}
			}
		}
		pwTreeRuns(p, vals, nr, out[b:b+nr])
	}
}

// pairwiseRows sets out[r] to pairwise(src[s0+r*stride : s0+r*stride+n]) for every r,
// with n at most npBuf and stride > 0: pairwiseRuns for rows at a constant distance, each
// leaf of every row summed by pwStrided.
func pairwiseRows[T float](src []T, s0, stride, n int, out []T) {
	if n < 8 {
		for r := range out {
			s := s0 + r*stride
			out[r] = pairwiseRef(src[s : s+n])
		}
		return
	}
	var one [1]int
	p, lens0 := pwPlanOf(n, &one)
	nl := len(lens0)
	per := max(1, pwRunsBatch/nl)
	var valsBuf [pwRunsBatch + npBuf/64]T
	for b := 0; b < len(out); b += per {
		nr := min(per, len(out)-b)
		vals := valsBuf[:nl*nr]
		base := s0 + b*stride
		for k, l := range lens0 {
			pwStrided(src[base+p.offs[k]:], stride, l, vals[k*nr:(k+1)*nr])
		}
		if rem := n % 8; rem != 0 {
			last := vals[(nl-1)*nr:]
			for r := range last {
				for _, v := range src[base+r*stride+n-rem : base+r*stride+n] {
					last[r] += v
				}
			}
		}
		pwTreeRuns(p, vals, nr, out[b:b+nr])
	}
}

// pwTreeRuns combines the leaves' sums of many runs planned by p, leaf by leaf in vals
// (block k holds leaf k of every run, the trailing values already added to the last),
// into out: each step of the tree a loop over the runs. vals is overwritten.
func pwTreeRuns[T float](p *pwPlan, vals []T, nr int, out []T) {
	block := func(k int) []T { return vals[k*nr : (k+1)*nr] }
	nl := len(vals) / nr
	switch {
	case nl == 1:
	case p.perfect:
		for w := nl; w > 1; w /= 2 {
			for i := 0; i < w/2; i++ {
				d, a, b := block(i), block(2*i), block(2*i+1)
				for r := range d {
					d[r] = a[r] + b[r]
				}
			}
		}
	default:
		sp := 0
		for _, op := range p.prog {
			if op == pwAdd {
				sp--
				a, b := block(sp-1), block(sp)
				for r := range a {
					a[r] += b[r]
				}
				continue
			}
			if int(op) != sp {
				copy(block(sp), block(int(op)))
			}
			sp++
		}
	}
	copy(out, block(0))
}

// pwStrided sets out[r] to the eight-accumulator sum of a[r*stride : r*stride+n] (n a
// multiple of 8, at least 8), with the SIMD kernel where there is one.
func pwStrided[T float](a []T, stride, n int, out []T) {
	if useSIMD {
		pa, po := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(out))
		var z T
		switch any(z).(type) {
		case float32:
			pwStridedf32(unsafe.Slice((*float32)(pa), len(a)), stride, n, unsafe.Slice((*float32)(po), len(out)))
			return
		case float64:
			pwStridedf64(unsafe.Slice((*float64)(pa), len(a)), stride, n, unsafe.Slice((*float64)(po), len(out)))
			return
		}
	}
	pwStridedGo(a, stride, n, out)
}

// pwStridedGo is the pure-Go pwStrided: the kernels' twin.
func pwStridedGo[T float](a []T, stride, n int, out []T) {
	for r := range out {
		off, l := [1]int{r * stride}, [1]int{n}
		pwLeavesGo(a, off[:], l[:], out[r:r+1])
	}
}

// pwLeaves sets vals[k] to the eight-accumulator sum of a[offs[k]:offs[k]+lens[k]]
// (lens[k] a multiple of 8, at least 8), with the SIMD kernel where there is one.
func pwLeaves[T float](a []T, offs, lens []int, vals []T) {
	if useSIMD {
		// Reinterpreted, not converted to interfaces, so that vals (on the caller's stack)
		// does not escape.
		pa, pv := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(vals))
		var z T
		switch any(z).(type) {
		case float32:
			pwLeavesf32(unsafe.Slice((*float32)(pa), len(a)), offs, lens, unsafe.Slice((*float32)(pv), len(vals)))
			return
		case float64:
			pwLeavesf64(unsafe.Slice((*float64)(pa), len(a)), offs, lens, unsafe.Slice((*float64)(pv), len(vals)))
			return
		}
	}
	pwLeavesGo(a, offs, lens, vals)
}

// pwLeavesGo is the pure-Go pwLeaves: the kernels' twin.
func pwLeavesGo[T float](a []T, offs, lens []int, vals []T) {
	for k, n := range lens {
		at := offs[k]
		var r [8]T
		copy(r[:], a[at:at+8])
		for i := at + 8; i < at+n; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		vals[k] = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
	}
}
