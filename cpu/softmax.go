package cpu

import (
	"math"

	"github.com/gotensor/gotensor/device"
)

var _ device.Fused = Device{}

// Softmax is the fused softmax / log-softmax along axis: per row, the max (SIMD), the
// shifted exponentials and their sum in one pass (SIMD exp), then the scale.
func (Device) Softmax(dst, src device.Operand, axis int, log bool) error {
	defer keepAlive(dst.Buf, src.Buf, nil, nil)
	switch s := raw(src).(type) {
	case []float32:
		softmaxRun(raw(dst).([]float32), s, dst, src, axis, log)
	case []float64:
		softmaxRun(raw(dst).([]float64), s, dst, src, axis, log)
	}
	return nil
}

func softmaxRun[T float](d, s []T, dst, src device.Operand, axis int, log bool) {
	p, n, ds, ss := lines(dst, src, axis)
	if n == 0 {
		return
	}
	_, st := p.inner()
	p.parWeighted(n, func(off []int, rows int) {
		var in, out []T
		if ss != 1 || ds != 1 {
			in, out = make([]T, n), make([]T, n)
		}
		var scratch []T
		if log {
			scratch = make([]T, expChunk) // one per piece of rows, not per row
		}
		di, si := off[0], off[1]
		for r := 0; r < rows; r, di, si = r+1, di+st[0], si+st[1] {
			var x, y []T
			if ss == 1 {
				x = s[si : si+n : si+n]
			} else {
				for j := range in {
					in[j] = s[si+j*ss]
				}
				x = in
			}
			if ds == 1 {
				y = d[di : di+n : di+n]
			} else {
				y = out
			}
			softmaxRow(y, x, log, scratch)
			if ds != 1 {
				for j, v := range y {
					d[di+j*ds] = v
				}
			}
		}
	})
}

// softmaxRow writes softmax(x) (or log-softmax) into y; y may be x. The log-softmax
// needs scratch (expChunk elements).
func softmaxRow[T float](y, x []T, log bool, scratch []T) {
	m := extremum(x, true)
	if math.IsInf(float64(m), 0) {
		m = 0
	}
	if m != m { // a NaN in the row: NaN everywhere, as the composed form gives
		for j := range y {
			y[j] = m
		}
		return
	}
	if log {
		// The exponentials only feed the sum; y gets (x - m) - log(sum).
		lse := T(math.Log(expSum(x, m, scratch)))
		subScalar(y, x, m)
		subScalar(y, y, lse)
		return
	}
	subScalar(y, x, m)
	expInPlace(y)
	divScalar(y, T(contiguousSum(y)))
}

// subScalar sets y = x - s.
func subScalar[T float](y, x []T, s T) {
	k := 0
	if useSIMD {
		if kk, ok := binKernels[T](device.Sub); ok {
			k = len(y) - len(y)%lanesOf[T]()
			kk.vs(y[:k], x[:k], s)
		}
	}
	for j := k; j < len(y); j++ {
		y[j] = x[j] - s
	}
}

// divScalar sets y = y / s.
func divScalar[T float](y []T, s T) {
	k := 0
	if useSIMD {
		if kk, ok := binKernels[T](device.Div); ok {
			k = len(y) - len(y)%lanesOf[T]()
			kk.vs(y[:k], y[:k], s)
		}
	}
	for j := k; j < len(y); j++ {
		y[j] /= s
	}
}

// expInPlace sets y = exp(y), with the SIMD kernels.
func expInPlace[T float](y []T) {
	k := 0
	if useSIMD {
		switch v := any(y).(type) {
		case []float32:
			k = len(v) - len(v)%8
			expRow32(v[:k], v[:k])
		case []float64:
			k = len(v) - len(v)%4
			expRow64(v[:k], v[:k])
		}
	}
	for j := k; j < len(y); j++ {
		y[j] = T(math.Exp(float64(y[j])))
	}
}

// expChunk is the length of the scratch expSum takes.
const expChunk = 256

// expSum returns the float64 sum of exp(x - m) without storing the exponentials: they go
// through buf (expChunk elements; the caller's, so that rows do not each allocate one),
// a chunk at a time.
func expSum[T float](x []T, m T, buf []T) float64 {
	buf = buf[:expChunk]
	total := 0.0
	for i := 0; i < len(x); i += len(buf) {
		chunk := buf[:min(len(buf), len(x)-i)]
		subScalar(chunk, x[i:i+len(chunk)], m)
		expInPlace(chunk)
		total += blockSum(chunk)
	}
	return total
}
