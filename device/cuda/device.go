// Package cuda is gotensor's NVIDIA GPU backend: the CUDA driver API bound at run time
// with purego (no cgo, no CUDA toolkit at build time), the PTX kernels of package kernels,
// a caching allocator and pinned or mapped host memory. Importing it registers
// device.CUDA; without a driver or a GPU, device.CUDA(n) returns an error wrapping
// device.ErrNoDevice, logs nothing and never crashes.
//
// # Operating systems
//
// The package builds everywhere Go does. The driver library is loaded where NVIDIA ships
// one for a 64-bit host: on Linux (amd64, arm64) libcuda.so.1 through purego's dlopen, on
// Windows (amd64, arm64) nvcuda.dll from System32 through LoadLibraryEx, entry points
// called with purego.SyscallN in both cases (LibraryName is the name). On every other
// OS or architecture (macOS, the BSDs, js/wasm, 32-bit and other Linux architectures)
// nothing is loaded and device.CUDA(n) returns an error wrapping device.ErrNoDevice.
//
// # Layers
//
// driver.go holds the raw symbols (explicit ABI names such as cuMemAlloc_v2), api.go one
// method per entry point returning an *Error with the driver's own name and text, and the
// rest owning types: Device (primary context and stream), Buffer, HostMem.
//
// # Threads and contexts
//
// A CUDA context is current per OS thread. Every Device method locks the device, pins the
// calling goroutine to its thread (runtime.LockOSThread) for the duration of the call and
// makes the device's primary context current there with cuCtxSetCurrent, a store into the
// driver's thread-local state: no goroutine hop, no dedicated thread, one cheap call per op.
//
// # Asynchrony
//
// All work of a device goes to one stream, in order. Ops return once their kernels are
// queued; Download, Sync and ops whose result size or error depends on the data (Take's
// index check, NonZero is sized by the caller) wait for the stream. Errors met while
// freeing are kept and returned by the next Sync.
package cuda

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/gotensor/gotensor/device"
)

func init() {
	device.RegisterCUDA(func(n int) (device.Device, error) {
		d, err := Open(n)
		if err != nil {
			return nil, err
		}
		return d, nil
	})
}

// Props describes a device.
type Props struct {
	Name        string // "NVIDIA H100 80GB HBM3"
	Ordinal     int
	TotalMem    int // bytes
	SMs         int // multiprocessors
	CCMajor     int // compute capability
	CCMinor     int
	ClockKHz    int // SM clock
	MemClockKHz int
	BusWidth    int // memory bus width in bits
	Driver      int // cuDriverGetVersion: 13000 for CUDA 13.0
}

// Device is one GPU: its primary context, a stream, loaded modules and a caching
// allocator. Opened once per process and ordinal; safe for concurrent use.
type Device struct {
	lib    *lib
	name   string
	dev    int32
	ctx    uintptr
	stream uintptr
	props  Props

	mu       sync.Mutex // serialises work on the stream and guards below
	args     *args
	pinner   runtime.Pinner
	mods     map[string]*module
	fns      map[string]*kernel
	launches int64
	jit      time.Duration // spent JIT-compiling modules
	mem      *allocator
	pinned   map[uintptr]int // live pinned host memory (address: bytes), to spot pinned Upload sources

	errMu   sync.Mutex
	pending []error // met while freeing, returned by the next Sync
}

var _ device.Device = (*Device)(nil)

// Open opens CUDA device n (device.CUDA calls it). The same *Device is returned for the
// same n.
func Open(n int) (*Device, error) {
	l, err := driver()
	if err != nil {
		return nil, fmt.Errorf("device.CUDA(%d): %w: %v", n, device.ErrNoDevice, err)
	}
	return l.open(n)
}

var (
	openMu sync.Mutex
	opened = map[*lib]map[int]*Device{}
)

