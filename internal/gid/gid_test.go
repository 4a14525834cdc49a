package gid

import (
	"sync"
	"testing"
)

// TestCurrent checks that a goroutine gets one number on every call and that goroutines
// alive together get different numbers.
func TestCurrent(t *testing.T) {
	const n = 64
	ids := make([]uintptr, n)
	var started, release sync.WaitGroup
	started.Add(n)
	release.Add(1)
	var done sync.WaitGroup
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ids[i] = Current()
			started.Done()
			release.Wait() // alive until every goroutine has its number
			if again := Current(); again != ids[i] {
				t.Errorf("goroutine %d: %#x, then %#x", i, ids[i], again)
			}
		}()
	}
	started.Wait()
	release.Done()
	done.Wait()
	seen := map[uintptr]int{Current(): -1}
	for i, id := range ids {
		if id == 0 {
			t.Errorf("goroutine %d: zero", i)
		}
		if j, dup := seen[id]; dup {
			t.Errorf("goroutines %d and %d (or the test's) share %#x", i, j, id)
		}
		seen[id] = i
	}
}

func BenchmarkCurrent(b *testing.B) {
	for b.Loop() {
		Current()
	}
}
