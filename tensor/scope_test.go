package tensor

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gotensor/gotensor/cpu"
)

// The sizes a scope's tensors are tested at: below the recycler (Go's allocator and the
// small free lists) and above it (a slab), and size 0.
var scopeSizes = []int{0, 5, 3000, 1 << 15}

// TestScopeFreesWhatItMade checks that a Scope ends the tensors its body made, and their
// views, with a Value error naming the Scope; that tensors from outside, kept tensors
// and their views stay whole and keep their values; and that freed memory went back.
func TestScopeFreesWhatItMade(t *testing.T) {
	for _, n := range scopeSizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			x := Arange(Float64, 0, float64(2*n), 1).Reshape(2, n)
			var tmp, kept, keptView, lost, lostView, wrapped *Tensor
			before := scopeFreed.Load()
			Scope(func() {
				tmp = x.Mul(3)
				lost = tmp.Add(1)
				lostView = lost.T().Slice(S(None, None, -1))
				kept = Keep(tmp.Sub(x))                      // 2x
				keptView = kept.T().Slice(S(None, None, -2)) // a transposed, stepped, reversed view
				wrapped = FromSlice([]float64{1, 2, 3})
				assert.Equal(t, x.Sum().Item()*3, tmp.Sum().Item())
			})
			assert.Equal(t, int64(4), scopeFreed.Load()-before, "tmp, lost and the two sums freed")
			for name, d := range map[string]*Tensor{"result": tmp, "chained": lost, "view": lostView} {
				wantKind(t, Value, func() { d.Sum() }, "Scope", "Keep")
				wantKind(t, Value, func() { _ = d.String() }, "Scope")
				_ = name
			}
			assert.Equal(t, x.Sum().Item()*2, kept.Sum().Item())
			if n > 0 {
				assert.Equal(t, ToSlice[float64](x.Mul(2).T().Slice(S(None, None, -2))), ToSlice[float64](keptView))
			}
			assert.Equal(t, x.Sum().Item(), ToSlice[float64](x.Sum())[0], "x, made outside, is untouched")
			assert.Equal(t, []float64{1, 2, 3}, ToSlice[float64](wrapped), "a wrapped slice is not allocated by an op")
		})
	}
}

// TestScopeReusesMemory checks that what a Scope frees is what the next one allocates:
// the loop's temporaries cycle through the same memory, with no garbage collection.
func TestScopeReusesMemory(t *testing.T) {
	x := Ones(Float32, 1<<16)
	addr := func(t *Tensor) uintptr { return reflect.ValueOf(t.buf.(*cpu.Buffer).Slice()).Pointer() }
	var first uintptr
	for i := range 20 {
		Scope(func() {
			y := x.Add(x).Mul(2)
			if i == 0 {
				first = addr(y)
			} else {
				assert.Equal(t, first, addr(y), "iteration %d reuses the first one's memory", i)
			}
			assert.Equal(t, float64(4<<16), y.Sum().Item())
		})
	}
}

// TestScopeData checks that a slice Data handed out inside a scope stays the caller's:
// its values survive the scope and the allocations after it, while its tensor ends.
func TestScopeData(t *testing.T) {
	x := Arange(Float32, 0, 1<<14, 1)
	var shared []float32
	var y *Tensor
	Scope(func() {
		y = x.Mul(2)
		shared = y.Data().([]float32)
	})
	wantKind(t, Value, func() { y.Sum() }, "Scope")
	for range 4 {
		Scope(func() { x.Mul(3) }) // would reuse the memory were it still the pool's
	}
	for i, v := range shared {
		if v != float32(2*i) {
			t.Fatalf("element %d of the shared slice is %v, want %v", i, v, 2*i)
		}
	}
}

// TestScopeNested checks that an inner scope frees only what was made while it was the
// innermost one, that Keep inside it protects a tensor from every open scope, and that
// the outer scope then frees the rest.
func TestScopeNested(t *testing.T) {
	x := Ones(Float64, 4000)
	var outer, inner, keptInner, outerKeptInside *Tensor
	Scope(func() {
		outer = x.Add(1)
		outerKeptInside = x.Add(2)
		Scope(func() {
			inner = outer.Add(1)
			keptInner = Keep(outer.Add(10))
			Keep(outerKeptInside)
		})
		wantKind(t, Value, func() { inner.Sum() }, "Scope")
		assert.Equal(t, 2.0*4000, outer.Sum().Item(), "the outer scope's tensor outlives the inner one")
	})
	wantKind(t, Value, func() { outer.Sum() }, "Scope")
	assert.Equal(t, 12.0*4000, keptInner.Sum().Item())
	assert.Equal(t, 3.0*4000, outerKeptInside.Sum().Item())
}

// TestScopePanics checks that a Scope frees when its body panics, and lets the panic go on.
func TestScopePanics(t *testing.T) {
	x := Ones(Float64, 4000)
	var y *Tensor
	err := Try(func() {
		Scope(func() {
			y = x.Add(1)
			x.Reshape(7) // a Shape error
		})
	})
	assert.Equal(t, Shape, KindOf(err), "%v", err)
	wantKind(t, Value, func() { y.Sum() }, "Scope")
	// The goroutine has no scope left open: what it makes now is not freed.
	z := x.Add(1)
	Scope(func() {})
	assert.Equal(t, 8000.0, z.Sum().Item())
}

