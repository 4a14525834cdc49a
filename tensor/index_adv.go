package tensor

// NumPy's advanced indexing through Slice and SetSlice: integer and boolean arrays mixed
// with ints, slices, NewAxis and Ellipsis (x[None, mask], x[:, idx], x[idx] = v). A read
// is a basic view, a transpose that brings the indexed dimensions first, and IndexArrays,
// all recorded, so autograd works through it; a write is scatterSet (index_more.go).

import (
	"slices"
)

// arraySpec returns the index array that spec s stands for: a *Tensor as given, a Go
// []int, []int64 or []bool as a CPU tensor; ok is false for the basic specs.
func arraySpec(s any) (t *Tensor, ok bool) {
	switch v := s.(type) {
	case *Tensor:
		return v, true
	case []int:
		w := make([]int64, len(v))
		for i, x := range v {
			w[i] = int64(x)
		}
		return FromSlice(w), true
	case []int64:
		return FromSlice(slices.Clone(v)), true
	case []bool:
		return FromSlice(slices.Clone(v)), true
	}
	return nil, false
}

// hasArraySpec reports whether specs hold an index array (advanced indexing).
func hasArraySpec(specs []any) bool {
	for _, s := range specs {
		switch s.(type) {
		case *Tensor, []int, []int64, []bool:
			return true
		}
	}
	return false
}

// advPlan is an advanced index resolved against a tensor x: the basic view of x that
// keeps every indexed dimension whole, which of its dimensions the index arrays apply to,
// and where NumPy puts the broadcast index dimensions in the result.
type advPlan struct {
	basic  []any     // specs for the basic view: each array replaced by full slices
	dims   []int     // dimensions of the basic view the arrays index, in order
	axes   []int     // x's axis for each array (-1 for a 0-d bool's new axis), for messages
	arrays []*Tensor // integer index per entry of dims, on x's device
	inner  []bool    // arrays known to be in range (from masks and checked ints)
	consec bool      // the advanced indices are adjacent: their result keeps their place
	mask   *Tensor   // the only advanced index, a bool mask of rank >= 1 (arrays are nil)
}

// planAdvanced resolves specs (ints, Ranges, NewAxis, Ellipsis and at least one index
// array) against x, as NumPy's prepare_index: an int next to arrays is a 0-d index
// array, a bool array of rank r indexes r dimensions through its non-zero coordinates,
// and a 0-d bool adds a dimension of length 1 (true) or 0 (false).
func planAdvanced(op string, x *Tensor, specs []any) advPlan {
	rank := len(x.shape)
	ts := make([]*Tensor, len(specs))
	users := []*Tensor{x} // x and the index tensors the caller gave, for deviceOf
	consumed, ell := 0, false
	for i, s := range specs {
		if t, ok := arraySpec(s); ok {
			if t == nil {
				fail(Value, op, "index %d is a nil tensor", i)
			}
			t.must(op)
			if _, user := s.(*Tensor); user {
				users = append(users, t)
			}
			if t.dtype != Bool && !t.dtype.IsInt() {
				fail(Index, op, "arrays used as indices must be of integer (or boolean) type, got %v for index %d", t.dtype, i)
			}
			ts[i] = t
			if t.dtype == Bool {
				consumed += len(t.shape)
			} else {
				consumed++
			}
			continue
		}
		switch s.(type) {
		case int, Range:
			consumed++
		case newAxis:
		case ellipsis:
			if ell {
				fail(Index, op, "an index can only have a single ellipsis")
			}
			ell = true
		default:
			fail(Index, op, "index %d has type %T: want int, Range (tensor.S), NewAxis, Ellipsis, an integer or bool *Tensor, []int or []bool", i, s)
		}
	}
	if consumed > rank {
		fail(Index, op, "too many indices for tensor: tensor is %d-dimensional, but %d were indexed", rank, consumed)
	}
	d := deviceOf(op, users...)
	for i, t := range ts {
		if t != nil {
			ts[i] = onDevice(t, d) // Go slices arrive on the CPU
		}
	}
	var p advPlan
	if m := onlyMask(specs, ts); m != nil {
		p.mask = untrack(m)
	}
	vd, xd := 0, 0
	state := 0 // 0: no advanced index yet, 1: in the first run of them, 2: after it
	p.consec = true
	adv := func(is bool) {
		switch {
		case is && state == 2:
			p.consec = false
		case is:
			state = 1
		case state == 1:
			state = 2
		}
	}
	add := func(axis int, a *Tensor, inRange bool) {
		p.basic = append(p.basic, S())
		p.dims = append(p.dims, vd)
		p.axes = append(p.axes, axis)
		p.arrays = append(p.arrays, onDevice(a, d))
		p.inner = append(p.inner, inRange)
		vd++
	}
	for i, s := range specs {
		t := ts[i]
		switch {
		case t != nil && t.dtype == Bool && len(t.shape) == 0:
			adv(true)
			n := 0
			if t.Bool() {
				n = 1
			}
			p.basic = append(p.basic, NewAxis)
			p.dims = append(p.dims, vd)
			p.axes = append(p.axes, -1)
			p.arrays = append(p.arrays, alloc(op, d, Int64, []int{n}).Fill(0))
			p.inner = append(p.inner, true)
			vd++
		case t != nil && t.dtype == Bool:
			adv(true)
			for k, n := range t.shape {
				if m := x.shape[xd+k]; n != m {
					fail(Index, op, "boolean index did not match indexed tensor along dimension %d; dimension is %d but corresponding boolean dimension is %d",
						xd+k, m, n)
				}
			}
			if p.mask != nil {
				for range t.shape {
					add(xd, nil, true) // MaskSelect and MaskAssign take the mask itself
					xd++
				}
				continue
			}
			for _, c := range nonZeroParts(op, untrack(t)) {
				add(xd, c, true)
				xd++
			}
		case t != nil:
			adv(true)
			add(xd, untrack(t), false)
			xd++
		default:
			switch v := s.(type) {
			case int:
				adv(true)
				n := x.shape[xd]
				if v < -n || v >= n {
					fail(Index, op, "index %d is out of bounds for axis %d with size %d", v, xd, n)
				}
				add(xd, Scalar(int64((v+n)%max(n, 1))), true)
				xd++
			case Range:
				adv(false)
				p.basic = append(p.basic, v)
				vd, xd = vd+1, xd+1
			case newAxis:
				adv(false)
				p.basic = append(p.basic, v)
				vd++
			case ellipsis:
				adv(false)
				p.basic = append(p.basic, v)
				vd, xd = vd+rank-consumed, xd+rank-consumed
			}
		}
	}
	return p
}

