package cpu

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// erfCase is one line of testdata/erf.txt: x, erf(x) and erfc(x) from Python's math.
type erfCase struct{ x, erf, erfc float64 }

func readErfCases(t *testing.T, path string) []erfCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cs []erfCase
	s := bufio.NewScanner(f)
	for s.Scan() {
		var v [3]float64
		p := strings.Fields(s.Text())
		for i := range v {
			if v[i], err = strconv.ParseFloat(p[i], 64); len(p) != 3 || err != nil {
				t.Fatalf("%s: bad line %q", path, s.Text())
			}
		}
		cs = append(cs, erfCase{v[0], v[1], v[2]})
	}
	return cs
}

// ulpsOff reports whether got is within k float64 ulps of want (at want's magnitude, so
// within k*2**-1074 of 0), with NaN equal to NaN and zeros of the same sign only.
func ulpsOff(got, want float64, k int) bool {
	switch {
	case want != want || got != got:
		return want != want && got != got
	case got == want:
		return math.Signbit(got) == math.Signbit(want)
	case math.IsInf(got, 0) || math.IsInf(want, 0):
		return false
	}
	w := math.Abs(want)
	return math.Abs(got-want) <= float64(k)*(math.Nextafter(w, math.Inf(1))-w)
}

// ulpsOff32 reports whether got is want or next to it: float32 rounds the float64 answer,
// which may fall on the other side of a float32 halfway point than the exact one.
func ulpsOff32(got, want float32) bool {
	if got == want || want != want {
		return got == want && math.Signbit(float64(got)) == math.Signbit(float64(want)) || got != got && want != want
	}
	w := float32(math.Abs(float64(want)))
	return math.Abs(float64(got-want)) <= float64(math.Nextafter32(w, float32(math.Inf(1)))-w)
}

// TestErfRecorded checks Erf and Erfc, float64 and float32, against Python's math.erf and
// math.erfc (testdata/gen_erf.py): within 2 ulps (erf) and 4 ulps (erfc) in float64, and
// one float32 rounding of the float64 answer for the arguments float32 holds exactly.
func TestErfRecorded(t *testing.T) {
	cs := readErfCases(t, "testdata/erf.txt")
	n := len(cs)
	x64, x32 := make([]float64, n), make([]float32, n)
	for i, c := range cs {
		x64[i], x32[i] = c.x, float32(c.x)
	}
	for _, op := range []device.UnaryOp{device.Erf, device.Erfc} {
		d64, d32 := make([]float64, n), make([]float32, n)
		run := func(d, s any, dt device.DType) {
			db, _ := Wrap(d)
			sb, _ := Wrap(s)
			od := device.Operand{Buf: db, DType: dt, Shape: []int{n}, Strides: []int{1}}
			oa := device.Operand{Buf: sb, DType: dt, Shape: []int{n}, Strides: []int{1}}
			if err := (Device{}).Unary(op, od, oa, device.Params{}); err != nil {
				t.Fatal(err)
			}
		}
		run(d64, x64, device.Float64)
		run(d32, x32, device.Float32)
		checked := 0
		for i, c := range cs {
			want, k := c.erf, 2
			if op == device.Erfc {
				want, k = c.erfc, 4
			}
			if !ulpsOff(d64[i], want, k) {
				t.Errorf("%v(%v) = %v, want %v", op, c.x, d64[i], want)
			}
			if float64(x32[i]) == c.x || c.x != c.x {
				checked++
				if w := float32(want); !ulpsOff32(d32[i], w) {
					t.Errorf("%v(float32 %v) = %v, want %v", op, x32[i], d32[i], w)
				}
			}
		}
		if checked < n/3 {
			t.Errorf("%v: %d float32 arguments of %d", op, checked, n)
		}
	}
}
