package cpu

import "github.com/gotensor/gotensor/device"

// The order in which NumPy's reduction iterator (NpyIter, as PyUFunc_ReduceWrapper sets it
// up: buffered, external loop, strides never negated, the output allocated) hands a
// reduction's elements to its inner loop, which decides the bits of a float sum:
//
//   - The axes are sorted by |stride| of the input (and of the where= mask), innermost
//     first (IterOrder); axes of size 1 drop out.
//   - Where the innermost axes are reduced, the inner loop is a run over them: the block
//     of each output is those axes flattened in iteration order, added in pieces of npBuf
//     values, each piece by pairwise summation (a where= mask splits a piece into its
//     runs of true, each summed by itself).
//   - Everything else is visited one element at a time, in iteration order (the outermost
//     axis slowest): a sum adds, a product multiplies, each element into the output in
//     turn, starting from the identity or initial=.
//
// So each output is a fold, in iteration order over its reduced axes, of single elements
// or block sums; the kept axes only say which output. The buffering never groups values
// across a kept axis: its inner loop stops where the output's stride changes.

// IterOrder returns the axes of an array of the given shape in the order NumPy's iterator
// visits them, innermost first: a stable insertion sort from the last axis to the first
// by |stride|, where two axes are compared only by the operands (one []int of strides
// each) with non-zero strides on both, and they keep their order unless every such
// operand has them the other way round (npyiter_find_best_axis_ordering). An axis of size 1
// has stride 0. Axes no operand orders stay where the sort leaves them.
func IterOrder(shape []int, strides ...[]int) []int {
	r := len(shape)
	perm := make([]int, r)
	for i := range perm {
		perm[i] = r - 1 - i
	}
	st := func(op, ax int) int {
		if shape[ax] == 1 {
			return 0
		}
		s := strides[op][ax]
		if s < 0 {
			s = -s
		}
		return s
	}
	for i0 := 1; i0 < r; i0++ {
		ipos, a0 := i0, perm[i0]
		for i1 := i0 - 1; i1 >= 0; i1-- {
			a1 := perm[i1]
			ambig, swap := true, false
			for op := range strides {
				s0, s1 := st(op, a0), st(op, a1)
				if s0 == 0 || s1 == 0 {
					continue
				}
				if s1 <= s0 {
					swap = false
				} else if ambig {
					swap = true
				}
				ambig = false
			}
			if ambig {
				continue
			}
			if !swap {
				break
			}
			ipos = i1
		}
		if ipos != i0 {
			copy(perm[ipos+1:i0+1], perm[ipos:i0])
			perm[ipos] = a0
		}
	}
	return perm
}

// npAxis is one axis of a reduction in NumPy's order: its size and strides in the source,
// the mask and the destination (0 where an operand does not move along it).
type npAxis struct{ n, s, m, d int }

// npPlan is a reduction laid out in NumPy's iteration order, each list innermost first,
// neighbours merged where every operand allows: blk, the reduced axes inside the innermost
// kept axis (the inner loop's run; empty for products, which NumPy adds to the output
// one element at a time whatever the axis), outer, the other reduced axes, and keep, the
// kept axes. innerKept reports that the innermost axis is a kept one.
type npPlan struct {
	blk, outer, keep []npAxis
	innerKept        bool
}

// newNPPlan lays out the reduction of src over the axes red marks into dst, with the
// optional where= mask (Buf nil for none; src's shape, zero strides where broadcast).
// blocks is false for products.
func newNPPlan(dst, src, mask device.Operand, red []bool, blocks bool) npPlan {
	strides := [][]int{src.Strides}
	if mask.Buf != nil {
		strides = append(strides, mask.Strides)
	}
	var p npPlan
	first := true
	for _, k := range IterOrder(src.Shape, strides...) {
		n := src.Shape[k]
		if n == 1 {
			continue
		}
		a := npAxis{n: n, s: src.Strides[k]}
		if mask.Buf != nil {
			a.m = mask.Strides[k]
		}
		switch {
		case !red[k]:
			a.d = dst.Strides[k]
			p.keep = append(p.keep, a)
			if first {
				p.innerKept = true
			}
		case blocks && len(p.keep) == 0:
			p.blk = append(p.blk, a)
		default:
			p.outer = append(p.outer, a)
		}
		first = false
	}
	p.blk, p.outer, p.keep = mergeAxes(p.blk), mergeAxes(p.outer), mergeAxes(p.keep)
	return p
}

// mergeAxes merges each axis into the one inside it where every operand continues it:
// the elements come in the same order, over fewer, longer axes.
func mergeAxes(ax []npAxis) []npAxis {
	if len(ax) < 2 {
		return ax
	}
	out := ax[:1]
	for _, a := range ax[1:] {
		in := &out[len(out)-1]
		if a.s == in.s*in.n && a.m == in.m*in.n && a.d == in.d*in.n {
			in.n *= a.n
			continue
		}
		out = append(out, a)
	}
	return out
}

// npSize is the number of elements the axes span.
func npSize(ax []npAxis) int {
	n := 1
	for _, a := range ax {
		n *= a.n
	}
	return n
}

// npWalk calls fn with the source, mask and destination offsets of every position of the
// axes, the first axis fastest (iteration order), starting from offsets s, m, d.
func npWalk(ax []npAxis, s, m, d int, fn func(s, m, d int)) {
	npWalkRange(ax, 0, npSize(ax), s, m, d, fn)
}

// npWalkRange is npWalk over positions [lo, hi) only.
func npWalkRange(ax []npAxis, lo, hi, s, m, d int, fn func(s, m, d int)) {
	if lo >= hi {
		return
	}
	var idx [device.MaxRank]int
	pos := lo
	for k, a := range ax {
		i := pos % a.n
		pos /= a.n
		idx[k] = i
		s, m, d = s+i*a.s, m+i*a.m, d+i*a.d
	}
	for n := hi - lo; n > 0; n-- {
		fn(s, m, d)
		for k, a := range ax {
			idx[k]++
			s, m, d = s+a.s, m+a.m, d+a.d
			if idx[k] < a.n {
				break
			}
			idx[k] = 0
			s, m, d = s-a.n*a.s, m-a.n*a.m, d-a.n*a.d
		}
	}
}

// seek returns the source and mask offsets of position pos of the axes (the first axis
// fastest) from offsets s and m.
func seek(ax []npAxis, pos, s, m int) (int, int) {
	for _, a := range ax {
		i := pos % a.n
		pos /= a.n
		s, m = s+i*a.s, m+i*a.m
	}
	return s, m
}
