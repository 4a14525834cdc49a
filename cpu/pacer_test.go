package cpu

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
)

// TestPacedReuse drops results as user code does (c := a.Add(b), c dead at the next
// iteration) without Free and without calling the garbage collector: the pacer collects
// once a window has been lent, and the pool settles at a few windows' worth of slabs
// instead of growing to CacheLimit.
func TestPacedReuse(t *testing.T) {
	EmptyCache()
	defer EmptyCache()
	const n = 1 << 18 // 1 MiB of float32
	c, capacity := classOf(n)
	size := int64(4 * capacity)
	cycles := GCCycles()
	for i := 0; i < 2000; i++ {
		b := alloc32(t, n)
		b.data.([]float32)[0] = 1
		if i%64 == 0 {
			time.Sleep(time.Millisecond) // room for the background collection
		}
	}
	l := &pools[device.Float32][c]
	l.mu.Lock()
	slabs := len(l.free) + len(l.lent)
	l.mu.Unlock()
	window := device.Window(size) / size
	t.Logf("2000 dropped results of %d KiB: %d collections, %d slabs (window %d)", size>>10, GCCycles()-cycles, slabs, window)
	if GCCycles() == cycles {
		t.Errorf("no collection was started for 2000 results of %d bytes", size)
	}
	if limit := int(8 * window); slabs > limit {
		t.Errorf("the pool holds %d slabs: more than %d, 8 windows; dead results came back too late", slabs, limit)
	}
}

// TestPacedNeverReusesLive keeps some results alive (as views hold their storage) while
// goroutines drop many others, the collections started by the pacer alone: no live
// result's memory is ever lent again, and the pool stays within its limit. Under -race
// this also checks that the hand-overs are ordered.
func TestPacedNeverReusesLive(t *testing.T) {
	noEdgesFromEnv(t)
	sizes := []int{600, 1000, 5000, 1 << 14, 3 << 13, 1 << 16}
	iters := 3000
	if testing.Short() || raceEnabled {
		iters = 800
	}
	const goroutines = 3
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var keep []view
			for i := 0; i < iters; i++ {
				n := sizes[(i*5+g)%len(sizes)]
				b := alloc32(t, n)
				v := float32(g<<20 | i)
				fill32(b, v)
				switch i % 8 {
				case 0: // kept alive by a view of part of it, for a while
					keep = append(keep, view{b, n / 4, n / 2, v})
				case 1:
					b.Free()
				}
				if len(keep) > 12 {
					keep[0] = view{}
					keep = keep[1:]
				}
				for _, w := range keep {
					if err := w.check(); err != nil {
						errs <- fmt.Errorf("goroutine %d, iteration %d: %v", g, i, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if o := owned.Load(); o > CacheLimit.Load() {
		t.Fatalf("the pool owns %d bytes, over its limit %d", o, CacheLimit.Load())
	}
}
