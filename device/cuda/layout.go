package cuda

import (
	"math"

	"github.com/gotensor/gotensor/device"
)

// merge builds the loop nest of operands that share shape, as cpu's newPlan: dimensions
// of size 1 dropped, neighbours merged where every operand's strides allow. st holds
// each operand's strides (zeros for scalars). The result has at least one dimension; a
// zero-size shape comes back as (0).
func merge(shape []int, st [][]int) ([]int, [][]int) {
	var ms []int
	mst := make([][]int, len(st))
	for _, n := range shape {
		if n == 0 {
			for i := range mst {
				mst[i] = []int{0}
			}
			return []int{0}, mst
		}
	}
	for k, n := range shape {
		if n == 1 {
			continue
		}
		if m := len(ms); m > 0 {
			ok := true
			for i := range st {
				if mst[i][m-1] != st[i][k]*n {
					ok = false
					break
				}
			}
			if ok {
				ms[m-1] *= n
				for i := range st {
					mst[i][m-1] = st[i][k]
				}
				continue
			}
		}
		ms = append(ms, n)
		for i := range st {
			mst[i] = append(mst[i], st[i][k])
		}
	}
	if len(ms) == 0 {
		ms = []int{1}
		for i := range mst {
			mst[i] = []int{0}
		}
	}
	return ms, mst
}

// isContiguous reports whether a merged nest is one run with unit strides for every
// buffer operand (scalars have stride 0 and do not count).
func isContiguous(ms []int, mst [][]int, ops []device.Operand) bool {
	if len(ms) != 1 {
		return false
	}
	if ms[0] <= 1 {
		return true
	}
	for i, o := range ops {
		if o.Buf != nil && mst[i][0] != 1 {
			return false
		}
	}
	return true
}

// strides returns an operand's strides, zeros for a scalar.
func strides(o device.Operand, rank int) []int {
	if o.Buf == nil {
		return make([]int, rank)
	}
	return o.Strides
}

func prod(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// cStrides are C-contiguous strides in elements.
func cStrides(shape []int) []int {
	st := make([]int, len(shape))
	s := 1
	for k := len(shape) - 1; k >= 0; k-- {
		st[k] = s
		s *= shape[k]
	}
	return st
}

// scalarBits is cpu.scalarAs: the scalar s (of dtype src) as an element of dtype to,
// returned as its bit pattern (kernels read the low bytes).
func scalarBits(s device.Scalar, src, to device.DType) uint64 {
	switch to {
	case device.Float32:
		v := float32(s.I)
		if src.IsFloat() {
			v = float32(s.F)
		}
		return uint64(math.Float32bits(v))
	case device.Float64:
		v := float64(s.I)
		if src.IsFloat() {
			v = s.F
		}
		return math.Float64bits(v)
	}
	i := s.I
	if src.IsFloat() {
		i = int64(s.F)
	}
	switch to {
	case device.Int32:
		return uint64(uint32(int32(i)))
	case device.Int64:
		return uint64(i)
	}
	return uint64(uint8(i))
}
