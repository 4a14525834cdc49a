package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/device"
)

func TestIterOrder(t *testing.T) {
	for _, c := range []struct {
		shape   []int
		strides [][]int
		want    []int
	}{
		{[]int{3, 4, 5}, [][]int{{20, 5, 1}}, []int{2, 1, 0}},            // C order
		{[]int{3, 4, 5}, [][]int{{1, 3, 12}}, []int{0, 1, 2}},            // F order
		{[]int{3, 4, 5}, [][]int{{-20, 5, -1}}, []int{2, 1, 0}},          // reversed axes keep their place
		{[]int{5, 3, 4}, [][]int{{1, 20, 5}}, []int{0, 2, 1}},            // a.transpose(2, 0, 1)
		{[]int{3, 4}, [][]int{{0, 1}}, []int{1, 0}},                      // broadcast rows
		{[]int{4, 3}, [][]int{{1, 0}}, []int{1, 0}},                      // a stride-0 axis is ordered by nobody
		{[]int{4, 1, 3}, [][]int{{1, 7, 4}}, []int{0, 2, 1}},             // size 1: stride 0
		{[]int{4, 3}, [][]int{{3, 1}, {1, 4}}, []int{1, 0}},              // operands disagree: C order stands
		{[]int{4, 3}, [][]int{{1, 4}, {1, 4}}, []int{0, 1}},              // they agree
		{[]int{2, 3, 4}, [][]int{{12, 1, 3}, {0, 1, 0}}, []int{1, 2, 0}}, // a mask broadcast over two axes
		{[]int{6, 2, 5}, [][]int{{10, -5, -1}}, []int{2, 1, 0}},          // negative steps
		{[]int{6, 2, 5}, [][]int{{1, -30, 6}}, []int{0, 2, 1}},           // |stride| decides
		{[]int{}, [][]int{{}}, []int{}},                                  // 0-d
		{[]int{7}, [][]int{{-3}}, []int{0}},                              // 1-d
		{[]int{2, 2, 2}, [][]int{{1, 1, 1}}, []int{2, 1, 0}},             // ties keep C order
		{[]int{3, 5, 7}, [][]int{{5, 1, 0}, {0, 7, 1}}, []int{2, 1, 0}},  // each pair by the operands that move
		{[]int{3, 5, 7}, [][]int{{35, 7, 1}, {0, 0, 0}}, []int{2, 1, 0}}, // an all-broadcast operand orders nothing
		{[]int{10, 10}, [][]int{{-1, 10}}, []int{0, 1}},                  // F order reversed
	} {
		if got := IterOrder(c.shape, c.strides...); !slices.Equal(got, c.want) {
			t.Errorf("IterOrder(%v, %v) = %v, want %v", c.shape, c.strides, got, c.want)
		}
	}
}

// npCase is one reduction of a view of a random buffer, with an optional where= mask
// (a view of another buffer, broadcast) and initial value.
type npCase struct {
	shape, strides []int
	off, size      int // the view's offset and its buffer's length
	red            []bool
	mask           []uint8
	mshape, mstr   []int // the mask's strides over shape (0 where broadcast)
	moff           int
	init           *device.Scalar
}

func (c npCase) String() string {
	return fmt.Sprintf("shape%v strides%v off%d red%v mask%v/%v init%v", c.shape, c.strides, c.off, c.red, c.mask != nil, c.mstr, c.init != nil)
}

// randView returns a random layout of shape over a fresh buffer: its axes permuted,
// stepped (negative steps from the end) and broadcast where the shape allows.
func randView(r *rand.Rand, shape []int) (strides []int, off, size int) {
	rank := len(shape)
	perm := r.Perm(rank)
	base := make([]int, rank) // the buffer's C-order axes, in perm order
	steps := make([]int, rank)
	for k := range shape {
		steps[k] = []int{1, 1, 2, -1, -2, 0}[r.IntN(6)]
		if shape[k] <= 1 || steps[k] == 0 && r.IntN(2) == 0 {
			steps[k] = 1
		}
		base[k] = max(1, shape[k]*abs(steps[k]))
		if steps[k] == 0 {
			base[k] = 1
		}
	}
	strides = make([]int, rank)
	size = 1
	for i := rank - 1; i >= 0; i-- {
		k := perm[i]
		strides[k] = size * steps[k]
		if steps[k] < 0 && shape[k] > 0 {
			off += (shape[k] - 1) * size * -steps[k]
		}
		size *= base[k]
	}
	return strides, off, size
}

