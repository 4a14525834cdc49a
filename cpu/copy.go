package cpu

import "github.com/gotensor/gotensor/device"

type num interface {
	~float32 | ~float64 | ~int32 | ~int64 | ~uint8
}

type float interface{ ~float32 | ~float64 }

type integer interface{ ~int32 | ~int64 | ~uint8 }

// scalarAs converts a kernel parameter to T: floats from S.F, integers from S.I.
func scalarAs[T num](s device.Scalar, src device.DType) T {
	var z T
	switch any(z).(type) {
	case float32, float64:
		if src.IsFloat() {
			return T(s.F)
		}
		return T(s.I)
	}
	if src.IsFloat() {
		return T(int64(s.F))
	}
	return T(s.I)
}

// Copy writes src into dst, casting element by element (bool destinations get 0 or 1).
func (Device) Copy(dst, src device.Operand) error {
	defer keepAlive(dst.Buf, src.Buf, nil, nil)
	p := newPlan(dst.Shape, dst, src)
	defer p.release()
	toBool := dst.DType == device.Bool
	switch d := raw(dst).(type) {
	case []float32:
		castFrom(d, src, p, toBool)
	case []float64:
		castFrom(d, src, p, toBool)
	case []int32:
		castFrom(d, src, p, toBool)
	case []int64:
		castFrom(d, src, p, toBool)
	case []uint8:
		castFrom(d, src, p, toBool)
	}
	return nil
}

func castFrom[D num](d []D, src device.Operand, p plan, toBool bool) {
	switch s := raw(src).(type) {
	case []float32:
		castRun(d, s, p, toBool)
	case []float64:
		castRun(d, s, p, toBool)
	case []int32:
		castRun(d, s, p, toBool)
	case []int64:
		castRun(d, s, p, toBool)
	case []uint8:
		castRun(d, s, p, toBool)
	case nil:
		v := scalarAs[D](src.S, src.DType)
		if toBool {
			v = 0
			if src.S.F != 0 || src.S.I != 0 {
				v = 1
			}
		}
		_, st := p.inner()
		p.par(func(off []int, n int) {
			for j, di := 0, off[0]; j < n; j, di = j+1, di+st[0] {
				d[di] = v
			}
		})
	}
}

func castRun[D, S num](d []D, s []S, p plan, toBool bool) {
	if !toBool && transposed(p) {
		blockedCopy(d, s, p)
		return
	}
	_, st := p.inner()
	ds, ss := st[0], st[1]
	p.par(func(off []int, n int) {
		di, si := off[0], off[1]
		switch {
		case toBool:
			for j := 0; j < n; j++ {
				var v D
				if s[si] != 0 {
					v = 1
				}
				d[di] = v
				di += ds
				si += ss
			}
		case ds == 1 && ss == 1:
			convertRow(d[di:di+n], s[si:si+n])
		default:
			for j := 0; j < n; j++ {
				d[di] = convert[D](s[si])
				di += ds
				si += ss
			}
		}
	})
}

// convert casts like NumPy's C casts; floats going to uint8 pass through int64 so that
// out-of-range values wrap instead of depending on the platform.
func convert[D, S num](v S) D {
	if wrapsViaInt[D, S]() {
		return D(int64(v))
	}
	return D(v)
}

// wrapsViaInt reports whether S -> D is a float to uint8 cast.
func wrapsViaInt[D, S num]() bool {
	var d D
	var s S
	if _, ok := any(d).(uint8); !ok {
		return false
	}
	switch any(s).(type) {
	case float32, float64:
		return true
	}
	return false
}

// convertRow casts a contiguous row, deciding the cast's path once.
func convertRow[D, S num](d []D, s []S) {
	if same, ok := any(d).([]S); ok {
		copy(same, s)
		return
	}
	if useSIMD && castFloats(d, s) {
		return
	}
	if wrapsViaInt[D, S]() {
		for j := range d {
			d[j] = D(int64(s[j]))
		}
		return
	}
	for j := range d {
		d[j] = D(s[j])
	}
}

// castFloats converts a contiguous float32 row to float64 or back with the SIMD kernels
// and the Go conversion for the last few elements, reporting whether d and s are such a
// pair.
func castFloats(d, s any) bool {
	switch dv := d.(type) {
	case []float64:
		if sv, ok := s.([]float32); ok {
			k := len(dv) - len(dv)%4
			cvtf32f64(dv[:k], sv[:k])
			for j := k; j < len(dv); j++ {
				dv[j] = float64(sv[j])
			}
			return true
		}
	case []float32:
		if sv, ok := s.([]float64); ok {
			k := len(dv) - len(dv)%4
			cvtf64f32(dv[:k], sv[:k])
			for j := k; j < len(dv); j++ {
				dv[j] = float32(sv[j])
			}
			return true
		}
	}
	return false
}

// transposed reports whether a copy is a 2-D transpose: the destination walks its rows
// with unit stride while the source walks its columns with unit stride, the case where
// an element-by-element copy misses the cache on every read.
func transposed(p plan) bool {
	return len(p.shape) == 2 && p.shape[0] >= 16 && p.shape[1] >= 16 &&
		p.strides[0][1] == 1 && p.strides[1][0] == 1 && p.strides[1][1] != 1
}

// copyTile is the edge of the square tiles a transposed copy moves at a time: one tile of
// source and destination fits in L1.
const copyTile = 16

// blockedCopy copies a transposed 2-D plan tile by tile, tiles of rows over the workers.
func blockedCopy[D, S num](d []D, s []S, p plan) {
	rows, cols := p.shape[0], p.shape[1]
	dr, sc := p.strides[0][0], p.strides[1][1]
	d0, s0 := p.offsets[0], p.offsets[1]
	grain := max(1, parMin/(copyTile*cols))
	if rows*cols < parMin {
		grain = rows
	}
	same, isSame := any(d).([]S)
	parallelFor((rows+copyTile-1)/copyTile, grain, func(lo, hi int) {
		for i0 := lo * copyTile; i0 < min(rows, hi*copyTile); i0 += copyTile {
			i1 := min(rows, i0+copyTile)
			for j0 := 0; j0 < cols; j0 += copyTile {
				j1 := min(cols, j0+copyTile)
				if isSame {
					transposeTile(same, s, d0, s0, dr, sc, i0, i1, j0, j1)
					continue
				}
				for j := j0; j < j1; j++ {
					src := s[s0+j*sc:]
					for i := i0; i < i1; i++ {
						d[d0+i*dr+j] = convert[D](src[i])
					}
				}
			}
		}
	})
}

// transposeTile copies one tile without conversion: for each destination row i, the
// elements come from source column i at stride sc.
func transposeTile[T num](d, s []T, d0, s0, dr, sc, i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		row := d[d0+i*dr+j0 : d0+i*dr+j1]
		k := s0 + j0*sc + i
		for j := range row {
			row[j] = s[k]
			k += sc
		}
	}
}
