package cpu

import "github.com/gotensor/gotensor/device"

// Take gathers src along axis at the positions in idx (int64, negative from the end).
func (Device) Take(dst, src, idx device.Operand, axis int) error {
	defer keepAlive(dst.Buf, src.Buf, idx.Buf, nil)
	ss, is := device.TakeStrides(dst, src, idx, axis)
	p := newPlan(dst.Shape,
		dst,
		device.Operand{Buf: src.Buf, Strides: ss, Offset: src.Offset},
		device.Operand{Buf: idx.Buf, Strides: is, Offset: idx.Offset})
	iv := raw(idx).([]int64)
	size, step := src.Shape[axis], src.Strides[axis]
	var bad error
	at := func(o int) (int, bool) {
		j := iv[o]
		if j < 0 {
			j += int64(size)
		}
		if j < 0 || j >= int64(size) {
			if bad == nil {
				bad = &device.IndexError{Index: iv[o], Size: size}
			}
			return 0, false
		}
		return int(j) * step, true
	}
	switch d := raw(dst).(type) {
	case []float32:
		takeRun(d, raw(src).([]float32), p, at)
	case []float64:
		takeRun(d, raw(src).([]float64), p, at)
	case []int32:
		takeRun(d, raw(src).([]int32), p, at)
	case []int64:
		takeRun(d, raw(src).([]int64), p, at)
	case []uint8:
		takeRun(d, raw(src).([]uint8), p, at)
	}
	return bad
}

func takeRun[T num](d, s []T, p plan, at func(int) (int, bool)) {
	if n, st := p.inner(); st[0] == 1 && st[1] == 1 && st[2] == 0 {
		// Whole rows of src (a batch taken by index along axis 0): one copy a row.
		p.run(func(off []int) {
			if o, ok := at(off[2]); ok {
				copy(d[off[0]:off[0]+n], s[off[1]+o:off[1]+o+n])
			}
		})
		return
	}
	p.each(func(off []int) {
		if o, ok := at(off[2]); ok {
			d[off[0]] = s[off[1]+o]
		}
	})
}

// NonZero writes the coordinates of src's non-zero elements in C order into dst
// (count, rank) int64, which tensor sized by counting first.
func (Device) NonZero(dst, src device.Operand) error {
	defer keepAlive(dst.Buf, src.Buf, nil, nil)
	d := raw(dst).([]int64)
	rank := len(src.Shape)
	row := 0
	emit := func(coord []int) {
		o := dst.Offset + row*dst.Strides[0]
		for k, c := range coord {
			d[o+k*dst.Strides[1]] = int64(c)
		}
		row++
	}
	switch s := raw(src).(type) {
	case []float32:
		walk(s, src, rank, emit)
	case []float64:
		walk(s, src, rank, emit)
	case []int32:
		walk(s, src, rank, emit)
	case []int64:
		walk(s, src, rank, emit)
	case []uint8:
		walk(s, src, rank, emit)
	}
	return nil
}

// walk visits src in C order and calls emit with the coordinates of non-zero elements.
func walk[T num](s []T, src device.Operand, rank int, emit func([]int)) {
	if src.Size() == 0 {
		return
	}
	coord := make([]int, rank)
	o := src.Offset
	for {
		if s[o] != 0 {
			emit(coord)
		}
		k := rank - 1
		for ; k >= 0; k-- {
			coord[k]++
			o += src.Strides[k]
			if coord[k] < src.Shape[k] {
				break
			}
			o -= src.Strides[k] * src.Shape[k]
			coord[k] = 0
		}
		if k < 0 {
			return
		}
	}
}
