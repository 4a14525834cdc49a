package data_test

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/tensor"
)

type permCase struct {
	Seed   uint64    `json:"seed"`
	N      int       `json:"n"`
	Epochs [][]int64 `json:"epochs"`
}

func readPermutations(t *testing.T) []permCase {
	t.Helper()
	b, err := os.ReadFile("testdata/permutations.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []permCase }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Cases
}

// dataset returns x = arange(n*2).reshape(n, 2) as float32 and y = arange(n) as int64,
// so sample i is recognisable in every batch.
func dataset(n int) (x, y *tensor.Tensor) {
	xs := make([]float32, 2*n)
	for i := range xs {
		xs[i] = float32(i)
	}
	ys := make([]int64, n)
	for i := range ys {
		ys[i] = int64(i)
	}
	return tensor.FromSlice(xs, n, 2), tensor.FromSlice(ys, n)
}

// epochOrder runs one epoch and returns the samples in the order the batches hold
// them, checking that each batch's X, Y and Indices agree.
func epochOrder(t *testing.T, l *data.Loader) (order []int64, sizes []int) {
	t.Helper()
	for b := range l.Epoch() {
		if b.Index != len(sizes) {
			t.Fatalf("batch %d has Index %d", len(sizes), b.Index)
		}
		ys := b.Y.Data().([]int64)
		xs := b.X.Data().([]float32)
		if !slices.Equal(ys, b.Indices) || b.X.Shape()[0] != len(ys) || b.X.Shape()[1] != 2 {
			t.Fatalf("batch %d: Y %v, Indices %v, X %v", b.Index, ys, b.Indices, b.X.Shape())
		}
		for k, i := range ys {
			if xs[2*k] != float32(2*i) || xs[2*k+1] != float32(2*i+1) {
				t.Fatalf("batch %d: X row %d is %v, want sample %d", b.Index, k, xs[2*k:2*k+2], i)
			}
		}
		order = append(order, ys...)
		sizes = append(sizes, len(ys))
	}
	return order, sizes
}

// Each epoch's order is the one NumPy's default_rng(seed).permutation(n) draws.
func TestLoaderNumPyOrder(t *testing.T) {
	for _, c := range readPermutations(t) {
		for _, prefetch := range []int{-1, 0, 3} {
			x, y := dataset(c.N)
			l := data.NewLoader(x, y, data.LoaderOptions{BatchSize: 4, Shuffle: true, Seed: c.Seed, Prefetch: prefetch})
			for e, want := range c.Epochs {
				got, _ := epochOrder(t, l)
				if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
					t.Fatalf("seed %d, n %d, prefetch %d, epoch %d: order %v, NumPy's %v", c.Seed, c.N, prefetch, e, got, want)
				}
			}
		}
	}
}

func TestLoaderBatches(t *testing.T) {
	tests := []struct {
		n, bs    int
		dropLast bool
		sizes    []int
	}{
		{10, 3, false, []int{3, 3, 3, 1}},
		{10, 3, true, []int{3, 3, 3}},
		{9, 3, true, []int{3, 3, 3}},
		{9, 3, false, []int{3, 3, 3}},
		{2, 5, true, nil},
		{2, 5, false, []int{2}},
		{0, 4, false, nil},
		{5, 0, false, []int{1, 1, 1, 1, 1}},
		{7, 7, true, []int{7}},
	}
	for _, tc := range tests {
		for _, shuffle := range []bool{false, true} {
			x, y := dataset(tc.n)
			l := data.NewLoader(x, y, data.LoaderOptions{BatchSize: tc.bs, DropLast: tc.dropLast, Shuffle: shuffle, Seed: 7})
			order, sizes := epochOrder(t, l)
			if !slices.Equal(sizes, tc.sizes) || l.Len() != len(tc.sizes) || l.Samples() != tc.n {
				t.Errorf("n %d, batch %d, drop_last %v: sizes %v (Len %d), want %v", tc.n, tc.bs, tc.dropLast, sizes, l.Len(), tc.sizes)
			}
			if !shuffle {
				for i, v := range order {
					if v != int64(i) {
						t.Errorf("unshuffled order %v", order)
						break
					}
				}
			}
			// Drop-last drops the tail of the shuffled order.
			if shuffle && tc.dropLast {
				want := readLoaderOrder(tc.n, 7)
				if !slices.Equal(order, want[:len(order)]) {
					t.Errorf("drop_last order %v, want the start of %v", order, want)
				}
			}
		}
	}
}

