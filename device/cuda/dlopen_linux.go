//go:build linux && (amd64 || arm64)

package cuda

// Linux: the driver is libcuda.so.1, opened with purego's dlopen (no cgo; with
// CGO_ENABLED=0 purego's fakecgo sets up the C runtime the library needs).

import (
	"fmt"

	"github.com/ebitengine/purego"
)

// LibraryName is the driver library device.CUDA opens.
const LibraryName = "libcuda.so.1"

// driverSupported: this OS and architecture load a CUDA driver.
const driverSupported = true

func loadLibrary(path string) (uintptr, error) {
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		return 0, fmt.Errorf("%s not loadable (is the NVIDIA driver installed?): %v", path, err)
	}
	return h, nil
}

func librarySymbol(h uintptr, name string) (uintptr, error) { return purego.Dlsym(h, name) }

// callC calls a C function of the library with integer and pointer arguments (see
// lib.call) and returns its integer result.
//
//go:uintptrescapes
func callC(fn uintptr, args ...uintptr) uintptr {
	r, _, _ := purego.SyscallN(fn, args...)
	return r
}
