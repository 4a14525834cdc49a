package cuda

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gotensor/gotensor/device"
)

func TestSizeClass(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{0, 0}, {1, 512}, {512, 512}, {513, 1024}, {1000, 1024}, {1 << 20, 1 << 20},
		{1<<20 + 1, 1<<20 + 1<<18}, {3 << 20, 3 << 20}, {(3 << 20) + 1, 3<<20 + 1<<19},
		{64 << 20, 64 << 20}, {64<<20 + 1, 66 << 20}, {1 << 30, 1 << 30}, {1<<30 + 5, 1<<30 + 2<<20},
	} {
		if got := sizeClass(c.n); got != c.want {
			t.Errorf("sizeClass(%d) = %d, want %d", c.n, got, c.want)
		}
	}
	for n := 1; n < 200<<20; n = n*5/4 + 1 {
		c := sizeClass(n)
		if c < n || (n > 1<<20 && n <= 64<<20 && float64(c) > 1.25*float64(n)+1) || c%512 != 0 {
			t.Errorf("sizeClass(%d) = %d", n, c)
		}
	}
}

// fakeMem is device memory that runs out at limit bytes.
type fakeMem struct {
	limit, used int
	live        map[uintptr]int
	next        uintptr
	allocs      int
	failFree    bool
}

func newFake(limit int) *fakeMem {
	return &fakeMem{limit: limit, live: map[uintptr]int{}, next: 1 << 20}
}

func (m *fakeMem) alloc(n int) (uintptr, error) {
	if m.used+n > m.limit {
		return 0, &Error{Func: "cuMemAlloc_v2", Code: int(errOutOfMemory), Name: "CUDA_ERROR_OUT_OF_MEMORY", Text: "out of memory"}
	}
	p := m.next
	m.next += uintptr(n)
	m.live[p] = n
	m.used += n
	m.allocs++
	return p, nil
}

func (m *fakeMem) free(p uintptr) error {
	if m.failFree {
		return &Error{Func: "cuMemFree_v2", Code: 700, Name: "CUDA_ERROR_ILLEGAL_ADDRESS", Text: "an illegal memory access"}
	}
	n, ok := m.live[p]
	if !ok {
		return &Error{Func: "cuMemFree_v2", Code: 1, Name: "CUDA_ERROR_INVALID_VALUE", Text: "invalid argument"}
	}
	delete(m.live, p)
	m.used -= n
	return nil
}

func (m *fakeMem) memInfo() (int, int, error) { return m.limit - m.used, m.limit, nil }

func (m *fakeMem) idle() error { return nil }

func TestAllocatorReuse(t *testing.T) {
	m := newFake(1 << 30)
	a := newAllocator(m, "fake:0")
	b1, err := a.get(1000)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := a.get(3000)
	if s := a.stats(); s.Allocated != 1024+4096 || s.Peak != s.Allocated || s.Driver != 2 {
		t.Errorf("stats %+v", s)
	}
	a.put(b1)
	b3, _ := a.get(600) // same class as 1000: reused
	if b3.ptr != b1.ptr || m.allocs != 2 {
		t.Errorf("block not reused: %v vs %v, %d driver allocations", b3, b1, m.allocs)
	}
	a.put(b2)
	a.put(b3)
	s := a.stats()
	if s.Allocated != 0 || s.Cached != 1024+4096 || s.Peak != 1024+4096 || s.Reuses != 1 || s.Allocs != 3 {
		t.Errorf("stats %+v", s)
	}
	if err := a.emptyCache(); err != nil {
		t.Fatal(err)
	}
	if s := a.stats(); s.Cached != 0 || m.used != 0 {
		t.Errorf("after emptyCache: %+v, %d bytes still allocated", s, m.used)
	}
}

