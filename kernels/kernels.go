// Package kernels holds the CUDA C sources of gotensor's GPU kernels, the PTX compiled
// from them (committed, embedded) and the table of kernel names: which entry point of
// which module runs an op on a dtype. device/cuda loads the modules and launches them.
//
// One .cu file per op family (binary, unary, copy, reduce, scan, sort, index, scatter,
// matmul, softmax; bench for gpubench's ceilings);
// kernels are extern "C" with names built from op and dtype (add_f32, cast_i32_f64,
// reduce_argmax_u8), element-wise ones in a contiguous (NAME) and a strided (NAME_s)
// variant. `go generate ./kernels` rebuilds the PTX with clang-16 (gen.sh says how and
// why with which flags); emu/ builds the same sources for the CPU for tests.
package kernels

//go:generate sh gen.sh

import (
	"embed"
	"fmt"

	"github.com/gotensor/gotensor/device"
)

//go:embed *.ptx
var ptx embed.FS

// PTX returns the PTX text of a module, NUL-terminated as cuModuleLoadData wants it.
func PTX(module string) ([]byte, error) {
	b, err := ptx.ReadFile(module + ".ptx")
	if err != nil {
		return nil, fmt.Errorf("kernels: no module %q", module)
	}
	return append(b, 0), nil
}

// Modules lists the module names.
func Modules() []string {
	ents, _ := ptx.ReadDir(".")
	var m []string
	for _, e := range ents {
		m = append(m, e.Name()[:len(e.Name())-len(".ptx")])
	}
	return m
}

// Kernel names one entry point: the module (PTX file) that has it and its name.
type Kernel struct {
	Module, Name string
}

// String is "module.name".
func (k Kernel) String() string { return k.Module + "." + k.Name }

// DT is the dtype part of kernel names: f32, f64, i32, i64, u8 (bool is stored as u8).
func DT(dt device.DType) string {
	switch dt {
	case device.Float32:
		return "f32"
	case device.Float64:
		return "f64"
	case device.Int32:
		return "i32"
	case device.Int64:
		return "i64"
	}
	return "u8"
}

func strided(name string, s bool) string {
	if s {
		return name + "_s"
	}
	return name
}

// bits is the element width part of data-movement kernels: x8, x32, x64.
func bits(size int) string { return fmt.Sprintf("x%d", 8*size) }

// HasBinary reports whether a binary kernel exists: for floats every op but the bitwise
// ops and shifts; for integers (and bool, through u8) every op but Div, Arctan2 and Hypot
// (tensor computes those in float).
func HasBinary(op device.BinaryOp, dt device.DType) bool {
	if dt.IsFloat() {
		return !op.IntOnly()
	}
	return !op.FloatOnly()
}

// Binary is op on dtype dt (bool operands use the u8 kernels).
func Binary(op device.BinaryOp, dt device.DType, isStrided bool) Kernel {
	return Kernel{"binary_" + DT(dt), strided(op.String()+"_"+DT(dt), isStrided)}
}

// HasUnary reports whether a unary kernel exists: every op but invert for floats; for
// integers negative, abs, square, floor, ceil, sign, relu, clip, round, invert and the
// predicates.
func HasUnary(op device.UnaryOp, dt device.DType) bool {
	if dt.IsFloat() {
		return !op.IntOnly()
	}
	return !op.FloatOnly()
}

// Unary is op on dtype dt. Square of bool is a copy, not a kernel here.
func Unary(op device.UnaryOp, dt device.DType, isStrided bool) Kernel {
	return Kernel{"unary_" + DT(dt), strided(op.String()+"_"+DT(dt), isStrided)}
}

// Cast converts src to dst (src != dst after mapping bool sources to u8; a bool
// destination is b8: non-zero becomes 1).
func Cast(src, dst device.DType, isStrided bool) Kernel {
	d := DT(dst)
	if dst == device.Bool {
		d = "b8"
	}
	return Kernel{"copy", strided("cast_"+DT(src)+"_"+d, isStrided)}
}

// Copy copies elements of size bytes (1, 4 or 8) without conversion.
func Copy(size int, isStrided bool) Kernel {
	return Kernel{"copy", strided("copy_"+bits(size), isStrided)}
}

// Fill writes one value to elements of size bytes.
func Fill(size int, isStrided bool) Kernel {
	return Kernel{"copy", strided("fill_"+bits(size), isStrided)}
}

// Where selects between two operands of size-byte elements by a bool condition.
func Where(size int, isStrided bool) Kernel {
	return Kernel{"copy", strided("where_"+bits(size), isStrided)}
}

// Reduction kernels (reduce.cu says what each computes).
const (
	FSum   = "fsum"
	ISum   = "isum"
	FProd  = "fprod"
	IProd  = "iprod"
	RMax   = "max"
	RMin   = "min"
	ArgMax = "argmax"
	ArgMin = "argmin"
	RAll   = "all"
	RAny   = "any"
	SqDev  = "sqdev"
)

