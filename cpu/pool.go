package cpu

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// parMin is the number of elements below which an op runs on the calling goroutine: under
// it, handing work to another core costs more than it saves (measured with
// BenchmarkAddF32 at 1e3..1e6 elements).
const parMin = 1 << 15

// pool is a fixed set of worker goroutines, started once, that run chunks of an op. The
// caller runs one chunk itself and waits for the rest, so no goroutine is spawned per op.
type pool struct {
	once  sync.Once
	tasks chan func()
	n     int
}

var workers pool

func (p *pool) start() {
	p.n = runtime.GOMAXPROCS(0)
	p.tasks = make(chan func(), 4*p.n)
	for i := 1; i < p.n; i++ {
		go p.work()
	}
}

// spinFor is how long the goroutine that started an op polls for its other chunks to
// finish before it blocks, and how long a worker polls for the next task after finishing
// one before it parks, unless the worker is in a run of ops (spinRun): waking a parked
// goroutine's thread costs tens of microseconds (10-30 measured here, in a VM), as much
// as a whole small op.
const spinFor = 50 * time.Microsecond

// spinRun is how long a worker polls for the next task while ops come in a run: when its
// previous task came less than spinRun after the one before it, parked or not. A training
// step's parallel ops come 50 µs to 1 ms apart, with single-threaded ops and autograd's
// bookkeeping between them; polling this long instead of spinFor made steps 0-4% faster
// on the quickstart, 6-8% on train_step_mlp and 2-8% on train_step_cnn (paired steps,
// Zen 3, 2 vCPUs; polling 1 ms after every task: 7-11% on the first two). Ops further
// apart than spinRun cost the wake-up but no polling: a worker polls at most spinRun
// past the end of a run.
const spinRun = time.Millisecond

// work runs tasks as they come, polling a while between them (spinFor, spinRun).
func (p *pool) work() {
	spin := spinFor
	for {
		t, ok := <-p.tasks
		if !ok {
			return
		}
		for t != nil {
			t()
			t = nil
			start := time.Now()
			for t == nil && time.Since(start) < spin {
				select {
				case t = <-p.tasks:
				default:
					runtime.Gosched()
				}
			}
			if t == nil {
				if t, ok = <-p.tasks; !ok {
					return
				}
			}
			spin = spinFor
			if time.Since(start) < spinRun {
				spin = spinRun
			}
		}
	}
}

// Threads is the number of goroutines ops are split over (GOMAXPROCS at first use).
func Threads() int {
	workers.once.Do(workers.start)
	return workers.n
}

// parallelFor splits [0, total) into at most Threads() chunks of at least grain items and
// runs fn on each, the caller taking the first. Chunk bounds depend only on total, grain
// and the thread count; callers whose results must not depend on the thread count (float
// reductions) pick chunks of fixed size themselves and use parallelChunks.
func parallelFor(total, grain int, fn func(lo, hi int)) {
	nt := Threads()
	chunks := min(nt, total/max(grain, 1))
	if chunks <= 1 {
		fn(0, total)
		return
	}
	var left atomic.Int32
	var failure atomic.Pointer[workerPanic]
	left.Store(int32(chunks - 1))
	done := make(chan struct{})
	for c := 1; c < chunks; c++ {
		lo, hi := total*c/chunks, total*(c+1)/chunks
		task := func() {
			defer func() {
				if r := recover(); r != nil {
					failure.CompareAndSwap(nil, &workerPanic{r})
				}
				if left.Add(-1) == 0 {
					close(done)
				}
			}()
			fn(lo, hi)
		}
		select {
		case workers.tasks <- task:
		default:
			task() // the queue is full: run it here
		}
	}
	defer func() {
		// A panic in another chunk reaches the caller's goroutine, where tensor.Try can
		// recover it, instead of crashing the process from a worker.
		if p := failure.Load(); p != nil {
			panic(p.value)
		}
	}()
	fn(0, total/chunks)
	// Help with queued work while waiting, so that an op started from inside a worker
	// (nested parallelism) cannot deadlock the pool; poll a while before blocking, as the
	// workers do, since the others usually finish soon.
	for start := time.Now(); time.Since(start) < spinFor; {
		select {
		case <-done:
			return
		case t := <-workers.tasks:
			t()
		default:
			runtime.Gosched()
		}
	}
	for {
		select {
		case <-done:
			return
		case t := <-workers.tasks:
			t()
		}
	}
}

// workerPanic carries a value a chunk panicked with on a worker goroutine back to the
// goroutine that started the op.
type workerPanic struct{ value any }

// parallelChunks runs fn(i) for i in [0, n) spread over the workers; each i is one fixed
// piece of work, so results stored per i do not depend on the thread count.
func parallelChunks(n int, fn func(i int)) {
	parallelFor(n, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}
