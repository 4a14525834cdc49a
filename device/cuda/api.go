package cuda

// The error layer: one method per entry point, returning Go values and an error that
// carries the driver's own name and text for the result.

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"unsafe"
)

// Device attributes (CUdevice_attribute).
const (
	attrMaxThreadsPerBlock = 1
	attrMaxGridDimY        = 6
	attrMultiprocessors    = 16
	attrCanMapHostMemory   = 19
	attrClockRate          = 13
	attrMemoryClockRate    = 36
	attrMemoryBusWidth     = 37
	attrUnifiedAddressing  = 41
	attrCCMajor            = 75
	attrCCMinor            = 76
)

// cuMemHostAlloc flags.
const (
	hostAllocPortable  = 1
	hostAllocDevicemap = 2
)

// streamNonBlocking: the stream does not synchronise with the legacy default stream.
const streamNonBlocking = 1

func (l *lib) init() error {
	if err := l.check("cuInit", l.call(l.sym.cuInit, 0)); err != nil {
		return err
	}
	v, err := l.driverVersion()
	if err != nil {
		return err
	}
	if v < minDriver {
		return &Error{Func: "cuDriverGetVersion", Name: "driver too old",
			Text: "driver supports CUDA " + versionString(v) + "; the kernels need CUDA " + versionString(minDriver) + " or later"}
	}
	return nil
}

