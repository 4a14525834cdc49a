package device

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	for _, c := range []struct{ n, want int64 }{
		{0, MinGCWindow}, {4096, MinGCWindow}, {MinGCWindow / 16, MinGCWindow},
		{1 << 20, 16 << 20}, {4 << 20, 64 << 20}, {MaxGCWindow / 16, MaxGCWindow}, {1 << 30, MaxGCWindow},
	} {
		if got := Window(c.n); got != c.want {
			t.Errorf("Window(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestPacer: allocation under a window starts nothing; a full window starts one
// background collection, which runs Done and ends; bytes given back with Freed do not
// count; Collect runs one at once.
func TestPacer(t *testing.T) {
	var done atomic.Int32
	p := &GCPacer{Done: func() { done.Add(1) }}
	p.Allocated(MinGCWindow-1, MinGCWindow)
	p.Freed(MinGCWindow / 2)
	p.Allocated(MinGCWindow/2, MinGCWindow)
	if p.Running() || p.Cycles() != 0 || p.Since() != MinGCWindow-1 {
		t.Fatalf("under a window: running %v, cycles %d, since %d", p.Running(), p.Cycles(), p.Since())
	}
	p.Allocated(1, MinGCWindow)
	p.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for p.Cycles() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	p.Wait()
	if p.Cycles() != 1 || done.Load() != 1 || p.Running() {
		t.Fatalf("after a full window: cycles %d, Done ran %d times, running %v", p.Cycles(), done.Load(), p.Running())
	}
	if p.Since() != 0 {
		t.Errorf("since %d after the collection, want 0", p.Since())
	}
	p.Collect()
	p.CollectCleanups()
	if p.Cycles() != 3 || done.Load() != 3 {
		t.Errorf("after Collect and CollectCleanups: cycles %d, Done ran %d times", p.Cycles(), done.Load())
	}
}