func randNPCase(r *rand.Rand, shape []int) npCase {
	c := npCase{shape: shape, red: make([]bool, len(shape))}
	c.strides, c.off, c.size = randView(r, shape)
	switch r.IntN(4) {
	case 0: // every axis
		for k := range c.red {
			c.red[k] = true
		}
	case 1: // none
	default:
		for k := range c.red {
			c.red[k] = r.IntN(2) == 0
		}
	}
	if r.IntN(3) == 0 {
		c.mshape = slices.Clone(shape)
		for k := range c.mshape {
			if r.IntN(4) == 0 {
				c.mshape[k] = 1
			}
		}
		var msize int
		c.mstr, c.moff, msize = randView(r, c.mshape)
		for k := range c.mshape {
			if c.mshape[k] == 1 {
				c.mstr[k] = 0
			}
		}
		c.mask = make([]uint8, msize)
		for i := range c.mask {
			if r.IntN(3) != 0 {
				c.mask[i] = 1
			}
		}
	}
	if r.IntN(3) == 0 {
		v := math.Round(r.NormFloat64() * 8)
		c.init = &device.Scalar{F: v / 4, I: int64(v)}
	}
	return c
}

// refNP is the order pairwise_order.go describes, spelled out: each output's elements are
// listed in iteration order; with blocks, each block is cut into pieces of npBuf, each
// piece into runs of unmasked elements, each run summed by pairwiseRef and added to the
// output; without, each unmasked element is added or multiplied in.
func refNP[A accum, S num](op device.ReduceOp, src []S, c npCase, init A) []A {
	var order []int
	ss := [][]int{c.strides}
	if c.mask != nil {
		ss = append(ss, c.mstr)
	}
	for _, k := range IterOrder(c.shape, ss...) {
		if c.shape[k] != 1 {
			order = append(order, k)
		}
	}
	var red []int // the reduced axes in iteration order
	for _, k := range order {
		if c.red[k] {
			red = append(red, k)
		}
	}
	bs := 0 // the block size: the reduced axes inside the first kept one, for sums
	if op == device.Sum && len(order) > 0 && c.red[order[0]] {
		bs = 1
		for _, k := range order {
			if !c.red[k] {
				break
			}
			bs *= c.shape[k]
		}
	}
	kshape := slices.Clone(c.shape)
	for k := range kshape {
		if c.red[k] {
			kshape[k] = 1
		}
	}
	nout := 1
	for _, n := range kshape {
		nout *= n
	}
	out := make([]A, nout)
	idx := make([]int, len(c.shape))
	for o := range out {
		for k, rem := len(kshape)-1, o; k >= 0; k-- {
			idx[k] = rem % kshape[k]
			rem /= kshape[k]
		}
		var vals []A
		var on []bool
		var visit func(i int)
		visit = func(i int) {
			if i < 0 {
				s, m := c.off, c.moff
				for k, x := range idx {
					s += x * c.strides[k]
					if c.mask != nil {
						m += x * c.mstr[k]
					}
				}
				vals = append(vals, A(src[s]))
				on = append(on, c.mask == nil || c.mask[m] != 0)
				return
			}
			k := red[i]
			for x := 0; x < c.shape[k]; x++ {
				idx[k] = x
				visit(i - 1)
			}
			idx[k] = 0
		}
		visit(len(red) - 1)
		acc := init
		if bs == 0 {
			for i, v := range vals {
				if on[i] {
					if op == device.Prod {
						acc *= v
					} else {
						acc += v
					}
				}
			}
		}
		for g := 0; bs > 0 && g < len(vals); g += bs {
			for p := g; p < g+bs; p += npBuf {
				end := min(g+bs, p+npBuf)
				for i := p; i < end; {
					if !on[i] {
						i++
						continue
					}
					j := i + 1
					for j < end && on[j] {
						j++
					}
					acc += segRef(vals[i:j])
					i = j
				}
			}
		}
		out[o] = acc
	}
	return out
}

func segRef[A accum](v []A) A {
	switch x := any(v).(type) {
	case []float32:
		return any(pairwiseRef(x)).(A)
	case []float64:
		return any(pairwiseRef(x)).(A)
	}
	var t A
	for _, x := range v {
		t += x
	}
	return t
}

func accDType[A accum]() device.DType {
	var z A
	switch any(z).(type) {
	case float32:
		return device.Float32
	case float64:
		return device.Float64
	}
	return device.Int64
}

func numDType[S num]() device.DType {
	var z S
	switch any(z).(type) {
	case float32:
		return device.Float32
	case float64:
		return device.Float64
	case int32:
		return device.Int32
	case int64:
		return device.Int64
	}
	return device.Uint8
}

