//go:build !purego

package cpu

import "golang.org/x/sys/cpu"

// avx512Gemm holds the AVX-512F kernels: 24 ZMM accumulators (12 rows of two vectors)
// leave eight registers for B and A's broadcasts. The blocking was measured on Zen 5 (L1
// 48 KiB, L2 1 MiB per core, L3 32 MiB shared), round robin over candidates: a deep kc
// (fewer passes over C, fewer phases) beats keeping B's kc×nr panel in L1, since the
// prefetchers stream it from L2 at full speed; the mc×kc block of A (288 KiB f32, 288 KiB
// f64) stays in L2 and the two kc×nc blocks of B (6 MiB f32, 8 MiB f64) in L3. 12×32 and
// 12×16 measured as well as 14×32, 8×48, 9×48 and 6×64 (f64 alike) and fit the n = 16
// and 32 column updates of LU. The dot path (gemm_dot.go) took a training step's x @ W.T
// (64 rows) on Zen 4 from 150-160 to 180-190 GFLOP/s on two threads with the AVX2 dot
// kernels, and its 10-column products from 36-55 to 85-120; the AVX-512 ones, which take
// 16 floats of k per FMA, add 3-5% (193-200 on 64x784x512; one core in L1 108-113
// against 99-107) and 10-20% on float64 (86-95 against 67-78; packed: 78-79).
var avx512Gemm = gemmVariant{name: "avx512",
	f32: gemmKernels[float32]{mr: 12, nr: 32, kc: 768, mc: 96, nc: 2048,
		packed: gemmP12x32f32z, strided: gemmS12x32f32z,
		packT: packTf32z, packN: packNf32z, tg: 4, tv: 16, nv: 16, nm: 12,
		dot: dotNT3x4f32z, dotLanes: 8},
	f64: gemmKernels[float64]{mr: 12, nr: 16, kc: 512, mc: 72, nc: 2048,
		packed: gemmP12x16f64z, strided: gemmS12x16f64z,
		packT: packTf64z, packN: packNf64z, tg: 2, tv: 8, nv: 8, nm: 12,
		dot: dotNT3x4f64z, dotLanes: 4},
}

// avx2Gemm holds the AVX2/FMA kernels: 12 YMM accumulators (6 rows of two vectors).
var avx2Gemm = gemmVariant{name: "avx2",
	f32: gemmKernels[float32]{mr: 6, nr: 16, kc: 256, mc: 96, nc: 2048,
		packed: gemmP6x16f32y, strided: gemmS6x16f32y,
		packT: packTf32y, packN: packNf32y, tg: 2, tv: 8, nv: 8, nm: 6,
		dot: dotNT3x4f32, dotLanes: 8},
	f64: gemmKernels[float64]{mr: 6, nr: 8, kc: 256, mc: 96, nc: 2048,
		packed: gemmP6x8f64y, strided: gemmS6x8f64y,
		packT: packTf64y, packN: packNf64y, tg: 2, tv: 4, nv: 4, nm: 6,
		dot: dotNT3x4f64, dotLanes: 4},
}

func init() {
	var v []*gemmVariant
	if cpu.X86.HasAVX512F {
		v = append(v, &avx512Gemm)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		v = append(v, &avx2Gemm)
	}
	gemmVariants = append(v, gemmVariants...)
	gemmUse = gemmVariants[0]
}
