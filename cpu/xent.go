package cpu

import (
	"math"

	"github.com/gotensor/gotensor/device"
)

var _ device.FusedLoss = Device{}

// CrossEntropyRows is the fused cross-entropy of device.FusedLoss: per row, the max (SIMD)
// and the float64 sum of the shifted exponentials (SIMD exp, as the fused log-softmax
// computes them), then log(sum) - (x[label] - max) in float64, rounded once to the logits'
// dtype. Rows are spread over the workers; each row is computed by one of them alone, so
// the result does not depend on the thread count.
func (Device) CrossEntropyRows(dst, logits, labels device.Operand) error {
	defer keepAlive(dst.Buf, logits.Buf, labels.Buf, nil)
	rows, c := logits.Shape[0], logits.Shape[1]
	lab := raw(labels).([]int64)
	for r := range rows {
		if l := lab[labels.Offset+r*labels.Strides[0]]; l < 0 || l >= int64(c) {
			return &device.IndexError{Index: l, Size: c}
		}
	}
	switch s := raw(logits).(type) {
	case []float32:
		xentRun(raw(dst).([]float32), s, lab, dst, logits, labels)
	case []float64:
		xentRun(raw(dst).([]float64), s, lab, dst, logits, labels)
	}
	return nil
}

// xentRun writes the negative log-likelihood of every row of src into d.
func xentRun[T float](d, s []T, lab []int64, dst, src, labels device.Operand) {
	rows, c := src.Shape[0], src.Shape[1]
	if rows == 0 || c == 0 {
		return
	}
	rs, cs := src.Strides[0], src.Strides[1]
	parallelFor(rows, max(1, parMin/2/c), func(lo, hi int) {
		var buf []T
		if cs != 1 {
			buf = make([]T, c)
		}
		scratch := make([]T, expChunk)
		for r := lo; r < hi; r++ {
			base := src.Offset + r*rs
			var x []T
			if cs == 1 {
				x = s[base : base+c : base+c]
			} else {
				for j := range buf {
					buf[j] = s[base+j*cs]
				}
				x = buf
			}
			l := lab[labels.Offset+r*labels.Strides[0]]
			d[dst.Offset+r*dst.Strides[0]] = T(xentRow(x, int(l), scratch))
		}
	})
}

// xentRow is log(sum(exp(x - m))) - (x[l] - m) in float64, with m the max of x or 0 where
// that is infinite; a NaN in x gives NaN (through m and the sum).
func xentRow[T float](x []T, l int, scratch []T) float64 {
	m := extremum(x, true)
	if math.IsInf(float64(m), 0) {
		m = 0
	}
	return math.Log(expSum(x, m, scratch)) - (float64(x[l]) - float64(m))
}