// testNP runs one case through ReduceWith into a destination with NaN (or sentinel)
// guards and checks every output bit for bit against refNP.
func testNP[A accum, S num](t *testing.T, op device.ReduceOp, c npCase, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 3))
	src := make([]S, c.size)
	for i := range src {
		switch any(src).(type) {
		case []float32, []float64:
			src[i] = S(math.Ldexp(r.NormFloat64(), r.IntN(30)-15))
			if op == device.Prod {
				src[i] = S(1 + r.NormFloat64()/64)
			}
		default:
			src[i] = S(r.IntN(200))
		}
	}
	kshape := slices.Clone(c.shape)
	for k := range kshape {
		if c.red[k] {
			kshape[k] = 1
		}
	}
	dstr := make([]int, len(kshape))
	dn := 1
	for k := len(kshape) - 1; k >= 0; k-- {
		dstr[k], dn = dn, dn*kshape[k]
	}
	const guard = 3
	out := make([]A, dn+2*guard)
	sentinel := A(77)
	for i := range out {
		out[i] = sentinel
	}
	sb, _ := Wrap(src)
	db, _ := Wrap(out)
	opts := ReduceOptions{Initial: c.init}
	if c.mask != nil {
		mb, _ := Wrap(c.mask)
		opts.Where = device.Operand{Buf: mb, DType: device.Uint8, Shape: c.shape, Strides: c.mstr, Offset: c.moff}
	}
	var axes []int
	for k, on := range c.red {
		if on {
			axes = append(axes, k)
		}
	}
	dst := device.Operand{Buf: db, DType: accDType[A](), Shape: kshape, Strides: dstr, Offset: guard}
	so := device.Operand{Buf: sb, DType: numDType[S](), Shape: c.shape, Strides: c.strides, Offset: c.off}
	if err := (Device{}).ReduceWith(op, dst, so, axes, device.Params{}, opts); err != nil {
		t.Fatal(err)
	}
	init := A(0)
	if op == device.Prod {
		init = 1
	}
	if c.init != nil {
		if _, ok := any(init).(int64); ok {
			init = A(c.init.I)
		} else {
			init = A(c.init.F)
		}
	}
	want := refNP[A](op, src, c, init)
	for i, w := range want {
		g := out[guard+i]
		if math.Float64bits(float64(g)) != math.Float64bits(float64(w)) && !(g != g && w != w) {
			t.Fatalf("%v %v: output %d = %v, want %v", op, c, i, g, w)
		}
	}
	for i, g := range out {
		if (i < guard || i >= guard+dn) && g != sentinel {
			t.Fatalf("%v %v: guard %d overwritten: %v", op, c, i, g)
		}
	}
}

// TestNPReduce checks sums and products of random layouts, masks and initial values, and
// of layouts that reach each parallel path, against refNP bit for bit, in every pair of
// accumulator and source types the tensor package uses.
func TestNPReduce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var cases []npCase
	for range 300 {
		shape := make([]int, r.IntN(5))
		for k := range shape {
			shape[k] = []int{0, 1, 2, 3, 5, 8, 13, 40}[r.IntN(8)]
		}
		cases = append(cases, randNPCase(r, shape))
	}
	big := [][]int{{20000}, {3, 30000}, {30000, 3}, {300, 400}, {7, 9000}, {9000, 7}, {2, 70000}, {100, 30, 40}, {9, 130, 129}}
	for _, shape := range big {
		for range 4 {
			cases = append(cases, randNPCase(r, shape))
		}
	}
	for i, c := range cases {
		if raceEnabled && i < 300 && i%4 != 0 {
			continue // -race: a quarter of the small cases (one thread each), every large one
		}
		seed := uint64(i)
		for _, op := range []device.ReduceOp{device.Sum, device.Prod} {
			testNP[float32, float32](t, op, c, seed)
			testNP[float64, float64](t, op, c, seed)
			if len(c.shape) < 3 || op == device.Sum {
				testNP[float64, int32](t, op, c, seed)
				testNP[int64, uint8](t, op, c, seed)
				testNP[int64, int64](t, op, c, seed)
				testNP[float64, float32](t, op, c, seed)
			}
		}
	}
}

// TestNPReduceSIMD checks that the SIMD and pure-Go kernels give the same sums.
func TestNPReduceSIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("no SIMD kernels")
	}
	defer func() { useSIMD = true }()
	r := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][]int{{1000}, {130, 70}, {70, 130}, {10, 8193}} {
		c := randNPCase(r, shape)
		c.mask, c.init = nil, nil
		for _, simd := range []bool{true, false} {
			useSIMD = simd
			testNP[float32, float32](t, device.Sum, c, 1)
			testNP[float64, float64](t, device.Sum, c, 1)
		}
	}
}
