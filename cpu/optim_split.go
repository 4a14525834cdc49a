package cpu

// The split of an optimizer update over the workers. Each element's update reads and
// writes only that element, so any split gives the same bits. A split allocates nothing:
// its job (with the function parallelFor runs, made once per job) comes from a pool and
// parallelFor allocates nothing of its own, so that an optimizer's Step after the first
// stays allocation-free.

// optGrain is the size of the chunks a parameter is split into, one per worker, at
// least: a parameter under two grains stays on the calling goroutine. Measured with
// BenchmarkOptimSplit (float32, 2 cores): splitting an Adam step gains from 32K elements
// on (18.5 µs alone, 17.2 split; 55.6 and 33.1 at 64K), an SGD step from 16K or 32K
// (12.5 µs alone, 8.5 split at 32K); both lose below 16K, where the hand-off costs as much
// as the update.
const optGrain = 1 << 14

// optKind is the update an optJob makes.
type optKind uint8

const (
	kindAdam optKind = iota
	kindSGD
	kindRMSprop
)

// optJob is one update over s[0] (the parameter), s[1] (the gradient) and the state
// s[2:] (nil slices where unused), run in chunks.
type optJob[T float] struct {
	kind  optKind
	s     [5][]T
	adam  AdamCoef[T]
	sgd   SGDCoef[T]
	rms   RMSpropCoef[T]
	n     int              // elements
	lines func(lo, hi int) // j.applyLines, made once per job
}

// optJobs32 and optJobs64 hold idle jobs. They are channels rather than sync.Pools: a
// pool may drop what it is given (it does on purpose under the race detector, and at
// every collection), and a dropped job is an allocation the next Step makes.
var (
	optJobs32 = make(chan *optJob[float32], 8)
	optJobs64 = make(chan *optJob[float64], 8)
)

// getOptJob returns an idle job for T.
func getOptJob[T float]() *optJob[T] {
	if ch, ok := optJobsOf[T]().(chan *optJob[T]); ok {
		select {
		case j := <-ch:
			return j
		default:
		}
	}
	return &optJob[T]{}
}

// optJobsOf is the channel of idle jobs for T.
func optJobsOf[T float]() any {
	var z T
	if _, ok := any(z).(float32); ok {
		return optJobs32
	}
	return optJobs64
}

func putOptJob[T float](j *optJob[T]) {
	j.s = [5][]T{} // keep no slices alive
	if ch, ok := optJobsOf[T]().(chan *optJob[T]); ok {
		select {
		case ch <- j:
		default: // enough idle jobs: let this one go
		}
	}
}

// run updates the n elements, split into at most Threads() chunks of at least grain
// elements, in whole cache lines (16 elements, 64 bytes of float32) so that no two chunks
// write to one line; then it returns j to the pool.
func (j *optJob[T]) run(n, grain int) {
	j.n = n
	if j.lines == nil {
		j.lines = j.applyLines
	}
	parallelFor(ceilDiv(n, 16), max(grain/16, 1), j.lines)
	putOptJob(j)
}

// applyLines updates cache lines [lo, hi) of 16 elements.
func (j *optJob[T]) applyLines(lo, hi int) { j.apply(lo*16, min(hi*16, j.n)) }

// apply updates elements [lo, hi).
func (j *optJob[T]) apply(lo, hi int) {
	s := j.s
	for k := range s {
		if s[k] != nil {
			s[k] = s[k][lo:hi]
		}
	}
	switch j.kind {
	case kindAdam:
		adamRange(s[0], s[1], s[2], s[3], s[4], j.adam)
	case kindSGD:
		sgdRange(s[0], s[1], s[2], j.sgd)
	case kindRMSprop:
		rmspropRange(s[0], s[1], s[2], s[3], s[4], j.rms)
	}
}
