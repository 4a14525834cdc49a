package cpu_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/tensor"
)

// TestRecyclerTensorHammer runs tensor ops (whose kernels split large arrays over worker
// goroutines) from several goroutines on recycled memory: results freed at once, results
// dropped for the collector, and views kept while their base tensor is dropped. Under
// -race it checks that the detector sees every hand-over (recycle.go); in every build,
// that a view's storage is never lent again while the view lives.
func TestRecyclerTensorHammer(t *testing.T) {
	defer cpu.CacheLimit.Store(cpu.CacheLimit.Load())
	cpu.CacheLimit.Store(4 << 20)
	const goroutines, iters = 3, 60
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			type kept struct {
				v    *tensor.Tensor
				want float64
			}
			var keep []kept
			for i := 0; i < iters; i++ {
				base := float64(g*1000 + i)
				x := tensor.Full(tensor.Float32, base, 96, 257) // 96 KiB: recycled
				y := x.Add(1)                                   // recycled too
				switch i % 4 {
				case 0: // a transposed view outlives y
					keep = append(keep, kept{y.T(), base + 1})
				case 1: // a slice view outlives y; x freed at once
					keep = append(keep, kept{y.Slice(tensor.S(10, 90), tensor.S(None, None, -3)), base + 1})
					x.Free()
				case 2: // y freed: its buffer says so, and a view of it is refused
					v, buf := y.Slice(3), y.Buffer().(*cpu.Buffer)
					y.Free()
					if !buf.Freed() {
						errs <- fmt.Errorf("goroutine %d: a freed tensor's buffer does not report it", g)
						return
					}
					if err := tensor.Try(func() { v.Sum() }); err == nil {
						errs <- fmt.Errorf("goroutine %d: a view of a freed tensor was used without an error", g)
						return
					}
					x.Free()
				case 3: // both dropped
				}
				x, y = nil, nil
				if len(keep) > 4 {
					keep = keep[1:]
				}
				if i%15 == 0 {
					runtime.GC()
				}
				for _, k := range keep {
					s := k.v.Shape()
					if got := k.v.Sum().Item(); got != k.want*float64(s[0]*s[1]) {
						errs <- fmt.Errorf("goroutine %d: a live view sums to %v, want %v: its storage was lent again", g, got, k.want*float64(s[0]*s[1]))
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
}

const None = tensor.None
