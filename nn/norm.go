package nn

import (
	"slices"

	"github.com/gotensor/gotensor/tensor"
)

// BatchNormConfig holds BatchNorm's options; zero fields mean PyTorch's defaults.
type BatchNormConfig struct {
	Eps      float64 // added to the variance; 0 means 1e-5
	Momentum float64 // weight of the batch in the running statistics; 0 means 0.1 (autograd.Zero for 0)
	// CumulativeAverage makes the running statistics a plain average over the batches
	// seen (PyTorch's momentum=None).
	CumulativeAverage bool
	NoAffine          bool // no Weight and Bias (affine=False)
	NoRunningStats    bool // normalise by the batch's statistics in both modes (track_running_stats=False)
}

// BatchNorm normalises each channel (axis 1) by its mean and variance over the batch
// and the other axes, then scales by Weight and shifts by Bias (PyTorch's BatchNorm1d
// and BatchNorm2d). In training mode it uses the batch's biased variance and updates
// RunningMean and RunningVar (with the unbiased variance) by Momentum, counting the
// batches in NumBatchesTracked; in evaluation mode it uses the running statistics.
type BatchNorm struct {
	Base
	NumFeatures int
	Eps         float64
	Momentum    float64
	Cumulative  bool
	ranks       []int // the input ranks it accepts
	op          string

	Weight, Bias                               *tensor.Tensor // (C,): ones and zeros at first; nil without affine
	RunningMean, RunningVar, NumBatchesTracked *tensor.Tensor // (C,) zeros, (C,) ones, int64 0-d; nil without running stats
}

// NewBatchNorm1d makes a BatchNorm over inputs (N, C) or (N, C, L), float32.
func NewBatchNorm1d(numFeatures int, c BatchNormConfig) *BatchNorm {
	return newBatchNorm("nn.BatchNorm1d", numFeatures, c, 2, 3)
}

// NewBatchNorm2d makes a BatchNorm over inputs (N, C, H, W), float32.
func NewBatchNorm2d(numFeatures int, c BatchNormConfig) *BatchNorm {
	return newBatchNorm("nn.BatchNorm2d", numFeatures, c, 4)
}

func newBatchNorm(op string, n int, c BatchNormConfig, ranks ...int) *BatchNorm {
	if n < 0 {
		fail(tensor.Value, op, "negative feature count %d", n)
	}
	b := &BatchNorm{NumFeatures: n, Eps: orDefault(c.Eps, 1e-5), Momentum: orDefault(c.Momentum, 0.1),
		Cumulative: c.CumulativeAverage, ranks: ranks, op: op}
	if !c.NoAffine {
		b.Weight = tensor.Ones(tensor.Float32, n)
		b.Bias = tensor.Zeros(tensor.Float32, n)
	}
	if !c.NoRunningStats {
		b.RunningMean = tensor.Zeros(tensor.Float32, n)
		b.RunningVar = tensor.Ones(tensor.Float32, n)
		b.NumBatchesTracked = tensor.Scalar(int64(0))
	}
	b.RegisterParameter("weight", &b.Weight)
	b.RegisterParameter("bias", &b.Bias)
	b.RegisterBuffer("running_mean", &b.RunningMean)
	b.RegisterBuffer("running_var", &b.RunningVar)
	b.RegisterBuffer("num_batches_tracked", &b.NumBatchesTracked)
	return b
}

// orDefault is v, or def when v is +0 (-0, autograd.Zero, means 0).
func orDefault(v, def float64) float64 {
	if v == 0 {
		if 1/v < 0 {
			return 0
		}
		return def
	}
	return v
}