// open opens device n of an initialised library, once.
func (l *lib) open(n int) (*Device, error) {
	openMu.Lock()
	defer openMu.Unlock()
	if d := opened[l][n]; d != nil {
		return d, nil
	}
	fail := func(format string, a ...any) (*Device, error) {
		return nil, fmt.Errorf("device.CUDA(%d): %w: %s", n, device.ErrNoDevice, fmt.Sprintf(format, a...))
	}
	count, err := l.deviceCount()
	if err != nil {
		return fail("%v", err)
	}
	if n < 0 || n >= count {
		return fail("the driver reports %d CUDA devices", count)
	}
	d := &Device{lib: l, name: fmt.Sprintf("cuda:%d", n), args: new(args),
		mods: map[string]*module{}, fns: map[string]*kernel{}, pinned: map[uintptr]int{}}
	if d.dev, err = l.deviceGet(n); err != nil {
		return fail("%v", err)
	}
	if err := d.readProps(n); err != nil {
		return fail("%v", err)
	}
	if d.props.CCMajor < 8 {
		return fail("%s has compute capability %d.%d; the kernels need 8.0 (sm_80) or later",
			d.props.Name, d.props.CCMajor, d.props.CCMinor)
	}
	if d.ctx, err = l.primaryCtxRetain(d.dev); err != nil {
		return fail("%v", err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := l.ctxSetCurrent(d.ctx); err != nil {
		return fail("%v", err)
	}
	if d.stream, err = l.streamCreate(streamNonBlocking); err != nil {
		return fail("%v", err)
	}
	d.pinner.Pin(d.args)
	d.mem = newAllocator(driverMem{l, d.stream}, d.name)
	if opened[l] == nil {
		opened[l] = map[int]*Device{}
	}
	opened[l][n] = d
	return d, nil
}

func (d *Device) readProps(n int) error {
	l, p := d.lib, &d.props
	p.Ordinal = n
	var err error
	if p.Name, err = l.deviceName(d.dev); err != nil {
		return err
	}
	if p.TotalMem, err = l.deviceTotalMem(d.dev); err != nil {
		return err
	}
	if p.Driver, err = l.driverVersion(); err != nil {
		return err
	}
	for _, a := range []struct {
		attr int
		v    *int
	}{{attrMultiprocessors, &p.SMs}, {attrCCMajor, &p.CCMajor}, {attrCCMinor, &p.CCMinor},
		{attrClockRate, &p.ClockKHz}, {attrMemoryClockRate, &p.MemClockKHz}, {attrMemoryBusWidth, &p.BusWidth}} {
		if *a.v, err = l.deviceAttr(d.dev, a.attr); err != nil {
			return err
		}
	}
	if p.SMs < 1 {
		p.SMs = 1
	}
	return nil
}

// driverMem is the allocator's backend on the driver; called with the device bound.
type driverMem struct {
	l      *lib
	stream uintptr
}

func (m driverMem) alloc(n int) (uintptr, error)          { return m.l.memAlloc(n) }
func (m driverMem) free(p uintptr) error                  { return m.l.memFree(p) }
func (m driverMem) memInfo() (free, total int, err error) { return m.l.memGetInfo() }
func (m driverMem) idle() error                           { return m.l.streamSynchronize(m.stream) }

// enter locks the device and makes its context current on the calling goroutine's
// thread, which stays locked until leave.
func (d *Device) enter() error {
	d.mu.Lock()
	runtime.LockOSThread()
	if err := d.lib.ctxSetCurrent(d.ctx); err != nil {
		d.leave()
		return fmt.Errorf("%s: %w", d.name, err)
	}
	d.args.reset()
	return nil
}

func (d *Device) leave() {
	runtime.UnlockOSThread()
	d.mu.Unlock()
}

// deferErr keeps an error for the next Sync.
func (d *Device) deferErr(err error) {
	d.errMu.Lock()
	d.pending = append(d.pending, err)
	d.errMu.Unlock()
}

// Name is "cuda:N".
func (d *Device) Name() string { return d.name }

// String is Name.
func (d *Device) String() string { return d.name }

// IsHost is false: buffers live in device memory.
func (d *Device) IsHost() bool { return false }

// Props describes the device.
func (d *Device) Props() Props { return d.props }

// Stats reports the caching allocator's statistics.
func (d *Device) Stats() Stats { return d.mem.stats() }

// Launches is the number of kernels launched so far.
func (d *Device) Launches() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.launches
}

// JITTime is the time the driver spent compiling the PTX modules loaded so far (each is
// compiled on its first use, then cached by the driver across runs).
func (d *Device) JITTime() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.jit
}

// EmptyCache returns the allocator's cached blocks to the driver, after the stream is
// idle (a cached block may still be used by queued work until then).
func (d *Device) EmptyCache() error {
	if err := d.enter(); err != nil {
		return err
	}
	defer d.leave()
	return d.mem.emptyCache()
}

// MemInfo reports the driver's free and total device memory in bytes.
func (d *Device) MemInfo() (free, total int, err error) {
	if err := d.enter(); err != nil {
		return 0, 0, err
	}
	defer d.leave()
	return d.lib.memGetInfo()
}

// Sync waits for every queued op and returns the errors met since the last Sync: a
// failed kernel, and errors met while freeing.
func (d *Device) Sync() error {
	if err := d.enter(); err != nil {
		return err
	}
	err := d.lib.streamSynchronize(d.stream)
	d.leave()
	d.errMu.Lock()
	errs := append([]error{err}, d.pending...)
	d.pending = nil
	d.errMu.Unlock()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s: %w", d.name, err)
	}
	return nil
}
