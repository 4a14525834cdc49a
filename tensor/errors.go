package tensor

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gotensor/gotensor/device"
)

// Kind classifies an Error the way NumPy's exceptions do.
type Kind uint8

// Error kinds.
const (
	// Shape: operands whose shapes do not fit together (broadcasting, matmul, reshape).
	Shape Kind = iota + 1
	// Axis: an axis out of range.
	Axis
	// Index: an index out of range.
	Index
	// Value: any other invalid argument (bad dtype, duplicate axis, zero step, ...).
	Value
	// Singular: a singular matrix in linear algebra.
	Singular
	// Device: a device failure inside an op (out of memory, a driver error) or tensors
	// on different devices.
	Device
)

var kindNames = [...]string{"", "shape", "axis", "index", "value", "singular", "device"}

// String is the kind's name as the conformance cases spell it ("shape", "axis", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Error is the value tensor ops panic with on misuse. Its message names the op, the
// operands and what was expected.
type Error struct {
	Kind Kind
	Op   string // the op, as in "Add" or "linalg.Inv"
	Msg  string
	Err  error // the underlying device error, if any
}

func (e *Error) Error() string {
	op := e.Op
	if !strings.Contains(op, ".") {
		op = "tensor." + op
	}
	return op + ": " + e.Msg
}

// Unwrap returns the device error behind a Device-kind error.
func (e *Error) Unwrap() error { return e.Err }

// Try runs f and returns the *Error it panicked with, if any. Other panics pass through.
func Try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

// KindOf returns the kind of err if it is (or wraps) an *Error, else 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// fail panics with an *Error.
func fail(kind Kind, op, format string, args ...any) {
	panic(&Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)})
}

// check turns a device error into a panic: index errors keep their kind, the rest are
// device failures.
func check(op string, err error) {
	if err == nil {
		return
	}
	var ie *device.IndexError
	if errors.As(err, &ie) {
		panic(&Error{Kind: Index, Op: op, Msg: ie.Error(), Err: err})
	}
	panic(&Error{Kind: Device, Op: op, Msg: err.Error(), Err: err})
}

// ShapeString formats a shape as NumPy prints one: (3, 4), (3,), (). Packages built on
// tensor use it so their messages read like tensor's.
func ShapeString(s []int) string { return shapeStr(s) }

// shapeStr formats a shape as NumPy does: (3, 4), (3,), ().
func shapeStr(s []int) string {
	if len(s) == 1 {
		return "(" + strconv.Itoa(s[0]) + ",)"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