// Forward normalises x.
func (b *BatchNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	s := x.Shape()
	if !slices.Contains(b.ranks, len(s)) || s[1] != b.NumFeatures {
		fail(tensor.Shape, b.op, "input of shape %s, want %d channels on axis 1 of a %v-d input", tensor.ShapeString(s), b.NumFeatures, b.ranks)
	}
	axes := []int{0}
	count := s[0]
	bshape := []int{1, s[1]}
	for k := 2; k < len(s); k++ {
		axes = append(axes, k)
		count *= s[k]
		bshape = append(bshape, 1)
	}
	useBatch := b.Training() || b.RunningMean == nil
	var mean, vr *tensor.Tensor
	if useBatch {
		if b.Training() && count <= 1 {
			fail(tensor.Value, b.op, "expected more than 1 value per channel when training, got input of shape %s", tensor.ShapeString(s))
		}
		if b.fused(x) {
			y, mean, vr := tensor.BatchNorm(x, b.Weight, b.Bias, b.Eps)
			if b.Training() && b.RunningMean != nil {
				b.update(mean, vr, count)
			}
			return y
		}
		mean = x.Mean(append(axes, tensor.KeepDims)...)
		vr = x.Var(append(axes, tensor.KeepDims)...)
		if b.Training() && b.RunningMean != nil {
			b.update(mean.Detach().Reshape(s[1]), vr.Detach().Reshape(s[1]), count)
		}
	} else {
		mean = b.RunningMean.Reshape(bshape...)
		vr = b.RunningVar.Reshape(bshape...)
	}
	y := x.Sub(mean).Div(tensor.Sqrt(vr.Add(b.Eps)))
	if b.Weight != nil {
		y = y.Mul(b.Weight.Reshape(bshape...)).Add(b.Bias.Reshape(bshape...))
	}
	return y
}

// fused reports whether x normalised by its batch's statistics can go through
// tensor.BatchNorm (one recorded op, fused on the CPU): a float x of the parameters'
// dtype. Other inputs (integers, float64 with float32 parameters) take the composed path,
// which promotes as the element-wise ops do.
func (b *BatchNorm) fused(x *tensor.Tensor) bool {
	dt := x.DType()
	return dt.IsFloat() && (b.Weight == nil || b.Weight.DType() == dt) && (b.Bias == nil || b.Bias.DType() == dt)
}

// update moves the running statistics towards the batch's, in place.
func (b *BatchNorm) update(mean, vr *tensor.Tensor, count int) {
	b.NumBatchesTracked.AddInPlace(1)
	m := b.Momentum
	if b.Cumulative {
		m = 1 / b.NumBatchesTracked.Item()
	}
	unbiased := vr.Mul(float64(count) / float64(count-1))
	rm, rv := b.RunningMean.Detach(), b.RunningVar.Detach()
	tensor.SetSlice(rm, rm.Mul(1-m).Add(mean.Mul(m).AsType(rm.DType())))
	tensor.SetSlice(rv, rv.Mul(1-m).Add(unbiased.Mul(m).AsType(rv.DType())))
}

// LayerNormConfig holds LayerNorm's options; zero fields mean PyTorch's defaults.
type LayerNormConfig struct {
	Eps      float64 // added to the variance; 0 means 1e-5
	NoAffine bool    // no Weight and Bias (elementwise_affine=False)
}

// LayerNorm normalises over the trailing axes of shape NormalizedShape by their mean
// and biased variance, then scales by Weight and shifts by Bias of that shape
// (PyTorch's nn.LayerNorm).
type LayerNorm struct {
	Base
	NormalizedShape []int
	Eps             float64
	Weight, Bias    *tensor.Tensor // ones and zeros at first; nil without affine
}

// NewLayerNorm makes a float32 LayerNorm over trailing axes of the given shape.
func NewLayerNorm(shape []int, c LayerNormConfig) *LayerNorm {
	if len(shape) == 0 {
		fail(tensor.Value, "nn.NewLayerNorm", "normalized shape must have at least one dimension")
	}
	l := &LayerNorm{NormalizedShape: slices.Clone(shape), Eps: orDefault(c.Eps, 1e-5)}
	if !c.NoAffine {
		l.Weight = tensor.Ones(tensor.Float32, shape...)
		l.Bias = tensor.Zeros(tensor.Float32, shape...)
	}
	l.RegisterParameter("weight", &l.Weight)
	l.RegisterParameter("bias", &l.Bias)
	return l
}

// Forward normalises x, whose trailing axes must be NormalizedShape.
func (l *LayerNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	s := x.Shape()
	k := len(l.NormalizedShape)
	if len(s) < k || !slices.Equal(s[len(s)-k:], l.NormalizedShape) {
		fail(tensor.Shape, "nn.LayerNorm", "input of shape %s does not end with the normalized shape %s",
			tensor.ShapeString(s), tensor.ShapeString(l.NormalizedShape))
	}
	axes := make([]int, 0, k+1)
	for i := len(s) - k; i < len(s); i++ {
		axes = append(axes, i)
	}
	axes = append(axes, tensor.KeepDims)
	mean := x.Mean(axes...)
	vr := x.Var(axes...)
	y := x.Sub(mean).Div(tensor.Sqrt(vr.Add(l.Eps)))
	if l.Weight != nil {
		y = y.Mul(l.Weight).Add(l.Bias)
	}
	return y
}
