//go:build purego || !amd64

package cpu

// The twins of the pairwise-sum kernels (never selected without the assembly: useSIMD is
// false; they keep the callers compiling and state each kernel's result in Go).

func pwLeavesf32(a []float32, offs, lens []int, out []float32) { pwLeavesGo(a, offs, lens, out) }

func pwLeavesf64(a []float64, offs, lens []int, out []float64) { pwLeavesGo(a, offs, lens, out) }

func accRowsf32(acc []float32, src []float32, stride int, rows int) {
	accRowsGo(acc, src, stride, rows, 8)
}

func accRowsf64(acc []float64, src []float64, stride int, rows int) {
	accRowsGo(acc, src, stride, rows, 4)
}

func accRowsGo[T float](acc, src []T, stride, rows, lanes int) {
	acc = acc[:len(acc)-len(acc)%lanes]
	for r := 0; r < rows; r++ {
		row := src[r*stride:]
		for j := range acc {
			acc[j] += row[j]
		}
	}
}

func pwStridedf32(a []float32, stride, n int, out []float32) { pwStridedGo(a, stride, n, out) }

func pwStridedf64(a []float64, stride, n int, out []float64) { pwStridedGo(a, stride, n, out) }
