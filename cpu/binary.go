package cpu

import (
	"math"
	"sync"

	"github.com/gotensor/gotensor/device"
)

// Binary writes op(a, b) into dst.
func (Device) Binary(op device.BinaryOp, dst, a, b device.Operand) error {
	defer keepAlive(dst.Buf, a.Buf, b.Buf, nil)
	if !op.Predicate() && smallBinary(op, dst, a, b) {
		return nil
	}
	p := newPlan(dst.Shape, dst, a, b)
	defer p.release()
	if op.Predicate() {
		d := raw(dst).([]uint8)
		switch a.DType {
		case device.Float32:
			cmpRun(d, a, b, p, op, cmpFn[float32](op))
		case device.Float64:
			cmpRun(d, a, b, p, op, cmpFn[float64](op))
		case device.Int32:
			cmpRun(d, a, b, p, op, cmpFn[int32](op))
		case device.Int64:
			cmpRun(d, a, b, p, op, cmpFn[int64](op))
		default:
			cmpRun(d, a, b, p, op, cmpFn[uint8](op))
		}
		return nil
	}
	switch d := raw(dst).(type) {
	case []float32:
		binRun(d, raw(a), raw(b), a, b, p, bin32.f[op], bin32.row[op])
	case []float64:
		binRun(d, raw(a), raw(b), a, b, p, bin64.f[op], bin64.row[op])
	case []int32:
		binRun(d, raw(a), raw(b), a, b, p, binI32[op], nil)
	case []int64:
		binRun(d, raw(a), raw(b), a, b, p, binI64[op], nil)
	case []uint8:
		binRun(d, raw(a), raw(b), a, b, p, binU8[op], nil)
	}
	return nil
}

// operandSlice returns the operand's data, or a one-element slice holding its scalar.
func operandSlice[T num](s any, o device.Operand) []T {
	if s == nil {
		return []T{scalarAs[T](o.S, o.DType)}
	}
	return s.([]T)
}

// rowFunc runs a vector kernel over the start of one destination row and returns how
// many elements it did (see simdRow).
type rowFunc[T num] func(d, a, b []T, di, ai, bi, sa, sb, n int) int

// binTable holds each binary op's element function and SIMD row kernel for one float
// type, built once so that dispatch allocates nothing.
type binTable[T float] struct {
	f   [device.NumBinary]func(x, y T) T
	row [device.NumBinary]rowFunc[T]
}

func newBinTable[T float]() *binTable[T] {
	t := new(binTable[T])
	for op := device.BinaryOp(0); op < device.NumBinary; op++ {
		if op.Predicate() || op.IntOnly() {
			continue
		}
		t.f[op] = floatBin[T](op)
		t.row[op] = simdRowFor[T](op)
	}
	return t
}

func newIntTable[T integer]() (t [device.NumBinary]func(x, y T) T) {
	for op := device.BinaryOp(0); op < device.NumBinary; op++ {
		if !op.Predicate() && !op.FloatOnly() {
			t[op] = intBin[T](op)
		}
	}
	t[device.LogicalAnd], t[device.LogicalOr] = intBin[T](device.LogicalAnd), intBin[T](device.LogicalOr)
	return t
}

var (
	bin32, bin64          = newBinTable[float32](), newBinTable[float64]()
	binI32, binI64, binU8 = newIntTable[int32](), newIntTable[int64](), newIntTable[uint8]()
)

func simdRowFor[T float](op device.BinaryOp) rowFunc[T] {
	k, ok := binKernels[T](op)
	if !ok {
		return nil
	}
	return func(d, a, b []T, di, ai, bi, sa, sb, n int) int {
		return simdRow(k, d, a, b, di, ai, bi, sa, sb, n)
	}
}

