package cuda

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// lines is the loop over every dimension but axis of operands sharing src's shape, as
// cpu's lines: the merged shape and each operand's strides over it (zeros for an operand
// without a buffer), the axis length and each operand's stride along it.
func lines(axis int, shape []int, ops ...device.Operand) (ms []int, mst [][]int, n int, step []int) {
	drop := func(s []int) []int { return append(append([]int(nil), s[:axis]...), s[axis+1:]...) }
	other := drop(shape)
	st := make([][]int, len(ops))
	step = make([]int, len(ops))
	for i, o := range ops {
		if o.Buf == nil {
			st[i] = make([]int, len(other))
			continue
		}
		st[i] = drop(o.Strides)
		step[i] = o.Strides[axis]
	}
	ms, mst = merge(other, st)
	return ms, mst, shape[axis], step
}

// Scan writes the running sum or product of src along axis into dst: one thread per
// line when lines are short or many, else one block per line (scan.cu).
func (d *Device) Scan(op device.ScanOp, dst, src device.Operand, axis int) error {
	return d.run(op.String(), func() error {
		ms, mst, n, step := lines(axis, src.Shape, dst, src)
		nl := prod(ms)
		if nl == 0 || n == 0 {
			return nil
		}
		dp, err := d.addr(dst)
		if err != nil {
			return err
		}
		sp, err := d.addr(src)
		if err != nil {
			return err
		}
		sms := d.props.SMs
		mode, threads := 0, 128
		grid := d.grid1(int64(nl), threads)
		if n > 256 && nl < sms*128 {
			mode, threads = 1, 256
			grid = [3]uint32{uint32(min(nl, sms*32)), 1, 1}
		}
		a := d.args
		a.ptr(sp)
		a.ptr(dp)
		a.i32(int(dst.DType))
		a.i64(nl)
		a.i64(n)
		a.i64(step[1])
		a.i64(step[0])
		a.i32(mode)
		a.lay(ms, mst)
		return d.launch(kernels.Scan(op, src.DType), grid, block1(threads))
	})
}

// Sort sorts src along axis into dst (values) and idx (positions), either of which may
// have no buffer: bitonic tiles in shared memory, then merges of sorted runs (sort.cu).
func (d *Device) Sort(dst, idx, src device.Operand, axis int) error {
	return d.run("sort", func() error {
		ms, mst, n, step := lines(axis, src.Shape, dst, idx, src)
		nl := prod(ms)
		if nl == 0 || n == 0 {
			return nil
		}
		ptr, err := d.addr3(dst, idx, src)
		if err != nil {
			return err
		}
		dt := src.DType
		es := dt.Size()
		total := nl * n
		var work [4]*Buffer
		nbuf := 2
		ts := 32
		for ts < n && ts < kernels.SortTile {
			ts *= 2
		}
		if n > ts {
			nbuf = 4
		}
		for i := 0; i < nbuf; i++ {
			size := es
			if i%2 == 1 {
				size = 8
			}
			b, err := d.scratch(total * size)
			if err != nil {
				return err
			}
			defer b.Free()
			work[i] = b
		}
		a := d.args
		a.ptr(ptr[2])
		a.i64(nl)
		a.i64(n)
		a.i64(step[2])
		a.i32(ts)
		a.lay(ms, mst[2:3])
		a.ptr(work[0].Ptr())
		a.ptr(work[1].Ptr())
		tiles := int64(nl) * int64((n+ts-1)/ts)
		threads := min(max(ts/2, 32), 512)
		grid := [3]uint32{uint32(min(tiles, 1<<20)), 1, 1}
		if err := d.launch(kernels.Sort("tile", dt), grid, block1(threads)); err != nil {
			return err
		}
		in, out := 0, 2
		for w := ts; w < n; w *= 2 {
			a.ptr(work[in].Ptr())
			a.ptr(work[in+1].Ptr())
			a.ptr(work[out].Ptr())
			a.ptr(work[out+1].Ptr())
			a.i64(nl)
			a.i64(n)
			a.i64(w)
			if err := d.launch(kernels.Sort("merge", dt), d.grid1(int64(total), 256), block1(256)); err != nil {
				return err
			}
			in, out = out, in
		}
		a.ptr(work[in].Ptr())
		a.ptr(work[in+1].Ptr())
		a.ptr(ptr[0])
		a.ptr(ptr[1])
		a.i64(nl)
		a.i64(n)
		a.i64(step[0])
		a.i64(step[1])
		a.lay(ms, mst[0:2])
		if err := d.launch(kernels.Sort("out", dt), d.grid1(int64(total), 256), block1(256)); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
		return nil
	})
}

var _ device.Fused = (*Device)(nil)

// Softmax writes softmax (or log-softmax) of src along axis into dst in one kernel: per
// row the max, the exponentials and their float64 sum, then the scale (softmax.cu, the
// steps of cpu.Softmax).
func (d *Device) Softmax(dst, src device.Operand, axis int, log bool) error {
	return d.run("softmax", func() error {
		if !src.DType.IsFloat() {
			return fmt.Errorf("softmax of %v: want a float dtype", src.DType)
		}
		ms, mst, n, step := lines(axis, src.Shape, dst, src)
		nl := prod(ms)
		if nl == 0 || n == 0 {
			return nil
		}
		dp, err := d.addr(dst)
		if err != nil {
			return err
		}
		sp, err := d.addr(src)
		if err != nil {
			return err
		}
		threads := 32
		for threads < 256 && threads < n {
			threads *= 2
		}
		lg := 0
		if log {
			lg = 1
		}
		a := d.args
		a.ptr(dp)
		a.ptr(sp)
		a.i64(nl)
		a.i64(n)
		a.i64(step[1])
		a.i64(step[0])
		a.i32(lg)
		a.lay(ms, mst)
		grid := [3]uint32{uint32(min(nl, d.props.SMs*32)), 1, 1}
		return d.launch(kernels.Softmax(src.DType), grid, block1(threads))
	})
}
