package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// reluKernels emits ReLU and its gradient as a compare and a mask per vector, the
// semantics of cpu's branch-free Go loops (relu.go): ReLU keeps a[i] unless a[i] < 0
// (NaN and -0 pass), the gradient keeps g[i] where x[i] > 0 (a NaN x gives +0).
func reluKernels() {
	for _, t := range []typ{f32, f64} {
		andn, and := func(o ...Op) { VANDNPS(o[0], o[1], o[2]) }, func(o ...Op) { VANDPS(o[0], o[1], o[2]) }
		if t.size == 8 {
			andn, and = func(o ...Op) { VANDNPD(o[0], o[1], o[2]) }, func(o ...Op) { VANDPD(o[0], o[1], o[2]) }
		}

		name := "relu" + t.name
		TEXT(name, NOSPLIT, fmt.Sprintf("func(d, a []%s)", t.gotyp))
		Doc(fmt.Sprintf("%s sets d[i] = +0 where a[i] < 0, else a[i], for i below len(d) rounded down to %d.", name, t.lanes))
		d, a := Load(Param("d").Base(), GP64()), Load(Param("a").Base(), GP64())
		n := Load(Param("d").Len(), GP64())
		zero := YMM()
		VXORPS(zero, zero, zero)
		loop(t, n, 4, func(k int, i Register) {
			x, m := YMM(), YMM()
			VMOVUPS(mem(a, i, t, k), x)
			t.cmp(Imm(1), zero, x, m) // x < 0, ordered: false for NaN
			andn(x, m, x)             // x &^ mask
			VMOVUPS(x, mem(d, i, t, k))
		})
		VZEROUPPER()
		RET()

		name = "reluGrad" + t.name
		TEXT(name, NOSPLIT, fmt.Sprintf("func(d, g, x []%s)", t.gotyp))
		Doc(fmt.Sprintf("%s sets d[i] = g[i] where x[i] > 0, else +0, for i below len(d) rounded down to %d.", name, t.lanes))
		d, g, x := Load(Param("d").Base(), GP64()), Load(Param("g").Base(), GP64()), Load(Param("x").Base(), GP64())
		n = Load(Param("d").Len(), GP64())
		zero = YMM()
		VXORPS(zero, zero, zero)
		loop(t, n, 4, func(k int, i Register) {
			m := YMM()
			t.cmp(Imm(1), mem(x, i, t, k), zero, m) // 0 < x, ordered: false for NaN
			and(mem(g, i, t, k), m, m)
			VMOVUPS(m, mem(d, i, t, k))
		})
		VZEROUPPER()
		RET()
	}
}
