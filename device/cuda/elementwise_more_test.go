package cuda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// The element-wise ops added with NumPy's breadth (unary log2 ... invert, binary
// logical_xor ... right_shift), every dtype that has a kernel, every layout of ewCases,
// against the CPU reference.

// moreTol is the tolerance of the new ops against the CPU: exact but for the functions
// built on exp and log, whose CPU versions on amd64 are Go's assembly and the kernels'
// the pure-Go twins (an ulp or two apart); float32 rounds the same float64 value, which
// may then differ by one float32 ulp.
func moreTol(float, approx bool, dt device.DType) tol {
	switch {
	case !approx:
		return tol{signed: float}
	case dt == device.Float32:
		return tol{rtol: 2.5e-7}
	}
	return tol{rtol: 1e-14}
}

// moreApprox reports whether a new unary op calls exp or log (see moreTol).
func moreApprox(op device.UnaryOp) bool {
	switch op {
	case device.Sinh, device.Cosh, device.Arcsinh, device.Arccosh, device.Log2, device.Log10, device.Arctanh, device.Exp2,
		device.Erf, device.Erfc:
		return true
	}
	return false
}

func TestUnaryMore(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, dt := range append(numericDTs, device.Bool) {
		for op := device.Log2; op < device.NumUnary; op++ {
			if !kernels.HasUnary(op, dt) || (dt == device.Bool && op != device.Invert) {
				continue
			}
			for _, c := range ewCases(1) {
				if c.name == "scalar" {
					continue
				}
				fix := func(data any) { // arguments for the inverse functions' domains
					if f, ok := data.([]float64); ok && (op == device.Arcsin || op == device.Arccos || op == device.Arctanh) {
						for i := range f {
							if i%3 != 0 && !math.IsInf(f[i], 0) {
								f[i] = math.Remainder(f[i], 2)
							}
						}
					}
				}
				in := c.inputs(t, g, rng, fix, dt)[0]
				dst := dstPair(t, g, dt, c.dst)
				name := fmt.Sprintf("%v/%v/%s", op, dt, c.name)
				if err := cpuDev.Unary(op, dst.c, in.c, device.Params{}); err != nil {
					t.Fatal(err)
				}
				if err := g.Unary(op, dst.g, in.g, device.Params{}); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, moreTol(dt.IsFloat(), moreApprox(op), dt))
			}
		}
	}
}

func TestBinaryMore(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(13, 14))
	for _, dt := range append(numericDTs, device.Bool) {
		for op := device.LogicalXor; op < device.NumBinary; op++ {
			if !kernels.HasBinary(op, dt) || (dt == device.Bool && !op.IntOnly() && !op.Predicate()) {
				continue
			}
			out := dt
			if op.Predicate() {
				out = device.Bool
			}
			for _, c := range ewCases(2) {
				ins := c.inputs(t, g, rng, nil, dt, dt)
				dst := dstPair(t, g, out, c.dst)
				name := fmt.Sprintf("%v/%v/%s", op, dt, c.name)
				if err := cpuDev.Binary(op, dst.c, ins[0].c, ins[1].c); err != nil {
					t.Fatal(err)
				}
				if err := g.Binary(op, dst.g, ins[0].g, ins[1].g); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, moreTol(dt.IsFloat(), false, dt))
			}
		}
	}
}