// onlyMask returns the index array of specs when it is the only advanced index and a
// bool mask of rank at least 1 (no ints beside it), else nil.
func onlyMask(specs []any, ts []*Tensor) *Tensor {
	var m *Tensor
	for i, s := range specs {
		switch {
		case ts[i] != nil && (m != nil || ts[i].dtype != Bool || len(ts[i].shape) == 0):
			return nil
		case ts[i] != nil:
			m = ts[i]
		default:
			if _, ok := s.(int); ok {
				return nil
			}
		}
	}
	return m
}

// nonZeroParts is NonZero without its 0-d check: one int64 coordinate tensor per
// dimension of m.
func nonZeroParts(op string, m *Tensor) []*Tensor {
	nz := nonZero(op, m)
	n := nz.shape[0]
	out := make([]*Tensor, len(m.shape))
	for k := range out {
		out[k] = nz.view([]int{n}, []int{1}, k*n)
	}
	return out
}

// check validates the arrays against the basic view v: each user array in range of its
// dimension (reading its minimum and maximum, a sync on a GPU), and all of them
// broadcasting together (an Index error, as NumPy's IndexError). It returns their
// broadcast shape.
func (p *advPlan) check(op string, v *Tensor) []int {
	shapes := make([][]int, len(p.arrays))
	for j, a := range p.arrays {
		shapes[j] = a.shape
		if p.inner[j] || a.Size() == 0 {
			continue
		}
		n := int64(v.shape[p.dims[j]])
		for _, i := range []int64{Min(a).Int(), Max(a).Int()} {
			if i < -n || i >= n {
				fail(Index, op, "index %d is out of bounds for axis %d with size %d", i, p.axes[j], n)
			}
		}
	}
	var b []int
	if err := Try(func() { b = broadcastShapes(op, shapes...) }); err != nil {
		parts := ""
		for _, s := range shapes {
			parts += " " + shapeStr(s)
		}
		fail(Index, op, "shape mismatch: indexing arrays could not be broadcast together with shapes%s", parts)
	}
	return slices.Clone(b)
}

// perm is the order of v's rank dimensions that puts the indexed ones first.
func (p *advPlan) perm(rank int) []int {
	perm := append([]int{}, p.dims...)
	for k := 0; k < rank; k++ {
		if !slices.Contains(p.dims, k) {
			perm = append(perm, k)
		}
	}
	return perm
}

// place returns where the nb broadcast index dimensions go in the result of rank r
// (NumPy: in place of the indices when they are adjacent, else first) as the
// permutation that takes (index dims, other dims) there, or nil when they stay first.
func (p *advPlan) place(nb, r int) []int {
	q := p.dims[0]
	if !p.consec || q == 0 {
		return nil
	}
	perm := make([]int, 0, r)
	for k := 0; k < q; k++ {
		perm = append(perm, nb+k)
	}
	for k := 0; k < nb; k++ {
		perm = append(perm, k)
	}
	for k := nb + q; k < r; k++ {
		perm = append(perm, k)
	}
	return perm
}

