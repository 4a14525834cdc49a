//go:build windows && (amd64 || arm64)

package cuda

// Windows: the driver is nvcuda.dll, which the NVIDIA driver installs in System32. It is
// loaded from there only (LOAD_LIBRARY_SEARCH_SYSTEM32, so a DLL of that name planted in
// the working directory or on PATH is never picked up); a path with a directory (a test's
// library) is loaded as given. Entry points are called through purego.SyscallN, which on
// Windows is syscall.SyscallN: the Windows x64 and arm64 C conventions, no cgo.

import (
	"fmt"
	"strings"

	"github.com/ebitengine/purego"
	"golang.org/x/sys/windows"
)

// LibraryName is the driver library device.CUDA opens.
const LibraryName = "nvcuda.dll"

// driverSupported: this OS and architecture load a CUDA driver.
const driverSupported = true

func loadLibrary(path string) (uintptr, error) {
	var flags uintptr = windows.LOAD_LIBRARY_SEARCH_SYSTEM32
	if strings.ContainsAny(path, `\/:`) {
		flags = windows.LOAD_WITH_ALTERED_SEARCH_PATH
	}
	h, err := windows.LoadLibraryEx(path, 0, flags)
	if err != nil {
		return 0, fmt.Errorf("%s not loadable (is the NVIDIA driver installed?): %v", path, err)
	}
	return uintptr(h), nil
}

func librarySymbol(h uintptr, name string) (uintptr, error) {
	return windows.GetProcAddress(windows.Handle(h), name)
}

// callC calls a C function of the library with integer and pointer arguments (see
// lib.call) and returns its integer result.
//
//go:uintptrescapes
func callC(fn uintptr, args ...uintptr) uintptr {
	r, _, _ := purego.SyscallN(fn, args...)
	return r
}
