package cpu

//go:generate go run ./internal/asmgen -out simd_amd64.s -stubs simd_decl_amd64.go

import (
	"sync/atomic"
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// vecKernels are the SIMD kernels of one float type for one binary op. Each handles the
// largest multiple of lanes elements of its destination; callers finish the tail with the
// pure-Go reference. A nil field means no kernel for that operand layout.
type vecKernels[T float] struct {
	vv func(d, a, b []T)   // d = a op b
	vs func(d, a []T, s T) // d = a op s
	sv func(d, a []T, s T) // d = s op a
	nt *vecKernels[T]      // the same with non-temporal stores, for 32-byte aligned d
}

// firstWins turns a max or min kernel d = a op s into d = s op a. The two agree except
// where a and s are zeros of opposite signs: the reference (floatBin) then gives its first
// operand, s, as NumPy's maximum and minimum do.
func firstWins[T float](vs func(d, a []T, s T)) func(d, a []T, s T) {
	return func(d, a []T, s T) {
		vs(d, a, s)
		if s == 0 {
			for j, v := range d {
				if v == 0 {
					d[j] = s
				}
			}
		}
	}
}

func lanesOf[T float]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return 8
	}
	return 4
}

var (
	vec32 = map[device.BinaryOp]vecKernels[float32]{
		device.Add:     {addVVf32, addVSf32, addVSf32, nil},
		device.Sub:     {subVVf32, subVSf32, subSVf32, nil},
		device.Mul:     {mulVVf32, mulVSf32, mulVSf32, nil},
		device.Div:     {divVVf32, divVSf32, divSVf32, nil},
		device.Maximum: {maxVVf32, maxVSf32, firstWins(maxVSf32), nil},
		device.Minimum: {minVVf32, minVSf32, firstWins(minVSf32), nil},
	}
	vec64 = map[device.BinaryOp]vecKernels[float64]{
		device.Add:     {addVVf64, addVSf64, addVSf64, nil},
		device.Sub:     {subVVf64, subVSf64, subSVf64, nil},
		device.Mul:     {mulVVf64, mulVSf64, mulVSf64, nil},
		device.Div:     {divVVf64, divVSf64, divSVf64, nil},
		device.Maximum: {maxVVf64, maxVSf64, firstWins(maxVSf64), nil},
		device.Minimum: {minVVf64, minVSf64, firstWins(minVSf64), nil},
	}
	vec32NT = map[device.BinaryOp]vecKernels[float32]{
		device.Add:     {addVVf32NT, addVSf32NT, addVSf32NT, nil},
		device.Sub:     {subVVf32NT, subVSf32NT, subSVf32NT, nil},
		device.Mul:     {mulVVf32NT, mulVSf32NT, mulVSf32NT, nil},
		device.Div:     {divVVf32NT, divVSf32NT, divSVf32NT, nil},
		device.Maximum: {maxVVf32NT, maxVSf32NT, firstWins(maxVSf32NT), nil},
		device.Minimum: {minVVf32NT, minVSf32NT, firstWins(minVSf32NT), nil},
	}
	vec64NT = map[device.BinaryOp]vecKernels[float64]{
		device.Add:     {addVVf64NT, addVSf64NT, addVSf64NT, nil},
		device.Sub:     {subVVf64NT, subVSf64NT, subSVf64NT, nil},
		device.Mul:     {mulVVf64NT, mulVSf64NT, mulVSf64NT, nil},
		device.Div:     {divVVf64NT, divVSf64NT, divSVf64NT, nil},
		device.Maximum: {maxVVf64NT, maxVSf64NT, firstWins(maxVSf64NT), nil},
		device.Minimum: {minVVf64NT, minVSf64NT, firstWins(minVSf64NT), nil},
	}
	// map32 are the float32 transcendental kernels.
	map32 = map[device.UnaryOp]func(d, a []float32){
		device.Exp:     expf32,
		device.Log:     logf32,
		device.Sigmoid: sigmoidf32,
		device.Tanh:    tanhf32,
	}
	// map64 are the float64 ones, within 1 ulp.
	map64 = map[device.UnaryOp]func(d, a []float64){
		device.Exp:     expf64,
		device.Log:     logf64,
		device.Sigmoid: sigmoidf64,
		device.Tanh:    tanhf64,
	}
	// lanes32 and lanes64 are the blocks map32's and map64's kernels are run on: mapRun
	// pads a row's tail to one. math512_amd64.go doubles them with the AVX-512 kernels.
	lanes32, lanes64 = 8, 4
	// expRow32 and expRow64 are map32's and map64's exp, for softmax. Like the AVX2
	// kernels they do multiples of 8 and 4 elements, the AVX-512 ones included, so that
	// softmax's rows, whose tails are done in Go, come out the same with either.
	expRow32, expRow64 = expf32, expf64
)

