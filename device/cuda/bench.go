package cuda

import (
	"fmt"
	"math"
	"time"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// Time runs fn, which queues work on the device, between two CUDA events and returns the
// device time between them (after waiting for the second): the way to time GPU work
// without counting launch latency or host overhead twice.
func (d *Device) Time(fn func() error) (time.Duration, error) {
	var start, end uintptr
	err := d.run("Time", func() error {
		var err error
		if start, err = d.lib.eventCreate(); err != nil {
			return err
		}
		if end, err = d.lib.eventCreate(); err != nil {
			return err
		}
		return d.lib.eventRecord(start, d.stream)
	})
	defer func() {
		_ = d.run("Time", func() error {
			if start != 0 {
				_ = d.lib.eventDestroy(start)
			}
			if end != 0 {
				_ = d.lib.eventDestroy(end)
			}
			return nil
		})
	}()
	if err != nil {
		return 0, err
	}
	if err := fn(); err != nil {
		return 0, err
	}
	var ms float32
	err = d.run("Time", func() error {
		if err := d.lib.eventRecord(end, d.stream); err != nil {
			return err
		}
		if err := d.lib.eventSynchronize(end); err != nil {
			return err
		}
		ms, err = d.lib.eventElapsedTime(start, end)
		return err
	})
	return time.Duration(float64(ms) * float64(time.Millisecond)), err
}

// FMAPeak measures the arithmetic peak in GFLOP/s for dtype dt (float32 or float64):
// every SM busy with independent chains of fused multiply-adds, timed with events.
func (d *Device) FMAPeak(dt device.DType) (float64, error) { return d.fmaPeak(dt, 1<<14) }

func (d *Device) fmaPeak(dt device.DType, iters int) (float64, error) {
	if !dt.IsFloat() {
		return 0, fmt.Errorf("%s: FMAPeak: want a float dtype, got %v", d.name, dt)
	}
	const threads = 256
	blocks := d.props.SMs * 8
	out, err := d.Alloc(dt, blocks*threads)
	if err != nil {
		return 0, err
	}
	defer out.(*Buffer).Free()
	launch := func() error {
		return d.run("FMAPeak", func() error {
			a := d.args
			a.ptr(out.(*Buffer).Ptr())
			a.i64(iters)
			if dt == device.Float32 {
				*(*float32)(a.slot(4)) = 0.999
				*(*float32)(a.slot(4)) = 0.001
			} else {
				a.f64(0.999)
				a.f64(0.001)
			}
			return d.launch(kernels.BenchFMA(dt), [3]uint32{uint32(blocks), 1, 1}, block1(threads))
		})
	}
	if err := launch(); err != nil { // warm-up: module load, clocks
		return 0, err
	}
	t, err := d.Time(launch)
	if err != nil {
		return 0, err
	}
	flops := 2 * 8 * float64(iters) * float64(blocks*threads)
	return flops / t.Seconds() / 1e9, nil
}

// CopyBandwidth measures device-to-device copy bandwidth in GB/s (bytes read plus bytes
// written) with the element-wise copy kernel over n bytes, the ceiling element-wise ops
// and reductions are compared with.
func (d *Device) CopyBandwidth(n int) (float64, error) {
	n = n / 16 * 16
	if n <= 0 {
		return 0, fmt.Errorf("%s: CopyBandwidth: %d bytes", d.name, n)
	}
	src, err := d.Alloc(device.Float32, n/4)
	if err != nil {
		return 0, err
	}
	defer src.(*Buffer).Free()
	dst, err := d.Alloc(device.Float32, n/4)
	if err != nil {
		return 0, err
	}
	defer dst.(*Buffer).Free()
	op := func(b device.Buffer) device.Operand {
		return device.Operand{Buf: b, DType: device.Float32, Shape: []int{n / 4}, Strides: []int{1}}
	}
	cp := func() error { return d.Copy(op(dst), op(src)) }
	if err := cp(); err != nil {
		return 0, err
	}
	best := math.Inf(1)
	for i := 0; i < 5; i++ {
		t, err := d.Time(cp)
		if err != nil {
			return 0, err
		}
		best = min(best, t.Seconds())
	}
	return 2 * float64(n) / best / 1e9, nil
}
