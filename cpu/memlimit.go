package cpu

import (
	"fmt"
	"math"
	"runtime/debug"
	"sync"
)

// MemoryError is the error of an allocation larger than the memory the process may use:
// the smallest of the machine's physical memory, the cgroup's memory.max where one is
// set, and the Go runtime's soft limit (GOMEMLIMIT, debug.SetMemoryLimit) where one is
// set. It plays the part of NumPy's MemoryError: the request is refused before Go's
// allocator would abort the process.
type MemoryError struct {
	Bytes int64  // the bytes asked for
	Limit int64  // the limit that refused them
	What  string // which limit: "physical memory", "cgroup memory.max", "GOMEMLIMIT"
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("cpu: out of memory: %d bytes asked for, more than the %s of %d bytes", e.Bytes, e.What, e.Limit)
}

// checkMemMin is the request size below which the limits are not consulted: small
// allocations cannot exceed them alone, and the check costs a lock in the runtime.
const checkMemMin = 1 << 24

var hostLimits = sync.OnceValues(systemMemoryLimits) // physical memory, cgroup memory.max (0: unknown)

// CheckMemory returns a *MemoryError if nbytes exceeds the memory this process may use
// (see MemoryError), else nil. Alloc calls it for every request of 16 MiB or more.
func CheckMemory(nbytes int) error {
	if nbytes < checkMemMin {
		return nil
	}
	phys, cg := hostLimits()
	b := int64(nbytes)
	switch {
	case phys > 0 && b > phys:
		return &MemoryError{Bytes: b, Limit: phys, What: "physical memory"}
	case cg > 0 && b > cg:
		return &MemoryError{Bytes: b, Limit: cg, What: "cgroup memory.max"}
	}
	if gl := debug.SetMemoryLimit(-1); gl != math.MaxInt64 && b > gl {
		return &MemoryError{Bytes: b, Limit: gl, What: "GOMEMLIMIT"}
	}
	return nil
}
