package cpu

import "github.com/gotensor/gotensor/device"

// The compensated float sums (ReduceOptions.Compensated; tensor.Compensated): more accurate
// than NumPy's and independent of the thread count, but not NumPy's bits, which the
// default sums give (pairwise*.go).

// sumBlock is the fixed piece of a contiguous float sum: each block is added by the SIMD
// kernel in float64, and block totals are combined in order with compensation, so the
// result does not depend on the number of threads.
const sumBlock = 1 << 14

// contiguousSum returns the float64 sum of s, which is float32 or float64 data.
func contiguousSum[T float](s []T) float64 {
	nb := (len(s) + sumBlock - 1) / sumBlock
	if nb <= 1 {
		return blockSum(s)
	}
	parts := make([]float64, nb)
	if len(s) >= parMin {
		parallelChunks(nb, func(i int) { parts[i] = blockSum(s[i*sumBlock : min(len(s), (i+1)*sumBlock)]) })
	} else {
		for i := range parts {
			parts[i] = blockSum(s[i*sumBlock : min(len(s), (i+1)*sumBlock)])
		}
	}
	return sumF(parts)
}

// blockSum adds up to sumBlock values: the SIMD kernel on the leading multiple of 16,
// Go on the rest.
func blockSum[T float](s []T) float64 {
	m := len(s) - len(s)%16
	total := 0.0
	if useSIMD && m > 0 {
		switch v := any(s).(type) {
		case []float32:
			total = sumf32(v[:m])
		case []float64:
			total = sumf64(v[:m])
		}
	} else {
		m = 0
	}
	for _, x := range s[m:] {
		total += float64(x)
	}
	return total
}

// addRow sets acc += row with the SIMD kernel vv where there is one (nil otherwise).
func addRow[T float](acc, row []T, vv func(d, a, b []T)) {
	m := 0
	if vv != nil {
		m = len(acc) - len(acc)%lanesOf[T]()
		vv(acc[:m], acc[:m], row[:m])
	}
	for j := m; j < len(acc); j++ {
		acc[j] += row[j]
	}
}

// fastSum handles compensated float sums whose layout allows a fast loop and reports
// whether it did: reduced elements forming one contiguous run per output (a row sum), or
// a kept dimension of stride 1 in src and dst (a column sum: whole rows are accumulated,
// see sumOuter).
func fastSum(dst, src device.Operand, red []bool) bool {
	if src.DType != device.Float32 && src.DType != device.Float64 {
		return false
	}
	switch s := raw(src).(type) {
	case []float32:
		return fastSumT(dst, src, s, red)
	case []float64:
		return fastSumT(dst, src, s, red)
	}
	return false
}

func fastSumT[T float](dst, src device.Operand, s []T, red []bool) bool {
	r := len(src.Shape)
	d := raw(dst)
	// Row sums: the reduced axes are the innermost ones and contiguous.
	inner, want := 1, 1
	k := r - 1
	for ; k >= 0 && red[k]; k-- {
		if src.Shape[k] != 1 && src.Strides[k] != want {
			break
		}
		want *= src.Shape[k]
		inner *= src.Shape[k]
	}
	rowsum := true
	for j := k; j >= 0; j-- {
		if red[j] && src.Shape[j] != 1 {
			rowsum = false
		}
	}
	if rowsum {
		var keep, ks, kd []int
		for j := 0; j <= k; j++ {
			keep, ks, kd = append(keep, src.Shape[j]), append(ks, src.Strides[j]), append(kd, dst.Strides[j])
		}
		p := newPlan(keep, device.Operand{Buf: dst.Buf, Strides: kd, Offset: dst.Offset},
			device.Operand{Buf: src.Buf, Strides: ks, Offset: src.Offset})
		p.each(func(off []int) {
			put(d, off[0], contiguousSum(s[off[1]:off[1]+inner]), 0, true)
		})
		return true
	}
	// Column sums: a kept run of unit stride; whole rows are added (reduce_outer.go).
	return sumOuter(dst, src, red)
}
