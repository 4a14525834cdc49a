//go:build (amd64 || arm64) && !purego

package gid

// current returns the address of the runtime's record of the calling goroutine (its g),
// which stays where it is while the goroutine lives (the collector does not move
// objects), read from the thread's TLS slot (amd64) or the register that holds it
// (arm64).
//
//go:noescape
func current() uintptr
