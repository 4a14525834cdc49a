package nn

import (
	"github.com/gotensor/gotensor/tensor"
)

// Losses with PyTorch's options. Reduction is "mean" (the default, also for ""),
// "sum" or "none" (the per-element losses).

func reduce(op, reduction string, l *tensor.Tensor) *tensor.Tensor {
	switch reduction {
	case "", "mean":
		return l.Mean()
	case "sum":
		return l.Sum()
	case "none":
		return l
	}
	fail(tensor.Value, op, "reduction %q, want \"mean\", \"sum\" or \"none\"", reduction)
	return nil
}

func checkReduction(op, reduction string) {
	switch reduction {
	case "", "mean", "sum", "none":
		return
	}
	fail(tensor.Value, op, "reduction %q, want \"mean\", \"sum\" or \"none\"", reduction)
}

// MSELoss is the squared error (input - target)^2, reduced (PyTorch's nn.MSELoss).
type MSELoss struct {
	Reduction string
}

// NewMSELoss makes an MSELoss with the mean reduction.
func NewMSELoss() *MSELoss { return &MSELoss{Reduction: "mean"} }

// Forward computes the loss; input and target must have the same shape (PyTorch
// broadcasts with a warning; here a different shape is a Shape error).
func (m *MSELoss) Forward(input, target *tensor.Tensor) *tensor.Tensor {
	checkReduction("nn.MSELoss", m.Reduction)
	if !sameShape(input, target) {
		fail(tensor.Shape, "nn.MSELoss", "input of shape %s and target of shape %s differ",
			tensor.ShapeString(input.Shape()), tensor.ShapeString(target.Shape()))
	}
	return reduce("nn.MSELoss", m.Reduction, tensor.Square(input.Sub(target)))
}

func sameShape(a, b *tensor.Tensor) bool {
	sa, sb := a.Shape(), b.Shape()
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		if sa[i] != sb[i] {
			return false
		}
	}
	return true
}

// BCEWithLogitsLoss is binary cross-entropy on logits x with targets y in [0, 1]:
// -w*(pw*y*log(sigmoid(x)) + (1-y)*log(1-sigmoid(x))), computed stably as PyTorch's
// (nn.BCEWithLogitsLoss). Weight broadcasts to the input; PosWeight (the weight of
// positive examples, per class) broadcasts along the last axis. Both move to the
// input's device, as CrossEntropyLoss's and NLLLoss's Weight do.
type BCEWithLogitsLoss struct {
	Weight, PosWeight *tensor.Tensor
	Reduction         string
}

// NewBCEWithLogitsLoss makes a BCEWithLogitsLoss with no weights and the mean reduction.
func NewBCEWithLogitsLoss() *BCEWithLogitsLoss { return &BCEWithLogitsLoss{Reduction: "mean"} }

// Forward computes the loss; input and target must have the same shape.
func (b *BCEWithLogitsLoss) Forward(input, target *tensor.Tensor) *tensor.Tensor {
	const op = "nn.BCEWithLogitsLoss"
	checkReduction(op, b.Reduction)
	if !sameShape(input, target) {
		fail(tensor.Shape, op, "input of shape %s and target of shape %s differ",
			tensor.ShapeString(input.Shape()), tensor.ShapeString(target.Shape()))
	}
	maxVal := tensor.ReLU(input.Neg())
	// log(exp(-m) + exp(-x-m)) + m = log(1 + exp(-x)), without overflow.
	sp := tensor.Log(tensor.Exp(maxVal.Neg()).Add(tensor.Exp(input.Neg().Sub(maxVal)))).Add(maxVal)
	var loss *tensor.Tensor
	if b.PosWeight != nil {
		lw := b.PosWeight.To(input.Device()).Sub(1).Mul(target).Add(1)
		loss = tensor.Sub(1, target).Mul(input).Add(lw.Mul(sp))
	} else {
		loss = tensor.Sub(1, target).Mul(input).Add(sp)
	}
	if b.Weight != nil {
		loss = loss.Mul(b.Weight.To(input.Device()))
	}
	return reduce(op, b.Reduction, loss)
}

