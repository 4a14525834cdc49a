package data

import (
	"fmt"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// LoaderOptions configure a Loader. The zero value gives batches of one sample, in
// order, each built one batch ahead on another goroutine.
type LoaderOptions struct {
	// BatchSize is the number of samples in a batch; 0 means 1 (PyTorch's default).
	BatchSize int
	// Shuffle draws a new order of the samples for each epoch.
	Shuffle bool
	// Seed seeds the shuffling: epoch e's order is the e-th permutation that
	// np.random.default_rng(Seed) draws, [rng.permutation(n) for e in range(epochs)].
	Seed uint64
	// DropLast drops the last batch of an epoch when it has fewer than BatchSize
	// samples, as PyTorch's drop_last.
	DropLast bool
	// Prefetch is the number of batches built ahead of the consumer, on another
	// goroutine: 0 means 1; a negative value builds each batch on the consumer's
	// goroutine when it asks for it.
	Prefetch int
}

// Loader yields the samples of a dataset in batches, as PyTorch's DataLoader over a
// TensorDataset: samples are the entries of x (and y) along axis 0, a batch is
// tensor.Take of its indices on axis 0, so each batch is a new tensor on x's device
// that the consumer owns and that stays valid after the loop moves on. x and y must not
// be written while an epoch runs. A Loader may be used from one goroutine at a time.
type Loader struct {
	x, y *tensor.Tensor
	n    int
	opts LoaderOptions
	mu   sync.Mutex
	rng  *random.Generator

	built atomic.Int64 // batches built, over all epochs (the tests watch the prefetching)
}

// Batch is one batch of a Loader's epoch.
type Batch struct {
	X, Y    *tensor.Tensor // the samples' entries of x and y (Y nil when y is)
	Indices []int64        // the samples' positions in x, in batch order (part of the epoch's order: read only)
	Index   int            // the batch's number within the epoch, from 0
}

// NewLoader returns a Loader over the samples of x and, unless y is nil, their targets
// y, which must have as many entries along axis 0 as x. x or y with no axis 0 (0-d)
// or of different lengths panics with a Shape error, a negative BatchSize with a Value
// error.
func NewLoader(x, y *tensor.Tensor, opts LoaderOptions) *Loader {
	const op = "data.NewLoader"
	if x == nil {
		panic(&tensor.Error{Kind: tensor.Value, Op: op, Msg: "x is nil"})
	}
	if x.NDim() == 0 || (y != nil && y.NDim() == 0) {
		panic(&tensor.Error{Kind: tensor.Shape, Op: op, Msg: "x and y need an axis 0 of samples; got a 0-d tensor"})
	}
	n := x.Shape()[0]
	if y != nil && y.Shape()[0] != n {
		panic(&tensor.Error{Kind: tensor.Shape, Op: op, Msg: fmt.Sprintf("x %s and y %s have different numbers of samples (axis 0): %d vs %d",
			tensor.ShapeString(x.Shape()), tensor.ShapeString(y.Shape()), n, y.Shape()[0])})
	}
	if opts.BatchSize < 0 {
		panic(&tensor.Error{Kind: tensor.Value, Op: op, Msg: fmt.Sprintf("BatchSize is %d: want a positive size (0 for 1)", opts.BatchSize)})
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = 1
	}
	if opts.Prefetch == 0 {
		opts.Prefetch = 1
	}
	l := &Loader{x: x, y: y, n: n, opts: opts}
	if opts.Shuffle {
		l.rng = random.NewGeneratorFromSeq(random.NewSeedSequence(opts.Seed))
	}
	return l
}

// Len is the number of batches in an epoch: the samples divided by BatchSize, rounded
// up, or down with DropLast.
func (l *Loader) Len() int {
	if l.opts.DropLast {
		return l.n / l.opts.BatchSize
	}
	return (l.n + l.opts.BatchSize - 1) / l.opts.BatchSize
}

// Samples is the number of samples, x's length along axis 0.
func (l *Loader) Samples() int { return l.n }

// Epoch draws the next epoch's order and returns its batches, for a range loop:
//
//	for b := range loader.Epoch() {
//		loss := step(b.X, b.Y)
//	}
//
// Each call is the next epoch (with Shuffle, the next permutation of the Loader's
// generator); ranging the same returned sequence again replays that epoch's order.
// While the loop body runs, the next Prefetch batches are built on another goroutine;
// leaving the loop early (break, return, a panic) stops that goroutine before the
// range statement ends, so none is left behind.
func (l *Loader) Epoch() iter.Seq[Batch] {
	order := l.order()
	return func(yield func(Batch) bool) {
		if l.opts.Prefetch < 0 {
			for i := range l.Len() {
				if !yield(l.batch(order, i)) {
					return
				}
			}
			return
		}
		l.prefetch(order, yield)
	}
}

// order returns the next epoch's order of the samples.
func (l *Loader) order() []int64 {
	if l.rng == nil {
		order := make([]int64, l.n)
		for i := range order {
			order[i] = int64(i)
		}
		return order
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rng.Permutation(l.n).Data().([]int64)
}

// batch builds batch i of an epoch whose order is order.
func (l *Loader) batch(order []int64, i int) Batch {
	bs := l.opts.BatchSize
	idx := order[i*bs : min((i+1)*bs, len(order)) : min((i+1)*bs, len(order))]
	it := tensor.FromSlice(idx, len(idx))
	b := Batch{X: tensor.Take(l.x, it.To(l.x.Device()), 0), Indices: idx, Index: i}
	if l.y != nil {
		b.Y = tensor.Take(l.y, it.To(l.y.Device()), 0)
	}
	l.built.Add(1)
	return b
}

// built is a batch made by the prefetching goroutine, or the panic it met.
type built struct {
	b     Batch
	panic any
}

// prefetch runs the epoch with the batches built on another goroutine, Prefetch ahead:
// the goroutine holds one batch while it waits to hand it over, and the channel the
// rest.
func (l *Loader) prefetch(order []int64, yield func(Batch) bool) {
	ch := make(chan built, l.opts.Prefetch-1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ch)
		for i := range l.Len() {
			var r built
			func() {
				defer func() { r.panic = recover() }()
				r.b = l.batch(order, i)
			}()
			select {
			case ch <- r:
			case <-done:
				return
			}
			if r.panic != nil {
				return
			}
		}
	}()
	// Leaving by any path stops the goroutine and waits for it.
	defer func() {
		close(done)
		wg.Wait()
	}()
	for r := range ch {
		if r.panic != nil {
			panic(r.panic) // a failure while building (a device error): the consumer's to see
		}
		if !yield(r.b) {
			return
		}
	}
}
