package cpu

import (
	"sync"

	"github.com/gotensor/gotensor/device"
)

// maxOperands is the most operands one kernel walks together (Where: dst, cond, a, b).
const maxOperands = 4

// plan is a loop nest over operands that share a shape: dimensions of size 1 dropped,
// neighbouring dimensions merged where every operand allows, the innermost last.
type plan struct {
	shape   []int
	strides [maxOperands][]int // per operand, per dimension
	offsets []int              // per operand
	mem     *planMem           // where the slices above live, for release
}

// planRank is the highest rank of a plan that fits its planMem.
const planRank = 6

// planMem is the memory of a plan's slices in one piece (ranks past planRank grow out
// of it). The op that made a plan may release it to a pool once no loop uses it, so that
// the next op's plan costs no allocation.
type planMem struct {
	shape   [planRank]int
	strides [maxOperands][planRank]int
	offsets [maxOperands]int
}

var planMems sync.Pool

// emptyPlan returns a plan of k operands with empty shape and strides, in a planMem.
func emptyPlan(k int) plan {
	m, _ := planMems.Get().(*planMem)
	if m == nil {
		m = &planMem{}
	}
	p := plan{shape: m.shape[:0], offsets: m.offsets[:k], mem: m}
	for i := range k {
		p.strides[i] = m.strides[i][:0]
	}
	return p
}

// release gives p's memory back to the pool. The op that made p calls it once, after
// every loop over p has ended (parallel ones included); copies of p must not be used
// after.
func (p plan) release() {
	if p.mem != nil {
		planMems.Put(p.mem)
	}
}

// newPlan builds the loop nest for operands of one shape. Scalar operands (Buf nil) get
// stride 0 everywhere.
func newPlan(shape []int, ops ...device.Operand) plan {
	if p, ok := flatPlan(shape, ops); ok {
		return p
	}
	p := emptyPlan(len(ops))
	for i, o := range ops {
		p.offsets[i] = o.Offset
	}
	for k, n := range shape {
		if n == 1 {
			continue
		}
		merged := false
		if m := len(p.shape); m > 0 {
			merged = true
			for i, o := range ops {
				if o.Buf != nil && p.strides[i][m-1] != o.Strides[k]*n {
					merged = false
					break
				}
			}
			if merged {
				p.shape[m-1] *= n
				for i, o := range ops {
					if o.Buf != nil {
						p.strides[i][m-1] = o.Strides[k]
					}
				}
			}
		}
		if !merged {
			p.shape = append(p.shape, n)
			for i, o := range ops {
				s := 0
				if o.Buf != nil {
					s = o.Strides[k]
				}
				p.strides[i] = append(p.strides[i], s)
			}
		}
	}
	size := 1
	for _, n := range shape {
		size = min(size, n)
	}
	if len(p.shape) == 0 || size == 0 { // one element, or none
		p.shape = append(p.shape[:0], size)
		for i := range ops {
			p.strides[i] = append(p.strides[i][:0], 0)
		}
	}
	return p
}

// inner returns the innermost length and each operand's innermost stride.
func (p plan) inner() (int, [maxOperands]int) {
	r := len(p.shape) - 1
	var st [maxOperands]int
	for i := range p.offsets {
		st[i] = p.strides[i][r]
	}
	return p.shape[r], st
}

// run calls fn once per innermost row with each operand's starting offset.
func (p plan) run(fn func(off []int)) {
	r := len(p.shape) - 1
	if p.shape[r] == 0 {
		return
	}
	nrows := 1
	for _, d := range p.shape[:r] {
		nrows *= d
	}
	p.rows(0, nrows, fn)
}

// rows calls fn for rows [lo, hi) of the plan (a row is one run of the innermost
// dimension) with each operand's starting offset.
func (p plan) rows(lo, hi int, fn func(off []int)) {
	r := len(p.shape) - 1
	off := append([]int(nil), p.offsets...)
	idx := make([]int, r)
	rem := lo
	for k := r - 1; k >= 0; k-- {
		idx[k] = rem % p.shape[k]
		rem /= p.shape[k]
		for i := range off {
			off[i] += idx[k] * p.strides[i][k]
		}
	}
	for row := lo; row < hi; row++ {
		fn(off)
		for k := r - 1; k >= 0; k-- {
			idx[k]++
			for i := range off {
				off[i] += p.strides[i][k]
			}
			if idx[k] < p.shape[k] {
				break
			}
			for i := range off {
				off[i] -= p.strides[i][k] * p.shape[k]
			}
			idx[k] = 0
		}
	}
}

// par calls fn(off, n) over the whole plan, each call covering n consecutive elements of
// the innermost dimension from offsets off, split over the worker pool when the plan is
// large. fn must only write elements it is given.
func (p plan) par(fn func(off []int, n int)) { p.parWeighted(1, fn) }

// parWeighted is par for work of weight elements per plan element (a reduction over a
// row of that length per output), so the split depends on the total work.
func (p plan) parWeighted(weight int, fn func(off []int, n int)) {
	r := len(p.shape) - 1
	n := p.shape[r]
	nrows := 1
	for _, d := range p.shape[:r] {
		nrows *= d
	}
	if n == 0 || nrows == 0 {
		return
	}
	if nrows == 1 && n*weight < parMin {
		fn(p.offsets, n)
		return
	}
	if nrows*n*weight < parMin || Threads() == 1 {
		p.rows(0, nrows, func(off []int) { fn(off, n) })
		return
	}
	j, _ := planJobs.Get().(*planJob)
	if j == nil {
		j = &planJob{}
		j.spanFn, j.rowsFn = j.span, j.rows
	}
	j.p, j.fn, j.n, j.r = p, fn, n, r
	if nrows == 1 {
		parallelFor(n, max(1, parMin/2/weight), j.spanFn)
	} else {
		parallelFor(nrows, max(1, parMin/2/n/weight), j.rowsFn)
	}
	j.p, j.fn = plan{}, nil
	planJobs.Put(j)
}

// planJob is parWeighted's parallel loop, pooled with its methods bound once, so that
// splitting an op over the workers allocates nothing for it.
type planJob struct {
	p              plan
	fn             func(off []int, n int)
	n, r           int // the innermost dimension's length and index
	spanFn, rowsFn func(lo, hi int)
}

var planJobs sync.Pool

// span calls fn on elements lo..hi of a plan of one row.
func (j *planJob) span(lo, hi int) {
	off := make([]int, len(j.p.offsets))
	for i := range off {
		off[i] = j.p.offsets[i] + lo*j.p.strides[i][j.r]
	}
	j.fn(off, hi-lo)
}

// rows calls fn on rows lo..hi.
func (j *planJob) rows(lo, hi int) {
	j.p.rows(lo, hi, func(off []int) { j.fn(off, j.n) })
}

// flatPlan is newPlan's fast path for operands that are all C-contiguous or scalars: one
// dimension, unit or zero strides, a single allocation.
func flatPlan(shape []int, ops []device.Operand) (plan, bool) {
	n := 1
	for _, d := range shape {
		n *= d
	}
	for _, o := range ops {
		if o.Buf == nil {
			continue
		}
		want := 1
		for k := len(shape) - 1; k >= 0; k-- {
			if shape[k] != 1 && o.Strides[k] != want {
				return plan{}, false
			}
			want *= shape[k]
		}
	}
	p := emptyPlan(len(ops))
	p.shape = append(p.shape, n)
	for i, o := range ops {
		p.offsets[i] = o.Offset
		st := 0
		if o.Buf != nil {
			st = 1
		}
		p.strides[i] = append(p.strides[i], st)
	}
	return p, true
}
