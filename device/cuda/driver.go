package cuda

// The raw layer: the driver library (LibraryName) opened at run time without cgo, and the
// driver entry points it exports, by their explicit ABI names (cuMemAlloc_v2, ...), so that
// the binding never depends on cuda.h's macros. How a library is opened, how a symbol is
// found and how an entry point is called depend on the OS: dlopen_linux.go (purego's
// Dlopen), dlopen_windows.go (LoadLibraryEx) and dlopen_other.go (no driver: every open
// fails with device.ErrNoDevice). This file is the same everywhere.

import (
	"fmt"
	"sync"
)

// minDriver is the oldest driver (CUDA 11.0, as cuDriverGetVersion reports it) that loads
// the kernels' PTX ISA 7.0.
const minDriver = 11000

// lib is an opened driver library: a handle and the address of each entry point.
type lib struct {
	path string
	sym  syms
}

// syms are the entry points, named as libcuda exports them.
type syms struct {
	cuInit                       uintptr
	cuDriverGetVersion           uintptr
	cuDeviceGetCount             uintptr
	cuDeviceGet                  uintptr
	cuDeviceGetName              uintptr
	cuDeviceTotalMem_v2          uintptr
	cuDeviceGetAttribute         uintptr
	cuDevicePrimaryCtxRetain     uintptr
	cuDevicePrimaryCtxRelease_v2 uintptr
	cuCtxSetCurrent              uintptr
	cuGetErrorName               uintptr
	cuGetErrorString             uintptr
	cuMemGetInfo_v2              uintptr
	cuMemAlloc_v2                uintptr
	cuMemFree_v2                 uintptr
	cuMemHostAlloc               uintptr
	cuMemFreeHost                uintptr
	cuMemHostGetDevicePointer_v2 uintptr
	cuMemcpyHtoD_v2              uintptr
	cuMemcpyDtoH_v2              uintptr
	cuMemcpyHtoDAsync_v2         uintptr
	cuMemcpyDtoHAsync_v2         uintptr
	cuMemcpyDtoDAsync_v2         uintptr
	cuModuleLoadData             uintptr
	cuModuleLoadDataEx           uintptr
	cuModuleUnload               uintptr
	cuModuleGetFunction          uintptr
	cuLaunchKernel               uintptr
	cuStreamCreate               uintptr
	cuStreamDestroy_v2           uintptr
	cuStreamSynchronize          uintptr
	cuEventCreate                uintptr
	cuEventRecord                uintptr
	cuEventSynchronize           uintptr
	cuEventElapsedTime           uintptr
	cuEventDestroy_v2            uintptr
}

// symbolTable pairs each entry point's name with where its address goes.
func (s *syms) symbolTable() []struct {
	name string
	addr *uintptr
} {
	return []struct {
		name string
		addr *uintptr
	}{
		{"cuInit", &s.cuInit},
		{"cuDriverGetVersion", &s.cuDriverGetVersion},
		{"cuDeviceGetCount", &s.cuDeviceGetCount},
		{"cuDeviceGet", &s.cuDeviceGet},
		{"cuDeviceGetName", &s.cuDeviceGetName},
		{"cuDeviceTotalMem_v2", &s.cuDeviceTotalMem_v2},
		{"cuDeviceGetAttribute", &s.cuDeviceGetAttribute},
		{"cuDevicePrimaryCtxRetain", &s.cuDevicePrimaryCtxRetain},
		{"cuDevicePrimaryCtxRelease_v2", &s.cuDevicePrimaryCtxRelease_v2},
		{"cuCtxSetCurrent", &s.cuCtxSetCurrent},
		{"cuGetErrorName", &s.cuGetErrorName},
		{"cuGetErrorString", &s.cuGetErrorString},
		{"cuMemGetInfo_v2", &s.cuMemGetInfo_v2},
		{"cuMemAlloc_v2", &s.cuMemAlloc_v2},
		{"cuMemFree_v2", &s.cuMemFree_v2},
		{"cuMemHostAlloc", &s.cuMemHostAlloc},
		{"cuMemFreeHost", &s.cuMemFreeHost},
		{"cuMemHostGetDevicePointer_v2", &s.cuMemHostGetDevicePointer_v2},
		{"cuMemcpyHtoD_v2", &s.cuMemcpyHtoD_v2},
		{"cuMemcpyDtoH_v2", &s.cuMemcpyDtoH_v2},
		{"cuMemcpyHtoDAsync_v2", &s.cuMemcpyHtoDAsync_v2},
		{"cuMemcpyDtoHAsync_v2", &s.cuMemcpyDtoHAsync_v2},
		{"cuMemcpyDtoDAsync_v2", &s.cuMemcpyDtoDAsync_v2},
		{"cuModuleLoadData", &s.cuModuleLoadData},
		{"cuModuleLoadDataEx", &s.cuModuleLoadDataEx},
		{"cuModuleUnload", &s.cuModuleUnload},
		{"cuModuleGetFunction", &s.cuModuleGetFunction},
		{"cuLaunchKernel", &s.cuLaunchKernel},
		{"cuStreamCreate", &s.cuStreamCreate},
		{"cuStreamDestroy_v2", &s.cuStreamDestroy_v2},
		{"cuStreamSynchronize", &s.cuStreamSynchronize},
		{"cuEventCreate", &s.cuEventCreate},
		{"cuEventRecord", &s.cuEventRecord},
		{"cuEventSynchronize", &s.cuEventSynchronize},
		{"cuEventElapsedTime", &s.cuEventElapsedTime},
		{"cuEventDestroy_v2", &s.cuEventDestroy_v2},
	}
}

// openLib opens a driver library and resolves every entry point, or says which is
// missing (a driver too old to have it).
func openLib(path string) (*lib, error) {
	h, err := loadLibrary(path)
	if err != nil {
		return nil, err
	}
	l := &lib{path: path}
	for _, s := range l.sym.symbolTable() {
		a, err := librarySymbol(h, s.name)
		if err != nil || a == 0 {
			return nil, fmt.Errorf("%s has no %s: driver too old", path, s.name)
		}
		*s.addr = a
	}
	return l, nil
}

// call invokes an entry point. Pointers to Go memory are passed as
// uintptr(unsafe.Pointer(p)) written in call's argument list: uintptrescapes makes the
// compiler move such objects to the heap and keep them alive until call returns, as it
// does for purego.SyscallN (a stack object could move while C holds its address).
//
//go:uintptrescapes
func (l *lib) call(fn uintptr, args ...uintptr) result {
	return result(int32(callC(fn, args...)))
}

var (
	defaultOnce sync.Once
	defaultLib  *lib
	defaultErr  error
)

// driver returns the process's driver library, opened and initialised once.
func driver() (*lib, error) {
	defaultOnce.Do(func() {
		defaultLib, defaultErr = openLib(LibraryName)
		if defaultErr == nil {
			defaultErr = defaultLib.init()
		}
	})
	return defaultLib, defaultErr
}
