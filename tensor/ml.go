package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// ML helpers: softmax, losses, metrics and feature scaling, composed from the element-wise
// ops and reductions so that they run on whatever device holds their operands.

// floatOf returns x in the float dtype the ML helpers compute in: x itself for float32
// and float64, a float64 copy for integers and bools (as NumPy's float-valued ufuncs).
func floatOf(op string, x *Tensor) *Tensor {
	if x == nil {
		fail(Value, op, "nil tensor")
	}
	return x.as(floatType(x.dtype))
}

// stableMax is max(x, axis) with keepdims, where non-finite maxima are replaced by 0
// (as scipy's logsumexp does) so that a row of -inf does not turn into NaN through
// -inf - -inf.
func stableMax(x *Tensor, axis int) *Tensor {
	m := Max(x, axis, KeepDims)
	return Where(IsFinite(m), m, 0.0).as(x.dtype)
}

// fusedSoftmax runs softmax rows as one kernel where the device has it (device.Fused),
// and returns nil where it does not.
func fusedSoftmax(op string, x *Tensor, axis int, log bool) *Tensor {
	d := deviceOf(op, x)
	f, ok := d.(device.Fused)
	if !ok {
		return nil
	}
	out := alloc(op, d, x.dtype, x.shape)
	check(op, f.Softmax(out.operand(), x.operand(), axis, log))
	return out
}

// Softmax is exp(x) / sum(exp(x)) along axis, computed stably as
// exp(x - max) / sum(exp(x - max)) so that large logits do not overflow. Integer and
// bool inputs give float64; float32 stays float32.
func Softmax(x *Tensor, axis int) *Tensor {
	x.must("Softmax")
	const op = "Softmax"
	if x.ag != nil {
		return record(op, Softmax(untrack(x), axis), normAxis(op, axis, len(x.shape)), nil, x)
	}
	x = floatOf(op, x)
	axis = normAxis(op, axis, len(x.shape))
	if x.Size() == 0 {
		return x.Copy()
	}
	if out := fusedSoftmax(op, x, axis, false); out != nil {
		return out
	}
	return softmaxComposed(x, axis)
}

// softmaxComposed is Softmax from element-wise ops and reductions, for devices without a
// fused kernel.
func softmaxComposed(x *Tensor, axis int) *Tensor {
	e := Exp(Sub(x, stableMax(x, axis)))
	return DivInto(e, e, Sum(e, axis, KeepDims))
}

// LogSoftmax is log(Softmax(x, axis)), computed stably as
// (x - max) - log(sum(exp(x - max))) along axis. Integer and bool inputs give float64.
func LogSoftmax(x *Tensor, axis int) *Tensor {
	x.must("LogSoftmax")
	const op = "LogSoftmax"
	if x.ag != nil {
		return record(op, LogSoftmax(untrack(x), axis), normAxis(op, axis, len(x.shape)), nil, x)
	}
	x = floatOf(op, x)
	axis = normAxis(op, axis, len(x.shape))
	if x.Size() == 0 {
		return x.Copy()
	}
	if out := fusedSoftmax(op, x, axis, true); out != nil {
		return out
	}
	return logSoftmaxComposed(x, axis)
}

// logSoftmaxComposed is LogSoftmax from element-wise ops and reductions.
func logSoftmaxComposed(x *Tensor, axis int) *Tensor {
	z := Sub(x, stableMax(x, axis))
	lse := Sum(Exp(z), axis, KeepDims)
	return SubInto(z, z, LogInto(lse, lse))
}

// CrossEntropy is the mean negative log-likelihood of integer class labels under the
// softmax of logits: mean(-LogSoftmax(logits, -1)[i, labels[i]]). logits has shape
// (..., C) with the classes on the last axis and labels has the leading shape (...); the
// mean is over every label. The result is a 0-d tensor of the logits' float dtype
// (float64 for integer logits). A label outside [0, C) is an Index error (negative labels
// do not count from the end); float labels are a Value error. Where the device has a fused
// kernel (device.FusedLoss, as the CPU) the per-row losses come from one pass over the
// logits, with no (..., C) temporaries; elsewhere it is composed from LogSoftmax, a one-hot
// mask, Where and Sum. Either way the mean is Mean's.
func CrossEntropy(logits, labels *Tensor) *Tensor {
	logits.must("CrossEntropy")
	labels.must("CrossEntropy")
	const op = "CrossEntropy"
	if logits.ag != nil {
		return record(op, CrossEntropy(untrack(logits), labels), labels.Detach(), nil, logits, nil)
	}
	x := floatOf(op, logits)
	if labels == nil {
		fail(Value, op, "nil labels")
	}
	if !labels.dtype.IsInt() {
		fail(Value, op, "labels must have an integer dtype, got %v", labels.dtype)
	}
	r := len(x.shape)
	if r == 0 || !slices.Equal(x.shape[:r-1], labels.shape) {
		fail(Shape, op, "logits of shape %s and labels of shape %s do not match: want logits (..., C) and labels (...)",
			shapeStr(x.shape), shapeStr(labels.shape))
	}
	c := x.shape[r-1]
	if labels.Size() > 0 {
		if lo, hi := Min(labels).Int(), Max(labels).Int(); lo < 0 || hi >= int64(c) {
			bad := lo
			if lo >= 0 {
				bad = hi
			}
			fail(Index, op, "label %d is out of range for %d classes: want 0 <= label < %d", bad, c, c)
		}
	}
	if m := fusedCrossEntropy(op, x, labels); m != nil {
		return m
	}
	return crossEntropyComposed(x, labels)
}

