package device

import "sync/atomic"

// Versioned is implemented by buffers that count writes to their storage. The tensor
// package bumps the count before every write into an existing tensor, and autograd
// compares it with the count a saved tensor had when it was saved, so that backward
// through values changed since is an error, not a wrong gradient (PyTorch's version
// counter). Writes through a Go slice shared with the buffer are not counted.
type Versioned interface {
	Version() uint64
	BumpVersion()
}

// VersionCounter is a write counter that buffers embed to implement Versioned.
type VersionCounter struct{ n atomic.Uint64 }

// Version is the number of writes counted so far.
func (v *VersionCounter) Version() uint64 { return v.n.Load() }

// BumpVersion counts one write.
func (v *VersionCounter) BumpVersion() { v.n.Add(1) }
