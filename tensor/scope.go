package tensor

import (
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/gid"
)

// Scopes: memory back at once, as NumPy's reference counting gives it.
//
// Go learns that a result is dead only at the next garbage collection, so the memory of a
// loop body's temporaries comes back late and cold (see cpu's recycler). A Scope, like
// TensorFlow.js's tidy, is the user's word that what a block of code made is dead when the
// block ends, except what it keeps: Scope(f) frees, when f returns or panics, the storage
// of every tensor that ops allocated on f's goroutine while f ran. The memory goes straight
// back to its device's pool (cpu's free lists and slabs, CUDA's caching allocator), where
// the next step's allocations of the same sizes take it while it is still in the caches,
// and no collection has to run to find it.
//
// It is safe in the sense that matters: a tensor whose storage a Scope freed is refused by
// every op with an error naming the misuse (the buffer is marked freed before its memory is
// reused), never read as another tensor's data. What a scope's code hands out of it must
// be passed to Keep; what autograd and the optimizers attach to long-lived tensors
// (gradients of leaves, optimizer state, nn's parameters and buffers) is kept for the
// user.

// scope is one Scope call: the buffers allocated on its goroutine since it opened. Only
// its goroutine touches it. The outermost open scope of a goroutine (its root) holds the
// storage that Keep exempted and the graph nodes Keep walked, for all the scopes nested in
// it; ended scopes go back to a pool with their slices and maps emptied, so that opening
// and closing a scope in a loop allocates nothing.
type scope struct {
	outer  *scope
	root   *scope // the outermost open scope of the goroutine (s itself for the outermost)
	slot   int    // the index of the goroutine's entry in scopes.slots; -1: scopes.more
	bufs   []device.Buffer
	kept   map[device.Buffer]struct{} // storage never to free (on the root)
	walked map[*Node]struct{}         // nodes whose saved tensors Keep has kept (on the root)
}

// maxSlots is how many goroutines can have scopes open at once before the rest go to a
// map under a lock.
const maxSlots = 64

var scopes struct {
	open atomic.Int32 // scopes open on all goroutines: 0 makes innermost a single load
	// slots hold the innermost open scope of each goroutine that has one (a few at
	// most), so that allocations find theirs without a lock: a short array scanned in
	// order costs less than a map's insert and delete at each Scope (measured: 7% of an
	// add of 1e3). A slot's goroutine alone writes its scope; claiming and giving back a
	// slot (at a goroutine's outermost Scope) happen under mu. used is one past the
	// highest slot ever claimed.
	slots [maxSlots]struct {
		g atomic.Uintptr
		s atomic.Pointer[scope]
	}
	used  atomic.Int32
	mu    sync.Mutex
	more  map[uintptr]*scope // goroutines past maxSlots, under mu
	nmore atomic.Int32       // len(more)
	pool  sync.Pool          // ended scopes, their slices and maps for the next
}

// topOf returns g's innermost open scope, or nil.
func topOf(g uintptr) *scope {
	n := int(scopes.used.Load())
	for i := range n {
		if scopes.slots[i].g.Load() == g {
			return scopes.slots[i].s.Load()
		}
	}
	if scopes.nmore.Load() == 0 {
		return nil
	}
	scopes.mu.Lock()
	defer scopes.mu.Unlock()
	return scopes.more[g]
}

// claim makes s, a goroutine's outermost scope, g's innermost one: it takes a free slot.
func claim(g uintptr, s *scope) {
	scopes.mu.Lock()
	defer scopes.mu.Unlock()
	n := int(scopes.used.Load())
	for i := range maxSlots {
		if i < n && scopes.slots[i].g.Load() != 0 {
			continue
		}
		s.slot = i
		scopes.slots[i].s.Store(s)
		scopes.slots[i].g.Store(g)
		if i >= n {
			scopes.used.Store(int32(i + 1))
		}
		return
	}
	s.slot = -1
	if scopes.more == nil {
		scopes.more = map[uintptr]*scope{}
	}
	scopes.more[g] = s
	scopes.nmore.Store(int32(len(scopes.more)))
}

