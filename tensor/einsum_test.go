package tensor_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/tensor"
)

// naiveEinsum is the test's oracle: explicit subscripts (letters only, "->" required,
// no "..."), every assignment of the letters visited, products summed in float64.
func naiveEinsum(sub string, ops ...*tensor.Tensor) []float64 {
	lhs, out, _ := strings.Cut(sub, "->")
	terms := strings.Split(lhs, ",")
	size := map[byte]int{}
	var letters []byte
	for i, term := range terms {
		for k := 0; k < len(term); k++ {
			if _, ok := size[term[k]]; !ok {
				letters = append(letters, term[k])
			}
			size[term[k]] = max(size[term[k]], ops[i].Dim(k))
		}
	}
	vals := make([][]float64, len(ops))
	for i, t := range ops {
		vals[i] = tensor.ToSlice[float64](t)
	}
	outShape := make([]int, len(out))
	n := 1
	for k := range out {
		outShape[k] = size[out[k]]
		n *= outShape[k]
	}
	res := make([]float64, n)
	at := map[byte]int{}
	var walk func(int)
	walk = func(d int) {
		if d < len(letters) {
			for v := 0; v < size[letters[d]]; v++ {
				at[letters[d]] = v
				walk(d + 1)
			}
			return
		}
		p := 1.0
		for i, term := range terms {
			flat := 0
			shape := ops[i].Shape()
			for k := 0; k < len(term); k++ {
				v := at[term[k]]
				if shape[k] == 1 {
					v = 0 // a dimension of 1 broadcasts
				}
				flat = flat*shape[k] + v
			}
			p *= vals[i][flat]
		}
		flat := 0
		for k := range out {
			flat = flat*outShape[k] + at[out[k]]
		}
		res[flat] += p
	}
	walk(0)
	return res
}

func TestEinsumAgainstLoops(t *testing.T) {
	cases := []struct {
		sub    string
		shapes [][]int
	}{
		{"ij,jk->ik", [][]int{{3, 4}, {4, 5}}},
		{"ik,jk->ij", [][]int{{3, 4}, {5, 4}}},
		{"ji,jk->ki", [][]int{{4, 3}, {4, 5}}},
		{"bij,bjk->bik", [][]int{{2, 3, 4}, {2, 4, 2}}},
		{"bij,jk->bik", [][]int{{2, 3, 4}, {4, 2}}},
		{"ijk,jkl->il", [][]int{{2, 3, 4}, {3, 4, 5}}},
		{"ii->i", [][]int{{4, 4}}},
		{"ii->", [][]int{{4, 4}}},
		{"iij->j", [][]int{{3, 3, 2}}},
		{"ijji->ij", [][]int{{2, 3, 3, 2}}},
		{"ij->", [][]int{{3, 4}}},
		{"ij->j", [][]int{{3, 4}}},
		{"i,i->", [][]int{{5}, {5}}},
		{"i,j->ij", [][]int{{3}, {4}}},
		{"i,j->", [][]int{{3}, {4}}},
		{"ij,ij->ij", [][]int{{3, 4}, {3, 4}}},
		{"ij,ji->", [][]int{{3, 4}, {4, 3}}},
		{"ij,jk,kl->il", [][]int{{2, 3}, {3, 4}, {4, 5}}},
		{"ij,jk,k->i", [][]int{{3, 4}, {4, 5}, {5}}},
		{"abc,cd,bd->a", [][]int{{2, 3, 4}, {4, 5}, {3, 5}}},
		{"ab,bc,cd,de->ae", [][]int{{2, 6}, {6, 7}, {7, 2}, {2, 3}}},
		{"ab,cd,bc->da", [][]int{{2, 3}, {4, 5}, {3, 4}}},
		{"i,i,i->i", [][]int{{4}, {4}, {4}}},
		{"ij,jk->ik", [][]int{{2, 1}, {3, 4}}},
		{"ij,jk->ik", [][]int{{2, 3}, {1, 4}}},
		{"ij,ij->i", [][]int{{2, 1}, {1, 3}}},
		{"ij,jk->ik", [][]int{{2, 0}, {0, 3}}},
		{"ij,jk->ik", [][]int{{0, 3}, {3, 2}}},
		{"ij,jk->", [][]int{{0, 3}, {3, 2}}},
		{",->", [][]int{{}, {}}},
		{"i,->i", [][]int{{3}, {}}},
		{"ijk,ikj->k", [][]int{{2, 3, 4}, {2, 4, 3}}},
	}
	for _, tc := range cases {
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32, tensor.Int32, tensor.Uint8, tensor.Bool} {
			t.Run(fmt.Sprintf("%s/%v", tc.sub, dt), func(t *testing.T) {
				ops := make([]*tensor.Tensor, len(tc.shapes))
				for i, s := range tc.shapes {
					ops[i] = testValues(s, i+1, dt)
				}
				got := tensor.Einsum(tc.sub, ops...)
				if got.DType() != dt {
					t.Fatalf("dtype %v, want %v", got.DType(), dt)
				}
				want := naiveEinsum(tc.sub, ops...)
				g := tensor.ToSlice[float64](got)
				for i := range want {
					w := want[i]
					switch dt {
					case tensor.Uint8:
						w = float64(uint8(int64(w)))
					case tensor.Bool:
						w = math.Min(w, 1)
					}
					tol := 1e-12 * (1 + math.Abs(w))
					if dt == tensor.Float32 {
						tol = 1e-5 * (1 + math.Abs(w))
					}
					if math.Abs(g[i]-w) > tol {
						t.Fatalf("element %d is %v, want %v (got %v)", i, g[i], w, got)
					}
				}
			})
		}
	}
}

