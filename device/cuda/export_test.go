package cuda

import "testing"

// DeviceUnderTest is the device under test (the GPU, else the emulator), for the external
// tests (package cuda_test), which may import packages that import this one.
func DeviceUnderTest(t testing.TB) *Device { return dut(t) }