func binRun[T num](d []T, as, bs any, a, b device.Operand, p plan, f func(x, y T) T, row rowFunc[T]) {
	av, bv := operandSlice[T](as, a), operandSlice[T](bs, b)
	_, st := p.inner()
	if len(p.shape) == 1 && p.shape[0] < parMin {
		binRow(d, av, bv, p.offsets, p.shape[0], st, f, row) // no closure on the small path
		return
	}
	if len(p.shape) == 2 && p.shape[1] <= tileElems/4 && row != nil && binTiled(d, av, bv, p, f, row) {
		return
	}
	if len(p.shape) == 2 && p.shape[1] < shortRow {
		// Short rows (a (n, 3) array minus a row of 3): one loop nest, not a call per row.
		rows := p.shape[0]
		if rows*p.shape[1] < parMin {
			binShortRows(d, av, bv, p, 0, rows, f)
			return
		}
		parallelFor(rows, max(1, parMin/2/p.shape[1]), func(lo, hi int) { binShortRows(d, av, bv, p, lo, hi, f) })
		return
	}
	p.par(func(off []int, n int) { binRow(d, av, bv, off, n, st, f, row) })
}

// shortRow is the row length below which a 2-D binary op runs as one loop nest
// (binShortRows): the per-row call of binRow costs more than such a row's elements.
const shortRow = 16

// tileElems is about how many elements binTiled's tile of a repeated row holds.
const tileElems = 512

// binTiled runs a 2-D plan of short contiguous rows (up to tileElems/4 elements), one
// operand a row broadcast over the other's rows ((n, 3) - (3,), a column standardised by
// its mean), with the SIMD row kernel: the broadcast row is repeated into a tile of whole
// rows, so that a run of rows of the full operand and the tile are two contiguous arrays,
// and one kernel call covers several rows. It reports false, doing nothing, for other
// layouts. (Rows of 3 took 8-10 ns an element in the element-wise loop nest, rows of 100
// a kernel call each.)
func binTiled[T num](d, av, bv []T, p plan, f func(x, y T) T, row rowFunc[T]) bool {
	rows, n := p.shape[0], p.shape[1]
	sd, sa, sb := p.strides[0], p.strides[1], p.strides[2]
	if sd[0] != n || sd[1] != 1 || n < 1 {
		return false
	}
	var src []T
	var off int
	aFull := sa[0] == n && sa[1] == 1 && sb[0] == 0 && sb[1] == 1
	switch {
	case aFull:
		src, off = bv, p.offsets[2]
	case sb[0] == n && sb[1] == 1 && sa[0] == 0 && sa[1] == 1:
		src, off = av, p.offsets[1]
	default:
		return false
	}
	k := min(rows, max(1, tileElems/n)) // rows per tile
	tp := getTile[T](k * n)
	defer tilePool.Put(tp)
	tile := (*tp).([]T)[:k*n]
	copy(tile, src[off:off+n])
	for f := n; f < len(tile); { // the row, repeated by doubling
		f += copy(tile[f:], tile[:f])
	}
	run := func(lo, hi int) {
		for r := lo; r < hi; r += k {
			m := min(k, hi-r) * n
			di := p.offsets[0] + r*n
			if aFull {
				ai := p.offsets[1] + r*n
				j := row(d, av, tile, di, ai, 0, 1, 1, m)
				for ; j < m; j++ {
					d[di+j] = f(av[ai+j], tile[j])
				}
			} else {
				bi := p.offsets[2] + r*n
				j := row(d, tile, bv, di, 0, bi, 1, 1, m)
				for ; j < m; j++ {
					d[di+j] = f(tile[j], bv[bi+j])
				}
			}
		}
	}
	if rows*n < parMin {
		run(0, rows)
	} else {
		parallelFor(rows, max(k, parMin/2/n), run)
	}
	return true
}

// tilePool holds binTiled's tiles (boxed slices of tileElems elements of some dtype),
// so that a call allocates none.
var tilePool sync.Pool