// TestScopeOtherGoroutines checks that a scope frees only what its own goroutine made:
// a tensor another goroutine makes meanwhile survives it.
func TestScopeOtherGoroutines(t *testing.T) {
	x := Ones(Float64, 4000)
	made, done := make(chan *Tensor), make(chan struct{})
	go func() {
		<-done
		made <- x.Add(5) // while the scope below is open
	}()
	var mine *Tensor
	Scope(func() {
		mine = x.Add(1)
		close(done)
		theirs := <-made
		t.Cleanup(func() { assert.Equal(t, 6.0*4000, theirs.Sum().Item(), "another goroutine's tensor") })
	})
	wantKind(t, Value, func() { mine.Sum() }, "Scope")
}

// TestScopeRace runs scopes on several goroutines at once, each a loop whose body makes
// temporaries from shared inputs and checks their values: under -race this shows that
// memory freed by one goroutine's scope and reused by another's is handed over with the
// edges the detector needs, and that no goroutine sees another's values.
func TestScopeRace(t *testing.T) {
	x := Arange(Float32, 0, 1<<14, 1)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var kept []*Tensor
			for i := range 30 {
				Scope(func() {
					y := x.Mul(float64(w + 1)).Add(float64(i))
					small := FromSlice([]float32{1, 2}).Mul(float64(w))
					if i%10 == 0 {
						kept = append(kept, Keep(y))
					}
					want := float64(w+1)*float64(1<<14-1)*float64(1<<14)/2 + float64(i)*(1<<14)
					if got := y.Sum(Compensated).Item(); got != want {
						t.Errorf("goroutine %d, step %d: sum %v, want %v", w, i, got, want)
					}
					require.Equal(t, []float32{float32(w), float32(2 * w)}, ToSlice[float32](small))
				})
			}
			for k, y := range kept {
				if got, want := y.Slice(S(1, 2)).Item(), float64(w+1)+float64(10*k); got != want {
					t.Errorf("goroutine %d: kept tensor %d holds %v at 1, want %v", w, k, got, want)
				}
			}
		}()
	}
	wg.Wait()
}

// TestScopeZeroD checks 0-d results, scalars included, and Keep's edge cases.
func TestScopeZeroD(t *testing.T) {
	var s, k *Tensor
	Scope(func() {
		s = Scalar(2.5).Mul(2)
		k = Keep(Scalar(1.5).Add(1))
		assert.Nil(t, Keep())
		assert.Nil(t, Keep(nil))
	})
	wantKind(t, Value, func() { s.Item() }, "Scope")
	assert.Equal(t, 2.5, k.Item())
	assert.Nil(t, Keep(), "outside any scope")
	assert.Same(t, k, Keep(k))
	wantKind(t, Value, func() { Scope(nil) }, "Scope", "nil function")
}

// BenchmarkScopeAdd times an allocating add of 1e4 float32 in a loop, with the body in a
// Scope and without (the garbage collector finds each result dead).
func BenchmarkScopeAdd(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 1_000_000} {
		x, y := Ones(Float32, n), Ones(Float32, n)
		b.Run(fmt.Sprintf("scope/%d", n), func(b *testing.B) {
			for b.Loop() {
				Scope(func() { x.Add(y) })
			}
		})
		b.Run(fmt.Sprintf("gc/%d", n), func(b *testing.B) {
			for b.Loop() {
				x.Add(y)
			}
		})
	}
}

// TestScopeManyGoroutines holds nested scopes open on more goroutines than there are
// slots for them (maxSlots), all at once, so that some live in the locked overflow
// map: each goroutine's scopes must free its own temporaries only and keep what it
// kept, and once all have ended no slot or overflow entry may be left behind.
func TestScopeManyGoroutines(t *testing.T) {
	x := Ones(Float64, 100)
	const n = maxSlots + 16
	var opened, release sync.WaitGroup
	opened.Add(n)
	release.Add(1)
	errs := make(chan error, n)
	for w := range n {
		go func() {
			var inner, outer, kept *Tensor
			Scope(func() {
				outer = x.Add(float64(w))
				Scope(func() {
					inner = x.Mul(float64(w))
					kept = Keep(x.Add(float64(2 * w)))
					opened.Done()
					release.Wait() // every goroutine has both scopes open here
				})
				if err := Try(func() { inner.Sum() }); err == nil {
					errs <- fmt.Errorf("goroutine %d: the inner scope's tensor outlived it", w)
				}
				if got := outer.Sum().Item(); got != 100*float64(w+1) {
					errs <- fmt.Errorf("goroutine %d: the outer scope's tensor sums to %v inside it", w, got)
				}
			})
			if err := Try(func() { outer.Sum() }); err == nil {
				errs <- fmt.Errorf("goroutine %d: the outer scope's tensor outlived it", w)
			}
			if got := kept.Sum().Item(); got != 100*float64(2*w+1) {
				errs <- fmt.Errorf("goroutine %d: the kept tensor sums to %v", w, got)
			}
			errs <- nil
		}()
	}
	opened.Wait()
	assert.Equal(t, int32(n), scopes.used.Load()+scopes.nmore.Load(), "slots and overflow entries in use")
	release.Done()
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	assert.Zero(t, scopes.open.Load(), "scopes left open")
	assert.Zero(t, scopes.nmore.Load(), "overflow entries left")
	for i := range maxSlots {
		assert.Zero(t, scopes.slots[i].g.Load(), "slot %d still claimed", i)
	}
}

// TestScopeAllocs checks that opening and closing a scope, nested or not, allocates
// nothing once the pool holds ended scopes.
func TestScopeAllocs(t *testing.T) {
	inner := func() {}
	outer := func() { Scope(inner) }
	Scope(outer)
	assert.Zero(t, testing.AllocsPerRun(100, func() { Scope(outer) }), "allocations per nested Scope")
}
