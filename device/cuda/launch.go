package cuda

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// Launch arguments. cuLaunchKernel takes an array of pointers, one per kernel parameter,
// each to the parameter's value. args keeps both in one object that the device pins for
// its lifetime (runtime.Pinner), so the driver may read Go memory that holds Go pointers
// and that never moves; it is reused by every launch under the device's lock, so a
// launch allocates nothing.
type args struct {
	data [4096]byte
	ptrs [32]unsafe.Pointer
	size [32]int
	n    int
	off  int
}

func (a *args) reset() { a.n, a.off = 0, 0 }

// slot reserves size bytes, 8-aligned, for the next parameter.
func (a *args) slot(size int) unsafe.Pointer {
	off := (a.off + 7) &^ 7
	if off+size > len(a.data) || a.n == len(a.ptrs) {
		panic("cuda: kernel parameters exceed the argument arena")
	}
	p := unsafe.Pointer(&a.data[off])
	a.ptrs[a.n] = p
	a.size[a.n] = size
	a.n++
	a.off = off + size
	return p
}

func (a *args) ptr(p uintptr) { *(*uint64)(a.slot(8)) = uint64(p) }
func (a *args) u64(v uint64)  { *(*uint64)(a.slot(8)) = v }
func (a *args) i64(v int)     { *(*int64)(a.slot(8)) = int64(v) }
func (a *args) i32(v int)     { *(*int32)(a.slot(4)) = int32(v) }
func (a *args) f64(v float64) { *(*float64)(a.slot(8)) = v }

// words packs a struct of int64 fields.
func (a *args) words(v ...int64) { copy(unsafe.Slice((*int64)(a.slot(8*len(v))), len(v)), v) }

// lay packs a Lay<N> (loop.cuh): int32 rank, int32 small, int64 dim[16], int64
// st[N][16]. st holds each operand's strides over shape.
func (a *args) lay(shape []int, st [][]int) {
	nw := 1 + device.MaxRank*(1+len(st))
	w := unsafe.Slice((*int64)(a.slot(8*nw)), nw)
	clear(w)
	small := int64(1)
	if !fitsInt32(shape, st) {
		small = 0
	}
	w[0] = int64(len(shape)) | small<<32
	for k, d := range shape {
		w[1+k] = int64(d)
	}
	for j, s := range st {
		for k, v := range s {
			w[1+device.MaxRank*(1+j)+k] = int64(v)
		}
	}
}

// fitsInt32 reports whether a strided loop may index in 32 bits: every linear index,
// plus the grid stride a thread adds past the last one, and every operand offset stay
// below 2**31 (so the limit is 2**30 for the count).
func fitsInt32(shape []int, st [][]int) bool {
	const lim = 1 << 30
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n > lim {
		return false
	}
	for _, s := range st {
		reach := 0
		for k, d := range shape {
			v := s[k]
			if v < 0 {
				v = -v
			}
			reach += (d - 1) * v
		}
		if reach > math.MaxInt32 {
			return false
		}
	}
	return true
}

// kernel is a loaded entry point and its parameter sizes as the PTX declares them.
type kernel struct {
	name string
	fn   uintptr
	sig  []int
}

var (
	entryRe = regexp.MustCompile(`\.entry (\w+)\(([^)]*)\)`)
	paramRe = regexp.MustCompile(`\.param (?:\.align \d+ )?\.([a-z]\d+) \w+(?:\[(\d+)\])?`)
)

// ptxSignatures reads the parameter sizes of every entry of a PTX module.
func ptxSignatures(ptx string) map[string][]int {
	sigs := map[string][]int{}
	for _, m := range entryRe.FindAllStringSubmatch(ptx, -1) {
		var sig []int
		for _, p := range paramRe.FindAllStringSubmatch(m[2], -1) {
			if p[2] != "" {
				n, _ := strconv.Atoi(p[2])
				sig = append(sig, n)
				continue
			}
			bitsN, _ := strconv.Atoi(p[1][1:])
			sig = append(sig, bitsN/8)
		}
		sigs[m[1]] = sig
	}
	return sigs
}

// module is a loaded PTX module.
type module struct {
	h    uintptr
	sigs map[string][]int
}

// kernel returns the loaded entry point k, loading its module on first use. Called with
// the device locked and bound.
func (d *Device) kernel(k kernels.Kernel) (*kernel, error) {
	if f := d.fns[k.Name]; f != nil {
		return f, nil
	}
	m := d.mods[k.Module]
	if m == nil {
		src, err := kernels.PTX(k.Module)
		if err != nil {
			return nil, err
		}
		h, ms, err := d.lib.moduleLoadData(src)
		if err != nil {
			return nil, fmt.Errorf("%s: loading module %s: %w", d.name, k.Module, err)
		}
		d.jit += time.Duration(float64(ms) * float64(time.Millisecond))
		m = &module{h: h, sigs: ptxSignatures(string(src))}
		d.mods[k.Module] = m
	}
	sig, ok := m.sigs[k.Name]
	if !ok {
		return nil, fmt.Errorf("%s: module %s has no kernel %s", d.name, k.Module, k.Name)
	}
	fn, err := d.lib.moduleGetFunction(m.h, k.Name)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", d.name, k, err)
	}
	f := &kernel{name: k.Name, fn: fn, sig: sig}
	d.fns[k.Name] = f
	return f, nil
}

// launch runs k with the parameters packed in d.args on d's stream, after checking them
// against the PTX's declaration. Called with the device locked and bound.
func (d *Device) launch(k kernels.Kernel, grid, block [3]uint32) error {
	a := d.args
	defer a.reset()
	f, err := d.kernel(k)
	if err != nil {
		return err
	}
	if !slices.Equal(a.size[:a.n], f.sig) {
		return fmt.Errorf("%s: %s: packed parameter sizes %v, the PTX declares %v", d.name, k, a.size[:a.n], f.sig)
	}
	for i := range grid {
		if grid[i] == 0 {
			return nil // nothing to do
		}
	}
	d.launches++
	err = d.lib.launchKernel(f.fn, grid, block, 0, d.stream, unsafe.Pointer(&a.ptrs[0]))
	if err != nil {
		return fmt.Errorf("%s: %s: %w", d.name, k, err)
	}
	return nil
}

// grid1 is a 1-D grid of threads-wide blocks for a grid-stride loop over n items:
// enough blocks to cover n, at most blocksPerSM per multiprocessor.
func (d *Device) grid1(n int64, threads int) [3]uint32 {
	const blocksPerSM = 32
	b := (n + int64(threads) - 1) / int64(threads)
	if lim := int64(d.props.SMs * blocksPerSM); b > lim {
		b = lim
	}
	if b < 1 {
		b = 1
	}
	return [3]uint32{uint32(b), 1, 1}
}

func block1(threads int) [3]uint32 { return [3]uint32{uint32(threads), 1, 1} }
