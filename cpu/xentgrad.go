package cpu

import (
	"math"

	"github.com/gotensor/gotensor/device"
)

var _ device.FusedGrad = Device{}

// CrossEntropyGrad is device.FusedGrad's cross-entropy backward: per row, the max, the
// float64 sum of the shifted exponentials, then (exp(x - max)/sum - onehot) * scale in
// one more pass, rounded once to the logits' dtype. Rows are spread over the workers, each
// computed by one of them alone.
func (Device) CrossEntropyGrad(dst, logits, labels device.Operand, scale float64) error {
	defer keepAlive(dst.Buf, logits.Buf, labels.Buf, nil)
	rows, c := logits.Shape[0], logits.Shape[1]
	lab := raw(labels).([]int64)[labels.Offset:]
	for r := range rows {
		if l := lab[r]; l < 0 || l >= int64(c) {
			return &device.IndexError{Index: l, Size: c}
		}
	}
	switch s := raw(logits).(type) {
	case []float32:
		xentGradRun(raw(dst).([]float32)[dst.Offset:], s[logits.Offset:], lab, rows, c, scale)
	case []float64:
		xentGradRun(raw(dst).([]float64)[dst.Offset:], s[logits.Offset:], lab, rows, c, scale)
	}
	return nil
}

func xentGradRun[T float](d, s []T, lab []int64, rows, c int, scale float64) {
	if rows == 0 || c == 0 {
		return
	}
	parallelFor(rows, max(1, parMin/4/c), func(lo, hi int) {
		// Each row's exponentials are kept between the sum and the gradient pass, so
		// that exp runs once per element (it was three times for the label's, twice for
		// the others: about 5% of a 784-256-10 training step on Zen 3).
		var buf [256]float64
		e := buf[:]
		if c > len(buf) {
			e = make([]float64, c)
		}
		e = e[:c]
		for r := lo; r < hi; r++ {
			x, y := s[r*c:(r+1)*c:(r+1)*c], d[r*c:(r+1)*c:(r+1)*c]
			inv := scale / rowExpSum(x, e)
			for j, v := range e {
				y[j] = T(v * inv)
			}
			y[lab[r]] = T(e[lab[r]]*inv - scale)
		}
	})
}

// rowExpSum sets e[j] = exp(x[j] - max) for a row (rowMax) and returns their
// float64 sum, added in order.
func rowExpSum[T float](x []T, e []float64) (sum float64) {
	m := rowMax(x)
	e = e[:len(x)]
	for j, v := range x {
		e[j] = math.Exp(float64(v) - m)
		sum += e[j]
	}
	return sum
}

// rowMax returns a row's maximum as the softmax kernels shift by it: NaN if any element
// is NaN, 0 where it is infinite.
func rowMax[T float](x []T) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if f := float64(v); f > m || f != f {
			m = f
		}
	}
	if math.IsInf(m, 0) {
		m = 0
	}
	return m
}

// SoftmaxGrad is device.FusedGrad's softmax and log-softmax backward, one row at a time:
// the row's sum (of g*y, or of g) in float64, then one pass writing the gradient.
func (Device) SoftmaxGrad(dst, y, g device.Operand, log bool) error {
	defer keepAlive(dst.Buf, y.Buf, g.Buf, nil)
	rows, c := y.Shape[0], y.Shape[1]
	switch s := raw(y).(type) {
	case []float32:
		softmaxGradRun(raw(dst).([]float32)[dst.Offset:], s[y.Offset:], raw(g).([]float32)[g.Offset:], rows, c, log)
	case []float64:
		softmaxGradRun(raw(dst).([]float64)[dst.Offset:], s[y.Offset:], raw(g).([]float64)[g.Offset:], rows, c, log)
	}
	return nil
}

func softmaxGradRun[T float](d, ys, gs []T, rows, c int, log bool) {
	if rows == 0 || c == 0 {
		return
	}
	parallelFor(rows, max(1, parMin/4/c), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			y, g, o := ys[r*c:(r+1)*c:(r+1)*c], gs[r*c:(r+1)*c:(r+1)*c], d[r*c:(r+1)*c:(r+1)*c]
			sum := 0.0
			if log {
				for _, v := range g {
					sum += float64(v)
				}
				for j := range o {
					o[j] = T(float64(g[j]) - math.Exp(float64(y[j]))*sum)
				}
				continue
			}
			for j, v := range g {
				sum += float64(v) * float64(y[j])
			}
			for j := range o {
				o[j] = T(float64(y[j]) * (float64(g[j]) - sum))
			}
		}
	})
}
