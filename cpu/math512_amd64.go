//go:build !purego

package cpu

import (
	"golang.org/x/sys/cpu"

	"github.com/gotensor/gotensor/device"
)

// hasMath512 reports whether the CPU can run the AVX-512F/DQ transcendental kernels.
var hasMath512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// math512 is whether map32, map64 and softmax's exp are the AVX-512 kernels.
var math512 bool

// math512Kernels pairs each AVX2 transcendental kernel with its AVX-512 twin, which gives
// the same bits for every input.
var math512Kernels = []struct {
	op       device.UnaryOp
	y32, z32 func(d, a []float32)
	y64, z64 func(d, a []float64)
}{
	{device.Exp, expf32, expf32z, expf64, expf64z},
	{device.Log, logf32, logf32z, logf64, logf64z},
	{device.Sigmoid, sigmoidf32, sigmoidf32z, sigmoidf64, sigmoidf64z},
	{device.Tanh, tanhf32, tanhf32z, tanhf64, tanhf64z},
}

func init() { setMath512(useSIMD && hasMath512) }

// setMath512 installs the AVX-512 kernels in map32, map64, expRow32 and expRow64, with
// lanes32 = 16 and lanes64 = 8, or with on false the AVX2 ones and 8 and 4. Tests and
// benchmarks use it to compare the two; it must not run while kernels do.
func setMath512(on bool) {
	math512 = on
	lanes32, lanes64 = 8, 4
	if on {
		lanes32, lanes64 = 16, 8
	}
	for _, k := range math512Kernels {
		if on {
			map32[k.op], map64[k.op] = halfTail(k.z32, k.y32, 16), halfTail(k.z64, k.y64, 8)
		} else {
			map32[k.op], map64[k.op] = k.y32, k.y64
		}
	}
	expRow32, expRow64 = map32[device.Exp], map64[device.Exp]
}

// halfTail returns a kernel for the largest multiple of half of lanes: z, of lanes-wide
// blocks, on the largest multiple of lanes, and y, its half-width twin, on what is left,
// so that map32 and map64 keep the AVX2 kernels' contract.
func halfTail[T float](z, y func(d, a []T), lanes int) func(d, a []T) {
	return func(d, a []T) {
		m := len(d) - len(d)%lanes
		if m > 0 {
			z(d[:m], a[:m])
		}
		if m < len(d) {
			y(d[m:], a[m:len(d)])
		}
	}
}
