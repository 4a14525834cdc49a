//go:build !amd64 || purego

package main

// simdProbe is empty: this build measures its ceilings with scalar Go loops.
const simdProbe = ""

func triadAVX2(a, b, c []float64, s float64) { panic("gpubench: no SIMD triad in this build") }
func fmaLoopF32(n int)                       { panic("gpubench: no SIMD FMA loop in this build") }
func fmaLoopF64(n int)                       { panic("gpubench: no SIMD FMA loop in this build") }