// readLoaderOrder is the first epoch's full order for n samples and seed.
func readLoaderOrder(n int, seed uint64) []int64 {
	x, _ := dataset(n)
	l := data.NewLoader(x, nil, data.LoaderOptions{BatchSize: n + 1, Shuffle: true, Seed: seed})
	for b := range l.Epoch() {
		return b.Indices
	}
	return nil
}

// Batches from the prefetching goroutine stay valid, and their own, after the loop
// moves on; ranging an epoch's sequence twice replays it; y may be nil; views work.
func TestLoaderBatchesStayValid(t *testing.T) {
	x, y := dataset(50)
	l := data.NewLoader(x.T().Contiguous().T(), y.Slice(tensor.S(tensor.None, tensor.None, -1)), data.LoaderOptions{BatchSize: 8, Shuffle: true, Seed: 3, Prefetch: 4})
	seq := l.Epoch()
	var kept []data.Batch
	for b := range seq {
		kept = append(kept, b)
		b.X.Data().([]float32)[0] = -1 // the consumer owns its batch
	}
	var again []int64
	for b := range seq {
		again = append(again, b.Indices...)
	}
	var first []int64
	for _, b := range kept {
		first = append(first, b.Indices...)
		ys := b.Y.Data().([]int64)
		for k, i := range b.Indices {
			if ys[k] != 49-i || (k > 0 && b.X.Data().([]float32)[2*k] != float32(2*i)) {
				t.Fatalf("kept batch %d changed: Y %v for indices %v", b.Index, ys, b.Indices)
			}
		}
	}
	if !slices.Equal(first, again) || len(first) != 50 {
		t.Errorf("replayed epoch %v, first %v", again, first)
	}
	if x.Data().([]float32)[0] != 0 {
		t.Error("writing a batch wrote x")
	}
	ln := data.NewLoader(x, nil, data.LoaderOptions{BatchSize: 16})
	for b := range ln.Epoch() {
		if b.Y != nil {
			t.Fatal("Y is not nil without y")
		}
	}
}

// Leaving an epoch early, by break or by a panic, leaves no goroutine behind.
func TestLoaderNoLeak(t *testing.T) {
	x, y := dataset(1000)
	before := runtime.NumGoroutine()
	for _, prefetch := range []int{0, 1, 2, 8} {
		l := data.NewLoader(x, y, data.LoaderOptions{BatchSize: 10, Shuffle: true, Prefetch: prefetch})
		for stop := range 4 {
			for b := range l.Epoch() {
				if b.Index == stop {
					break
				}
			}
		}
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("panic %v, want boom", r)
				}
			}()
			for b := range l.Epoch() {
				if b.Index == 2 {
					panic("boom")
				}
			}
		}()
		// A full epoch too.
		for range l.Epoch() {
		}
	}
	// The goroutines have ended when the range statements returned; allow the runtime
	// a moment to retire them.
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the epochs, %d before", n, before)
	}
}

// A failure while building a batch on the prefetching goroutine panics on the
// consumer's.
func TestLoaderPanicCarried(t *testing.T) {
	x := tensor.Zeros(tensor.Float32, 6, 2)
	l := data.NewLoader(x, nil, data.LoaderOptions{BatchSize: 2})
	x.Free()
	before := runtime.NumGoroutine()
	err := tensor.Try(func() {
		for range l.Epoch() {
		}
	})
	if tensor.KindOf(err) == 0 {
		t.Fatalf("an epoch over a released tensor gave %v, want a *tensor.Error", err)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after, %d before", n, before)
	}
}

func TestLoaderMisuse(t *testing.T) {
	x, y := dataset(4)
	tests := []struct {
		name string
		f    func()
		kind tensor.Kind
	}{
		{"lengths", func() { data.NewLoader(x, y.Slice(tensor.S(1)), data.LoaderOptions{}) }, tensor.Shape},
		{"0-d x", func() { data.NewLoader(tensor.FromSlice([]float32{1}, 1).Reshape(), nil, data.LoaderOptions{}) }, tensor.Shape},
		{"negative batch", func() { data.NewLoader(x, y, data.LoaderOptions{BatchSize: -1}) }, tensor.Value},
		{"nil x", func() { data.NewLoader(nil, y, data.LoaderOptions{}) }, tensor.Value},
	}
	for _, tc := range tests {
		if err := tensor.Try(tc.f); tensor.KindOf(err) != tc.kind {
			t.Errorf("%s: error %v, want kind %v", tc.name, err, tc.kind)
		}
	}
}
