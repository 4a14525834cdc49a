package cuda

import (
	"errors"
	"fmt"
	"unsafe"
)

// result is a CUresult.
type result int32

// Driver result codes the package looks at.
const (
	errInvalidValue  result = 1
	errOutOfMemory   result = 2
	errNoDevice      result = 100
	errInvalidDevice result = 101
)

// Error is a failed driver call: the entry point and the driver's own name and text for
// its result code (cuGetErrorName, cuGetErrorString).
type Error struct {
	Func string // the entry point, "cuMemAlloc_v2"
	Code int    // the CUresult
	Name string // "CUDA_ERROR_OUT_OF_MEMORY"
	Text string // "out of memory"
}

// Error says which entry point failed and how, in the driver's words.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (%d): %s", e.Func, e.Name, e.Code, e.Text)
}

// ErrOutOfMemory is wrapped by the allocator's out-of-memory errors.
var ErrOutOfMemory = errors.New("out of memory")

// OOMError is an allocation the device could not satisfy even after emptying the cache.
type OOMError struct {
	Device string // "cuda:0"
	Asked  int    // bytes asked for
	Class  int    // bytes of the size class it needed
	Free   int    // bytes the driver reported free
	Total  int    // bytes of device memory
	Cached int    // bytes still cached (0: the cache was emptied first)
	Err    error  // the driver's error
}

// Error names the device, the bytes asked for and the memory free.
func (e *OOMError) Error() string {
	return fmt.Sprintf("%s: out of memory: asked for %d bytes (size class %d), %d of %d bytes free, %d cached: %v",
		e.Device, e.Asked, e.Class, e.Free, e.Total, e.Cached, e.Err)
}

// Unwrap lets errors.Is find ErrOutOfMemory and the driver error.
func (e *OOMError) Unwrap() []error { return []error{ErrOutOfMemory, e.Err} }

// check turns a result into nil or an *Error with the driver's name and text.
func (l *lib) check(fn string, r result) error {
	if r == 0 {
		return nil
	}
	e := &Error{Func: fn, Code: int(r), Name: fmt.Sprintf("CUresult(%d)", int(r)), Text: "unknown error"}
	var s uintptr
	if l.call(l.sym.cuGetErrorName, uintptr(r), uintptr(unsafe.Pointer(&s))) == 0 && s != 0 {
		e.Name = cString(s)
	}
	s = 0
	if l.call(l.sym.cuGetErrorString, uintptr(r), uintptr(unsafe.Pointer(&s))) == 0 && s != 0 {
		e.Text = cString(s)
	}
	return e
}

// cString copies the NUL-terminated C string at p (driver-owned static memory).
func cString(p uintptr) string {
	var b []byte
	for i := uintptr(0); i < 1024; i++ {
		c := *(*byte)(unsafe.Add(unsafe.Pointer(nil), p+i)) //nolint:govet // C memory
		if c == 0 {
			break
		}
		b = append(b, c)
	}
	return string(b)
}

// code returns the CUresult of an error from check, or -1.
func code(err error) result {
	var e *Error
	if errors.As(err, &e) {
		return result(e.Code)
	}
	return -1
}
