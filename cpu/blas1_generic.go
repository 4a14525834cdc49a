//go:build purego || !amd64

package cpu

import "math"

// Twins of the fused multiply-add and dot kernels (blas1.go in asmgen), with the same
// rounding and the same order of additions.

func fmaTwin[T float](f func(x, y, z T) T) (func(d, a, b, c []T), func(d, a []T, b T, c []T), func(d, a, b []T, c T), func(d, a []T, b, c T)) {
	return func(d, a, b, c []T) {
			for i := range d {
				d[i] = f(a[i], b[i], c[i])
			}
		}, func(d, a []T, b T, c []T) {
			for i := range d {
				d[i] = f(a[i], b, c[i])
			}
		}, func(d, a, b []T, c T) {
			for i := range d {
				d[i] = f(a[i], b[i], c)
			}
		}, func(d, a []T, b, c T) {
			for i := range d {
				d[i] = f(a[i], b, c)
			}
		}
}

var (
	fmaVVVf32, fmaVSVf32, fmaVVSf32, fmaVSSf32 = fmaTwin(fma32)
	fmaVVVf64, fmaVSVf64, fmaVVSf64, fmaVSSf64 = fmaTwin(math.FMA)
)

func dotf32(a, b []float32) float32 { return dotTwin(a, b, 8, fma32) }
func dotf64(a, b []float64) float64 { return dotTwin(a, b, 4, math.FMA) }

// The non-temporal kernels' twins are the plain ones: Go has no such stores.
var (
	addVVf32NT, subVVf32NT, mulVVf32NT, divVVf32NT, maxVVf32NT, minVVf32NT = addVVf32, subVVf32, mulVVf32, divVVf32, maxVVf32, minVVf32
	addVSf32NT, subVSf32NT, mulVSf32NT, divVSf32NT, maxVSf32NT, minVSf32NT = addVSf32, subVSf32, mulVSf32, divVSf32, maxVSf32, minVSf32
	subSVf32NT, divSVf32NT                                                 = subSVf32, divSVf32
	addVVf64NT, subVVf64NT, mulVVf64NT, divVVf64NT, maxVVf64NT, minVVf64NT = addVVf64, subVVf64, mulVVf64, divVVf64, maxVVf64, minVVf64
	addVSf64NT, subVSf64NT, mulVSf64NT, divVSf64NT, maxVSf64NT, minVSf64NT = addVSf64, subVSf64, mulVSf64, divVSf64, maxVSf64, minVSf64
	subSVf64NT, divSVf64NT                                                 = subSVf64, divSVf64
)

func addWidef32(acc []float64, row []float32) {
	for i := range acc {
		acc[i] += float64(row[i])
	}
}

func sumRowsf32(acc []float64, src []float32, stride, rows int) { sumRowsTwin(acc, src, stride, rows) }
func sumRowsf64(acc []float64, src []float64, stride, rows int) { sumRowsTwin(acc, src, stride, rows) }

func sumRowsTwin[T float](acc []float64, src []T, stride, rows int) {
	for r := 0; r < rows; r++ {
		for j := range acc {
			acc[j] += float64(src[r*stride+j])
		}
	}
}
