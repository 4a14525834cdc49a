//go:build !((linux || windows) && (amd64 || arm64))

package cuda

// Every other OS and architecture (macOS, the BSDs, js/wasm, 32-bit and other Linux
// architectures): NVIDIA ships no CUDA driver there (or gotensor does not bind it), so
// opening the driver fails with an error that is device.ErrNoDevice, and device.CUDA(n)
// answers ErrNoDevice like any machine without a GPU. The rest of the package still
// compiles, so code that names its types builds everywhere.

import (
	"runtime"

	"github.com/gotensor/gotensor/device"
)

// LibraryName is the driver library device.CUDA opens: none on this OS.
const LibraryName = ""

// driverSupported: this OS and architecture load no CUDA driver.
const driverSupported = false

// noDriverError is the error of every library open here; errors.Is(err,
// device.ErrNoDevice) holds.
type noDriverError struct{ path string }

func (e noDriverError) Error() string {
	name := e.path
	if name == "" {
		name = "the CUDA driver"
	}
	return name + " not loadable on " + runtime.GOOS + "/" + runtime.GOARCH +
		": gotensor loads the CUDA driver on linux and windows (amd64, arm64) only"
}

func (e noDriverError) Is(target error) bool { return target == device.ErrNoDevice }

func loadLibrary(path string) (uintptr, error) { return 0, noDriverError{path} }

func librarySymbol(uintptr, string) (uintptr, error) { return 0, noDriverError{} }

// callC is never reached: no library opens here.
func callC(fn uintptr, args ...uintptr) uintptr {
	panic("cuda: no CUDA driver on " + runtime.GOOS + "/" + runtime.GOARCH)
}