// getTile returns a pooled tile of at least n elements of T (n <= tileElems).
func getTile[T num](n int) *any {
	if p, ok := tilePool.Get().(*any); ok {
		if t, ok := (*p).([]T); ok && cap(t) >= n {
			return p
		}
	}
	var t any = make([]T, tileElems)
	return &t
}

// binShortRows applies f to rows lo..hi of a 2-D plan, element by element.
func binShortRows[T num](d, av, bv []T, p plan, lo, hi int, f func(x, y T) T) {
	n := p.shape[1]
	sd, sa, sb := p.strides[0], p.strides[1], p.strides[2]
	di, ai, bi := p.offsets[0]+lo*sd[0], p.offsets[1]+lo*sa[0], p.offsets[2]+lo*sb[0]
	for r := lo; r < hi; r++ {
		dj, aj, bj := di, ai, bi
		for j := 0; j < n; j++ {
			d[dj] = f(av[aj], bv[bj])
			dj += sd[1]
			aj += sa[1]
			bj += sb[1]
		}
		di += sd[0]
		ai += sa[0]
		bi += sb[0]
	}
}

// binRow applies f to n elements from offsets off with inner strides st, the SIMD row
// kernel doing what it can first.
func binRow[T num](d, av, bv []T, off []int, n int, st [maxOperands]int, f func(x, y T) T, row rowFunc[T]) {
	di, ai, bi := off[0], off[1], off[2]
	if row != nil && st[0] == 1 {
		if p := ntPeel(d, di, n); p > 0 { // align d for non-temporal stores
			for j := 0; j < p; j++ {
				d[di+j] = f(av[ai+j*st[1]], bv[bi+j*st[2]])
			}
			di, ai, bi, n = di+p, ai+p*st[1], bi+p*st[2], n-p
		}
		m := row(d, av, bv, di, ai, bi, st[1], st[2], n)
		di, ai, bi, n = di+m, ai+m*st[1], bi+m*st[2], n-m
	}
	if st[0] == 1 && st[1] == 1 && st[2] == 1 {
		dd, x, y := d[di:di+n], av[ai:ai+n], bv[bi:bi+n]
		for j := range dd {
			dd[j] = f(x[j], y[j])
		}
		return
	}
	for j := 0; j < n; j++ {
		d[di] = f(av[ai], bv[bi])
		di += st[0]
		ai += st[1]
		bi += st[2]
	}
}

func cmpRun[T num](d []uint8, a, b device.Operand, p plan, op device.BinaryOp, f func(x, y T) bool) {
	av, bv := operandSlice[T](raw(a), a), operandSlice[T](raw(b), b)
	_, st := p.inner()
	p.par(func(off []int, n int) {
		di, ai, bi := off[0], off[1], off[2]
		if st[0] == 1 && cmpRow(op, d[di:], av[ai:], st[1], bv[bi:], st[2], n) {
			return
		}
		for j := 0; j < n; j++ {
			var v uint8
			if f(av[ai], bv[bi]) {
				v = 1
			}
			d[di] = v
			di += st[0]
			ai += st[1]
			bi += st[2]
		}
	})
}

func cmpFn[T num](op device.BinaryOp) func(x, y T) bool {
	switch op {
	case device.Greater:
		return func(x, y T) bool { return x > y }
	case device.GreaterEqual:
		return func(x, y T) bool { return x >= y }
	case device.Less:
		return func(x, y T) bool { return x < y }
	case device.LessEqual:
		return func(x, y T) bool { return x <= y }
	case device.Equal:
		return func(x, y T) bool { return x == y }
	case device.NotEqual:
		return func(x, y T) bool { return x != y }
	case device.LogicalAnd:
		return func(x, y T) bool { return x != 0 && y != 0 }
	case device.LogicalXor:
		return func(x, y T) bool { return (x != 0) != (y != 0) }
	}
	return func(x, y T) bool { return x != 0 || y != 0 } // LogicalOr
}

