//go:build !linux

package cpu

// systemMemoryLimits: the physical memory and cgroup limit are not read on this OS; only
// GOMEMLIMIT bounds a request (and Go's allocator beyond it).
func systemMemoryLimits() (phys, cgroup int64) { return 0, 0 }
