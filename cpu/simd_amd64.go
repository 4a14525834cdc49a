//go:build !purego

package cpu

import "golang.org/x/sys/cpu"

// useSIMD selects the AVX2/FMA kernels; -tags purego or a CPU without them selects the
// pure-Go twins, which compute the same results.
var useSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// SIMD reports which kernels run: "avx512+avx2+fma" (the transcendental kernels with
// AVX-512, the rest with AVX2), "avx2+fma" or "purego".
func SIMD() string {
	switch {
	case math512:
		return "avx512+avx2+fma"
	case useSIMD:
		return "avx2+fma"
	}
	return "purego"
}
