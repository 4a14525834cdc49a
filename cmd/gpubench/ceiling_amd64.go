//go:build amd64 && !purego

package main

import "golang.org/x/sys/cpu"

// simdProbe names the vector probes this build has, or "" where there are none.
var simdProbe = func() string {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		return "avx2+fma"
	}
	return ""
}()

// triadAVX2 sets a[i] = b[i] + s*c[i] for i < len(a)&^15; b and c are at least as long.
//
//go:noescape
func triadAVX2(a, b, c []float64, s float64)

// fmaLoopF32 runs n iterations of 12 independent 8-wide float32 FMAs (192 flops each).
func fmaLoopF32(n int)

// fmaLoopF64 runs n iterations of 12 independent 4-wide float64 FMAs (96 flops each).
func fmaLoopF64(n int)
