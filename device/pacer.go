package device

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Go learns that a tensor is dead only when a garbage collection finds its buffer
// unreachable, and the collector paces itself by the growth of the Go heap: it neither
// knows that a device's cached memory is waiting for dead buffers to be found (the CPU
// recycler keeps its slabs reachable, so they count as live heap and collections get
// rarer as the pool grows) nor sees device memory at all (a CUDA buffer is a few dozen
// bytes of Go heap over megabytes of GPU memory). GCPacer supplies the missing pacing:
// each device reports the bytes it hands out, and once a window of them has gone out
// since the last collection the pacer starts one on a background goroutine, so that
// dead buffers come back after a bounded amount of allocation, while the allocating
// goroutine goes on (the collector marks concurrently on the other cores). The window
// grows with the requests, so that a collection's fixed cost is spread over at least
// sixteen of them, and is capped, so that the memory between two collections stays
// bounded: a smaller window keeps reused memory in the caches; a larger one collects
// less often.

// GCPacer starts garbage collections by the bytes a device allocates (see above). Its
// zero value is ready, with windows from MinGCWindow to MaxGCWindow.
type GCPacer struct {
	since   atomic.Int64                  // bytes handed out since the last collection the pacer saw end
	running atomic.Bool                   // a background collection is under way
	done    atomic.Pointer[chan struct{}] // closed when the background collection ends
	cycles  atomic.Uint64                 // collections the pacer ran (background or Collect)
	mu      sync.Mutex                    // serialises Collect

	// Done, if set before the first use, runs after each collection the pacer ran (on
	// the goroutine that ran it): a device's cue to look for dead buffers.
	Done func()
}

const (
	// MinGCWindow is the fewest bytes a device hands out between two collections the
	// pacer starts.
	MinGCWindow = 8 << 20
	// MaxGCWindow is the most: a request of more than a sixteenth of it still waits
	// for a whole window.
	MaxGCWindow = 256 << 20
)

// Window is the bytes of allocation between two collections for requests of n bytes:
// 16 n, within [MinGCWindow, MaxGCWindow].
func Window(n int64) int64 { return min(max(16*n, MinGCWindow), MaxGCWindow) }

// Allocated records that n bytes were handed out, and starts a background collection
// if more than window bytes (Window(n), or less where the device holds less) have been
// handed out since the last one and none is running.
func (p *GCPacer) Allocated(n, window int64) {
	if p.since.Add(n) < window || !p.running.CompareAndSwap(false, true) {
		return
	}
	ch := make(chan struct{})
	p.done.Store(&ch)
	go func() {
		p.since.Store(0)
		runtime.GC()
		p.cycles.Add(1)
		if p.Done != nil {
			p.Done()
		}
		p.running.Store(false)
		close(ch)
	}()
}

// Wait returns once the background collection under way, if any, has ended: for a
// device whose memory between two collections has grown past what it should hold, so
// that allocation waits for the collector instead of outrunning it.
func (p *GCPacer) Wait() {
	if !p.running.Load() {
		return
	}
	if ch := p.done.Load(); ch != nil {
		<-*ch
	}
}

// Running reports whether a background collection is under way.
func (p *GCPacer) Running() bool { return p.running.Load() }

// Freed records that n bytes handed out since the last collection were given back
// explicitly (Free): memory that needs no collection to be found.
func (p *GCPacer) Freed(n int64) { p.since.Add(-n) }

// Collect runs a collection now and returns when it is done: for a device that has no
// memory left but what dead buffers may hold, and that finds them through weak
// pointers (nil once the collection returns).
func (p *GCPacer) Collect() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.since.Store(0)
	runtime.GC()
	p.cycles.Add(1)
	if p.Done != nil {
		p.Done()
	}
}

// CollectCleanups is Collect for a device whose dead buffers give their memory back from
// cleanups (runtime.AddCleanup), which run on another goroutine after the collection:
// it also waits, up to a tenth of a second, until a cleanup queued behind them has run.
func (p *GCPacer) CollectCleanups() {
	done := make(chan struct{})
	runtime.AddCleanup(new(cleanupMark), func(ch chan struct{}) { close(ch) }, done)
	p.Collect()
	select {
	case <-done:
	case <-time.After(100 * time.Millisecond):
	}
	runtime.Gosched()
}

// cleanupMark is an object whose cleanup marks that the cleanups queued before it ran;
// it holds a pointer so that the tiny allocator does not batch it with others.
type cleanupMark struct{ _ *int }

// Cycles is the number of collections the pacer has run.
func (p *GCPacer) Cycles() uint64 { return p.cycles.Load() }

// Since is the bytes handed out since the last collection began.
func (p *GCPacer) Since() int64 { return p.since.Load() }
