package cpu

import (
	"unsafe"

	"github.com/gotensor/gotensor/device"
)

// Tight loops for the rows of comparisons and Where that training runs most (ReLU's
// gradient is Where(x > 0, g, 0)): unit-stride output and operands, each operand either
// unit-stride or one broadcast value. They replace a per-element closure call and four
// stride additions with one branch-free loop per op; other rows take the generic loops.

// b2u is 1 for true, 0 for false.
func b2u(v bool) uint8 {
	if v {
		return 1
	}
	return 0
}

// cmpRow writes op(a[i*as], b[i*bs]) into d[:n] for a comparison op when d is unit-stride
// and each operand's stride is 0 or 1, and reports whether it did.
func cmpRow[T num](op device.BinaryOp, d []uint8, a []T, as int, b []T, bs int, n int) bool {
	if as|bs > 1 || as < 0 || bs < 0 || as+bs == 0 || n == 0 {
		return false
	}
	d = d[:n]
	switch {
	case as == 1 && bs == 0:
		return cmpVS(op, d, a[:n], b[0])
	case as == 0 && bs == 1:
		return cmpVS(swapCmp(op), d, b[:n], a[0])
	}
	a, b = a[:n], b[:n]
	switch op {
	case device.Greater:
		for i := range d {
			d[i] = b2u(a[i] > b[i])
		}
	case device.GreaterEqual:
		for i := range d {
			d[i] = b2u(a[i] >= b[i])
		}
	case device.Less:
		for i := range d {
			d[i] = b2u(a[i] < b[i])
		}
	case device.LessEqual:
		for i := range d {
			d[i] = b2u(a[i] <= b[i])
		}
	case device.Equal:
		for i := range d {
			d[i] = b2u(a[i] == b[i])
		}
	case device.NotEqual:
		for i := range d {
			d[i] = b2u(a[i] != b[i])
		}
	default:
		return false
	}
	return true
}

// cmpVS is cmpRow with a scalar right operand s.
func cmpVS[T num](op device.BinaryOp, d []uint8, a []T, s T) bool {
	a = a[:len(d)]
	switch op {
	case device.Greater:
		for i := range d {
			d[i] = b2u(a[i] > s)
		}
	case device.GreaterEqual:
		for i := range d {
			d[i] = b2u(a[i] >= s)
		}
	case device.Less:
		for i := range d {
			d[i] = b2u(a[i] < s)
		}
	case device.LessEqual:
		for i := range d {
			d[i] = b2u(a[i] <= s)
		}
	case device.Equal:
		for i := range d {
			d[i] = b2u(a[i] == s)
		}
	case device.NotEqual:
		for i := range d {
			d[i] = b2u(a[i] != s)
		}
	default:
		return false
	}
	return true
}

// whereRow writes c[i] ? a[i*as] : b[i*bs] into d[:n] when d and c are unit-stride and
// each operand's stride is 0 or 1, and reports whether it did. 4- and 8-byte elements are
// selected by bit masks, without a branch (the condition of ReLU's gradient is a coin toss
// that a branch predictor loses half the time); the bits are copied exactly.
func whereRow[T num](d []T, c []uint8, a []T, as int, b []T, bs int, n int) bool {
	if as|bs > 1 || as < 0 || bs < 0 || n == 0 {
		return false
	}
	switch unsafe.Sizeof(d[0]) {
	case 4:
		selectBits(asWords[T, uint32](d), c, asWords[T, uint32](a), as, asWords[T, uint32](b), bs, n)
	case 8:
		selectBits(asWords[T, uint64](d), c, asWords[T, uint64](a), as, asWords[T, uint64](b), bs, n)
	default:
		d, c = d[:n], c[:n]
		for i := range d {
			v := b[i*bs]
			if c[i] != 0 {
				v = a[i*as]
			}
			d[i] = v
		}
	}
	return true
}

// asWords views s's memory as unsigned words of the same size.
func asWords[T num, W uint32 | uint64](s []T) []W {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*W)(unsafe.Pointer(&s[0])), len(s))
}

// selectBits is whereRow on the elements' bits.
func selectBits[W uint32 | uint64](d []W, c []uint8, a []W, as int, b []W, bs int, n int) {
	d, c = d[:n], c[:n]
	switch {
	case as == 1 && bs == 0:
		a, s := a[:n], b[0]
		for i := range d {
			m := -W(c[i] & 1)
			if c[i] > 1 {
				m = ^W(0)
			}
			d[i] = a[i]&m | s&^m
		}
	case as == 0 && bs == 1:
		b, s := b[:n], a[0]
		for i := range d {
			m := -W(c[i] & 1)
			if c[i] > 1 {
				m = ^W(0)
			}
			d[i] = s&m | b[i]&^m
		}
	case as == 1 && bs == 1:
		a, b := a[:n], b[:n]
		for i := range d {
			m := -W(c[i] & 1)
			if c[i] > 1 {
				m = ^W(0)
			}
			d[i] = a[i]&m | b[i]&^m
		}
	default: // both broadcast
		for i := range d {
			m := -W(c[i] & 1)
			if c[i] > 1 {
				m = ^W(0)
			}
			d[i] = a[0]&m | b[0]&^m
		}
	}
}

// swapCmp is the comparison with its operands swapped: x > y is y < x.
func swapCmp(op device.BinaryOp) device.BinaryOp {
	switch op {
	case device.Greater:
		return device.Less
	case device.Less:
		return device.Greater
	case device.GreaterEqual:
		return device.LessEqual
	case device.LessEqual:
		return device.GreaterEqual
	}
	return op
}
