//go:build !amd64 || purego

package main

// simdProbe is empty: this build measures its ceilings with scalar Go loops.
const simdProbe = ""

// wideFMA is false: no 512-bit probes in this build.
const wideFMA = false

func triadAVX2(a, b, c []float64, s float64) { panic("gpubench: no SIMD triad in this build") }
func fmaLoopF32(n int)                       { panic("gpubench: no SIMD FMA loop in this build") }
func fmaLoopF64(n int)                       { panic("gpubench: no SIMD FMA loop in this build") }
func fmaLoopF32x512(n int)                   { panic("gpubench: no SIMD FMA loop in this build") }
func fmaLoopF64x512(n int)                   { panic("gpubench: no SIMD FMA loop in this build") }