// binKernels returns the SIMD kernels of op for T, if the CPU has them.
func binKernels[T float](op device.BinaryOp) (vecKernels[T], bool) {
	if !useSIMD || op >= device.NumBinary {
		return vecKernels[T]{}, false
	}
	var k any
	var z T
	if _, is32 := any(z).(float32); is32 {
		k = &kern32[op]
	} else {
		k = &kern64[op]
	}
	kk := k.(*vecKernels[T])
	return *kk, kk.vv != nil
}

// kern32 and kern64 are vec32 and vec64 indexed by op, for lookups without a map.
var (
	kern32 = indexKernels(vec32, vec32NT)
	kern64 = indexKernels(vec64, vec64NT)
)

// indexKernels returns the kernels of table by op, each linked to its non-temporal twin
// in nt. It runs while package variables are initialised, before the binary op tables
// (bin32, bin64) that are built from it.
func indexKernels[T float](table, nt map[device.BinaryOp]vecKernels[T]) (t [device.NumBinary]vecKernels[T]) {
	for op, k := range table {
		n := nt[op]
		k.nt = &n
		t[op] = k
	}
	return t
}

// ntMin is the size in bytes of a destination row from which element-wise kernels write
// with non-temporal stores: rows this long are split over at most a few threads, so the
// destination is far larger than the caches, and writing it without first reading each
// line from memory saves a third of the traffic of a+b.
const ntMin = 8 << 20

// ntRows counts the rows written with non-temporal stores, for tests.
var ntRows atomic.Int64

// ntPeel returns how many elements from d[i] on must be written before the address is
// 32-byte aligned, as the non-temporal kernels need, when a row of n elements there is
// long enough to take them, and 0 otherwise.
func ntPeel[T num](d []T, i, n int) int {
	size := int(unsafe.Sizeof(d[0]))
	if n*size < ntMin {
		return 0
	}
	return int((32-uintptr(unsafe.Pointer(&d[i]))%32)%32) / size
}

// simdRow runs the kernels on one contiguous destination row of n elements whose
// operands have inner strides sa and sb (0 = the same value all along). It returns how
// many leading elements it did.
func simdRow[T float](k vecKernels[T], d, a, b []T, di, ai, bi, sa, sb, n int) int {
	m := n - n%lanesOf[T]()
	if m == 0 {
		return 0
	}
	if k.nt != nil && m*int(unsafe.Sizeof(d[0])) >= ntMin && uintptr(unsafe.Pointer(&d[di]))%32 == 0 {
		k = *k.nt
		ntRows.Add(1)
	}
	switch {
	case sa == 1 && sb == 1:
		k.vv(d[di:di+m], a[ai:ai+m], b[bi:bi+m])
	case sa == 1 && sb == 0:
		k.vs(d[di:di+m], a[ai:ai+m], b[bi])
	case sa == 0 && sb == 1:
		k.sv(d[di:di+m], b[bi:bi+m], a[ai])
	default:
		return 0
	}
	return m
}
