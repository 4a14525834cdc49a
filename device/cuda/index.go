package cuda

import (
	"math"
	"unsafe"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// Take gathers src along axis at idx's positions (int64, negative from the end). An
// index out of range is an *device.IndexError naming the first bad index in C order, as
// the CPU's; checking it waits for the kernel (a synchronisation point).
func (d *Device) Take(dst, src, idx device.Operand, axis int) error {
	return d.run("take", func() error {
		ss, is := device.TakeStrides(dst, src, idx, axis)
		ni, rank := len(idx.Shape), len(dst.Shape)
		n := prod(dst.Shape)
		if n == 0 {
			return nil
		}
		ptr, err := d.addr3(dst, src, idx)
		if err != nil {
			return err
		}
		slot, err := d.scratch(8)
		if err != nil {
			return err
		}
		defer slot.Free()
		a := d.args
		a.ptr(slot.Ptr())
		a.u64(math.MaxUint64)
		a.i64(1)
		if err := d.launch(kernels.Fill(8, false), [3]uint32{1, 1, 1}, block1(32)); err != nil {
			return err
		}
		ms, mst := merge(dst.Shape, [][]int{dst.Strides, ss, is})
		size, step := src.Shape[axis], src.Strides[axis]
		a.ptr(ptr[0])
		a.ptr(ptr[1])
		a.ptr(ptr[2])
		a.i64(n)
		a.i64(size)
		a.i64(step)
		a.ptr(slot.Ptr())
		a.lay(ms, mst)
		if err := d.launch(kernels.Take(dst.DType.Size()), d.grid1(int64(n), ewThreads), block1(ewThreads)); err != nil {
			return err
		}
		bad, err := d.readWord(slot.Ptr())
		if err != nil || bad == math.MaxUint64 {
			return err
		}
		// The first bad element in C order over dst's shape: its position in idx.
		off := idx.Offset
		rest := int(bad)
		for k := rank - 1; k >= 0; k-- {
			c := rest % dst.Shape[k]
			rest /= dst.Shape[k]
			if k >= axis && k < axis+ni {
				off += c * idx.Strides[k-axis]
			}
		}
		b, _ := d.own(idx.Buf)
		v, err := d.readWord(b.Ptr() + uintptr(off*8))
		if err != nil {
			return err
		}
		return &device.IndexError{Index: int64(v), Size: size}
	})
}

// readWord copies 8 bytes from device address p after the queued work.
func (d *Device) readWord(p uintptr) (uint64, error) {
	w := new(uint64)
	if err := d.lib.memcpyDtoHAsync(unsafe.Pointer(w), p, 8, d.stream); err != nil {
		return 0, err
	}
	if err := d.lib.streamSynchronize(d.stream); err != nil {
		return 0, err
	}
	return *w, nil
}

// NonZero writes the coordinates of src's non-zero elements in C order into dst, of shape
// (count, rank): per-block counts, their exclusive scan, then each block writes its
// elements' coordinates at its offset (a prefix-sum compaction, index.cu).
func (d *Device) NonZero(dst, src device.Operand) error {
	return d.run("nonzero", func() error {
		N := prod(src.Shape)
		if N == 0 {
			return nil
		}
		sp, err := d.addr(src)
		if err != nil {
			return err
		}
		dp, err := d.addr(dst)
		if err != nil {
			return err
		}
		const threads = 256
		chunk := max(4*threads, (N+d.props.SMs*16-1)/(d.props.SMs*16))
		chunk = (chunk + threads - 1) / threads * threads
		nb := (N + chunk - 1) / chunk
		counts, err := d.scratch(8 * (nb + 1))
		if err != nil {
			return err
		}
		defer counts.Free()
		shape, st := src.Shape, src.Strides
		if len(shape) == 0 {
			shape, st = []int{1}, []int{0}
		}
		a := d.args
		a.ptr(sp)
		a.i64(N)
		a.i64(chunk)
		a.lay(shape, [][]int{st})
		a.ptr(counts.Ptr())
		grid := [3]uint32{uint32(nb), 1, 1}
		if err := d.launch(kernels.NonZero("count", src.DType), grid, block1(threads)); err != nil {
			return err
		}
		a.ptr(counts.Ptr())
		a.i64(nb)
		if err := d.launch(kernels.NonZero("scan", src.DType), [3]uint32{1, 1, 1}, block1(1024)); err != nil {
			return err
		}
		ds0, ds1 := 0, 0
		if len(dst.Strides) == 2 {
			ds0, ds1 = dst.Strides[0], dst.Strides[1]
		}
		a.ptr(sp)
		a.i64(N)
		a.i64(chunk)
		a.lay(shape, [][]int{st})
		a.i32(len(src.Shape))
		a.ptr(counts.Ptr())
		a.ptr(dp)
		a.i64(ds0)
		a.i64(ds1)
		return d.launch(kernels.NonZero("write", src.DType), grid, block1(threads))
	})
}
