// Package layouttest is a layout-invariance property test shared by every device: it runs
// each op of a table on views of every kind (contiguous, offset, transposed, negative
// steps, stepped, broadcast, unit dimensions of odd stride) and on Copy() of those views,
// and checks that the answers agree: bit for bit for element-wise ops, views, indexing,
// sorting and everything on integers, within a stated bound for float accumulations.
// Into forms write into views inside guard bands, and into outputs that overlap an input.
//
// tensor's tests run the table on the CPU (with and without -tags purego); device/cuda's
// run it on the GPU or its emulator, comparing with the CPU's answers on copies.
package layouttest

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// A Layout makes a view of a requested shape over a fresh base tensor: Base gives the
// base's shape (nil when the layout does not apply to that shape), View the view of it.
type Layout struct {
	Name     string
	ReadOnly bool // a broadcast view: only for inputs that are not written
	Base     func(shape []int) []int
	View     func(base *tensor.Tensor, shape []int) *tensor.Tensor
}

// Contig is the plain C-contiguous layout, the one copies have.
var Contig = Layout{Name: "contig", Base: same, View: func(b *tensor.Tensor, _ []int) *tensor.Tensor { return b }}

// Layouts is every view kind the test runs; the first is Contig.
var Layouts = []Layout{
	Contig,
	{Name: "offset", Base: func(s []int) []int { return []int{prod(s) + 5} },
		View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.Slice(tensor.S(5, tensor.None)).Reshape(s...) }},
	{Name: "transposed", Base: rank(2, reversed),
		View: func(b *tensor.Tensor, _ []int) *tensor.Tensor { return b.T() }},
	{Name: "swapped", Base: rank(2, func(s []int) []int {
		s = slices.Clone(s)
		s[len(s)-1], s[len(s)-2] = s[len(s)-2], s[len(s)-1]
		return s
	}), View: func(b *tensor.Tensor, _ []int) *tensor.Tensor { return b.SwapAxes(-1, -2) }},
	{Name: "flipped", Base: rank(1, same),
		View: func(b *tensor.Tensor, _ []int) *tensor.Tensor { return b.Flip() }},
	{Name: "flip-inner", Base: rank(2, same),
		View: func(b *tensor.Tensor, _ []int) *tensor.Tensor { return b.Flip(-1) }},
	{Name: "stepped", Base: rank(1, dims(func(d int) int { return 2*d + 1 })),
		View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.Slice(ranges(s, stepSpec)...) }},
	{Name: "negstep", Base: rank(1, dims(func(d int) int { return 3*d + 1 })),
		View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.Slice(ranges(s, negSpec)...) }},
	{Name: "mixed", Base: rank(1, func(s []int) []int {
		return append([]int{2}, dims(func(d int) int { return 2*d + 1 })(reversed(s))...)
	}), View: func(b *tensor.Tensor, s []int) *tensor.Tensor {
		v := b.Slice(1) // a non-zero offset
		return v.Slice(ranges(reversed(s), func(d int) tensor.Range {
			if d == 0 {
				return tensor.S(0, 0)
			}
			return tensor.S(2*d-1, tensor.None, -2)
		})...).T()
	}},
	{Name: "unitdims", Base: func(s []int) []int {
		if !slices.Contains(s, 1) {
			return nil
		}
		return dims(func(d int) int { return map[bool]int{true: 4, false: d}[d == 1] })(s)
	}, View: func(b *tensor.Tensor, s []int) *tensor.Tensor {
		return b.Slice(ranges(s, func(d int) tensor.Range {
			if d == 1 {
				return tensor.S(2, 3)
			}
			return tensor.S()
		})...)
	}},
	{Name: "bcast-inner", ReadOnly: true, Base: rank(1, func(s []int) []int {
		s = slices.Clone(s)
		s[len(s)-1] = 1
		return s
	}), View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.BroadcastTo(s...) }},
	{Name: "bcast-mid", ReadOnly: true, Base: rank(2, func(s []int) []int {
		s = slices.Clone(s)
		s[len(s)-2] = 1
		return s
	}), View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.BroadcastTo(s...) }},
	{Name: "bcast-outer", ReadOnly: true, Base: rank(1, func(s []int) []int { return slices.Clone(s[1:]) }),
		View: func(b *tensor.Tensor, s []int) *tensor.Tensor { return b.BroadcastTo(s...) }},
}

