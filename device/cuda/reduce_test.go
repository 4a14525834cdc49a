package cuda

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// redCase is a source layout and the axes reduced; the shapes are chosen to reach every
// kernel mode: one thread per output (short or strided runs with many outputs), one
// block per output, and block splits with too few outputs.
type redCase struct {
	name string
	src  view
	axes []int
}

func redCases() []redCase {
	return []redCase{
		{"all-small", contig(1, 3, 5), []int{0, 1}},
		{"rows-short", contig(0, 40, 7), []int{1}},
		{"rows-block", contig(2, 6, 300), []int{1}},
		{"split", contig(0, 1, 5000), []int{1}},
		{"split-3", contig(0, 3, 2100), []int{1}},
		{"split-unrolled", contig(0, 2, 40000), []int{1}},
		{"cols-block", contig(0, 300, 6), []int{0}},
		{"cols-thread", contig(0, 40, 150), []int{0}},
		{"middle", transposed(1, 4, 37, 5), []int{1}},
		{"two-axes", spaced(2, 6, 5, 7), []int{0, 2}},
		{"empty", contig(0, 3, 0), []int{1}},
		{"keep-empty", contig(0, 0, 4), []int{1}},
		{"scalar-src", contig(0, 1), []int{0}},
	}
}

// dstView is the reduction's destination: src's shape with 1 on the reduced axes,
// contiguous with guard bands, or transposed.
func dstView(c redCase, alt bool) view {
	shape := append([]int(nil), c.src.shape...)
	for _, a := range c.axes {
		shape[a] = 1
	}
	if alt {
		return transposed(2, shape...)
	}
	return contig(1, shape...)
}

func redDT(op device.ReduceOp, dt device.DType) []device.DType {
	sum := dt
	if !dt.IsFloat() {
		sum = device.Int64
	}
	switch op {
	case device.Sum:
		return []device.DType{sum, device.Float64} // Sum and Mean's first step
	case device.Prod:
		return []device.DType{sum}
	case device.ArgMax, device.ArgMin:
		return []device.DType{device.Int64}
	case device.All, device.Any:
		return []device.DType{device.Bool}
	case device.Var:
		return []device.DType{device.Float64}
	}
	return []device.DType{dt}
}

func TestReduce(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, dt := range append(numericDTs, device.Bool) {
		for op := device.Sum; op <= device.Var; op++ {
			for _, c := range redCases() {
				if c.src.shape[len(c.src.shape)-1] == 0 || c.src.shape[0] == 0 {
					if op == device.Max || op == device.Min || op == device.ArgMax || op == device.ArgMin {
						continue // tensor refuses these
					}
				}
				if (op == device.ArgMax || op == device.ArgMin) && len(c.axes) != 1 {
					continue
				}
				data := values(rng, dt, c.src.n)
				if op == device.Sum || op == device.Prod || op == device.Var {
					// The CPU's sums are not all compensated (its SIMD row sums and
					// column sums are plain float64 adds): with 1e30 - 1e30 + x in the
					// data it loses x where the kernels keep it. Both answers are within
					// NumPy's own order-dependence only for tame data.
					data = tame(rng, dt, c.src.n)
					if op == device.Sum && !dt.IsFloat() {
						// Integers summed into a float64 (NumPy's mean, dtype=float64) are
						// added as floats: keep them small enough that any order is exact.
						data = small(data)
					}
				}
				if (c.name == "rows-block" || c.name == "split-unrolled") && dt.IsFloat() && op != device.Sum && op != device.Prod && op != device.Var {
					data = ties(dt, c.src.n) // argmax ties and NaN order
				}
				src := operand(t, g, dt, data, c.src)
				for i, odt := range redDT(op, dt) {
					dv := dstView(c, i%2 == 1)
					dst := dstPair(t, g, odt, dv)
					name := fmt.Sprintf("%v/%v->%v/%s", op, dt, odt, c.name)
					prm := device.Params{I: 1}
					// The reference: the CPU's compensated sums, which add in float64 as
					// the kernels do (its default sums add float32 in float32 in NumPy's
					// pairwise order: NumPy's bits, not the kernels' tree order).
					if err := (cpu.Device{}).ReduceWith(op, dst.c, src.c, c.axes, prm, cpu.ReduceOptions{Compensated: op == device.Sum && dt.IsFloat()}); err != nil {
						t.Fatal(err)
					}
					if err := g.Reduce(op, dst.g, src.g, c.axes, prm); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					same(t, name, g, dst.c.Buf, dst.g.Buf, redTol(op, odt))
				}
			}
		}
	}
}

// redTol: compensated sums agree to float64 rounding whatever the order; products and
// variances in float64 to a few ulps; the rest exactly.
func redTol(op device.ReduceOp, out device.DType) tol {
	switch {
	case out == device.Float32:
		return tol{rtol: 1e-6}
	case out == device.Float64 && (op == device.Sum || op == device.Prod || op == device.Var):
		return tol{rtol: 1e-13}
	}
	return exact
}

// ties is data with repeated extremes and NaNs, for argmax/argmin's first-index rule.
func ties(dt device.DType, n int) any {
	f := make([]float64, n)
	for i := range f {
		f[i] = float64(i % 7)
		if i%97 == 50 {
			f[i] = 7
		}
		if i%211 == 150 {
			f[i] = f[i] / 0 * 0 // NaN
		}
	}
	if dt == device.Float64 {
		return f
	}
	s := make([]float32, n)
	for i, v := range f {
		s[i] = float32(v)
	}
	return s
}

// TestReduceDeterministic runs a split reduction twice: the results must be identical.
func TestReduceDeterministic(t *testing.T) {
	g := dut(t)
	rng := rand.New(rand.NewPCG(13, 14))
	v := contig(0, 2, 6000)
	src := operand(t, g, device.Float32, values(rng, device.Float32, v.n), v)
	var first []float64
	for i := 0; i < 2; i++ {
		dst := dstPair(t, g, device.Float64, contig(0, 2, 1))
		if err := g.Reduce(device.Var, dst.g, src.g, []int{1}, device.Params{}); err != nil {
			t.Fatal(err)
		}
		got := asFloats(download(t, g, dst.g.Buf))
		if first == nil {
			first = got
		} else if fmt.Sprint(first) != fmt.Sprint(got) {
			t.Errorf("run 1 %v, run 2 %v", first, got)
		}
	}
}

// small maps the int64 and int32 values of data (tame's integers: infinities become the
// dtype's extremes) into (-2**20, 2**20), so that float64 sums of them are exact in any
// order; other slices come back as they are.
func small(data any) any {
	switch v := data.(type) {
	case []int64:
		for i := range v {
			v[i] %= 1 << 20
		}
	case []int32:
		for i := range v {
			v[i] %= 1 << 20
		}
	}
	return data
}
