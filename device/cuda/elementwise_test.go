package cuda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/kernels"
)

// layouts are the operand layouts element-wise tests run: contiguous with guard bands,
// odd sizes, transposed, spaced with a negative step, broadcast and scalars.
type ewCase struct {
	name  string
	shape []int
	dst   view
	ins   []view // nil: a scalar
}

func ewCases(nin int) []ewCase {
	sh := []int{3, 5, 7}
	cs := []ewCase{
		{"empty", []int{0}, contig(2, 0), nil},
		{"one", []int{1}, contig(2, 1), nil},
		{"odd", []int{1023}, contig(3, 1023), nil},
		{"unaligned", []int{33}, contig(1, 33), nil},
		{"transposed", sh, contig(2, sh...), nil},
		{"spaced", sh, spaced(2, sh...), nil},
		{"dst-strided", sh, transposed(1, sh...), nil},
	}
	for i := range cs {
		c := &cs[i]
		for j := 0; j < nin; j++ {
			v := contig(j+1, c.shape...)
			switch c.name {
			case "transposed":
				v = transposed(0, c.shape...)
			case "spaced":
				v = spaced(3, c.shape...)
			}
			c.ins = append(c.ins, v)
		}
	}
	b := ewCase{"broadcast", sh, contig(0, sh...), []view{bcast(sh, true, false, false)}}
	s := ewCase{"scalar", sh, contig(1, sh...), []view{{}}}
	for j := 1; j < nin; j++ {
		b.ins = append(b.ins, bcast(sh, false, true, true))
		s.ins = append(s.ins, transposed(0, sh...))
	}
	return append(cs, b, s)
}

// inputs makes the input operands of a case (a zero view is a scalar); fix, if set,
// adjusts the generated data.
func (c ewCase) inputs(t *testing.T, g *Device, rng *rand.Rand, fix func(any), dts ...device.DType) []pair {
	var ps []pair
	for i, v := range c.ins {
		if v.shape == nil {
			ps = append(ps, scalar(dts[i], c.shape, 2.5))
			continue
		}
		data := values(rng, dts[i], v.n)
		if fix != nil {
			fix(data)
		}
		ps = append(ps, operand(t, g, dts[i], data, v))
	}
	return ps
}

// noSubnormals replaces float64 subnormals: Go's math.Log on amd64 (assembly) returns
// log(2**-1022) for them, where NumPy and the kernels give the true logarithm
// (math.Log(3e-320) is -709.09, not -735.73).
func noSubnormals(data any) {
	if f, ok := data.([]float64); ok {
		for i, x := range f {
			if x != 0 && math.Abs(x) < 0x1p-1022 {
				f[i] = 1e-300
			}
		}
	}
}

func TestBinary(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, dt := range numericDTs {
		for op := device.Add; op <= device.LogicalOr; op++ {
			if !kernels.HasBinary(op, dt) {
				continue
			}
			tl := exact
			if op == device.Pow && dt.IsFloat() {
				tl = tol{rtol: 1e-15} // Go's amd64 Exp and Log are assembly, ours the pure-Go twins
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
				same(t, name, g, dst.c.Buf, dst.g.Buf, tl)
			}
		}
	}
}

// mathTol is the tolerance of the transcendental functions: the conformance tolerances
// (float32 rtol 2e-5, float64 1e-12); the test also reports the largest error seen.
func mathTol(op device.UnaryOp, dt device.DType) tol {
	switch op {
	case device.Exp, device.Log, device.Tanh, device.Sin, device.Cos, device.Log1p, device.Expm1, device.Sigmoid:
		if dt == device.Float32 {
			return tol{rtol: 2e-5}
		}
		return tol{rtol: 1e-12}
	}
	return tol{signed: dt.IsFloat()}
}

func TestUnary(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, dt := range append(numericDTs, device.Bool) {
		for op := device.Neg; op <= device.Reciprocal; op++ {
			if !kernels.HasUnary(op, dt) || (dt == device.Bool && op != device.Square && op != device.LogicalNot) {
				continue
			}
			out := dt
			if op.Predicate() {
				out = device.Bool
			}
			prm := device.Params{A: -3, B: 4.5, I: 1}
			if op == device.Round && dt.IsInt() {
				prm.I = -1
			}
			for _, c := range ewCases(1) {
				if c.name == "scalar" {
					continue
				}
				var fix func(any)
				if op == device.Log {
					fix = noSubnormals
				}
				in := c.inputs(t, g, rng, fix, dt)[0]
				dst := dstPair(t, g, out, c.dst)
				name := fmt.Sprintf("%v/%v/%s", op, dt, c.name)
				if err := cpuDev.Unary(op, dst.c, in.c, prm); err != nil {
					t.Fatal(err)
				}
				if err := g.Unary(op, dst.g, in.g, prm); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, mathTol(op, dt))
			}
		}
	}
}

func TestCopy(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(5, 6))
	all := append(numericDTs, device.Bool)
	for _, from := range all {
		for _, to := range all {
			for _, c := range ewCases(1) {
				var in pair
				if c.ins[0].shape == nil {
					in = scalar(from, c.shape, -7.75)
				} else {
					in = c.inputs(t, g, rng, nil, from)[0]
				}
				dst := dstPair(t, g, to, c.dst)
				name := fmt.Sprintf("%v->%v/%s", from, to, c.name)
				if err := cpuDev.Copy(dst.c, in.c); err != nil {
					t.Fatal(err)
				}
				if err := g.Copy(dst.g, in.g); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				same(t, name, g, dst.c.Buf, dst.g.Buf, tol{signed: true})
			}
		}
	}
}

func TestWhere(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, dt := range append(numericDTs, device.Bool) {
		for _, c := range ewCases(3) {
			cond := operand(t, g, device.Bool, values(rng, device.Bool, max(c.ins[1].n, 1)), c.ins[1])
			if c.ins[1].shape == nil {
				continue
			}
			ins := c.inputs(t, g, rng, nil, dt, dt, dt)
			dst := dstPair(t, g, dt, c.dst)
			name := fmt.Sprintf("where/%v/%s", dt, c.name)
			if err := cpuDev.Where(dst.c, cond.c, ins[0].c, ins[2].c); err != nil {
				t.Fatal(err)
			}
			if err := g.Where(dst.g, cond.g, ins[0].g, ins[2].g); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			same(t, name, g, dst.c.Buf, dst.g.Buf, tol{signed: true})
		}
	}
}