// testValues is a tensor of shape with small deterministic values (0/1 for bool).
func testValues(shape []int, seed int, dt tensor.DType) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64((i*7+seed*3)%11) - 3
		if dt == tensor.Uint8 || dt == tensor.Bool {
			v[i] = float64((i*5 + seed) % 3 % 2 * (i%7 + 1))
		}
	}
	return tensor.FromSlice(v, shape...).AsType(dt)
}

func TestEinsumImplicitAndEllipsis(t *testing.T) {
	a := testValues([]int{2, 3, 4}, 1, tensor.Float64)
	b := testValues([]int{4, 5}, 2, tensor.Float64)
	sq := a.Slice(0, tensor.S(0, 3), tensor.S(0, 3))
	cases := []struct {
		name      string
		got, want *tensor.Tensor
	}{
		{"implicit matmul", tensor.Einsum("ij,jk", a.Slice(0), b), tensor.MatMul(a.Slice(0), b)},
		{"implicit sorted", tensor.Einsum("ba", a.Slice(0)), a.Slice(0).T()},
		{"implicit uppercase first", tensor.Einsum("aB", a.Slice(0)), a.Slice(0).T()},
		{"implicit trace", tensor.Einsum("ii", sq), tensor.Scalar(sq.At(0, 0) + sq.At(1, 1) + sq.At(2, 2))},
		{"ellipsis batch", tensor.Einsum("...ij,jk->...ik", a, b), tensor.MatMul(a, b)},
		{"ellipsis implicit first", tensor.Einsum("i...", a), a.Transpose(1, 2, 0)},
		{"ellipsis broadcast", tensor.Einsum("...ij,...jk", a, b.Reshape(1, 4, 5)), tensor.MatMul(a, b)},
		{"ellipsis summed", tensor.Einsum("i...->...", a), a.Sum(0)},
		{"ellipsis empty", tensor.Einsum("ij->...", a.Slice(0)), a.Slice(0).Sum()},
		{"spaces", tensor.Einsum(" ij , jk -> ik ", a.Slice(1), b), tensor.MatMul(a.Slice(1), b)},
	}
	for _, tc := range cases {
		if !tensor.AllClose(tc.got, tc.want, 1e-12, 1e-12) || !slices.Equal(tc.got.Shape(), tc.want.Shape()) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestEinsumViews(t *testing.T) {
	x := tensor.Arange(tensor.Float64, 0, 9, 1).Reshape(3, 3)
	d := tensor.Einsum("ii->i", x)
	tr := tensor.Einsum("ij->ji", x)
	if !d.SharesMemory(x) || !tr.SharesMemory(x) {
		t.Fatalf("single-operand einsum without sums should be a view, as in NumPy")
	}
	d.SetAt(100, 1)
	if x.At(1, 1) != 100 || tr.At(1, 1) != 100 {
		t.Errorf("writing through the diagonal view: x[1,1] = %v", x.At(1, 1))
	}
	if s := tensor.Einsum("ij->i", x); s.SharesMemory(x) {
		t.Errorf("a sum must not share memory")
	}
	// A broadcast (read-only) input gives a read-only view.
	b := tensor.FromSlice([]float64{1, 2, 3}).BroadcastTo(3, 3)
	if !tensor.Einsum("ij->ji", b).ReadOnly() {
		t.Errorf("view of a read-only tensor is writable")
	}
}

func TestEinsumMisuse(t *testing.T) {
	m, v := tensor.Ones(tensor.Float64, 2, 3), tensor.Ones(tensor.Float64, 3)
	cases := []struct {
		sub  string
		ops  []*tensor.Tensor
		want string
	}{
		{"ij,jk", []*tensor.Tensor{m, tensor.Ones(tensor.Float64, 4, 5)}, "broadcast"},
		{"ij", []*tensor.Tensor{m, v}, "terms"},
		{"ij,jk", []*tensor.Tensor{m}, "terms"},
		{"ijk", []*tensor.Tensor{m}, "too many"},
		{"i", []*tensor.Tensor{m}, "no '...'"},
		{"ij->k", []*tensor.Tensor{m}, "never appears"},
		{"ij->ii", []*tensor.Tensor{tensor.Ones(tensor.Float64, 2, 2)}, "more than once"},
		{"ii", []*tensor.Tensor{m}, "collapsing"},
		{"i1", []*tensor.Tensor{m}, "invalid subscript"},
		{"i..j", []*tensor.Tensor{m}, "ellipsis"},
		{"...i...", []*tensor.Tensor{m}, "ellipsis"},
		{"i...->i", []*tensor.Tensor{m}, "broadcast"},
		{"ij->i->j", []*tensor.Tensor{m}, "invalid subscript"},
		{"ij", []*tensor.Tensor{nil}, "nil"},
		{"", nil, "at least one operand"},
	}
	for _, tc := range cases {
		err := tensor.Try(func() { tensor.Einsum(tc.sub, tc.ops...) })
		if tensor.KindOf(err) != tensor.Value || !strings.Contains(err.Error(), "tensor.Einsum: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Einsum(%q): error %v, want a Value error mentioning %q", tc.sub, err, tc.want)
		}
	}
}

func TestEinsumGradient(t *testing.T) {
	x := testValues([]int{3, 3}, 1, tensor.Float64).RequiresGrad()
	y := testValues([]int{3, 2}, 2, tensor.Float64).RequiresGrad()
	// loss = sum_ik x_ii y_ik: d/dx is diag(sum_k y_ik), d/dy_ik is x_ii.
	loss := tensor.Einsum("ii,ik->", x, y)
	autograd.Backward(loss)
	xv, yv := tensor.ToSlice[float64](x), tensor.ToSlice[float64](y)
	gx, gy := tensor.ToSlice[float64](x.Grad()), tensor.ToSlice[float64](y.Grad())
	for i := range 3 {
		for j := range 3 {
			want := 0.0
			if i == j {
				want = yv[2*i] + yv[2*i+1]
			}
			if gx[3*i+j] != want {
				t.Errorf("dx[%d,%d] = %v, want %v", i, j, gx[3*i+j], want)
			}
		}
		for k := range 2 {
			if gy[2*i+k] != xv[4*i] {
				t.Errorf("dy[%d,%d] = %v, want %v", i, k, gy[2*i+k], xv[4*i])
			}
		}
	}
}

// TestEinsumGreedyOrder checks the contraction order on a chain where left to right is
// costly: the matrix-vector product jk,k must come first, and the answer must agree.
func TestEinsumGreedyOrder(t *testing.T) {
	a := testValues([]int{40, 30}, 1, tensor.Float64)
	b := testValues([]int{30, 50}, 2, tensor.Float64)
	v := testValues([]int{50}, 3, tensor.Float64)
	got := tensor.Einsum("ij,jk,k->i", a, b, v)
	want := tensor.MatMul(a, tensor.MatMul(b, v))
	if !tensor.AllClose(got, want, 1e-12, 1e-9) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// BenchmarkEinsumMatMul compares a 256×256 "ij,jk->ik" einsum with MatMul on the same
// operands: Einsum maps it to the one GEMM, so the two should take the same time.
func BenchmarkEinsumMatMul(b *testing.B) {
	x := testValues([]int{256, 256}, 1, tensor.Float32)
	y := testValues([]int{256, 256}, 2, tensor.Float32)
	b.Run("einsum", func(b *testing.B) {
		for range b.N {
			tensor.Einsum("ij,jk->ik", x, y).Free()
		}
	})
	b.Run("matmul", func(b *testing.B) {
		for range b.N {
			tensor.MatMul(x, y).Free()
		}
	})
	b.Run("einsum-transposed", func(b *testing.B) {
		for range b.N {
			tensor.Einsum("ik,jk->ij", x, y).Free()
		}
	})
	b.Run("matmul-transposed", func(b *testing.B) {
		for range b.N {
			tensor.MatMul(x, y.T()).Free()
		}
	})
}