// HasReduce reports whether reduction kernel op exists for dtype dt.
func HasReduce(op string, dt device.DType) bool {
	switch op {
	case ISum, IProd:
		return !dt.IsFloat()
	case FProd:
		return dt.IsFloat()
	}
	return true
}

// Reduce is reduction op over dtype dt; fin the kernel that combines split partials.
func Reduce(op string, dt device.DType, fin bool) Kernel {
	n := "reduce_" + op + "_" + DT(dt)
	if fin {
		n += "_fin"
	}
	return Kernel{"reduce_" + DT(dt), n}
}

// Scan is the cumulative op over dtype dt.
func Scan(op device.ScanOp, dt device.DType) Kernel {
	return Kernel{"scan", "scan_" + op.String() + "_" + DT(dt)}
}

// Sort stages: "tile", "merge", "out".
func Sort(stage string, dt device.DType) Kernel {
	return Kernel{"sort", "sort_" + stage + "_" + DT(dt)}
}

// Take gathers elements of size bytes.
func Take(size int) Kernel { return Kernel{"index", "take_" + bits(size)} }

// ScatterAdd is the atomic scatter-add over dtype dt (float32, float64, int32, int64,
// uint8); ScatterCheck checks its indices first.
func ScatterAdd(dt device.DType) Kernel { return Kernel{"scatter", "scatter_add_" + DT(dt)} }

// ScatterCheck finds the first index out of range before a ScatterAdd.
var ScatterCheck = Kernel{"scatter", "scatter_check"}

// NonZero stages: "count" and "write" per dtype, "scan" for any.
func NonZero(stage string, dt device.DType) Kernel {
	if stage == "scan" {
		return Kernel{"index", "nz_scan"}
	}
	return Kernel{"index", "nz_" + stage + "_" + DT(dt)}
}

// MatMul is the batched matrix product over dtype dt.
func MatMul(dt device.DType) Kernel { return Kernel{"matmul", "matmul_" + DT(dt)} }

// Softmax is the fused softmax / log-softmax of rows of dtype dt (float32, float64).
func Softmax(dt device.DType) Kernel { return Kernel{"softmax", "softmax_" + DT(dt)} }

// BenchFMA is the arithmetic-peak kernel for dtype dt (float32, float64).
func BenchFMA(dt device.DType) Kernel { return Kernel{"bench", "bench_fma_" + DT(dt)} }

// MatMulTile is the block tile (rows, columns) of MatMul's kernel for dt, which sets its
// grid; 256 threads per block.
func MatMulTile(dt device.DType) (bm, bn int) {
	if dt == device.Float32 {
		return 128, 128
	}
	return 64, 64
}

// SortTile is the largest tile sort_tile sorts in shared memory.
const SortTile = 1024

// ScanItems is the number of consecutive elements each thread of a block-mode scan holds.
const ScanItems = 4

var numeric = []device.DType{device.Float32, device.Float64, device.Int32, device.Int64, device.Uint8}

// All lists every kernel the functions above name, for the tests that check the PTX.
func All() []Kernel {
	var ks []Kernel
	for _, dt := range numeric {
		for op := device.Add; op < device.NumBinary; op++ {
			if HasBinary(op, dt) {
				ks = append(ks, Binary(op, dt, false), Binary(op, dt, true))
			}
		}
		for op := device.Neg; op < device.NumUnary; op++ {
			if HasUnary(op, dt) {
				ks = append(ks, Unary(op, dt, false), Unary(op, dt, true))
			}
		}
		for _, to := range append(numeric, device.Bool) {
			if to != dt {
				ks = append(ks, Cast(dt, to, false), Cast(dt, to, true))
			}
		}
		for _, op := range []string{FSum, ISum, FProd, IProd, RMax, RMin, ArgMax, ArgMin, RAll, RAny, SqDev} {
			if HasReduce(op, dt) {
				ks = append(ks, Reduce(op, dt, false), Reduce(op, dt, true))
			}
		}
		ks = append(ks, Scan(device.CumSum, dt), Scan(device.CumProd, dt))
		ks = append(ks, Sort("tile", dt), Sort("merge", dt), Sort("out", dt))
		ks = append(ks, NonZero("count", dt), NonZero("write", dt), MatMul(dt), ScatterAdd(dt))
		if dt.IsFloat() {
			ks = append(ks, Softmax(dt), BenchFMA(dt))
		}
	}
	for _, size := range []int{1, 4, 8} {
		for _, s := range []bool{false, true} {
			ks = append(ks, Copy(size, s), Fill(size, s), Where(size, s))
		}
		ks = append(ks, Take(size))
	}
	return append(ks, NonZero("scan", device.Bool), ScatterCheck)
}
