//go:build !purego

package cpu

import "golang.org/x/sys/cpu"

// hasArg512 reports whether the CPU can run the AVX-512F argmax/argmin kernels.
var hasArg512 = cpu.X86.HasAVX512F

// arg512 is whether argMax32, argMin32, argMax64 and argMin64 are the AVX-512 kernels.
var arg512 bool

// arg512Min is the shortest row the AVX-512 kernels take: on shorter ones their fixed
// costs (the second kernel call and the join) outweigh the gain (1000 float32s take
// twice the AVX2 kernel's time, and ArgMax over the rows of a 4096x4096 float32 matrix
// 1.86 ms against 1.33 ms; 1e4 elements gain 30%, 1e6 10-15%). Tests set it to 0 to run
// them on every length.
var arg512Min = 16384

func init() { setArg512(useSIMD && hasArg512) }

// setArg512 installs in argMax32, argMin32, argMax64 and argMin64 the AVX-512 kernels,
// wrapped to the AVX2 kernels' contract, or with on false the AVX2 kernels. Tests and
// benchmarks use it to compare the two; it must not run while kernels do.
func setArg512(on bool) {
	arg512 = on
	if on {
		argMax32, argMin32 = argmaxf32w, argminf32w
		argMax64, argMin64 = argmaxf64w, argminf64w
	} else {
		argMax32, argMin32 = argmaxf32, argminf32
		argMax64, argMin64 = argmaxf64, argminf64
	}
}

// argmaxf32w and the rest have the AVX2 kernels' contract and result: they scan
// a[:len(a) rounded down to 4 YMM vectors] and return the start of a block holding the
// first NaN, with no NaN before it, or -1 with the first extremum in every lane of best
// and idx. The AVX-512 kernel takes the largest multiple of its block of 8 ZMM vectors,
// the AVX2 one the multiple of 4 YMM vectors left, and argJoin keeps the first extremum
// of the two.

func argmaxf32w(a []float32, best *[8]float32, idx *[8]int32) int {
	return argf32w(a, best, idx, true)
}
func argminf32w(a []float32, best *[8]float32, idx *[8]int32) int {
	return argf32w(a, best, idx, false)
}
func argmaxf64w(a []float64, best *[4]float64, idx *[4]int64) int {
	return argf64w(a, best, idx, true)
}
func argminf64w(a []float64, best *[4]float64, idx *[4]int64) int {
	return argf64w(a, best, idx, false)
}

func argf32w(a []float32, best *[8]float32, idx *[8]int32, isMax bool) int {
	return argWide(a, best, idx, isMax, 128, argmaxf32, argminf32, argmaxf32z, argminf32z,
		func(b *[8]float32, i *[8]int32) ([]float32, []int32) { return b[:], i[:] },
		func(b *[16]float32, i *[16]int32) ([]float32, []int32) { return b[:], i[:] })
}

func argf64w(a []float64, best *[4]float64, idx *[4]int64, isMax bool) int {
	return argWide(a, best, idx, isMax, 64, argmaxf64, argminf64, argmaxf64z, argminf64z,
		func(b *[4]float64, i *[4]int64) ([]float64, []int64) { return b[:], i[:] },
		func(b *[8]float64, i *[8]int64) ([]float64, []int64) { return b[:], i[:] })
}

// argWide runs the AVX-512 kernels zmax/zmin on the largest multiple of block elements
// of a and the AVX2 ones ymax/ymin on the rest (or on all of a when it is short), and
// joins their candidates into best and idx (ys and zs view the kernels' arrays as slices).
func argWide[F float, I int32 | int64, YB, YI, ZB, ZI any](a []F, best *YB, idx *YI, isMax bool, block int,
	ymax, ymin func([]F, *YB, *YI) int, zmax, zmin func([]F, *ZB, *ZI) int,
	ys func(*YB, *YI) ([]F, []I), zs func(*ZB, *ZI) ([]F, []I)) int {
	m := len(a) - len(a)%block
	if m == 0 || len(a) < arg512Min {
		return simdArg(a, isMax, best, idx, ymax, ymin)
	}
	var zb ZB
	var zi ZI
	if r := simdArg(a[:m], isMax, &zb, &zi, zmax, zmin); r >= 0 {
		return r
	}
	ran := m < len(a)
	if ran {
		if r := simdArg(a[m:], isMax, best, idx, ymax, ymin); r >= 0 {
			return m + r
		}
	}
	zbs, zis := zs(&zb, &zi)
	ybs, yis := ys(best, idx)
	argJoin(a, m, zbs, zis, ran, ybs, yis, isMax)
	return -1
}

// argJoin puts in every lane of yb and yi the first extremum of a[:m], from the AVX-512
// kernel's candidates zb and zi (per lane, an extremum and the start of the first block
// holding it), and, where ran, of the AVX2 kernel's, yb and yi, over a[m:], whose
// indices count from m: those come later, so they win only when strictly better.
func argJoin[F float, I int32 | int64](a []F, m int, zb []F, zi []I, ran bool, yb []F, yi []I, isMax bool) {
	v, at := argBlock(a, zb, zi, isMax)
	if ran {
		c := argLane(yb, yi, isMax)
		if (isMax && yb[c] > v) || (!isMax && yb[c] < v) {
			v, at = yb[c], I(m)+yi[c]
		}
	}
	for j := range yb {
		yb[j], yi[j] = v, at
	}
}

// argBlock returns the first extremum of the elements the AVX-512 kernel scanned and its
// index: the best value of best, and the first element equal to it in the earliest block
// (of 8 ZMM vectors, starting at idx[j]) that a lane holding it reports, found among the
// elements of the lanes that report it. No earlier block
// holds it, since every lane reports the first block holding its own extremum.
func argBlock[F float, I int32 | int64](a []F, best []F, idx []I, isMax bool) (F, I) {
	b := argLane(best, idx, isMax)
	v, blk, at := best[b], idx[b], len(a)
	for j := range best { // each lane holding v first in that block: its elements in it
		if best[j] != v || idx[j] != blk {
			continue
		}
		for p := int(blk) + j; p < at; p += len(best) {
			if a[p] == v {
				at = p
				break
			}
		}
	}
	return a[at], I(at)
}

// argLane is the lane of best and idx holding the first extremum, as argFinish picks it.
func argLane[F float, I int32 | int64](best []F, idx []I, isMax bool) int {
	b := 0
	for j := 1; j < len(best); j++ {
		if (isMax && best[j] > best[b]) || (!isMax && best[j] < best[b]) || (best[j] == best[b] && idx[j] < idx[b]) {
			b = j
		}
	}
	return b
}
