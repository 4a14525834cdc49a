package cuda

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// redPlan is a reduction as reduce.cu's RLay describes it: the kept dimensions (one
// output each, merged over src and dst) and the reduced ones (merged over src).
type redPlan struct {
	kdim, ks, kd []int
	rdim, rs     []int
	M, R         int // outputs, elements per output
}

func newRedPlan(dst, src device.Operand, axes []int) redPlan {
	l := device.SplitReduction(dst, src, axes)
	keep, keepS, keepD, sub, subS := l.Keep, l.KeepSrc, l.KeepDst, l.Reduced, l.ReducedSrc
	var p redPlan
	p.M, p.R = prod(keep), prod(sub)
	if p.M > 0 {
		ms, mst := merge(keep, [][]int{keepS, keepD})
		if !(len(ms) == 1 && ms[0] == 1) {
			p.kdim, p.ks, p.kd = ms, mst[0], mst[1]
		}
	}
	if p.R > 0 {
		ms, mst := merge(sub, [][]int{subS})
		if !(len(ms) == 1 && ms[0] == 1) {
			p.rdim, p.rs = ms, mst[0]
		}
	}
	return p
}

// pack writes an RLay; kd overrides the kept dst strides when non-nil.
func (p redPlan) pack(a *args, kd []int) {
	if kd == nil {
		kd = p.kd
	}
	const r = device.MaxRank
	w := make([]int64, 1+5*r)
	w[0] = int64(len(p.kdim)) | int64(len(p.rdim))<<32
	for k := range p.kdim {
		w[1+k], w[1+r+k], w[1+2*r+k] = int64(p.kdim[k]), int64(p.ks[k]), int64(kd[k])
	}
	for k := range p.rdim {
		w[1+3*r+k], w[1+4*r+k] = int64(p.rdim[k]), int64(p.rs[k])
	}
	a.words(w...)
}

// stateSize is the size in bytes of a reduction's partial state (reduce.cu's Op::S).
func stateSize(op string, dt device.DType) int {
	switch op {
	case kernels.FSum, kernels.SqDev, kernels.ArgMax, kernels.ArgMin:
		return 16
	case kernels.RMax, kernels.RMin:
		return max(dt.Size(), 4)
	case kernels.RAll, kernels.RAny:
		return 4
	}
	return 8
}

// Reduce reduces src over axes into dst (cpu.Reduce's results; see reduce.cu for the
// order of operations).
func (d *Device) Reduce(op device.ReduceOp, dst, src device.Operand, axes []int, prm device.Params) error {
	return d.run(op.String(), func() error {
		p := newRedPlan(dst, src, axes)
		if p.M == 0 {
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
		dt := src.DType
		var kop string
		switch op {
		case device.Sum:
			kop = kernels.ISum
			if dt.IsFloat() || dst.DType.IsFloat() {
				kop = kernels.FSum // an integer sum into a float (NumPy's dtype=float64, mean): each element as a float
			}
		case device.Prod:
			kop = kernels.IProd
			if dt.IsFloat() {
				kop = kernels.FProd
			}
		case device.Max:
			kop = kernels.RMax
		case device.Min:
			kop = kernels.RMin
		case device.ArgMax:
			kop = kernels.ArgMax
		case device.ArgMin:
			kop = kernels.ArgMin
		case device.All:
			kop = kernels.RAll
		case device.Any:
			kop = kernels.RAny
		case device.Var:
			return d.variance(p, sp, dp, dst.DType, dt, prm.I)
		default:
			return fmt.Errorf("unknown reduction %d", op)
		}
		return d.reduce(kop, dt, p, sp, dp, dst.DType, 0, 1, nil)
	})
}

// variance is cpu.varF: the mean (compensated sum / n) into a workspace, then the
// compensated sum of squared deviations / (n - ddof).
func (d *Device) variance(p redPlan, sp, dp uintptr, dstDT, dt device.DType, ddof int) error {
	mean, err := d.scratch(8 * p.M)
	if err != nil {
		return err
	}
	defer mean.Free()
	if err := d.reduce(kernels.FSum, dt, p, sp, mean.Ptr(), device.Float64, 0, float64(p.R), cStrides(p.kdim)); err != nil {
		return err
	}
	return d.reduce(kernels.SqDev, dt, p, sp, dp, dstDT, mean.Ptr(), float64(max(p.R-ddof, 0)), nil)
}

// reduce launches reduction kop: one thread per output when the reduced runs are short
// or strided and there are outputs enough to fill the GPU, else one block per output,
// split across blocks (and combined by the _fin kernel) when there are too few outputs.
func (d *Device) reduce(kop string, dt device.DType, p redPlan, sp, dp uintptr, dstDT device.DType,
	mean uintptr, div float64, kd []int) error {
	sms := int64(d.props.SMs)
	M, R := int64(p.M), int64(p.R)
	unitInner := len(p.rs) > 0 && p.rs[len(p.rs)-1] == 1
	mode, threads, splits := 0, 128, int64(1)
	if R > 16 && (unitInner || M < sms*64) {
		mode = 1
		threads = 32
		for threads < 256 && int64(threads) < R {
			threads *= 2
		}
		if M < 2*sms {
			splits = min((4*sms+M-1)/M, (R+int64(threads)*8-1)/(int64(threads)*8), 1024)
		}
	}
	chunk := (R + splits - 1) / max(splits, 1)
	if splits > 1 {
		splits = (R + chunk - 1) / chunk
	}
	var part *Buffer
	if splits > 1 {
		var err error
		if part, err = d.scratch(int(M*splits) * stateSize(kop, dt)); err != nil {
			return err
		}
		defer part.Free()
	}
	a := d.args
	a.ptr(sp)
	a.ptr(dp)
	a.i32(int(dstDT))
	a.i64(p.M)
	a.i64(p.R)
	a.i32(mode)
	a.ptr(part.Ptr())
	a.i64(int(chunk))
	a.ptr(mean)
	a.f64(div)
	p.pack(a, kd)
	grid := d.grid1(M, threads)
	if mode == 1 {
		grid = [3]uint32{uint32(min(M, sms*32)), uint32(splits), 1}
	}
	if err := d.launch(kernels.Reduce(kop, dt, false), grid, block1(threads)); err != nil {
		return err
	}
	if splits == 1 {
		return nil
	}
	a.ptr(part.Ptr())
	a.i64(int(splits))
	a.ptr(dp)
	a.i32(int(dstDT))
	a.i64(p.M)
	a.f64(div)
	p.pack(a, kd)
	return d.launch(kernels.Reduce(kop, dt, true), d.grid1(M, 128), block1(128))
}