// NLLLoss is the negative log-likelihood of class indices under log-probabilities
// (PyTorch's nn.NLLLoss): input (N, C) or (C) or (N, C, d1, ...), target of integer
// classes (N) or () or (N, d1, ...). The loss of element i is -Weight[t_i]*input[i, t_i],
// 0 where t_i == IgnoreIndex; "mean" divides the sum by the sum of Weight[t_i] over the
// elements not ignored.
type NLLLoss struct {
	Weight      *tensor.Tensor // (C,) class weights, or nil for ones
	IgnoreIndex int            // a target value that contributes nothing; -100 by default
	Reduction   string
}

// NewNLLLoss makes an NLLLoss with no weight, IgnoreIndex -100 and the mean reduction.
func NewNLLLoss() *NLLLoss { return &NLLLoss{IgnoreIndex: -100, Reduction: "mean"} }

// Forward computes the loss.
func (n *NLLLoss) Forward(input, target *tensor.Tensor) *tensor.Tensor {
	const op = "nn.NLLLoss"
	checkReduction(op, n.Reduction)
	logp, tgt := classesLast(op, input, target)
	loss, w := nll(op, logp, tgt, n.Weight, n.IgnoreIndex)
	if n.Reduction == "" || n.Reduction == "mean" {
		return loss.Sum().Div(w.Sum())
	}
	return reduce(op, n.Reduction, loss)
}

