package cuda

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// TestErfRecorded runs the erf and erfc kernels on Python's recorded values
// (cpu/testdata/gen_erf.py: special cases, tails, break points, underflow, random), float64
// within 4 ulps (erf) and 6 ulps (erfc) of math.erf and math.erfc, float32 within one
// float32 ulp of the float64 answer rounded; TestUnaryMore checks them against the CPU
// on every layout.
func TestErfRecorded(t *testing.T) {
	g := dut(t)
	f, err := os.Open("../../cpu/testdata/erf.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var xs, erfs, erfcs []float64
	for s := bufio.NewScanner(f); s.Scan(); {
		p := strings.Fields(s.Text())
		var v [3]float64
		for i := range v {
			if v[i], err = strconv.ParseFloat(p[i], 64); err != nil {
				t.Fatal(err)
			}
		}
		xs, erfs, erfcs = append(xs, v[0]), append(erfs, v[1]), append(erfcs, v[2])
	}
	n := len(xs)
	x32 := make([]float32, n)
	for i, x := range xs {
		x32[i] = float32(x)
	}
	for _, op := range []device.UnaryOp{device.Erf, device.Erfc} {
		want, k := erfs, 4.0
		if op == device.Erfc {
			want, k = erfcs, 6
		}
		for _, dt := range []device.DType{device.Float64, device.Float32} {
			var in any = xs
			if dt == device.Float32 {
				in = x32
			}
			src := operand(t, g, dt, in, contig(0, n))
			dst := dstPair(t, g, dt, contig(0, n))
			if err := g.Unary(op, dst.g, src.g, device.Params{}); err != nil {
				t.Fatal(err)
			}
			got := asFloats(download(t, g, dst.g.Buf))
			for i, x := range xs {
				w, ulp := want[i], 0.0
				if dt == device.Float32 {
					if float64(x32[i]) != x && x == x {
						continue // the recorded answer is for another argument
					}
					w32 := float32(w)
					w = float64(w32)
					a := float32(math.Abs(float64(w32)))
					ulp = float64(math.Nextafter32(a, float32(math.Inf(1))) - a)
				} else {
					a := math.Abs(w)
					ulp = k * (math.Nextafter(a, math.Inf(1)) - a)
				}
				ok := got[i] == w && math.Signbit(got[i]) == math.Signbit(w) ||
					got[i] != got[i] && w != w || math.Abs(got[i]-w) <= ulp
				if !ok {
					t.Errorf("%v %v (%v) = %v, want %v", op, dt, x, got[i], w)
				}
			}
		}
	}
}
