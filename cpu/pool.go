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
// reductions) pick chunks of fixed size themselves and use parallelChunks. Its shared
// state is a pooled parJob, so that a call allocates nothing but what its caller's fn
// closure does.
func parallelFor(total, grain int, fn func(lo, hi int)) {
	nt := Threads()
	chunks := min(nt, total/max(grain, 1))
	if chunks <= 1 {
		fn(0, total)
		return
	}
	j := getParJob(chunks)
	j.fn, j.total, j.chunks = fn, total, chunks
	j.left.Store(int32(chunks - 1))
	for c := 1; c < chunks; c++ {
		select {
		case workers.tasks <- j.tasks[c]:
		default:
			j.tasks[c]() // the queue is full: run it here
		}
	}
	// If this chunk panics, the panic goes up at once and j, which other chunks may
	// still be using, is left to the collector rather than pooled.
	fn(0, total/chunks)
	// Help with queued work while waiting, so that an op started from inside a worker
	// (nested parallelism) cannot deadlock the pool; poll a while before blocking, as the
	// workers do, since the others usually finish soon.
	j.wait()
	// A panic in another chunk reaches the caller's goroutine, where tensor.Try can
	// recover it, instead of crashing the process from a worker.
	failed := j.failure.Load()
	putParJob(j)
	if failed != nil {
		panic(failed.value)
	}
}

// parJob is the state one parallelFor call shares with the workers that run its chunks.
type parJob struct {
	fn            func(lo, hi int)
	total, chunks int
	left          atomic.Int32                // chunks on workers not yet done
	failure       atomic.Pointer[workerPanic] // the first panic of a worker's chunk
	done          chan struct{}               // capacity 1: the last worker chunk sends
	tasks         []func()                    // tasks[c] runs chunk c; made once per job
}

// parJobs holds idle jobs: a channel rather than a sync.Pool, which drops what it holds
// at every collection (optJobs alike).
var parJobs = make(chan *parJob, 16)

// getParJob returns an idle job with task closures for at least n chunks.
func getParJob(n int) *parJob {
	var j *parJob
	select {
	case j = <-parJobs:
	default:
		j = &parJob{done: make(chan struct{}, 1)}
	}
	j.addTasks(n)
	return j
}

// addTasks makes j's task closures up to chunk n-1 (in a method of its own, so that the
// closures capture the job, not getParJob's variable, which would then escape per call).
func (j *parJob) addTasks(n int) {
	for c := len(j.tasks); c < n; c++ {
		j.tasks = append(j.tasks, func() { j.chunk(c) })
	}
}

// putParJob makes j idle, holding on to nothing of its call.
func putParJob(j *parJob) {
	j.fn = nil
	j.failure.Store(nil)
	select {
	case parJobs <- j:
	default: // enough idle jobs: let this one go
	}
}

// chunk runs chunk c (at least 1) on a worker, or on the caller when the queue is full.
func (j *parJob) chunk(c int) {
	defer func() {
		if r := recover(); r != nil {
			j.failure.CompareAndSwap(nil, &workerPanic{r})
		}
		if j.left.Add(-1) == 0 {
			j.done <- struct{}{}
		}
	}()
	j.fn(j.total*c/j.chunks, j.total*(c+1)/j.chunks)
}

// wait returns when every worker chunk of the call has finished, running queued tasks
// meanwhile: polling for spinFor, then blocking.
func (j *parJob) wait() {
	for start := time.Now(); time.Since(start) < spinFor; {
		select {
		case <-j.done:
			return
		case t := <-workers.tasks:
			t()
		default:
			runtime.Gosched()
		}
	}
	for {
		select {
		case <-j.done:
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
