package cpu

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// xentRef is the float64 definition of one row's loss: log(sum(exp(x - m))) - (x[l] - m),
// m the max of x or 0 where it is infinite.
func xentRef(x []float64, l int) float64 {
	m, s := shiftedExpSum(x)
	return math.Log(s) - (x[l] - m)
}

// xentCase is a logits matrix stored with given strides (in a buffer with a guard band)
// and its labels.
type xentCase struct {
	name       string
	rows, cols int
	special    bool // put -inf, +inf, NaN and 1e30 rows in
	trans      bool // store column-major: strides (1, rows)
	reverse    bool // walk the rows backwards: a negative row stride
}

func TestCrossEntropyRows(t *testing.T) {
	var cases []xentCase
	for rows := 0; rows <= 5; rows++ {
		for _, cols := range []int{1, 2, 7, 8, 9, 31, 33, 64, 70} {
			cases = append(cases, xentCase{name: fmt.Sprintf("%dx%d", rows, cols), rows: rows, cols: cols})
		}
	}
	cases = append(cases,
		xentCase{name: "1000x10", rows: 1000, cols: 10},
		xentCase{name: "40x1000", rows: 40, cols: 1000},
		xentCase{name: "transposed", rows: 37, cols: 70, trans: true},
		xentCase{name: "reversed", rows: 9, cols: 33, reverse: true},
		xentCase{name: "special", rows: 12, cols: 40, special: true},
		xentCase{name: "special-transposed", rows: 12, cols: 9, special: true, trans: true},
	)
	for _, c := range cases {
		t.Run(c.name+"/f32", func(t *testing.T) { testXent[float32](t, c, device.Float32, 1e-6) })
		t.Run(c.name+"/f64", func(t *testing.T) { testXent[float64](t, c, device.Float64, 1e-13) })
	}
}

// xentSpecial overwrites rows of v (read through at) with non-finite and huge values and
// points some labels at them.
func xentSpecial[T float](v []T, lab []int64, rows, cols int, at func(r, j int) int) {
	inf, nan := T(math.Inf(1)), T(math.NaN())
	set := func(r int, vals map[int]T, l int) {
		if r >= rows {
			return
		}
		for j, x := range vals {
			v[at(r, j%cols)] = x
		}
		lab[r] = int64(l % cols)
	}
	set(0, map[int]T{1: -inf}, 1)                 // the label is -inf: +inf
	set(1, map[int]T{2: inf}, 0)                  // +inf in the row: +inf
	set(2, map[int]T{2: inf}, 2)                  // the label is the +inf: NaN
	set(3, map[int]T{3: nan}, 0)                  // NaN
	set(4, map[int]T{0: 1e30, 1: -1e30}, 0)       // huge
	set(5, map[int]T{0: 1e30, 1: -1e30}, 1)       // huge, far below the max
	set(6, map[int]T{0: -inf, 5: inf, 6: nan}, 5) // NaN wins
	if rows > 7 {
		for j := range cols {
			v[at(7, j)] = -inf // a row of -inf: NaN
		}
	}
	if rows > 8 {
		for j := range cols {
			v[at(8, j)] = T(1e30) // all equal and huge: log(cols)
		}
		lab[8] = int64(cols - 1)
	}
}

// testXent runs CrossEntropyRows on one case against xentRef, within rtol·|want| (plus
// rtol absolute for losses near 0), with NaN guards around dst, and checks that every row
// comes out the same computed alone.
func testXent[T float](t *testing.T, c xentCase, dt device.DType, rtol float64) {
	r := rand.New(rand.NewPCG(uint64(c.rows), uint64(c.cols)))
	const guard = 3
	rows, cols := c.rows, c.cols
	v := make([]T, rows*cols+2*guard)
	for i := range v {
		v[i] = T(r.NormFloat64() * 8)
	}
	at := func(i, j int) int {
		if c.reverse {
			i = rows - 1 - i
		}
		if c.trans {
			return guard + j*rows + i
		}
		return guard + i*cols + j
	}
	lab := make([]int64, rows)
	for i := range lab {
		lab[i] = int64(r.IntN(cols))
	}
	if c.special {
		xentSpecial(v, lab, rows, cols, at)
	}
	st := []int{cols, 1}
	if c.trans {
		st = []int{1, rows}
	}
	off := at(0, 0)
	if c.reverse {
		st[0] = -st[0]
	}
	out := make([]T, rows+2*guard)
	for i := range out {
		out[i] = T(math.NaN())
	}
	got := runXent(t, out, v, lab, rows, cols, st, off, guard, dt)
	for i := range rows {
		x := make([]float64, cols)
		for j := range x {
			x[j] = float64(v[at(i, j)])
		}
		want, g := xentRef(x, int(lab[i])), float64(got[i])
		ok := g == want || (g != g && want != want) || math.Abs(g-want) <= rtol*(math.Abs(want)+1)
		if !ok {
			t.Fatalf("row %d (label %d): got %v, want %v", i, lab[i], g, want)
		}
		alone := runXent(t, make([]T, 1), v, lab[i:i+1], 1, cols, st, off+i*st[0], 0, dt)
		if math.Float64bits(float64(alone[0])) != math.Float64bits(g) && g == g {
			t.Fatalf("row %d: %v over all rows, %v alone", i, g, alone[0])
		}
	}
	for _, g := range append(out[:guard:guard], out[guard+rows:]...) {
		if g == g {
			t.Fatalf("guard overwritten: %v", out)
		}
	}
}

// runXent calls CrossEntropyRows with dst out[guard:guard+rows] and returns that slice.
func runXent[T float](t *testing.T, out, v []T, lab []int64, rows, cols int, st []int, off, guard int, dt device.DType) []T {
	t.Helper()
	db, _ := Wrap(out)
	sb, _ := Wrap(v)
	lb, _ := Wrap(lab)
	err := (Device{}).CrossEntropyRows(
		device.Operand{Buf: db, DType: dt, Shape: []int{rows}, Strides: []int{1}, Offset: guard},
		device.Operand{Buf: sb, DType: dt, Shape: []int{rows, cols}, Strides: st, Offset: off},
		device.Operand{Buf: lb, DType: device.Int64, Shape: []int{rows}, Strides: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	return out[guard : guard+rows]
}

func TestCrossEntropyRowsBadLabel(t *testing.T) {
	for _, l := range []int64{-1, 4} {
		db, _ := Wrap(make([]float64, 2))
		sb, _ := Wrap(make([]float64, 8))
		lb, _ := Wrap([]int64{0, l})
		err := (Device{}).CrossEntropyRows(
			device.Operand{Buf: db, DType: device.Float64, Shape: []int{2}, Strides: []int{1}},
			device.Operand{Buf: sb, DType: device.Float64, Shape: []int{2, 4}, Strides: []int{4, 1}},
			device.Operand{Buf: lb, DType: device.Int64, Shape: []int{2}, Strides: []int{1}})
		var ie *device.IndexError
		if !errors.As(err, &ie) || ie.Index != l || ie.Size != 4 {
			t.Errorf("label %d: error %v, want an IndexError for %d of 4", l, err, l)
		}
	}
}
