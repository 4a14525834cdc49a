//go:build amd64 && !purego

package main

//go:generate go run ./internal/probegen -pkg main -out ceiling_amd64.s -stubs ceiling_decl_amd64.go

import "golang.org/x/sys/cpu"

// simdProbe names the vector probes this build has, or "" where there are none.
var simdProbe = func() string {
	switch {
	case wideFMA:
		return "avx512"
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return "avx2+fma"
	}
	return ""
}()

// wideFMA reports whether the 512-bit FMA probes can run: the machine's FMA peak is then
// measured with them, since a core with AVX-512 may reach twice the AVX2 rate.
var wideFMA = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ
