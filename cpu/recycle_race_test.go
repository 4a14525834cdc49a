package cpu

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
)

// These tests run in every build; under -race they check that the detector sees every
// hand-over of recycled memory (recycle.go, "The race detector"). TestRaceDetector shows
// that the detector would report a missing edge: it runs the orphan test again, in a child
// process, with the annotations off (noEdgesEnv), and a use after Free, and expects
// "WARNING: DATA RACE" from both. The hammer also honours noEdgesEnv, to try by hand:
//
//	GOTENSOR_RACE_NOEDGES=1 go test -race -run 'Hammer|Orphan' ./cpu/

const noEdgesEnv = "GOTENSOR_RACE_NOEDGES"

// noEdgesFromEnv drops the hand-over annotations when noEdgesEnv is 1 (race builds).
func noEdgesFromEnv(t *testing.T) {
	if os.Getenv(noEdgesEnv) == "1" {
		if !raceEnabled {
			t.Skip(noEdgesEnv + " needs -race")
		}
		setRaceNoEdges(true)
		t.Cleanup(func() { setRaceNoEdges(false) })
	}
}

func alloc32(t testing.TB, n int) *Buffer {
	b, err := Device{}.Alloc(device.Float32, n)
	if err != nil {
		t.Fatal(err)
	}
	return b.(*Buffer)
}

func fill32(b *Buffer, v float32) {
	d := b.data.([]float32)
	for i := range d {
		d[i] = v
	}
}

// view is what a tensor view holds: the storage, an offset and a length.
type view struct {
	b      *Buffer
	off, n int
	v      float32
}

func (w view) check() error {
	d := w.b.data.([]float32)[w.off : w.off+w.n]
	for i := 0; i < len(d); i += 1 + len(d)/64 {
		if d[i] != w.v {
			return fmt.Errorf("element %d of a live view is %v, want %v: its storage was lent again", w.off+i, d[i], w.v)
		}
	}
	if d[len(d)-1] != w.v {
		return fmt.Errorf("last element of a live view is %v, want %v", d[len(d)-1], w.v)
	}
	return nil
}

// TestRecyclerHammer has goroutines allocate (small and recycled sizes), write, Free,
// reallocate, keep views alive, and drop buffers for the collector to find, some of them
// last written by goroutines that end without synchronizing with anyone.
func TestRecyclerHammer(t *testing.T) {
	noEdgesFromEnv(t)
	defer CacheLimit.Store(CacheLimit.Load())
	CacheLimit.Store(2 << 20) // a small pool, so that slabs change hands often
	sizes := []int{700, 1000, 1 << 14, 1<<14 + 300, 3 << 13, 5 << 12}
	const goroutines, iters = 4, 240
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var keep []view
			for i := 0; i < iters; i++ {
				n := sizes[(i*7+g)%len(sizes)]
				b := alloc32(t, n)
				v := float32(g<<16 | i)
				fill32(b, v)
				switch i % 6 {
				case 0, 1: // kept alive by a view of part of it
					keep = append(keep, view{b, n / 3, n / 2, v})
				case 2: // freed, its memory lent again at once
					b.Free()
					if !b.Freed() || b.Len() != 0 {
						errs <- fmt.Errorf("goroutine %d: a freed buffer is not marked freed", g)
						return
					}
					c := alloc32(t, n)
					fill32(c, -v)
					keep = append(keep, view{c, 0, n, -v})
				case 3: // last written by a goroutine that ends without telling anyone
					go func(b *Buffer) {
						fill32(b, v+1)
						runtime.KeepAlive(b)
					}(b)
				case 4: // dropped: the collector finds it dead
				case 5:
					b.Free()
				}
				if len(keep) > 5 {
					keep[0] = view{}
					keep = keep[1:]
				}
				if i%30 == 0 {
					runtime.GC()
				}
				for _, w := range keep {
					if err := w.check(); err != nil {
						errs <- fmt.Errorf("goroutine %d: %v", g, err)
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

// TestRaceOrphanHandover lends memory to a buffer that a goroutine writes and drops
// before it ends, without synchronizing with anyone, and waits (by polling, without
// synchronizing either) until the recycler lends the memory again: only the garbage
// collector orders the two owners' writes, so without the cleanup's edge (recycle.go)
// the detector reports them.
func TestRaceOrphanHandover(t *testing.T) {
	noEdgesFromEnv(t)
	const n = 1<<15 + 1 // 128 KiB of float32
	c, _ := classOf(n)
	for round := 0; round < 3; round++ {
		drain(c)
		b := alloc32(t, n)
		addr := addrOf(b)
		ch := make(chan *Buffer, 1)
		ch <- b
		b = nil
		go func() {
			x := <-ch
			fill32(x, 1)
			runtime.KeepAlive(x) // x's memory is lent again once x is dead
		}()
		var hold []*Buffer // other memory of the class stays lent, so the next take is x's
		reused, tries := false, 0
		for deadline := time.Now().Add(5 * time.Second); !reused && time.Now().Before(deadline); {
			time.Sleep(2 * time.Millisecond)
			gc()
			got := alloc32(t, n)
			tries++
			if addrOf(got) == addr {
				// A few writes by the new owner: every racing access makes the detector
				// restore stacks, which is slow.
				d := got.data.([]float32)
				d[0], d[n/2], d[n-1] = 2, 2, 2
				reused = true
			}
			hold = append(hold, got)
		}
		runtime.KeepAlive(hold)
		if !reused {
			t.Fatal("the dead buffer's memory was not lent again")
		}
		if testing.Verbose() {
			t.Logf("round %d: lent again after %d tries", round, tries)
		}
	}
}

// TestRaceUseAfterFreeChild writes through a slice kept past its buffer's Free while the
// memory's next owner writes it: a real use after Free, which the detector must report.
// It runs only in TestRaceDetector's child process.
func TestRaceUseAfterFreeChild(t *testing.T) {
	if os.Getenv("GOTENSOR_RACE_UAF") != "1" {
		t.Skip("run by TestRaceDetector")
	}
	const n = 1 << 15
	c, _ := classOf(n)
	drain(c)
	addrs := make(chan uintptr)
	done := make(chan bool)
	go func() {
		b := alloc32(t, n)
		d := b.data.([]float32) // the slice outlives the buffer's Free: the bug
		b.Free()
		addrs <- slabAddr(d)
		d[0], d[n-1] = 1, 1
		close(done)
	}()
	addr := <-addrs
	again := alloc32(t, n)
	if addrOf(again) != addr {
		t.Fatal("the freed memory was not lent again")
	}
	fill32(again, 2)
	<-done
}

// TestRaceDetector checks, in child processes, that the detector reports a hand-over of
// recycled memory whose edge is missing, and a use after Free.
func TestRaceDetector(t *testing.T) {
	if !raceEnabled {
		t.Skip("needs -race")
	}
	if testing.Short() {
		t.Skip("runs child processes")
	}
	for _, c := range []struct{ name, env, test string }{
		{"missing edge", noEdgesEnv + "=1", "TestRaceOrphanHandover"},
		{"use after Free", "GOTENSOR_RACE_UAF=1", "TestRaceUseAfterFreeChild"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^"+c.test+"$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), c.env, "GORACE=halt_on_error=0")
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "WARNING: DATA RACE") {
			t.Errorf("%s: the race detector reported nothing (err %v):\n%s", c.name, err, out)
		} else {
			t.Logf("%s: reported, as it should be", c.name)
		}
	}
}