// setTop makes s (nil: none) the innermost scope of g, whose innermost scope was old.
func setTop(g uintptr, old, s *scope) {
	switch {
	case s == nil && old.slot >= 0:
		scopes.mu.Lock()
		scopes.slots[old.slot].g.Store(0)
		scopes.slots[old.slot].s.Store(nil)
		scopes.mu.Unlock()
	case s == nil:
		scopes.mu.Lock()
		delete(scopes.more, g)
		scopes.nmore.Store(int32(len(scopes.more)))
		scopes.mu.Unlock()
	case old.slot >= 0:
		scopes.slots[old.slot].s.Store(s)
	default:
		scopes.mu.Lock()
		scopes.more[g] = s
		scopes.mu.Unlock()
	}
}

// Scope runs f and then frees the storage of every tensor that an op allocated on the
// calling goroutine while f ran, except the storage of the tensors passed to Keep (and
// of the tensors that a kept tensor's graph saved for Backward). It frees when f returns
// and when it panics. Scopes nest: an inner scope frees what was made while it was the
// innermost one.
//
// Use it around a loop body that makes temporaries, so that each iteration reuses the
// memory the previous one freed, still in the caches, instead of waiting for the garbage
// collector to find it dead:
//
//	for step := 0; step < steps; step++ {
//		tensor.Scope(func() {
//			loss := lossFn(model.Forward(x), y)
//			opt.ZeroGrad()
//			autograd.Backward(loss)
//			opt.Step()
//			total += loss.Item() // a Go value: it outlives the scope
//		})
//	}
//
// After the scope, using a tensor it freed (or a view of one) is an error naming the
// misuse, never a read of memory that another tensor owns. So a tensor that must outlive
// the scope, assigned to a variable outside it, must be passed to Keep. Kept, and not
// freed by Scope:
//   - tensors passed to Keep, their views, and the tensors their autograd graph saved;
//   - gradients that Backward attaches to leaves (freed by ZeroGrad as before), tensors
//     marked RequiresGrad, an optimizer's state, and nn modules' parameters and buffers;
//   - tensors that wrap a Go slice (FromSlice, Scalar): no op allocated them;
//   - the slice Data handed out of a tensor the scope made: its memory left the pool
//     when Data shared it, so it stays the slice's (the tensor itself ends);
//   - tensors made by other goroutines, which scopes of their own can cover.
//
// Work on a scope's tensors by other goroutines must end before the scope does.
func Scope(f func()) {
	if f == nil {
		fail(Value, "Scope", "nil function")
	}
	g := gid.Current()
	s, _ := scopes.pool.Get().(*scope)
	if s == nil {
		s = &scope{}
	}
	if s.outer = topOf(g); s.outer != nil {
		s.root, s.slot = s.outer.root, s.outer.slot
		setTop(g, s.outer, s)
	} else {
		s.root = s
		claim(g, s)
	}
	scopes.open.Add(1)
	defer s.close(g)
	f()
}

// close ends s: frees its buffers that no Keep reached, hands the kept ones to the
// collector's care, and makes the enclosing scope the goroutine's innermost again.
func (s *scope) close(g uintptr) {
	setTop(g, s, s.outer)
	scopes.open.Add(-1)
	kept := s.root.kept
	// Last made, first freed: the free lists hand memory back last in, first out, so the
	// next iteration of a loop gets each temporary in the memory it had before.
	for i := len(s.bufs) - 1; i >= 0; i-- {
		b := s.bufs[i]
		s.bufs[i] = nil
		if _, ok := kept[b]; ok {
			if d, ok := b.(device.Disowner); ok {
				d.Disown()
			}
			continue
		}
		if f, ok := b.(device.Freer); ok {
			f.Free()
			scopeFreed.Add(1)
		}
	}
	s.bufs = s.bufs[:0]
	if s.root == s {
		// Emptied for the next outermost scope; maps that grew large are dropped rather
		// than held (clear keeps a map's memory).
		if len(s.kept) > 1024 {
			s.kept = nil
		}
		if len(s.walked) > 1024 {
			s.walked = nil
		}
		clear(s.kept)
		clear(s.walked)
	}
	s.outer, s.root = nil, nil
	scopes.pool.Put(s)
}