// fusedCrossEntropy is CrossEntropy's mean of per-row losses computed by one kernel where
// the device has it (device.FusedLoss) and holds both operands; it returns nil otherwise.
// The labels are valid. Logits go to the device as (rows, C), a view where their strides
// allow, and labels as (rows,) int64; the mean is Mean's.
func fusedCrossEntropy(op string, x, labels *Tensor) *Tensor {
	d := x.Device()
	f, ok := d.(device.FusedLoss)
	if !ok || labels.Device() != d {
		return nil
	}
	rows, c := labels.Size(), x.shape[len(x.shape)-1]
	lab := labels.as(Int64).Reshape(rows)
	nll := alloc(op, d, x.dtype, []int{rows})
	check(op, f.CrossEntropyRows(nll.operand(), x.Reshape(rows, c).operand(), lab.operand()))
	m := Mean(nll)
	nll.Free()
	return m
}

// crossEntropyComposed is CrossEntropy from a one-hot mask, LogSoftmax, Where, Sum and
// Mean, for devices without a fused kernel; the labels are valid.
func crossEntropyComposed(x, labels *Tensor) *Tensor {
	c := x.shape[len(x.shape)-1]
	classes := Arange(labels.dtype, 0, float64(c), 1).To(labels.Device())
	picked := Equal(labels.ExpandDims(-1), classes) // one-hot mask, shape (..., C)
	lp := LogSoftmax(x, -1)
	nll := Sum(Where(picked, lp, 0.0).as(x.dtype), -1)
	m := Mean(nll)
	return NegInto(m, m)
}

// diffOf returns yTrue - yPred in float (integers are converted first, so they cannot
// overflow), broadcasting as Sub does.
func diffOf(op string, yTrue, yPred *Tensor) *Tensor {
	a, b := floatOf(op, yTrue), floatOf(op, yPred)
	return Sub(a, b)
}

// MSE is the mean squared error mean((yTrue - yPred)**2) over every element, as a 0-d
// tensor. The operands broadcast; integer inputs are converted to float64 before
// subtracting (NumPy subtracts in the integer dtype, which can overflow).
func MSE(yTrue, yPred *Tensor) *Tensor {
	yTrue.must("MSE")
	yPred.must("MSE")
	if yTrue.ag != nil || yPred.ag != nil {
		return record("MSE", MSE(untrack(yTrue), untrack(yPred)), nil, nil, yTrue, yPred)
	}
	d := diffOf("MSE", yTrue, yPred)
	return Mean(SquareInto(d, d))
}

// MAE is the mean absolute error mean(|yTrue - yPred|), as a 0-d tensor.
func MAE(yTrue, yPred *Tensor) *Tensor {
	yTrue.must("MAE")
	yPred.must("MAE")
	if yTrue.ag != nil || yPred.ag != nil {
		return record("MAE", MAE(untrack(yTrue), untrack(yPred)), nil, nil, yTrue, yPred)
	}
	d := diffOf("MAE", yTrue, yPred)
	return Mean(AbsInto(d, d))
}

// RMSE is the root mean squared error sqrt(MSE(yTrue, yPred)), as a 0-d tensor.
func RMSE(yTrue, yPred *Tensor) *Tensor {
	yTrue.must("RMSE")
	yPred.must("RMSE")
	m := MSE(yTrue, yPred)
	return SqrtInto(m, m)
}

// Accuracy is the fraction of positions where labels and predictions are equal, as a 0-d
// float64 tensor (np.mean(labels == predictions)). The shapes must be equal; it is NaN
// for empty inputs, as NumPy's mean of nothing.
func Accuracy(labels, predictions *Tensor) *Tensor {
	labels.must("Accuracy")
	predictions.must("Accuracy")
	const op = "Accuracy"
	if labels == nil || predictions == nil {
		fail(Value, op, "nil tensor")
	}
	if !slices.Equal(labels.shape, predictions.shape) {
		fail(Shape, op, "labels of shape %s and predictions of shape %s differ: want equal shapes",
			shapeStr(labels.shape), shapeStr(predictions.shape))
	}
	return Mean(Equal(labels, predictions))
}

// Normalize divides x by its L2 norm along axis: x / sqrt(sum(x**2, axis, keepdims)),
// as x / np.linalg.norm(x, axis=axis, keepdims=True). A zero vector gives NaN, as in
// NumPy. Integer inputs give float64.
func Normalize(x *Tensor, axis int) *Tensor {
	x.must("Normalize")
	const op = "Normalize"
	x = floatOf(op, x)
	axis = normAxis(op, axis, len(x.shape))
	n := Sum(Square(x), axis, KeepDims)
	return Div(x, SqrtInto(n, n))
}

// Standardize is (x - mean) / std along axis with ddof 0, as
// (x - x.mean(axis, keepdims=True)) / x.std(axis, keepdims=True). A constant slice
// gives NaN, as in NumPy. Integer inputs give float64.
func Standardize(x *Tensor, axis int) *Tensor {
	x.must("Standardize")
	const op = "Standardize"
	x = floatOf(op, x)
	axis = normAxis(op, axis, len(x.shape))
	z := Sub(x, Mean(x, axis, KeepDims))
	return DivInto(z, z, Std(x, axis, KeepDims))
}
