package cpu

import (
	"sync/atomic"
	"testing"
)

// TestParallelForPanicReachesCaller: a chunk that panics on a worker goroutine must not
// crash the process; the caller's goroutine panics with the same value instead.
func TestParallelForPanicReachesCaller(t *testing.T) {
	if Threads() < 2 {
		t.Skip("one thread: every chunk runs on the caller")
	}
	type boom struct{ chunk int }
	for trial := 0; trial < 50; trial++ {
		var ran atomic.Int32
		got := func() (r any) {
			defer func() { r = recover() }()
			parallelFor(1<<20, 1, func(lo, hi int) {
				ran.Add(1)
				if lo != 0 { // only chunks the workers may run
					panic(boom{lo})
				}
			})
			return nil
		}()
		if _, ok := got.(boom); !ok {
			t.Fatalf("trial %d: recovered %v (%T), want the worker's boom", trial, got, got)
		}
	}
	// The pool still works afterwards.
	var sum atomic.Int64
	parallelFor(1<<20, 1, func(lo, hi int) { sum.Add(int64(hi - lo)) })
	if sum.Load() != 1<<20 {
		t.Fatalf("pool broken after panics: covered %d of %d", sum.Load(), 1<<20)
	}
}

// TestParallelForAllocs: a split call allocates nothing of its own (its job and the
// job's task closures are pooled), only what the caller's closure does.
func TestParallelForAllocs(t *testing.T) {
	if Threads() < 2 {
		t.Skip("one thread: nothing is split")
	}
	var sum atomic.Int64
	fn := func(lo, hi int) { sum.Add(int64(hi - lo)) }
	parallelFor(1<<10, 1, fn)
	if n := testing.AllocsPerRun(100, func() { parallelFor(1<<10, 1, fn) }); n != 0 {
		t.Errorf("parallelFor made %v heap objects a call, want 0", n)
	}
	if want := int64(102 << 10); sum.Load() != want {
		t.Errorf("covered %d items in 102 calls, want %d", sum.Load(), want)
	}
}