// advancedGet is x[specs] with index arrays among specs (Slice's advanced form): a new
// tensor, never a view.
func advancedGet(op string, x *Tensor, specs []any) *Tensor {
	p := planAdvanced(op, x, specs)
	v := x.Slice(p.basic...)
	var b []int
	if p.mask == nil {
		b = p.check(op, v)
	}
	if perm := p.perm(len(v.shape)); !isIdentity(perm) {
		v = v.Transpose(perm...)
	}
	if p.mask != nil {
		r := MaskSelect(v, p.mask)
		if pl := p.place(1, len(r.shape)); pl != nil {
			r = r.Transpose(pl...)
		}
		return r
	}
	r := IndexArrays(v, p.arrays...)
	if pl := p.place(len(b), len(r.shape)); pl != nil {
		r = r.Transpose(pl...)
	}
	return r
}

// advancedSet is x[specs] = value with index arrays among specs (SetSlice's advanced
// form). value is a Go number or a tensor that broadcasts to the shape x[specs] has,
// cast to x's dtype; where an element is selected several times the last assignment in
// C order wins, as in NumPy, on every device.
func advancedSet(op string, x *Tensor, value any, specs []any) *Tensor {
	writable(op, x)
	p := planAdvanced(op, x, specs)
	v := x.sliceView(op, p.basic)
	perm := p.perm(len(v.shape))
	vt := permuted(v, perm)
	lead := len(p.dims)
	rest := vt.shape[lead:]
	if p.mask != nil {
		n := int(Sum(p.mask).Int())
		res := append([]int{n}, rest...)
		pl := p.place(1, len(res))
		if pl != nil {
			res = permShape(res, pl)
		}
		vals := assignValue(op, x.dtype, value, res) // checks a Go number too
		if _, ok := value.(*Tensor); !ok {
			MaskAssign(vt, p.mask, value)
			return x
		}
		if pl != nil {
			vals = permuted(vals, inversePerm(pl))
		}
		MaskAssign(vt, p.mask, vals)
		return x
	}
	b := p.check(op, v)
	res := append(slices.Clone(b), rest...)
	if pl := p.place(len(b), len(res)); pl != nil {
		res = permShape(res, pl)
	}
	vals := assignValue(op, x.dtype, value, res)
	if len(vals.shape) > 0 {
		if pl := p.place(len(b), len(res)); pl != nil {
			vals = permuted(vals, inversePerm(pl))
		}
		vals = vals.Reshape(append([]int{prod(b)}, rest...)...)
	}
	lin := linearIndex(op, vt.Device(), vt.shape[:lead], p.arrays, b)
	scatterSet(op, vt, lead, lin, vals)
	return x
}

// assignValue turns the value of an assignment into a tensor that broadcasts to shape
// res: a Go number, checked against dt as SetSlice does (a NaN or out-of-range value for
// an integer dtype is a Value error), becomes a 0-d CPU tensor of dtype dt (left 0-d, so
// that it goes along with any device); a tensor must broadcast to res once leading
// dimensions of size 1 are dropped (a Shape error otherwise) and is returned broadcast.
func assignValue(op string, dt DType, value any, res []int) *Tensor {
	o := asOperand(op, value)
	if o.t == nil {
		if o.isFloat {
			checkFillValue(op, o.s.F, dt)
		} else {
			checkScalar(op, o, dt)
		}
		return o.tensor(dt)
	}
	t := dropLeadingOnes(untrack(o.t), len(res))
	if !broadcastsTo(t.shape, res) {
		fail(Shape, op, "shape mismatch: value of shape %s could not be broadcast to the indexing result of shape %s",
			shapeStr(o.t.shape), shapeStr(res))
	}
	return t.broadcastTo(op, res)
}

// permuted is the view of t with its dimensions in the order perm (unrecorded).
func permuted(t *Tensor, perm []int) *Tensor {
	if isIdentity(perm) {
		return t
	}
	shape, strides := make([]int, len(perm)), make([]int, len(perm))
	for i, a := range perm {
		shape[i], strides[i] = t.shape[a], t.strides[a]
	}
	return t.view(shape, strides, t.offset)
}

func permShape(s, perm []int) []int {
	out := make([]int, len(perm))
	for i, a := range perm {
		out[i] = s[a]
	}
	return out
}

func inversePerm(perm []int) []int {
	inv := make([]int, len(perm))
	for i, a := range perm {
		inv[a] = i
	}
	return inv
}

func isIdentity(perm []int) bool {
	for i, a := range perm {
		if a != i {
			return false
		}
	}
	return true
}
