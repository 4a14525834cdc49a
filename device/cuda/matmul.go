package cuda

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// MatMul writes a @ b into dst for every batch element: shapes (..., M, K), (..., K, N),
// (..., M, N), any strides (matmul.cu).
func (d *Device) MatMul(dst, a, b device.Operand) error {
	return d.run("matmul", func() error {
		r := len(dst.Shape)
		M, N, K := dst.Shape[r-2], dst.Shape[r-1], a.Shape[r-1]
		batch := dst.Shape[:r-2]
		nb := prod(batch)
		if M == 0 || N == 0 || nb == 0 {
			return nil
		}
		ptr, err := d.addr3(dst, a, b)
		if err != nil {
			return err
		}
		ms, mst := merge(batch, [][]int{dst.Strides[:r-2], a.Strides[:r-2], b.Strides[:r-2]})
		bm, bn := kernels.MatMulTile(dst.DType)
		gy := (M + bm - 1) / bm
		if gy > 65535 {
			return fmt.Errorf("%d rows exceed the grid (at most %d)", M, 65535*bm)
		}
		p := d.args
		p.ptr(ptr[0])
		p.ptr(ptr[1])
		p.ptr(ptr[2])
		p.words(int64(M), int64(N), int64(K),
			int64(dst.Strides[r-2]), int64(dst.Strides[r-1]),
			int64(a.Strides[r-2]), int64(a.Strides[r-1]),
			int64(b.Strides[r-2]), int64(b.Strides[r-1]))
		p.i64(nb)
		p.lay(ms, mst)
		grid := [3]uint32{uint32((N + bn - 1) / bn), uint32(gy), uint32(min(nb, 65535))}
		return d.launch(kernels.MatMul(dst.DType), grid, block1(256))
	})
}