func same(s []int) []int { return slices.Clone(s) }

func reversed(s []int) []int {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}

func prod(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// rank restricts a base-shape function to shapes of rank r or more.
func rank(r int, f func([]int) []int) func([]int) []int {
	return func(s []int) []int {
		if len(s) < r {
			return nil
		}
		return f(s)
	}
}

func dims(f func(int) int) func([]int) []int {
	return func(s []int) []int {
		out := make([]int, len(s))
		for i, d := range s {
			out[i] = f(d)
		}
		return out
	}
}

// stepSpec takes every second element from 1 of a 2d+1 axis: d elements.
func stepSpec(d int) tensor.Range { return tensor.S(1, tensor.None, 2) }

// negSpec takes every third element backwards from 3d-1 of a 3d+1 axis: d elements.
func negSpec(d int) tensor.Range {
	if d == 0 {
		return tensor.S(0, 0, -3)
	}
	return tensor.S(3*d-1, tensor.None, -3)
}

func ranges(s []int, f func(int) tensor.Range) []any {
	out := make([]any, len(s))
	for i, d := range s {
		out[i] = f(d)
	}
	return out
}

// A Fill draws the values of an input's base; nil means Values.
type Fill func(r *rand.Rand, dt tensor.DType, shapes [][]int) float64

// Values is the default fill: small integers for integer dtypes, for floats a mix of
// normal values and small integers (ties for sorting and comparisons) and, when special,
// NaN, ±Inf and -0.
func Values(special bool) Fill {
	return func(r *rand.Rand, dt tensor.DType, _ [][]int) float64 {
		switch dt {
		case tensor.Bool:
			return float64(r.IntN(2))
		case tensor.Uint8:
			return float64(r.IntN(13))
		case tensor.Int32, tensor.Int64:
			return float64(r.IntN(13) - 6)
		}
		if special && r.IntN(16) == 0 {
			return []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}[r.IntN(4)]
		}
		if r.IntN(5) == 0 {
			return float64(r.IntN(9) - 4)
		}
		return r.NormFloat64() * 2
	}
}

// IntRange fills with integers in [lo, hi) where lo and hi come from the case's shapes.
func IntRange(f func(shapes [][]int) (lo, hi int)) Fill {
	return func(r *rand.Rand, _ tensor.DType, shapes [][]int) float64 {
		lo, hi := f(shapes)
		if hi <= lo {
			return 0
		}
		return float64(lo + r.IntN(hi-lo))
	}
}

// newBase returns a CPU tensor of dtype dt and the given shape filled by fill.
func newBase(r *rand.Rand, dt tensor.DType, shape []int, fill Fill, shapes [][]int) *tensor.Tensor {
	v := make([]float64, prod(shape))
	for i := range v {
		v[i] = fill(r, dt, shapes)
	}
	return tensor.FromSlice(v, shape...).AsType(dt)
}

// input is one operand of a case: its base on the device and its view.
type input struct {
	base, view *tensor.Tensor
}

// makeInput builds layout l of shape over a base filled on the CPU, moved to dev; ok is
// false when the layout does not apply to the shape.
func makeInput(r *rand.Rand, dev device.Device, l Layout, dt tensor.DType, shape []int, fill Fill, shapes [][]int) (input, bool) {
	bs := l.Base(shape)
	if bs == nil {
		return input{}, false
	}
	b := newBase(r, dt, bs, fill, shapes).To(dev)
	v := l.View(b, shape)
	if !slices.Equal(v.Shape(), shape) {
		panic("layouttest: layout " + l.Name + " made shape " + tensor.ShapeString(v.Shape()) + ", want " + tensor.ShapeString(shape))
	}
	return input{base: b, view: v}, true
}

// positions marks the elements of a buffer of n elements that a view covers (by its
// offset and strides).
func positions(v *tensor.Tensor, n int) []bool {
	pos := make([]bool, n)
	shape, st := v.Shape(), v.ElemStrides()
	if prod(shape) == 0 {
		return pos
	}
	idx := make([]int, len(shape))
	for {
		p := v.Offset()
		for k := range idx {
			p += idx[k] * st[k]
		}
		pos[p] = true
		k := len(idx) - 1
		for ; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return pos
		}
	}
}