func TestAllocatorOOM(t *testing.T) {
	m := newFake(10 << 20)
	a := newAllocator(m, "fake:0")
	b, _ := a.get(6 << 20)
	a.put(b) // cached: 6 MiB still held from the driver
	if _, err := a.get(8 << 20); err != nil {
		t.Fatalf("the cache should have been emptied to make room: %v", err)
	}
	_, err := a.get(5 << 20)
	var oom *OOMError
	if !errors.As(err, &oom) || !errors.Is(err, ErrOutOfMemory) {
		t.Fatalf("got %v, want an OOMError", err)
	}
	if oom.Asked != 5<<20 || oom.Free != 2<<20 || oom.Total != 10<<20 {
		t.Errorf("%+v", oom)
	}
	for _, want := range []string{"5242880 bytes", "2097152 of 10485760 bytes free", "CUDA_ERROR_OUT_OF_MEMORY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if s := a.stats(); s.Allocs != 2 {
		t.Errorf("a failed allocation counted: %+v", s)
	}
	m.failFree = true
	c, _ := a.get(1 << 20)
	a.put(c)
	if err := a.emptyCache(); err == nil || !strings.Contains(err.Error(), "ILLEGAL_ADDRESS") {
		t.Errorf("emptyCache error %v", err)
	}
}

// TestOOM asks for twice the device's memory: the error names the bytes asked and free,
// and the device goes on working.
func TestOOM(t *testing.T) {
	g := dut(t)
	n := 2 * g.Props().TotalMem / 4
	_, err := g.Alloc(device.Float32, n)
	var oom *OOMError
	if !errors.As(err, &oom) || oom.Asked != 4*n || oom.Free <= 0 || oom.Free > g.Props().TotalMem {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("asked for %d bytes", 4*n)) {
		t.Errorf("%q does not name the bytes asked", err)
	}
	b, err := g.Alloc(device.Float32, 1<<20)
	if err != nil {
		t.Fatalf("after an OOM: %v", err)
	}
	b.(*Buffer).Free()
	if err := g.Sync(); err != nil {
		t.Fatal(err)
	}
}

// TestFinalizerFree drops buffers without freeing them: the garbage collector returns
// them to the cache.
func TestFinalizerFree(t *testing.T) {
	g := dut(t)
	before := g.Stats()
	func() {
		for i := 0; i < 10; i++ {
			if _, err := g.Alloc(device.Float64, 1000+i); err != nil {
				t.Fatal(err)
			}
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for g.Stats().Allocated > before.Allocated && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if s := g.Stats(); s.Allocated != before.Allocated || s.Cached < before.Cached+8192 {
		t.Errorf("before %+v, after %+v", before, s)
	}
}

// TestFreeErrorAtSync: an error met while freeing is reported by the next Sync, once.
func TestFreeErrorAtSync(t *testing.T) {
	g := dut(t)
	var x int
	g.freeHost(unsafePointer(&x)) // not pinned memory: the driver refuses
	err := g.Sync()
	if err == nil || !strings.Contains(err.Error(), "cuMemFreeHost") {
		t.Errorf("Sync = %v, want the free error", err)
	}
	if err := g.Sync(); err != nil {
		t.Errorf("second Sync = %v", err)
	}
}

// TestPacedReuse drops buffers without freeing them and without calling the garbage
// collector: the allocator's pacer collects once a window of bytes has gone out, their
// cleanups give the blocks back, and later allocations reuse them instead of asking the
// driver for more.
func TestPacedReuse(t *testing.T) {
	g := dut(t)
	before := g.Stats()
	const n, size = 300, 1 << 20
	for i := 0; i < n; i++ {
		if _, err := g.Alloc(device.Uint8, size); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Microsecond) // room for the collector's goroutines to run
	}
	s := g.Stats()
	driver, reuses := s.Driver-before.Driver, s.Reuses-before.Reuses
	t.Logf("%d allocations of 1 MiB: %d from the driver, %d reused; %d collections", n, driver, reuses, g.mem.pacer.Cycles())
	if window := device.Window(size) / size; driver > 4*window || reuses < n/2 {
		t.Errorf("%d driver allocations and %d reuses for %d dropped buffers (window %d buffers): dead buffers came back too late", driver, reuses, n, window)
	}
}

// TestOOMCollects fills most of the device with dead buffers: an allocation that needs
// their memory succeeds, without the caller running the garbage collector.
func TestOOMCollects(t *testing.T) {
	g := dut(t)
	n := g.Props().TotalMem * 2 / 5
	for i := 0; i < 6; i++ {
		if _, err := g.Alloc(device.Uint8, n); err != nil {
			t.Fatalf("allocation %d of %d bytes (%d%% of the device) with the earlier ones dead: %v", i, n, 40, err)
		}
	}
}
