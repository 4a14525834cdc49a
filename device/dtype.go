// Package device is the contract between tensor and the backends that run its ops: the
// element types, the closed sets of ops per family, the strided operand descriptor, the
// Device interface, and a registry that backends fill at start-up so that device imports
// no backend.
package device

import "fmt"

// DType is an element type. The names are NumPy's.
type DType uint8

// The element types gotensor supports, in promotion order within each kind.
const (
	Bool DType = iota
	Uint8
	Int32
	Int64
	Float32
	Float64
	numDTypes
)

var dtypeNames = [...]string{"bool", "uint8", "int32", "int64", "float32", "float64"}
var dtypeSizes = [...]int{1, 1, 4, 8, 4, 8}

// String returns NumPy's name of the dtype ("float32").
func (d DType) String() string {
	if d < numDTypes {
		return dtypeNames[d]
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// Size is the size of one element in bytes (NumPy's itemsize).
func (d DType) Size() int {
	if d < numDTypes {
		return dtypeSizes[d]
	}
	return 0
}

// Valid reports whether d is one of the supported dtypes.
func (d DType) Valid() bool { return d < numDTypes }

// IsFloat reports whether d is a floating-point dtype.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// IsInt reports whether d is an integer dtype (bool excluded).
func (d DType) IsInt() bool { return d == Uint8 || d == Int32 || d == Int64 }

// Kind is NumPy's dtype kind character: 'b' bool, 'u' unsigned, 'i' signed, 'f' float.
func (d DType) Kind() byte {
	switch d {
	case Bool:
		return 'b'
	case Uint8:
		return 'u'
	case Int32, Int64:
		return 'i'
	}
	return 'f'
}

// ParseDType turns NumPy's name of a dtype into a DType.
func ParseDType(name string) (DType, error) {
	for i, n := range dtypeNames {
		if n == name {
			return DType(i), nil
		}
	}
	return 0, fmt.Errorf("unknown dtype %q: want one of bool, uint8, int32, int64, float32, float64", name)
}

// DTypes lists every supported dtype.
func DTypes() []DType { return []DType{Bool, Uint8, Int32, Int64, Float32, Float64} }

// ResultType is np.result_type for two arrays: the smallest dtype both cast to safely.
// Where NumPy would answer with a dtype gotensor lacks it answers with the nearest wider
// one gotensor has (there is none missing among these six).
func ResultType(a, b DType) DType {
	if a == b {
		return a
	}
	if a > b {
		a, b = b, a
	}
	// now a < b in the order bool, uint8, int32, int64, float32, float64
	switch {
	case a == Bool:
		return b
	case b == Float32 && (a == Int32 || a == Int64):
		return Float64 // int32/int64 do not fit float32's mantissa
	default:
		return b
	}
}

// CanCast reports whether NumPy's "same_kind" casting allows from -> to: safe casts, and
// casts within a kind or to a higher one in the order bool, unsigned, signed, float
// (float64 -> float32 and int64 -> int32 yes, int32 -> uint8 and float -> int no).
func CanCast(from, to DType) bool {
	if from == to || ResultType(from, to) == to {
		return true
	}
	rank := map[byte]int{'b': 0, 'u': 1, 'i': 2, 'f': 3}
	return rank[from.Kind()] <= rank[to.Kind()]
}

// WeakResult is the dtype of an op between an array of dtype a and a Go scalar (NEP 50's
// "weak" scalars): a scalar of the array's kind, or a lower one, keeps the array's dtype;
// a float scalar with an integer or bool array gives float64; an integer scalar with a
// bool array gives int64.
func WeakResult(a DType, scalarIsFloat, scalarIsBool bool) DType {
	switch {
	case scalarIsBool:
		return a
	case scalarIsFloat:
		if a.IsFloat() {
			return a
		}
		return Float64
	default:
		if a == Bool {
			return Int64
		}
		return a
	}
}
