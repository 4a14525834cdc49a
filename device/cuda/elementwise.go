package cuda

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

const ewThreads = 256

// ew launches an element-wise kernel over ops (the destination first), all of shape.
// head packs the parameters that precede the layout, given each operand's address (0 for
// scalars) and the element count; the strided variant gets the merged layout after them.
func (d *Device) ew(name func(strided bool) kernels.Kernel, shape []int, ops []device.Operand,
	head func(a *args, ptr []uintptr, n int)) error {
	n := prod(shape)
	if n == 0 {
		return nil
	}
	var ptr [4]uintptr
	st := make([][]int, len(ops))
	for i, o := range ops {
		p, err := d.addr(o)
		if err != nil {
			return err
		}
		ptr[i] = p
		st[i] = strides(o, len(shape))
	}
	ms, mst := merge(shape, st)
	strided := !isContiguous(ms, mst, ops)
	head(d.args, ptr[:len(ops)], n)
	if strided {
		d.args.lay(ms, mst)
	}
	return d.launch(name(strided), d.grid1(int64(n), ewThreads), block1(ewThreads))
}

// run locks the device around fn and names the op in its error.
func (d *Device) run(op string, fn func() error) error {
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	if err := fn(); err != nil {
		return fmt.Errorf("%s: %s: %w", d.name, op, err)
	}
	return nil
}

// Unary writes op(src) into dst.
func (d *Device) Unary(op device.UnaryOp, dst, src device.Operand, p device.Params) error {
	return d.run(op.String(), func() error {
		dt := src.DType
		if dt == device.Bool && op == device.Square {
			return d.copyOp(dst, src)
		}
		if dt == device.Bool && op == device.Invert {
			op = device.LogicalNot // the u8 kernel would flip all eight bits
		}
		if !kernels.HasUnary(op, dt) {
			return fmt.Errorf("no kernel for dtype %v", dt)
		}
		return d.ew(func(s bool) kernels.Kernel { return kernels.Unary(op, dt, s) }, dst.Shape,
			[]device.Operand{dst, src}, func(a *args, ptr []uintptr, n int) {
				a.ptr(ptr[0])
				a.ptr(ptr[1])
				a.i64(n)
				a.words(int64(math.Float64bits(p.A)), int64(math.Float64bits(p.B)), int64(p.I)) // UParams

			})
	})
}

// Binary writes op(a, b) into dst. As the CPU does, the kernel's dtype is dst's, or a's
// for predicates; scalar operands are converted to it (cpu.scalarAs).
func (d *Device) Binary(op device.BinaryOp, dst, a, b device.Operand) error {
	return d.run(op.String(), func() error {
		dt := dst.DType
		if op.Predicate() {
			dt = a.DType
		}
		if !kernels.HasBinary(op, dt) {
			return fmt.Errorf("no kernel for dtype %v", dt)
		}
		as, bs := scalarBits(a.S, a.DType, dt), scalarBits(b.S, b.DType, dt)
		return d.ew(func(s bool) kernels.Kernel { return kernels.Binary(op, dt, s) }, dst.Shape,
			[]device.Operand{dst, a, b}, func(p *args, ptr []uintptr, n int) {
				p.ptr(ptr[0])
				p.ptr(ptr[1])
				p.ptr(ptr[2])
				p.u64(as)
				p.u64(bs)
				p.i64(n)
			})
	})
}

// Where writes cond ? a : b into dst.
func (d *Device) Where(dst, cond, a, b device.Operand) error {
	return d.run("where", func() error {
		if cond.Buf == nil {
			return fmt.Errorf("condition must be a buffer")
		}
		dt := dst.DType
		as, bs := scalarBits(a.S, a.DType, dt), scalarBits(b.S, b.DType, dt)
		return d.ew(func(s bool) kernels.Kernel { return kernels.Where(dt.Size(), s) }, dst.Shape,
			[]device.Operand{dst, cond, a, b}, func(p *args, ptr []uintptr, n int) {
				for _, q := range ptr {
					p.ptr(q)
				}
				p.u64(as)
				p.u64(bs)
				p.i64(n)
			})
	})
}

// Copy writes src into dst, casting as cpu.Copy does.
func (d *Device) Copy(dst, src device.Operand) error {
	return d.run("copy", func() error { return d.copyOp(dst, src) })
}

func (d *Device) copyOp(dst, src device.Operand) error {
	ops := []device.Operand{dst, src}
	if src.Buf == nil {
		v := scalarBits(src.S, src.DType, dst.DType)
		if dst.DType == device.Bool {
			v = 0
			if src.S.F != 0 || src.S.I != 0 {
				v = 1
			}
		}
		return d.ew(func(s bool) kernels.Kernel { return kernels.Fill(dst.DType.Size(), s) }, dst.Shape,
			ops[:1], func(a *args, ptr []uintptr, n int) {
				a.ptr(ptr[0])
				a.u64(v)
				a.i64(n)
			})
	}
	name := func(s bool) kernels.Kernel { return kernels.Cast(src.DType, dst.DType, s) }
	if src.DType == dst.DType || (src.DType == device.Bool && dst.DType == device.Uint8) {
		name = func(s bool) kernels.Kernel { return kernels.Copy(dst.DType.Size(), s) }
	}
	return d.ew(name, dst.Shape, ops, func(a *args, ptr []uintptr, n int) {
		a.ptr(ptr[0])
		a.ptr(ptr[1])
		a.i64(n)
	})
}
