package tensor

import (
	"math"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// Batch normalisation in training mode, as torch.nn.functional.batch_norm(training=True),
// and its gradient. On the CPU each is one fused pass per statistic (cpu.BatchNormStats,
// BatchNormAffine, BatchNormBackward, accumulating in float64 as PyTorch's CPU kernels);
// on other devices they are composed of Mean, Var and element-wise ops.

// BatchNormSaved is what BatchNorm records for its gradient rule: the batch's mean and
// 1/sqrt(var+eps) per channel, (C,) in x's dtype, and eps.
type BatchNormSaved struct {
	Mean, InvStd *Tensor
	Eps          float64
}

// bnShape checks x (N, C, ...) against weight and bias ((C,) or nil) and returns N, C
// and the size of the remaining axes.
func bnShape(op string, x, weight, bias *Tensor) (n, c, s int) {
	if len(x.shape) < 2 {
		fail(Shape, op, "input of shape %s: want (N, C, ...) with the channels on axis 1", shapeStr(x.shape))
	}
	n, c, s = x.shape[0], x.shape[1], prod(x.shape[2:])
	for _, p := range []struct {
		name string
		t    *Tensor
	}{{"weight", weight}, {"bias", bias}} {
		if p.t != nil && (len(p.t.shape) != 1 || p.t.shape[0] != c) {
			fail(Shape, op, "%s of shape %s for an input of shape %s: want (%d,)", p.name, shapeStr(p.t.shape), shapeStr(x.shape), c)
		}
	}
	return n, c, s
}

// bnAxes is every axis of a rank-r input but the channels', and KeepDims.
func bnAxes(r int) []int {
	axes := []int{0}
	for k := 2; k < r; k++ {
		axes = append(axes, k)
	}
	return append(axes, KeepDims)
}

// bnChannels reshapes a (C,) tensor to broadcast along axis 1 of a rank-r input.
func bnChannels(t *Tensor, r int) *Tensor {
	s := make([]int, r)
	for k := range s {
		s[k] = 1
	}
	s[1] = t.shape[0]
	return t.Reshape(s...)
}

// BatchNorm normalises each channel (axis 1) of x (N, C, ...) by the batch's mean and
// biased variance over every other axis, then scales by weight and shifts by bias (each
// (C,), or nil for none): torch.nn.functional.batch_norm in training mode,
//
//	y = (x - mean) / sqrt(var + eps) * weight + bias.
//
// It also returns the batch's mean and biased variance (C,), from which a caller updates
// running statistics. Operands must be float32 or float64 of one dtype (a Value error
// otherwise); x needs at least two axes and weight and bias C elements (Shape errors).
// Channels with no values (N or a spatial size 0) have NaN statistics. Gradients flow to
// x, weight and bias, and to second order.
func BatchNorm(x, weight, bias *Tensor, eps float64) (y, mean, variance *Tensor) {
	const op = "BatchNorm"
	x.must(op)
	n, c, s := bnShape(op, x, weight, bias)
	convFloat(op, x, weight, bias)
	d := deviceOf(op, x, weight, bias)
	if x.ag != nil || weight != nil && weight.ag != nil || bias != nil && bias.ag != nil {
		var saved BatchNormSaved
		y, mean, variance, saved = batchNorm(untrack(x), untrack(weight), untrack(bias), eps, d, n, c, s)
		return record(op, y, saved, nil, x, weight, bias), mean, variance
	}
	y, mean, variance, _ = batchNorm(x, weight, bias, eps, d, n, c, s)
	return y, mean, variance
}

// BatchNorm normalises t per channel by the batch's statistics (see the function
// BatchNorm).
func (t *Tensor) BatchNorm(weight, bias *Tensor, eps float64) (y, mean, variance *Tensor) {
	return BatchNorm(t, weight, bias, eps)
}

func batchNorm(x, weight, bias *Tensor, eps float64, d device.Device, n, c, s int) (y, mean, variance *Tensor, saved BatchNormSaved) {
	if isCPU(d) {
		if x.dtype == Float32 {
			return batchNormHost[float32](x, weight, bias, eps, n, c, s)
		}
		return batchNormHost[float64](x, weight, bias, eps, n, c, s)
	}
	return batchNormComposed(x, weight, bias, eps)
}

// batchNormComposed is BatchNorm from Mean, Var and element-wise ops, for any device.
func batchNormComposed(x, weight, bias *Tensor, eps float64) (y, mean, variance *Tensor, saved BatchNormSaved) {
	r, c := len(x.shape), x.shape[1]
	axes := bnAxes(r)
	m, v := Mean(x, axes...), Var(x, axes...)
	is := Reciprocal(Sqrt(Add(v, eps)))
	y = Mul(Sub(x, m), is)
	if weight != nil {
		y = Mul(y, bnChannels(weight, r))
	}
	if bias != nil {
		y = Add(y, bnChannels(bias, r))
	}
	return y, m.Reshape(c), v.Reshape(c), BatchNormSaved{Mean: m.Reshape(c), InvStd: is.Reshape(c), Eps: eps}
}

func batchNormHost[T float32 | float64](x, weight, bias *Tensor, eps float64, n, c, s int) (y, mean, variance *Tensor, saved BatchNormSaved) {
	const op = "BatchNorm"
	st := make([]float64, 2*c)
	m64, v64 := st[:c:c], st[c:]
	var xs []T
	if x.Size() > 0 {
		xs = hostElems[T](hostContig(x))
	}
	cpu.BatchNormStats(xs, n, c, s, m64, v64)
	var ws, bs []T
	if weight != nil {
		ws = hostElems[T](hostContig(weight))
	}
	if bias != nil {
		bs = hostElems[T](hostContig(bias))
	}
	per := make([]T, 5*c) // one allocation, cut into capped slices
	ms, vs, iss := per[:c:c], per[c:2*c:2*c], per[2*c:3*c:3*c]
	alpha, beta := per[3*c:4*c:4*c], per[4*c:]
	for ch := range c {
		is := 1 / math.Sqrt(v64[ch]+eps)
		a := is
		if ws != nil {
			a *= float64(ws[ch])
		}
		b := -m64[ch] * a
		if bs != nil {
			b += float64(bs[ch])
		}
		ms[ch], vs[ch], iss[ch], alpha[ch], beta[ch] = T(m64[ch]), T(v64[ch]), T(is), T(a), T(b)
	}
	y = alloc(op, device.CPU(), x.dtype, x.shape)
	if y.Size() > 0 {
		cpu.BatchNormAffine(xs, n, c, s, alpha, beta, hostElems[T](y))
	}
	mean, variance = FromSlice(ms, c), FromSlice(vs, c)
	return y, mean, variance, BatchNormSaved{Mean: mean, InvStd: FromSlice(iss, c), Eps: eps}
}

// BatchNormBackward returns the gradients of BatchNorm's result with respect to x,
// weight and bias, given g, the gradient of the result (x's shape), x, and the mean and
// invstd = 1/sqrt(var+eps) (C,) BatchNorm normalised x with; weight nil means ones.
// With xhat = (x - mean)*invstd and N the values per channel:
//
//	dbias = sum(g), dweight = sum(g*xhat),
//	dx = weight*invstd * (g - sum(g)/N - xhat*sum(g*xhat)/N),
//
// sums over every axis but 1. It treats mean and invstd as the batch's own statistics of
// x (that is what the formula for dx accounts for). On the CPU it is two fused passes
// (one for the sums, one for dx); elsewhere, and when an operand is recorded for autograd
// (so that gradients of gradients flow), it is composed of element-wise ops and sums.
func BatchNormBackward(g, x, mean, invstd, weight *Tensor) (dx, dweight, dbias *Tensor) {
	const op = "BatchNormBackward"
	g.must(op)
	x.must(op)
	mean.must(op)
	invstd.must(op)
	n, c, s := bnShape(op, x, weight, nil)
	checkGradShape(op, "gradient of the result", g.shape, x.shape)
	for _, t := range []*Tensor{mean, invstd} {
		if len(t.shape) != 1 || t.shape[0] != c {
			fail(Shape, op, "mean and invstd of shapes %s and %s for an input of shape %s: want (%d,)", shapeStr(mean.shape), shapeStr(invstd.shape), shapeStr(x.shape), c)
		}
	}
	convFloat(op, g, x, mean, invstd, weight)
	d := deviceOf(op, g, x, mean, invstd, weight)
	if isCPU(d) && g.ag == nil && x.ag == nil && mean.ag == nil && invstd.ag == nil && (weight == nil || weight.ag == nil) {
		if x.dtype == Float32 {
			return batchNormBackwardHost[float32](g, x, mean, invstd, weight, n, c, s)
		}
		return batchNormBackwardHost[float64](g, x, mean, invstd, weight, n, c, s)
	}
	return batchNormBackwardComposed(g, x, mean, invstd, weight)
}

// BatchNormBackward returns BatchNorm's gradients given t, the gradient of its result
// (see the function BatchNormBackward).
func (t *Tensor) BatchNormBackward(x, mean, invstd, weight *Tensor) (dx, dweight, dbias *Tensor) {
	return BatchNormBackward(t, x, mean, invstd, weight)
}

// batchNormBackwardComposed is BatchNormBackward from element-wise ops and sums, for any
// device and for recorded operands.
func batchNormBackwardComposed(g, x, mean, invstd, weight *Tensor) (dx, dweight, dbias *Tensor) {
	r := len(x.shape)
	axes := bnAxes(r)
	xhat := Mul(Sub(x, bnChannels(mean, r)), bnChannels(invstd, r))
	dbias = Sum(g, axes[:len(axes)-1]...)
	dweight = Sum(Mul(g, xhat), axes[:len(axes)-1]...)
	dxhat := g
	if weight != nil {
		dxhat = Mul(g, bnChannels(weight, r))
	}
	dx = Mul(Sub(Sub(dxhat, Mean(dxhat, axes...)), Mul(xhat, Mean(Mul(dxhat, xhat), axes...))), bnChannels(invstd, r))
	return dx, dweight, dbias
}

func batchNormBackwardHost[T float32 | float64](g, x, mean, invstd, weight *Tensor, n, c, s int) (dx, dweight, dbias *Tensor) {
	const op = "BatchNormBackward"
	w := make([]float64, 5*c) // one allocation, cut into capped slices
	dw, db, m, is := w[:c:c], w[c:2*c:2*c], w[2*c:3*c:3*c], w[3*c:4*c:4*c]
	f64 := func(dst []float64, t *Tensor) []float64 {
		if t == nil {
			return nil
		}
		for i, e := range hostElems[T](hostContig(t)) {
			dst[i] = float64(e)
		}
		return dst
	}
	dx = alloc(op, device.CPU(), x.dtype, x.shape)
	var gs, xs, dxs []T
	if dx.Size() > 0 {
		gs, xs, dxs = hostElems[T](hostContig(g)), hostElems[T](hostContig(x)), hostElems[T](dx)
	}
	cpu.BatchNormBackward(gs, xs, n, c, s, f64(m, mean), f64(is, invstd), f64(w[4*c:], weight), dxs, dw, db)
	grads := make([]T, 2*c)
	dws, dbs := grads[:c:c], grads[c:]
	for ch := range c {
		dws[ch], dbs[ch] = T(dw[ch]), T(db[ch])
	}
	return dx, FromSlice(dws, c), FromSlice(dbs, c)
}
