package cpu

import "github.com/gotensor/gotensor/device"

// maxOperands is the most operands one kernel walks together (Where: dst, cond, a, b).
const maxOperands = 4

// plan is a loop nest over operands that share a shape: dimensions of size 1 dropped,
// neighbouring dimensions merged where every operand allows, the innermost last.
type plan struct {
	shape   []int
	strides [maxOperands][]int // per operand, per dimension
	offsets []int              // per operand
}

// newPlan builds the loop nest for operands of one shape. Scalar operands (Buf nil) get
// stride 0 everywhere.
func newPlan(shape []int, ops ...device.Operand) plan {
	if p, ok := flatPlan(shape, ops); ok {
		return p
	}
	p := plan{offsets: make([]int, len(ops))}
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
	if len(p.shape) == 0 {
		p.shape = []int{1}
		for i := range ops {
			p.strides[i] = []int{0}
		}
	}
	for _, n := range shape {
		if n == 0 {
			p.shape = []int{0}
			for i := range ops {
				p.strides[i] = []int{0}
			}
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
	if nrows == 1 {
		parallelFor(n, max(1, parMin/2/weight), func(lo, hi int) {
			off := make([]int, len(p.offsets))
			for i := range off {
				off[i] = p.offsets[i] + lo*p.strides[i][r]
			}
			fn(off, hi-lo)
		})
		return
	}
	parallelFor(nrows, max(1, parMin/2/n/weight), func(lo, hi int) {
		p.rows(lo, hi, func(off []int) { fn(off, n) })
	})
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
	k := len(ops)
	mem := make([]int, 1+3*k)
	p := plan{shape: mem[:1:1], offsets: mem[1 : 1+k : 1+k]}
	p.shape[0] = n
	for i, o := range ops {
		p.offsets[i] = o.Offset
		st := mem[1+k+2*i : 1+k+2*i+1 : 1+k+2*i+1]
		if o.Buf != nil {
			st[0] = 1
		}
		p.strides[i] = st
	}
	return p, true
}
