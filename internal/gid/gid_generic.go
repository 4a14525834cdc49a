//go:build !(amd64 || arm64) || purego

package gid

import (
	"runtime"
	"sync"
)

// bufs holds the buffers current reads stack traces into: runtime.Stack keeps its
// argument, so a local array would be a new heap object at every call.
var bufs = sync.Pool{New: func() any { return new([64]byte) }}

// current parses the goroutine's id from the first line of its stack trace
// ("goroutine 18 [running]:"): about a microsecond, against a nanosecond for the
// assembly's read of the runtime's goroutine pointer on amd64 and arm64.
func current() uintptr {
	buf := bufs.Get().(*[64]byte)
	defer bufs.Put(buf)
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = len("goroutine ")
	var id uintptr
	for i := prefix; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		id = id*10 + uintptr(b[i]-'0')
	}
	if id == 0 {
		panic("gid: cannot read the goroutine id from " + string(b))
	}
	return id
}