func versionString(v int) string {
	return itoa(v/1000) + "." + itoa(v%1000/10)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func (l *lib) driverVersion() (int, error) {
	var v int32
	err := l.check("cuDriverGetVersion", l.call(l.sym.cuDriverGetVersion, uintptr(unsafe.Pointer(&v))))
	return int(v), err
}

func (l *lib) deviceCount() (int, error) {
	var n int32
	err := l.check("cuDeviceGetCount", l.call(l.sym.cuDeviceGetCount, uintptr(unsafe.Pointer(&n))))
	return int(n), err
}

func (l *lib) deviceGet(ordinal int) (int32, error) {
	var d int32
	err := l.check("cuDeviceGet", l.call(l.sym.cuDeviceGet, uintptr(unsafe.Pointer(&d)), uintptr(ordinal)))
	return d, err
}

func (l *lib) deviceName(dev int32) (string, error) {
	buf := make([]byte, 256)
	err := l.check("cuDeviceGetName", l.call(l.sym.cuDeviceGetName, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(dev)))
	if err != nil {
		return "", err
	}
	s := string(buf)
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return s, nil
}

func (l *lib) deviceTotalMem(dev int32) (int, error) {
	var n uint64
	err := l.check("cuDeviceTotalMem_v2", l.call(l.sym.cuDeviceTotalMem_v2, uintptr(unsafe.Pointer(&n)), uintptr(dev)))
	return int(n), err
}

func (l *lib) deviceAttr(dev int32, attr int) (int, error) {
	var v int32
	err := l.check("cuDeviceGetAttribute", l.call(l.sym.cuDeviceGetAttribute, uintptr(unsafe.Pointer(&v)), uintptr(attr), uintptr(dev)))
	return int(v), err
}

func (l *lib) primaryCtxRetain(dev int32) (uintptr, error) {
	var c uintptr
	err := l.check("cuDevicePrimaryCtxRetain", l.call(l.sym.cuDevicePrimaryCtxRetain, uintptr(unsafe.Pointer(&c)), uintptr(dev)))
	return c, err
}

func (l *lib) primaryCtxRelease(dev int32) error {
	return l.check("cuDevicePrimaryCtxRelease_v2", l.call(l.sym.cuDevicePrimaryCtxRelease_v2, uintptr(dev)))
}

func (l *lib) ctxSetCurrent(ctx uintptr) error {
	return l.check("cuCtxSetCurrent", l.call(l.sym.cuCtxSetCurrent, ctx))
}

func (l *lib) memGetInfo() (free, total int, err error) {
	var f, t uint64
	err = l.check("cuMemGetInfo_v2", l.call(l.sym.cuMemGetInfo_v2, uintptr(unsafe.Pointer(&f)), uintptr(unsafe.Pointer(&t))))
	return int(f), int(t), err
}

func (l *lib) memAlloc(n int) (uintptr, error) {
	var p uint64
	err := l.check("cuMemAlloc_v2", l.call(l.sym.cuMemAlloc_v2, uintptr(unsafe.Pointer(&p)), uintptr(n)))
	return uintptr(p), err
}

func (l *lib) memFree(p uintptr) error {
	return l.check("cuMemFree_v2", l.call(l.sym.cuMemFree_v2, p))
}

// memHostAlloc returns page-locked host memory; C memory, never moved by Go.
func (l *lib) memHostAlloc(n int, flags int) (unsafe.Pointer, error) {
	var p unsafe.Pointer
	err := l.check("cuMemHostAlloc", l.call(l.sym.cuMemHostAlloc, uintptr(unsafe.Pointer(&p)), uintptr(n), uintptr(flags)))
	return p, err
}

func (l *lib) memFreeHost(p unsafe.Pointer) error {
	return l.check("cuMemFreeHost", l.call(l.sym.cuMemFreeHost, uintptr(p)))
}

func (l *lib) memHostGetDevicePointer(p unsafe.Pointer) (uintptr, error) {
	var d uint64
	err := l.check("cuMemHostGetDevicePointer_v2", l.call(l.sym.cuMemHostGetDevicePointer_v2, uintptr(unsafe.Pointer(&d)), uintptr(p), 0))
	return uintptr(d), err
}

// memcpyHtoDAsync copies n bytes from host memory src. From pageable memory the driver
// has staged src by the time it returns; from pinned memory src must stay untouched
// until the stream reaches the copy.
func (l *lib) memcpyHtoDAsync(dst uintptr, src unsafe.Pointer, n int, stream uintptr) error {
	return l.check("cuMemcpyHtoDAsync_v2", l.call(l.sym.cuMemcpyHtoDAsync_v2, dst, uintptr(src), uintptr(n), stream))
}

// memcpyDtoHAsync copies n bytes to host memory dst, which must stay alive until the
// stream is synchronised.
func (l *lib) memcpyDtoHAsync(dst unsafe.Pointer, src uintptr, n int, stream uintptr) error {
	return l.check("cuMemcpyDtoHAsync_v2", l.call(l.sym.cuMemcpyDtoHAsync_v2, uintptr(dst), src, uintptr(n), stream))
}

func (l *lib) memcpyDtoDAsync(dst, src uintptr, n int, stream uintptr) error {
	return l.check("cuMemcpyDtoDAsync_v2", l.call(l.sym.cuMemcpyDtoDAsync_v2, dst, src, uintptr(n), stream))
}

func (l *lib) memcpyHtoD(dst uintptr, src unsafe.Pointer, n int) error {
	return l.check("cuMemcpyHtoD_v2", l.call(l.sym.cuMemcpyHtoD_v2, dst, uintptr(src), uintptr(n)))
}

func (l *lib) memcpyDtoH(dst unsafe.Pointer, src uintptr, n int) error {
	return l.check("cuMemcpyDtoH_v2", l.call(l.sym.cuMemcpyDtoH_v2, uintptr(dst), src, uintptr(n)))
}

// moduleLoadData loads a NUL-terminated PTX image (the driver JIT-compiles it) and
// returns the JIT's wall time in milliseconds; a failure carries the JIT's error log.
func (l *lib) moduleLoadData(image []byte) (uintptr, float32, error) {
	const (
		jitWallTime     = 2
		jitErrorLog     = 5
		jitErrorLogSize = 6
		logSize         = 8192
		numOptions      = 3
	)
	// The driver writes the log into logBuf and results into vals, during the call.
	type jitArgs struct {
		opts   [numOptions]int32
		vals   [numOptions]uintptr
		logBuf [logSize]byte
	}
	j := new(jitArgs)
	var pin runtime.Pinner
	pin.Pin(j)
	defer pin.Unpin()
	j.opts = [numOptions]int32{jitWallTime, jitErrorLog, jitErrorLogSize}
	j.vals = [numOptions]uintptr{0, uintptr(unsafe.Pointer(&j.logBuf[0])), logSize}
	var m uintptr
	r := l.call(l.sym.cuModuleLoadDataEx, uintptr(unsafe.Pointer(&m)), uintptr(unsafe.Pointer(&image[0])),
		numOptions, uintptr(unsafe.Pointer(&j.opts[0])), uintptr(unsafe.Pointer(&j.vals[0])))
	ms := math.Float32frombits(uint32(j.vals[0]))
	if err := l.check("cuModuleLoadDataEx", r); err != nil {
		if log := strings.TrimRight(string(j.logBuf[:]), "\x00"); log != "" {
			err = fmt.Errorf("%w\nJIT log:\n%s", err, log)
		}
		return 0, ms, err
	}
	return m, ms, nil
}

func (l *lib) moduleUnload(m uintptr) error {
	return l.check("cuModuleUnload", l.call(l.sym.cuModuleUnload, m))
}

func (l *lib) moduleGetFunction(m uintptr, name string) (uintptr, error) {
	var f uintptr
	cname := append([]byte(name), 0)
	err := l.check("cuModuleGetFunction", l.call(l.sym.cuModuleGetFunction, uintptr(unsafe.Pointer(&f)), m, uintptr(unsafe.Pointer(&cname[0]))))
	return f, err
}

// launchKernel launches f; params points to pinned memory holding the argument pointers.
func (l *lib) launchKernel(f uintptr, grid, block [3]uint32, shmem int, stream uintptr, params unsafe.Pointer) error {
	return l.check("cuLaunchKernel", l.call(l.sym.cuLaunchKernel, f,
		uintptr(grid[0]), uintptr(grid[1]), uintptr(grid[2]),
		uintptr(block[0]), uintptr(block[1]), uintptr(block[2]),
		uintptr(shmem), stream, uintptr(params), 0))
}

func (l *lib) streamCreate(flags int) (uintptr, error) {
	var s uintptr
	err := l.check("cuStreamCreate", l.call(l.sym.cuStreamCreate, uintptr(unsafe.Pointer(&s)), uintptr(flags)))
	return s, err
}

func (l *lib) streamDestroy(s uintptr) error {
	return l.check("cuStreamDestroy_v2", l.call(l.sym.cuStreamDestroy_v2, s))
}

func (l *lib) streamSynchronize(s uintptr) error {
	return l.check("cuStreamSynchronize", l.call(l.sym.cuStreamSynchronize, s))
}

func (l *lib) eventCreate() (uintptr, error) {
	var e uintptr
	err := l.check("cuEventCreate", l.call(l.sym.cuEventCreate, uintptr(unsafe.Pointer(&e)), 0))
	return e, err
}

func (l *lib) eventRecord(e, s uintptr) error {
	return l.check("cuEventRecord", l.call(l.sym.cuEventRecord, e, s))
}

func (l *lib) eventSynchronize(e uintptr) error {
	return l.check("cuEventSynchronize", l.call(l.sym.cuEventSynchronize, e))
}

func (l *lib) eventElapsedTime(start, end uintptr) (float32, error) {
	var ms float32
	err := l.check("cuEventElapsedTime", l.call(l.sym.cuEventElapsedTime, uintptr(unsafe.Pointer(&ms)), start, end))
	return ms, err
}

func (l *lib) eventDestroy(e uintptr) error {
	return l.check("cuEventDestroy_v2", l.call(l.sym.cuEventDestroy_v2, e))
}
