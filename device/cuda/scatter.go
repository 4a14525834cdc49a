package cuda

import (
	"math"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

var _ device.Scatterer = (*Device)(nil)

// ScatterAdd adds src into dst at idx's positions along axis (np.add.at; see
// device.Scatterer) with atomic adds, one thread per element of src (scatter.cu).
// Repeated indices accumulate; integer sums are exact (wrapping) and the same every run,
// but float sums are added in whatever order the threads arrive, so they may differ in
// the last bits from run to run and from the CPU's, which adds in idx's C order.
//
// The indices are checked by a first kernel and read back before anything is added (a
// synchronisation point): an index out of range is an *device.IndexError naming the first
// in idx's C order, as the CPU's, and leaves dst as it was.
func (d *Device) ScatterAdd(dst, src, idx device.Operand, axis int) error {
	return d.run("scatter_add", func() error {
		size, step := dst.Shape[axis], dst.Strides[axis]
		if prod(idx.Shape) > 0 {
			if err := d.scatterCheck(idx, size); err != nil {
				return err
			}
		}
		n := prod(src.Shape)
		if n == 0 {
			return nil
		}
		ptr, err := d.addr3(dst, src, idx)
		if err != nil {
			return err
		}
		ds, is := device.TakeStrides(src, dst, idx, axis)
		ms, mst := merge(src.Shape, [][]int{ds, src.Strides, is})
		a := d.args
		a.ptr(ptr[0])
		a.ptr(ptr[1])
		a.ptr(ptr[2])
		a.i64(n)
		a.i64(size)
		a.i64(step)
		a.lay(ms, mst)
		return d.launch(kernels.ScatterAdd(dst.DType), d.grid1(int64(n), ewThreads), block1(ewThreads))
	})
}

// scatterCheck finds the first index of idx (C order) outside [-size, size) and returns
// it as an IndexError, or nil when every index is in range.
func (d *Device) scatterCheck(idx device.Operand, size int) error {
	ip, err := d.addr(idx)
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
	n := prod(idx.Shape)
	ms, mst := merge(idx.Shape, [][]int{idx.Strides})
	a.ptr(ip)
	a.i64(n)
	a.i64(size)
	a.ptr(slot.Ptr())
	a.lay(ms, mst)
	if err := d.launch(kernels.ScatterCheck, d.grid1(int64(n), ewThreads), block1(ewThreads)); err != nil {
		return err
	}
	bad, err := d.readWord(slot.Ptr())
	if err != nil || bad == math.MaxUint64 {
		return err
	}
	off := idx.Offset
	rest := int(bad)
	for k := len(idx.Shape) - 1; k >= 0; k-- {
		off += rest % idx.Shape[k] * idx.Strides[k]
		rest /= idx.Shape[k]
	}
	b, _ := d.own(idx.Buf)
	v, err := d.readWord(b.Ptr() + uintptr(off*8))
	if err != nil {
		return err
	}
	return &device.IndexError{Index: int64(v), Size: size}
}
