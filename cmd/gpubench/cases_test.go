package main

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// testShapes are the small shapes TestOpsMeaning runs each op on.
var testShapes = map[string][]int{
	"matmul": {6, 6}, "bmm": {3, 4, 4}, "transpose_copy": {5, 7}, "softmax": {5, 7},
	"matmul_nn": {5, 7, 6}, "matmul_nt": {5, 7, 6}, "matmul_tn": {5, 7, 6},
	"sum_axis0": {5, 7}, "sum_axis1": {5, 7}, "argmax_axis1": {5, 7}, "sub_bcast": {5, 7}, "chain": {5, 7},
	"sub_bcast_scope": {5, 7}, "chain_scope": {5, 7},
	"matmul_nn_scope": {5, 7, 6}, "matmul_nt_scope": {5, 7, 6}, "matmul_tn_scope": {5, 7, 6},
}

// The _scope cases keep their result here, so that TestOpsMeaning can read it.
func init() { keepScoped = true }

// TestOpsMeaning runs every op once on small inputs and checks its result against what
// the op's Doc says it computes: shape, dtype and values. (The training cases have their
// own test: TestTrainCasesLearn.)
func TestOpsMeaning(t *testing.T) {
	for name, op := range ops {
		if op.Train != nil {
			continue
		}
		for _, dt := range []string{"float32", "float64"} {
			shape := testShapes[name]
			if shape == nil {
				shape = []int{37}
			}
			c := Case{Op: name, DType: dt, Shape: shape}
			x := args(c, 0, device.CPU())
			in := make([][]float64, op.Args)
			for i := range x {
				in[i] = tensor.ToSlice[float64](x[i])
			}
			r := op.Call(c, x)
			got := tensor.ToSlice[float64](r)
			want, wantShape, wantDType := reference(t, c, x[0].Shape(), in)
			if !slices.Equal(r.Shape(), wantShape) || r.DType().String() != wantDType {
				t.Errorf("%v: result %v %v, want %v %s", c, r.Shape(), r.DType(), wantShape, wantDType)
				continue
			}
			tol := 1e-12
			if dt == "float32" || name == "cast" {
				tol = 3e-6
			}
			for i := range want {
				if d := math.Abs(got[i] - want[i]); d > tol*max(1, math.Abs(want[i])) {
					t.Errorf("%v: element %d = %v, want %v", c, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// reference computes what op c gives on the inputs in (as float64, C order): the values,
// the shape and the dtype name.
func reference(t *testing.T, c Case, shape []int, in [][]float64) ([]float64, []int, string) {
	a := in[0]
	each := func(f func(float64) float64) []float64 {
		v := make([]float64, len(a))
		for i, x := range a {
			v[i] = f(x)
		}
		return v
	}
	rows, cols := 1, shape[len(shape)-1]
	if len(shape) >= 2 {
		rows = len(a) / cols
	}
	argmax := func(v []float64) float64 {
		best := 0
		for i := range v {
			if v[i] > v[best] {
				best = i
			}
		}
		return float64(best)
	}
	op := strings.TrimSuffix(c.Op, "_scope")
	switch op {
	case "add", "add_out", "add_free":
		v := make([]float64, len(a))
		for i := range v {
			v[i] = a[i] + in[1][i]
		}
		return v, shape, c.DType
	case "mul_scalar":
		return each(func(x float64) float64 { return x * 2.5 }), shape, c.DType
	case "sub_bcast", "chain":
		v := make([]float64, len(a))
		for i := range v {
			v[i] = a[i] - in[1][i%cols]
			if op == "chain" {
				v[i] /= in[2][i%cols]
			}
		}
		return v, shape, c.DType
	case "fma_out":
		v := make([]float64, len(a))
		for i := range v {
			v[i] = a[i]*in[1][i] + in[2][i]
		}
		return v, shape, c.DType
	case "dot":
		s := 0.0
		for i := range a {
			s += a[i] * in[1][i]
		}
		return []float64{s}, []int{}, c.DType
	case "exp", "exp_out":
		return each(math.Exp), shape, c.DType
	case "tanh":
		return each(math.Tanh), shape, c.DType
	case "sigmoid":
		return each(func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }), shape, c.DType
	case "log":
		for _, x := range a {
			if x <= 0 {
				t.Fatalf("%v: input %v outside log's domain", c, x)
			}
		}
		return each(math.Log), shape, c.DType
	case "cast":
		return a, shape, castTo(c.DType)
	case "sum":
		s := 0.0
		for _, x := range a {
			s += x
		}
		return []float64{s}, []int{}, c.DType
	case "sum_axis0", "sum_axis1", "argmax_axis1":
		var v []float64
		if c.Op == "sum_axis0" {
			v = make([]float64, cols)
			for i, x := range a {
				v[i%cols] += x
			}
			return v, []int{cols}, c.DType
		}
		for r := range rows {
			row := a[r*cols : (r+1)*cols]
			if c.Op == "argmax_axis1" {
				v = append(v, argmax(row))
			} else {
				s := 0.0
				for _, x := range row {
					s += x
				}
				v = append(v, s)
			}
		}
		if c.Op == "argmax_axis1" {
			return v, []int{rows}, "int64"
		}
		return v, []int{rows}, c.DType
	case "argmax":
		return []float64{argmax(a)}, []int{}, "int64"
	case "transpose_copy":
		v := make([]float64, len(a))
		for i := range rows {
			for j := range cols {
				v[j*rows+i] = a[i*cols+j]
			}
		}
		return v, []int{cols, rows}, c.DType
	case "matmul", "bmm":
		n := cols
		v := make([]float64, len(a))
		for m := 0; m < len(a); m += n * n {
			for i := range n {
				for j := range n {
					s := 0.0
					for k := range n {
						s += a[m+i*n+k] * in[1][m+k*n+j]
					}
					v[m+i*n+j] = s
				}
			}
		}
		return v, shape, c.DType
	case "matmul_nn", "matmul_nt", "matmul_tn": // shape m x k x n; a, b as stored
		m, kk, n := c.Shape[0], c.Shape[1], c.Shape[2]
		v := make([]float64, m*n)
		for i := range m {
			for j := range n {
				for p := range kk {
					x, y := a[i*kk+p], in[1][p*n+j]
					if op == "matmul_tn" {
						x = a[p*m+i]
					}
					if op == "matmul_nt" {
						y = in[1][j*kk+p]
					}
					v[i*n+j] += x * y
				}
			}
		}
		return v, []int{m, n}, c.DType
	case "softmax":
		v := make([]float64, len(a))
		for r := range rows {
			row := a[r*cols : (r+1)*cols]
			mx := slices.Max(row)
			s := 0.0
			for j, x := range row {
				v[r*cols+j] = math.Exp(x - mx)
				s += v[r*cols+j]
			}
			for j := range row {
				v[r*cols+j] /= s
			}
		}
		return v, shape, c.DType
	}
	t.Fatalf("no reference for op %s", c.Op)
	return nil, nil, ""
}

// TestCopies checks the rotation rule: small memory-bound cases get enough input sets
// that the calls between two uses of one set touch at least 2 x L2 x threads bytes, and
// large or compute-bound cases get one.
func TestCopies(t *testing.T) {
	const l2, threads = 1 << 20, 2
	r := 2.0 * l2 * threads
	for _, full := range []bool{false, true} {
		for _, c := range suite(full) {
			n := copies(c, l2, threads)
			ws := ops[c.Op].Bytes(c)
			switch {
			case ops[c.Op].Compute && n != 1:
				t.Errorf("%v: compute-bound case rotates %d sets", c, n)
			case !ops[c.Op].Compute && ws < r && float64(n-1)*ws < r:
				t.Errorf("%v: %d sets of %.0f bytes: %v bytes between uses, want at least %v", c, n, ws, float64(n-1)*ws, r)
			case ws >= r && n != 1:
				t.Errorf("%v: %.0f bytes rotate %d sets", c, ws, n)
			}
		}
	}
	c := Case{Op: "add", DType: "float32", Shape: []int{1000}}
	if n := copies(c, l2, threads); n < 300 {
		t.Errorf("add of 1000 float32: %d sets", n)
	}
}

// TestRotating checks that a rotating call visits every input set in turn.
func TestRotating(t *testing.T) {
	var seen []int
	f := rotating(Case{Copies: 3}, func(k int) func() { return func() { seen = append(seen, k) } })
	for range 7 {
		f()
	}
	if want := []int{0, 1, 2, 0, 1, 2, 0}; !slices.Equal(seen, want) {
		t.Errorf("sets used %v, want %v", seen, want)
	}
}

// TestInputsDiffer checks that input sets and arguments get different numbers, in the
// op's domain.
func TestInputsDiffer(t *testing.T) {
	c := Case{Op: "tanh", DType: "float64", Shape: []int{100}}
	a, b, a1 := values[float64](c, 0, 1), values[float64](c, 0, 2), values[float64](c, 1, 1)
	if slices.Equal(a, b) || slices.Equal(a, a1) {
		t.Error("input sets or arguments repeat the same numbers")
	}
	if lo, hi := slices.Min(a), slices.Max(a); lo < -5 || hi >= 5 || hi-lo < 5 {
		t.Errorf("tanh inputs span [%v, %v], want most of [-5, 5)", lo, hi)
	}
}