// scopeFreed counts the buffers scopes freed (for tests).
var scopeFreed atomic.Int64

// innermost returns the calling goroutine's innermost open scope, or nil. With no scope
// open anywhere it costs one atomic load.
func innermost() *scope {
	if scopes.open.Load() == 0 {
		return nil
	}
	return topOf(gid.Current())
}

// Keep exempts the storage of each tensor in ts from every Scope open on the calling
// goroutine, so that the tensors, and their views, stay usable after the scopes end; the
// garbage collector frees their memory once they are unreachable, as outside any scope.
// A kept tensor's autograd graph is kept too (the tensors it saved for Backward), so that
// Backward can run on it after the scope. Keep acts on the calling goroutine's scopes
// only: a tensor that another goroutine's scope made is that goroutine's to keep. Outside
// any scope Keep does nothing. It returns its first argument, for Keep(x.Add(y)); nil
// arguments are skipped.
func Keep(ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		return nil
	}
	if scopes.open.Load() == 0 {
		return ts[0]
	}
	if s := topOf(gid.Current()); s != nil {
		for _, t := range ts {
			if t != nil && t.buf != nil {
				s.keep(t)
			}
		}
	}
	return ts[0]
}

// keep marks t's storage kept, and walks the graph that made it.
func (s *scope) keep(t *Tensor) {
	s.mark(t.buf)
	if t.ag == nil || t.ag.node == nil {
		return
	}
	stack := []*Node{t.ag.node}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		r := s.root
		if r.walked == nil {
			r.walked = map[*Node]struct{}{}
		}
		if _, seen := r.walked[n]; seen {
			continue
		}
		r.walked[n] = struct{}{}
		if n.Out != nil && n.Out.buf != nil {
			s.mark(n.Out.buf)
		}
		for _, in := range n.Inputs {
			if in == nil || in.buf == nil {
				continue
			}
			s.mark(in.buf)
			if in.ag != nil && in.ag.node != nil {
				stack = append(stack, in.ag.node)
			}
		}
		for _, a := range n.Args {
			s.keepIn(reflect.ValueOf(a), 0)
		}
		s.keepIn(reflect.ValueOf(n.Params), 0)
	}
}

// tensorType is the type *Tensor, as reflect sees it.
var tensorType = reflect.TypeFor[*Tensor]()

// keepIn keeps the storage of every tensor that v holds, looking through pointers,
// interfaces, structs, slices, arrays and maps (a rule's parameters: indices of a Take,
// a BatchNorm's saved statistics, a custom Function's saved tensors), to a bounded depth.
// Tensors with a graph of their own are kept with it.
func (s *scope) keepIn(v reflect.Value, depth int) {
	if !v.IsValid() || depth > 8 {
		return
	}
	if v.Type() == tensorType {
		if t := v.Interface().(*Tensor); t != nil && t.buf != nil {
			if _, ok := s.root.kept[t.buf]; !ok || (t.ag != nil && t.ag.node != nil) {
				s.keep(t)
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			s.keepIn(v.Elem(), depth+1)
		}
	case reflect.Struct:
		if !v.CanAddr() {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			v = c
		}
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanInterface() { // unexported: read it through its address
				f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
			}
			s.keepIn(f, depth+1)
		}
	case reflect.Slice, reflect.Array:
		if k := v.Type().Elem().Kind(); k == reflect.Pointer || k == reflect.Interface ||
			k == reflect.Struct || k == reflect.Slice {
			for i := range v.Len() {
				s.keepIn(v.Index(i), depth+1)
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			s.keepIn(it.Value(), depth+1)
		}
	}
}

// keepOwned keeps t for library code that attaches it to long-lived state (a leaf's
// gradient, a parameter): Keep for one tensor.
func keepOwned(t *Tensor) {
	if scopes.open.Load() == 0 || t == nil || t.buf == nil {
		return
	}
	if s := topOf(gid.Current()); s != nil {
		s.keep(t) // with its graph, for a gradient made with CreateGraph
	}
}

// mark records b as kept.
func (s *scope) mark(b device.Buffer) {
	r := s.root
	if r.kept == nil {
		r.kept = map[device.Buffer]struct{}{}
	}
	r.kept[b] = struct{}{}
}