// classesLast moves the class axis (1, or 0 for a 1-d input) of input last and checks
// the target's shape and dtype: it returns input as (..., C) and the target as (...).
func classesLast(op string, input, target *tensor.Tensor) (*tensor.Tensor, *tensor.Tensor) {
	s, ts := input.Shape(), target.Shape()
	if len(s) == 0 {
		fail(tensor.Shape, op, "input is 0-d; want (C), (N, C) or (N, C, d1, ...)")
	}
	want := []int{}
	if len(s) >= 2 {
		want = append([]int{s[0]}, s[2:]...)
	}
	if target.DType().IsFloat() || target.DType() == tensor.Bool {
		fail(tensor.Value, op, "class targets must be integers, not %v", target.DType())
	}
	if !equalInts(ts, want) {
		fail(tensor.Shape, op, "input of shape %s needs a target of shape %s, got %s",
			tensor.ShapeString(s), tensor.ShapeString(want), tensor.ShapeString(ts))
	}
	if len(s) >= 2 {
		input = tensor.MoveAxis(input, 1, -1)
	}
	return input, target.To(input.Device())
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// nll returns the per-element losses -w[t]*logp[..., t] (0 where ignored) and the
// per-element weights w[t] (0 where ignored), for logp (..., C) and targets (...).
func nll(op string, logp, target *tensor.Tensor, weight *tensor.Tensor, ignore int) (loss, w *tensor.Tensor) {
	c := logp.Shape()[logp.NDim()-1]
	keep := tensor.NotEqual(target, ignore)
	safe := tensor.Where(keep, target, 0).AsType(tensor.Int64)
	if safe.Size() > 0 {
		lo, hi := safe.Min().Item(), safe.Max().Item()
		if lo < 0 || hi >= float64(c) {
			fail(tensor.Index, op, "target %v out of range for %d classes", map[bool]float64{true: lo, false: hi}[lo < 0], c)
		}
	}
	picked := tensor.TakeAlongAxis(logp, safe.ExpandDims(-1), -1).Squeeze(-1)
	if weight != nil {
		if weight.NDim() != 1 || weight.Shape()[0] != c {
			fail(tensor.Shape, op, "weight of shape %s for %d classes", tensor.ShapeString(weight.Shape()), c)
		}
		w = tensor.Take(weight.To(logp.Device()), safe, 0)
	} else {
		w = tensor.OnesLike(picked.Detach())
	}
	w = tensor.Where(keep, w, 0.0).AsType(logp.DType())
	return picked.Neg().Mul(w), w
}

// CrossEntropyLoss is NLLLoss of the log-softmax over the class axis (PyTorch's
// nn.CrossEntropyLoss), with label smoothing: with smoothing e over C classes the loss
// of element i is (1-e)*nll_i + e/C * sum_c(-Weight[c]*logp[i, c]), the second term
// also 0 where ignored and, for "mean", divided by the sum of Weight[t_i] not ignored
// (by their count without weights). A float target of the input's shape holds class
// probabilities instead: the loss is -sum_c Weight[c]*q_c*logp_c with
// q = (1-e)*target + e/C, and "mean" divides by the number of elements.
type CrossEntropyLoss struct {
	Weight         *tensor.Tensor // (C,) class weights, or nil for ones
	IgnoreIndex    int            // -100 by default; class-index targets only
	Reduction      string
	LabelSmoothing float64 // in [0, 1]
}

// NewCrossEntropyLoss makes a CrossEntropyLoss with PyTorch's defaults (no weight,
// IgnoreIndex -100, mean, no smoothing).
func NewCrossEntropyLoss() *CrossEntropyLoss {
	return &CrossEntropyLoss{IgnoreIndex: -100, Reduction: "mean"}
}

// Forward computes the loss of logits input against target.
func (ce *CrossEntropyLoss) Forward(input, target *tensor.Tensor) *tensor.Tensor {
	const op = "nn.CrossEntropyLoss"
	checkReduction(op, ce.Reduction)
	e := ce.LabelSmoothing
	if !(e >= 0 && e <= 1) {
		fail(tensor.Value, op, "label smoothing %v outside [0, 1]", e)
	}
	mean := ce.Reduction == "" || ce.Reduction == "mean"
	if target.DType().IsFloat() {
		return ce.probabilities(input, target)
	}
	x, tgt := classesLast(op, input, target)
	logp := tensor.LogSoftmax(x, -1)
	c := logp.Shape()[logp.NDim()-1]
	loss, w := nll(op, logp, tgt, ce.Weight, ce.IgnoreIndex)
	if mean {
		loss = loss.Sum().Div(w.Sum())
	} else {
		loss = reduce(op, ce.Reduction, loss)
	}
	if e == 0 {
		return loss
	}
	wl := logp
	if ce.Weight != nil {
		wl = logp.Mul(ce.Weight.To(logp.Device()))
	}
	smooth := wl.Sum(-1).Neg()
	keep := tensor.NotEqual(tgt, ce.IgnoreIndex)
	smooth = tensor.Where(keep, smooth, 0.0)
	switch {
	case mean && ce.Weight != nil:
		smooth = smooth.Sum().Div(w.Sum())
	case mean:
		smooth = smooth.Sum().Div(tensor.CountNonzero(keep).AsType(smooth.DType()))
	default:
		smooth = reduce(op, ce.Reduction, smooth)
	}
	return loss.Mul(1 - e).Add(smooth.Mul(e / float64(c)))
}

// probabilities is the loss for class-probability targets.
func (ce *CrossEntropyLoss) probabilities(input, target *tensor.Tensor) *tensor.Tensor {
	const op = "nn.CrossEntropyLoss"
	if !sameShape(input, target) {
		fail(tensor.Shape, op, "probability targets of shape %s for input of shape %s; want the same shape",
			tensor.ShapeString(target.Shape()), tensor.ShapeString(input.Shape()))
	}
	x, q := input, target
	if input.NDim() >= 2 {
		x, q = tensor.MoveAxis(input, 1, -1), tensor.MoveAxis(target, 1, -1)
	}
	logp := tensor.LogSoftmax(x, -1)
	c := logp.Shape()[logp.NDim()-1]
	if e := ce.LabelSmoothing; e > 0 {
		q = q.Mul(1 - e).Add(e / float64(c))
	}
	t := logp.Mul(q)
	if ce.Weight != nil {
		if ce.Weight.NDim() != 1 || ce.Weight.Shape()[0] != c {
			fail(tensor.Shape, op, "weight of shape %s for %d classes", tensor.ShapeString(ce.Weight.Shape()), c)
		}
		t = t.Mul(ce.Weight.To(logp.Device()))
	}
	loss := t.Sum(-1).Neg()
	return reduce(op, ce.Reduction, loss)
}