// FloorDivMod is NumPy's npy_divmod for floats: the floored quotient and the remainder
// with the divisor's sign, so that floor_divide(1.0, 0.1) == 9.0.
func FloorDivMod(a, b float64) (float64, float64) {
	if b == 0 {
		return a / b, math.NaN()
	}
	mod := math.Mod(a, b)
	div := (a - mod) / b
	if mod != 0 {
		if (b < 0) != (mod < 0) {
			mod += b
			div -= 1
		}
	} else {
		mod = math.Copysign(0, b)
	}
	var fd float64
	if div != 0 {
		fd = math.Floor(div)
		if div-fd > 0.5 {
			fd += 1
		}
	} else {
		fd = math.Copysign(0, a/b)
	}
	return fd, mod
}

func floatBin[T float](op device.BinaryOp) func(x, y T) T {
	switch op {
	case device.Add:
		return func(x, y T) T { return x + y }
	case device.Sub:
		return func(x, y T) T { return x - y }
	case device.Mul:
		return func(x, y T) T { return x * y }
	case device.Div:
		return func(x, y T) T { return x / y }
	case device.FloorDiv:
		return func(x, y T) T { q, _ := FloorDivMod(float64(x), float64(y)); return T(q) }
	case device.Mod:
		return func(x, y T) T { _, m := FloorDivMod(float64(x), float64(y)); return T(m) }
	case device.Pow:
		return func(x, y T) T { return T(math.Pow(float64(x), float64(y))) }
	case device.Maximum:
		return func(x, y T) T {
			if x != x || x >= y {
				return x
			}
			return y
		}
	case device.Minimum:
		return func(x, y T) T {
			if x != x || x <= y {
				return x
			}
			return y
		}
	case device.Arctan2:
		return func(x, y T) T { return T(Atan2(float64(x), float64(y))) }
	case device.Hypot:
		return func(x, y T) T { return T(Hypot(float64(x), float64(y))) }
	case device.Fmod:
		return func(x, y T) T { return T(math.Mod(float64(x), float64(y))) }
	case device.Fmax:
		return func(x, y T) T { return T(Fmax(float64(x), float64(y))) }
	case device.Fmin:
		return func(x, y T) T { return T(Fmin(float64(x), float64(y))) }
	}
	panic("cpu: binary op " + op.String() + " has no float kernel")
}

func intBin[T integer](op device.BinaryOp) func(x, y T) T {
	switch op {
	case device.Add:
		return func(x, y T) T { return x + y }
	case device.Sub:
		return func(x, y T) T { return x - y }
	case device.Mul:
		return func(x, y T) T { return x * y }
	case device.FloorDiv:
		return func(x, y T) T {
			if y == 0 {
				return 0
			}
			q := x / y
			if (x%y != 0) && ((x < 0) != (y < 0)) {
				q--
			}
			return q
		}
	case device.Mod:
		return func(x, y T) T {
			if y == 0 {
				return 0
			}
			m := x % y
			if m != 0 && ((m < 0) != (y < 0)) {
				m += y
			}
			return m
		}
	case device.Pow:
		return func(x, y T) T {
			r := T(1)
			for e := uint64(y); e > 0; e >>= 1 { // negative exponents are rejected by tensor
				if e&1 == 1 {
					r *= x
				}
				x *= x
			}
			return r
		}
	case device.Maximum:
		return func(x, y T) T { return max(x, y) }
	case device.Minimum:
		return func(x, y T) T { return min(x, y) }
	case device.LogicalAnd:
		return func(x, y T) T { return b2n[T](x != 0 && y != 0) }
	case device.LogicalOr:
		return func(x, y T) T { return b2n[T](x != 0 || y != 0) }
	}
	if f := moreIntBin[T](op); f != nil {
		return f
	}
	panic("cpu: binary op " + op.String() + " has no integer kernel")
}

