//go:build !purego

#include "textflag.h"

// func current() uintptr
//
// The runtime's get_tls and g macros (runtime/go_tls.h), written out: the linker turns
// the TLS pseudo-register into the thread-local slot of each OS.
TEXT ·current(SB), NOSPLIT, $0-8
	MOVQ TLS, CX
	MOVQ 0(CX)(TLS*1), AX
	MOVQ AX, ret+0(FP)
	RET
