// Package gid identifies the calling goroutine, for state that belongs to one goroutine
// as PyTorch's grad mode belongs to one thread (tensor.Scope). Go has no goroutine-local
// storage; an identity is all that such state needs, kept in a map by its owner.
package gid

// Current returns a number that identifies the calling goroutine among the goroutines
// alive: two goroutines running at the same time never get the same number, and a
// goroutine gets the same number on every call. A number may be given again to a
// goroutine started after the one that had it has ended.
func Current() uintptr { return current() }