// moreIntBin is intBin for the ops added with NumPy's breadth, nil for others.
func moreIntBin[T integer](op device.BinaryOp) func(x, y T) T {
	switch op {
	case device.Fmod: // truncated, the dividend's sign; by zero gives 0, as NumPy
		return func(x, y T) T {
			if y == 0 {
				return 0
			}
			return x % y // Go: MinInt % -1 is 0
		}
	case device.Fmax:
		return func(x, y T) T { return max(x, y) }
	case device.Fmin:
		return func(x, y T) T { return min(x, y) }
	case device.BitwiseAnd:
		return func(x, y T) T { return x & y }
	case device.BitwiseOr:
		return func(x, y T) T { return x | y }
	case device.BitwiseXor:
		return func(x, y T) T { return x ^ y }
	case device.LeftShift:
		// Go shifts by counts >= the width give 0 (and -1 for negative x >> n), as NumPy;
		// a negative count, as uint64, is such a count, as in NumPy's unsigned compare.
		return func(x, y T) T { return x << uint64(y) }
	case device.RightShift:
		return func(x, y T) T { return x >> uint64(y) }
	}
	return nil
}

func b2n[T num](b bool) T {
	if b {
		return 1
	}
	return 0
}

// Where writes cond ? a : b into dst.
func (Device) Where(dst, cond, a, b device.Operand) error {
	defer keepAlive(dst.Buf, cond.Buf, a.Buf, b.Buf)
	p := newPlan(dst.Shape, dst, cond, a, b)
	c := raw(cond).([]uint8)
	switch d := raw(dst).(type) {
	case []float32:
		whereRun(d, c, raw(a), raw(b), a, b, p)
	case []float64:
		whereRun(d, c, raw(a), raw(b), a, b, p)
	case []int32:
		whereRun(d, c, raw(a), raw(b), a, b, p)
	case []int64:
		whereRun(d, c, raw(a), raw(b), a, b, p)
	case []uint8:
		whereRun(d, c, raw(a), raw(b), a, b, p)
	}
	return nil
}

func whereRun[T num](d []T, c []uint8, as, bs any, a, b device.Operand, p plan) {
	av, bv := operandSlice[T](as, a), operandSlice[T](bs, b)
	_, st := p.inner()
	p.par(func(off []int, n int) {
		di, ci, ai, bi := off[0], off[1], off[2], off[3]
		if st[0] == 1 && st[1] == 1 && whereRow(d[di:], c[ci:], av[ai:], st[2], bv[bi:], st[3], n) {
			return
		}
		for j := 0; j < n; j++ {
			if c[ci] != 0 {
				d[di] = av[ai]
			} else {
				d[di] = bv[bi]
			}
			di += st[0]
			ci += st[1]
			ai += st[2]
			bi += st[3]
		}
	})
}

// smallBinary runs an arithmetic op whose operands are all C-contiguous (or scalars) and
// small enough for one goroutine straight on the row, without building a plan: the path
// that decides the per-call cost of small ops. It reports whether it did.
func smallBinary(op device.BinaryOp, dst, a, b device.Operand) bool {
	n := dst.Size()
	if n >= parMin || !dst.Contiguous() || (a.Buf != nil && !a.Contiguous()) || (b.Buf != nil && !b.Contiguous()) {
		return false
	}
	off := [3]int{dst.Offset, a.Offset, b.Offset}
	var st [maxOperands]int
	st[0] = 1
	if a.Buf != nil {
		st[1] = 1
	}
	if b.Buf != nil {
		st[2] = 1
	}
	switch d := raw(dst).(type) {
	case []float32:
		binRow(d, operandSlice[float32](raw(a), a), operandSlice[float32](raw(b), b), off[:], n, st, bin32.f[op], bin32.row[op])
	case []float64:
		binRow(d, operandSlice[float64](raw(a), a), operandSlice[float64](raw(b), b), off[:], n, st, bin64.f[op], bin64.row[op])
	default:
		return false
	}
	return true
}
