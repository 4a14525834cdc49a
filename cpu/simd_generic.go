//go:build purego || !amd64

package cpu

import "math"

// Without assembly the kernels are never selected; these twins keep the tables
// compiling and document each kernel's semantics in Go.
var useSIMD = false

// SIMD reports which kernels run: "avx512+avx2+fma", "avx2+fma" or "purego".
func SIMD() string { return "purego" }

func vvGo[T float](f func(x, y T) T) func(d, a, b []T) {
	return func(d, a, b []T) {
		for i := range d {
			d[i] = f(a[i], b[i])
		}
	}
}

func vsGo[T float](f func(x, y T) T) func(d, a []T, s T) {
	return func(d, a []T, s T) {
		for i := range d {
			d[i] = f(a[i], s)
		}
	}
}

func svGo[T float](f func(x, y T) T) func(d, a []T, s T) {
	return func(d, a []T, s T) {
		for i := range d {
			d[i] = f(s, a[i])
		}
	}
}

var (
	addVVf32, subVVf32, mulVVf32, divVVf32 = vvGo(floatBin[float32](0)), vvGo(floatBin[float32](1)), vvGo(floatBin[float32](2)), vvGo(floatBin[float32](3))
	maxVVf32, minVVf32                     = vvGo(floatBin[float32](7)), vvGo(floatBin[float32](8))
	addVSf32, subVSf32, mulVSf32, divVSf32 = vsGo(floatBin[float32](0)), vsGo(floatBin[float32](1)), vsGo(floatBin[float32](2)), vsGo(floatBin[float32](3))
	maxVSf32, minVSf32                     = vsGo(floatBin[float32](7)), vsGo(floatBin[float32](8))
	subSVf32, divSVf32                     = svGo(floatBin[float32](1)), svGo(floatBin[float32](3))
	addVVf64, subVVf64, mulVVf64, divVVf64 = vvGo(floatBin[float64](0)), vvGo(floatBin[float64](1)), vvGo(floatBin[float64](2)), vvGo(floatBin[float64](3))
	maxVVf64, minVVf64                     = vvGo(floatBin[float64](7)), vvGo(floatBin[float64](8))
	addVSf64, subVSf64, mulVSf64, divVSf64 = vsGo(floatBin[float64](0)), vsGo(floatBin[float64](1)), vsGo(floatBin[float64](2)), vsGo(floatBin[float64](3))
	maxVSf64, minVSf64                     = vsGo(floatBin[float64](7)), vsGo(floatBin[float64](8))
	subSVf64, divSVf64                     = svGo(floatBin[float64](1)), svGo(floatBin[float64](3))
)

func mapGo(f func(float64) float64) func(d, a []float32) {
	return func(d, a []float32) {
		for i := range d {
			d[i] = float32(f(float64(a[i])))
		}
	}
}

func mapGo64(f func(float64) float64) func(d, a []float64) {
	return func(d, a []float64) {
		for i := range d {
			d[i] = f(a[i])
		}
	}
}

var (
	expf64     = mapGo64(Exp)
	logf64     = mapGo64(Log)
	sigmoidf64 = mapGo64(Sigmoid64)
	tanhf64    = mapGo64(math.Tanh)
)

var (
	expf32     = mapGo(math.Exp)
	logf32     = mapGo(math.Log)
	sigmoidf32 = mapGo(Sigmoid64)
	tanhf32    = mapGo(math.Tanh)
)

func sumf32(a []float32) float64 {
	s := 0.0
	for _, v := range a[:len(a)-len(a)%16] {
		s += float64(v)
	}
	return s
}

func sumf64(a []float64) float64 {
	s := 0.0
	for _, v := range a[:len(a)-len(a)%16] {
		s += v
	}
	return s
}

func extTwin[T float](a []T, width int, isMax bool) (T, bool) {
	a = a[:len(a)-len(a)%width]
	m, nan := a[0], false
	for _, v := range a {
		nan = nan || v != v
		if (isMax && v > m) || (!isMax && v < m) {
			m = v
		}
	}
	return m, nan
}

func maxf32(a []float32) (float32, bool) { return extTwin(a, 32, true) }
func minf32(a []float32) (float32, bool) { return extTwin(a, 32, false) }
func maxf64(a []float64) (float64, bool) { return extTwin(a, 16, true) }
func minf64(a []float64) (float64, bool) { return extTwin(a, 16, false) }

// argTwin is the twin of the argmax/argmin kernels: it scans a[:len(a) rounded down to
// 4 vectors] and reports the first NaN's index, or puts the first extremum in every lane.
func argTwin[T float, I int32 | int64](a []T, best []T, idx []I, width int, isMax bool) int {
	a = a[:len(a)-len(a)%width]
	at := 0
	for i, v := range a {
		if v != v {
			return i
		}
		if (isMax && v > a[at]) || (!isMax && v < a[at]) {
			at = i
		}
	}
	for j := range best {
		best[j], idx[j] = a[at], I(at)
	}
	return -1
}

// The twins of the argmax/argmin and cast kernels.

func argmaxf32(a []float32, best *[8]float32, idx *[8]int32) int {
	return argTwin(a, best[:], idx[:], 32, true)
}
func argminf32(a []float32, best *[8]float32, idx *[8]int32) int {
	return argTwin(a, best[:], idx[:], 32, false)
}
func argmaxf64(a []float64, best *[4]float64, idx *[4]int64) int {
	return argTwin(a, best[:], idx[:], 16, true)
}
func argminf64(a []float64, best *[4]float64, idx *[4]int64) int {
	return argTwin(a, best[:], idx[:], 16, false)
}

func cvtf32f64(d []float64, s []float32) {
	for i := range d {
		d[i] = float64(s[i])
	}
}

func cvtf64f32(d []float32, s []float64) {
	for i := range d {
		d[i] = float32(s[i])
	}
}

// reluf32, reluf64, reluGradf32 and reluGradf64 are the ReLU kernels' twins (relu.go
// has their semantics): whole vectors of 8 or 4 lanes, the tail left to the caller.
func reluf32(d, a []float32) { reluTwin(d[:len(d)&^7], a) }
func reluf64(d, a []float64) { reluTwin(d[:len(d)&^3], a) }

func reluGradf32(d, g, x []float32) { reluGradTwin(d[:len(d)&^7], g, x) }
func reluGradf64(d, g, x []float64) { reluGradTwin(d[:len(d)&^3], g, x) }

func reluTwin[T float](d, a []T) {
	for i := range d {
		if a[i] < 0 {
			d[i] = 0
		} else {
			d[i] = a[i]
		}
	}
}

func reluGradTwin[T float](d, g, x []T) {
	for i := range d {
		if x[i] > 0 {
			d[i] = g[i]
		} else {
			d[i] = 0
		}
	}
}
