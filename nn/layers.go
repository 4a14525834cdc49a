package nn

import (
	"strconv"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// Linear is y = x @ Weight.T + Bias over the last axis of x (PyTorch's nn.Linear):
// Weight has shape (out, in), Bias (out,) or nil.
type Linear struct {
	Base
	In, Out      int
	Weight, Bias *tensor.Tensor
}

// NewLinear makes a float32 Linear layer from in to out features, with a bias unless
// bias is false, initialised as PyTorch's: Weight by KaimingUniform with a = sqrt(5),
// so U(-1/sqrt(in), 1/sqrt(in)), and Bias from the same bound, both drawn from g.
func NewLinear(in, out int, bias bool, g *random.Generator) *Linear {
	if in < 0 || out < 0 {
		fail(tensor.Value, "nn.NewLinear", "negative feature count: in %d, out %d", in, out)
	}
	l := &Linear{In: in, Out: out}
	l.Weight = KaimingUniform(g, sqrt5, out, in)
	if bias {
		l.Bias = BiasUniform(g, in, out)
	}
	l.RegisterParameter("weight", &l.Weight)
	l.RegisterParameter("bias", &l.Bias)
	return l
}

const sqrt5 = 2.23606797749979

// Forward maps x of shape (..., in) to (..., out).
func (l *Linear) Forward(x *tensor.Tensor) *tensor.Tensor {
	s := x.Shape()
	if len(s) == 0 || s[len(s)-1] != l.In {
		fail(tensor.Shape, "nn.Linear", "input of shape %s, want (..., %d)", tensor.ShapeString(s), l.In)
	}
	y := tensor.MatMul(x, l.Weight.Transpose())
	if l.Bias != nil {
		y = y.Add(l.Bias)
	}
	return y
}

// Sequential runs its children in order, each on the previous one's output; the
// children are named "0", "1", ... as in PyTorch.
type Sequential struct {
	Base
	Layers []Module
}

// NewSequential makes a Sequential of layers.
func NewSequential(layers ...Module) *Sequential {
	s := &Sequential{}
	for _, l := range layers {
		s.Append(l)
	}
	return s
}

// Append adds m as the next child, named by its position.
func (s *Sequential) Append(m Module) {
	s.RegisterModule(strconv.Itoa(len(s.Layers)), m)
	s.Layers = append(s.Layers, m)
}

// Forward runs the layers in order.
func (s *Sequential) Forward(x *tensor.Tensor) *tensor.Tensor {
	for _, l := range s.Layers {
		x = l.Forward(x)
	}
	return x
}

// Flatten merges the axes StartDim..EndDim into one (PyTorch's nn.Flatten, whose
// defaults are 1 and -1: everything but the batch axis).
type Flatten struct {
	Base
	StartDim, EndDim int
}

// NewFlatten makes a Flatten of the axes start..end (negative axes count from the end).
func NewFlatten(start, end int) *Flatten { return &Flatten{StartDim: start, EndDim: end} }

// Forward returns a view of x (a copy when its strides do not allow one).
func (f *Flatten) Forward(x *tensor.Tensor) *tensor.Tensor {
	s := x.Shape()
	n := max(len(s), 1)
	lo, hi := f.StartDim, f.EndDim
	if lo < 0 {
		lo += n
	}
	if hi < 0 {
		hi += n
	}
	if lo < 0 || lo >= n || hi < 0 || hi >= n {
		fail(tensor.Axis, "nn.Flatten", "dims %d..%d out of range for an input of shape %s", f.StartDim, f.EndDim, tensor.ShapeString(s))
	}
	if lo > hi {
		fail(tensor.Value, "nn.Flatten", "start dim %d comes after end dim %d", f.StartDim, f.EndDim)
	}
	if len(s) == 0 {
		return x.Reshape(1)
	}
	shape := append([]int{}, s[:lo]...)
	m := 1
	for _, d := range s[lo : hi+1] {
		m *= d
	}
	shape = append(append(shape, m), s[hi+1:]...)
	return x.Reshape(shape...)
}

// Embedding looks rows of Weight (num, dim) up by integer index (PyTorch's
// nn.Embedding). With a padding index, that row starts as zeros and gets no gradient.
type Embedding struct {
	Base
	Num, Dim   int
	PaddingIdx int // the padding row, or -1 for none (NewEmbeddingPadded normalises a negative index)
	Weight     *tensor.Tensor
}

// NewEmbedding makes an Embedding of num rows of dim features, drawn from N(0, 1)
// with g, as PyTorch's.
func NewEmbedding(num, dim int, g *random.Generator) *Embedding {
	if num < 0 || dim < 0 {
		fail(tensor.Value, "nn.NewEmbedding", "negative size: %d rows of %d", num, dim)
	}
	e := &Embedding{Num: num, Dim: dim, PaddingIdx: -1, Weight: Normal(g, 0, 1, num, dim)}
	e.RegisterParameter("weight", &e.Weight)
	return e
}

// NewEmbeddingPadded is NewEmbedding with row paddingIdx (negative counts from the
// end, as PyTorch's padding_idx) set to zeros and excluded from the gradient.
func NewEmbeddingPadded(num, dim, paddingIdx int, g *random.Generator) *Embedding {
	if paddingIdx < -num || paddingIdx >= num {
		fail(tensor.Index, "nn.NewEmbeddingPadded", "padding index %d out of range for %d rows", paddingIdx, num)
	}
	if paddingIdx < 0 {
		paddingIdx += num
	}
	e := NewEmbedding(num, dim, g)
	e.PaddingIdx = paddingIdx
	tensor.SetSlice(e.Weight.Detach(), 0, paddingIdx)
	return e
}

// Forward gathers the rows for the integer indices idx: shape idx.shape + (dim,).
// An index outside [0, num) is an Index error (negative indices do not count from
// the end, as in PyTorch).
func (e *Embedding) Forward(idx *tensor.Tensor) *tensor.Tensor {
	if idx.DType().IsFloat() || idx.DType() == tensor.Bool {
		fail(tensor.Value, "nn.Embedding", "indices must be integers, not %v", idx.DType())
	}
	if idx.Size() > 0 {
		lo, hi := idx.Min().Item(), idx.Max().Item()
		if lo < 0 || hi >= float64(e.Num) {
			fail(tensor.Index, "nn.Embedding", "index out of range [%v, %v] for %d rows", lo, hi, e.Num)
		}
	}
	y := tensor.Take(e.Weight, idx, 0)
	if e.PaddingIdx >= 0 && e.Weight.TracksGrad() {
		pad := tensor.Equal(idx, e.PaddingIdx).ExpandDims(-1)
		y = tensor.Where(pad, y.Detach(), y)
	}
	return y
}

// Dropout zeroes each element with probability P in training mode and scales the rest
// by 1/(1-P) (PyTorch's nn.Dropout); in evaluation mode it is the identity. The mask
// is drawn on the host from its generator and moved to the input's device.
type Dropout struct {
	Base
	P   float64
	Gen *random.Generator
}

// NewDropout makes a Dropout with probability p in [0, 1], drawing masks from g.
func NewDropout(p float64, g *random.Generator) *Dropout {
	if !(p >= 0 && p <= 1) {
		fail(tensor.Value, "nn.NewDropout", "probability %v outside [0, 1]", p)
	}
	return &Dropout{P: p, Gen: g}
}

// Forward applies the mask in training mode.
func (d *Dropout) Forward(x *tensor.Tensor) *tensor.Tensor {
	if !d.Training() || d.P == 0 {
		return x
	}
	if d.P == 1 {
		return x.Mul(0)
	}
	if d.Gen == nil {
		fail(tensor.Value, "nn.Dropout", "no random.Generator to draw the mask from")
	}
	keep := tensor.GreaterEqual(d.Gen.Random(x.Shape()...), d.P).To(x.Device())
	scale := tensor.Where(keep, 1/(1-d.P), 0.0).AsType(x.DType())
	return x.Mul(scale)
}
