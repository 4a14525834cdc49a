package tensor_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// TestSearchLayout runs the search family of layouttest's table on the CPU: every op on
// views of every kind against the same op on copies.
func TestSearchLayout(t *testing.T) {
	layouttest.Run(t, layouttest.SearchOps(), layouttest.Config{Dev: device.CPU(), Seed: 1})
}

// lessNaN is np.sort's order on float64 values: NaN last.
func lessNaN(a, b float64) bool { return a < b || (!math.IsNaN(a) && math.IsNaN(b)) }

func sameNaN(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// randomTensor draws values with ties and, for floats, NaN, ±Inf and -0.
func randomTensor(r *rand.Rand, dt tensor.DType, shape ...int) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		switch {
		case dt == tensor.Bool:
			v[i] = float64(r.IntN(2))
		case dt == tensor.Uint8:
			v[i] = float64(r.IntN(6))
		case !dt.IsFloat():
			v[i] = float64(r.IntN(9) - 4)
		case r.IntN(8) == 0:
			v[i] = []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}[r.IntN(4)]
		default:
			v[i] = float64(r.IntN(13)-6) / 2
		}
	}
	return tensor.FromSlice(v, shape...).AsType(dt)
}

// lanes returns t's values along axis as rows, in float64.
func lanes(t *tensor.Tensor, axis int) [][]float64 {
	m := t.MoveAxis(axis, -1)
	n := m.Dim(-1)
	v := tensor.ToSlice[float64](m)
	var out [][]float64
	for i := 0; n > 0 && i < len(v); i += n {
		out = append(out, v[i:i+n])
	}
	return out
}

// checkPartitioned reports how row p fails to be partitioned at ks with sorted row s
// (the sort of the same values), or "".
func checkPartitioned(p, s []float64, ks []int) string {
	ps := slices.Clone(p)
	slices.SortFunc(ps, func(a, b float64) int {
		switch {
		case lessNaN(a, b):
			return -1
		case lessNaN(b, a):
			return 1
		}
		return 0
	})
	for i := range ps {
		if !sameNaN(ps[i], s[i]) {
			return fmt.Sprintf("not a permutation: sorted %v, want %v", ps, s)
		}
	}
	for _, k := range ks {
		if k < 0 {
			k += len(p)
		}
		if !sameNaN(p[k], s[k]) {
			return fmt.Sprintf("element %d is %v, want %v (row %v)", k, p[k], s[k], p)
		}
		for j := range p {
			if j < k && lessNaN(p[k], p[j]) || j > k && lessNaN(p[j], p[k]) {
				return fmt.Sprintf("element %d (%v) is on the wrong side of kth %d (%v): row %v", j, p[j], k, p[k], p)
			}
		}
	}
	return ""
}

// TestPartitionProperty checks Partition and ArgPartition against a sort: for every kth,
// the element there is the sorted one, nothing before it sorts after it and nothing after
// it before it; the result is a permutation (of x, or of the positions).
func TestPartitionProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 13))
	shapes := [][]int{{1}, {2}, {7}, {33}, {3, 5}, {4, 1, 6}, {2, 9, 3}}
	for _, dt := range layouttest.AllDTypes {
		for _, shape := range shapes {
			for _, axis := range []int{-1, 0, 1, tensor.None} {
				if axis == 1 && len(shape) < 2 {
					continue
				}
				n := 1
				if axis == tensor.None {
					for _, d := range shape {
						n *= d
					}
				} else {
					n = shape[(axis+len(shape))%len(shape)]
				}
				for trial := 0; trial < 3; trial++ {
					ks := []int{r.IntN(n)}
					if trial > 0 {
						ks = append(ks, r.IntN(n)-n, r.IntN(n))
					}
					x := randomTensor(r, dt, shape...)
					name := fmt.Sprintf("%v%v axis %d kth %v", dt, shape, axis, ks)
					if axis == tensor.None {
						name = fmt.Sprintf("%v%v axis None kth %v", dt, shape, ks)
					}
					p := tensor.Partition(x, ks, axis)
					idx := tensor.ArgPartition(x, ks, axis)
					if p.DType() != dt || idx.DType() != tensor.Int64 {
						t.Fatalf("%s: dtypes %v and %v", name, p.DType(), idx.DType())
					}
					flat, ax := x, axis
					if axis == tensor.None {
						flat, ax = x.Reshape(-1), 0
					}
					want := lanes(tensor.Sort(flat, ax), ax)
					gotP := lanes(p, ax)
					gathered := lanes(takeAlong(flat, idx, ax), ax)
					positions := lanes(idx, ax)
					for i := range want {
						if msg := checkPartitioned(gotP[i], want[i], ks); msg != "" {
							t.Errorf("Partition %s, lane %d: %s", name, i, msg)
						}
						if msg := checkPartitioned(gathered[i], want[i], ks); msg != "" {
							t.Errorf("ArgPartition %s, lane %d: %s", name, i, msg)
						}
						ps := slices.Clone(positions[i])
						slices.Sort(ps)
						for j, v := range ps {
							if v != float64(j) {
								t.Errorf("ArgPartition %s, lane %d: positions %v are not a permutation", name, i, positions[i])
								break
							}
						}
					}
				}
			}
		}
	}
}

// takeAlong is np.take_along_axis(x, idx, axis) for idx of x's shape, on the host.
func takeAlong(x, idx *tensor.Tensor, axis int) *tensor.Tensor {
	m, mi := x.MoveAxis(axis, -1).Contiguous(), idx.MoveAxis(axis, -1).Contiguous()
	v, iv := tensor.ToSlice[float64](m), tensor.ToSlice[int64](mi)
	out := make([]float64, len(v))
	n := m.Dim(-1)
	for i := range out {
		out[i] = v[i-i%n+int(iv[i])]
	}
	return tensor.FromSlice(out, m.Shape()...).AsType(x.DType()).MoveAxis(-1, axis)
}

// TestSearchSortedCounts checks SearchSorted against its definition on every pair of
// dtypes: left is the count of a's elements that sort before v, right the count of those
// that do not sort after it; with a sorter, an unsorted a gives the same answer.
func TestSearchSortedCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 1))
	for _, adt := range layouttest.AllDTypes {
		for _, vdt := range layouttest.AllDTypes {
			for _, n := range []int{0, 1, 6, 17} {
				raw := randomTensor(r, adt, n)
				a := raw.Sort()
				v := randomTensor(r, vdt, 3, 4)
				av, vv := tensor.ToSlice[float64](a), tensor.ToSlice[float64](v)
				for _, side := range []string{"left", "right"} {
					name := fmt.Sprintf("%v[%d] %v %s", adt, n, vdt, side)
					got := tensor.ToSlice[int64](tensor.SearchSorted(a, v, side, nil))
					viaSorter := tensor.ToSlice[int64](raw.SearchSorted(v, side, raw.ArgSort()))
					for i, x := range vv {
						want := 0
						for _, y := range av {
							if side == "left" && lessNaN(y, x) || side == "right" && !lessNaN(x, y) {
								want++
							}
						}
						if got[i] != int64(want) || viaSorter[i] != int64(want) {
							t.Errorf("%s: position of %v in %v is %d (with a sorter %d), want %d", name, x, av, got[i], viaSorter[i], want)
						}
					}
				}
			}
		}
	}
}

// TestSearchWeakScalars pins NEP 50 for Go scalars: a float scalar takes a float32
// tensor's dtype (NumPy 1.24's value-based casting compares 0.1 in float64 instead), and
// a Go integer outside an integer dtype's range still compares exactly.
func TestSearchWeakScalars(t *testing.T) {
	a32 := tensor.FromSlice([]float32{0.1, 0.2})
	if got := a32.SearchSorted(0.1, "right", nil).Int(); got != 1 {
		t.Errorf("SearchSorted(float32 [0.1 0.2], 0.1, right) = %d, want 1", got)
	}
	if got := a32.IsIn(0.1, false); !tensor.ToSlice[bool](got)[0] {
		t.Errorf("IsIn(float32 0.1, 0.1) = %v, want true", got)
	}
	if got := tensor.IsIn(a32, tensor.FromSlice([]float64{0.1}), false); tensor.ToSlice[bool](got)[0] {
		t.Errorf("IsIn(float32 0.1, float64 [0.1]) = %v, want false (compared in float64)", got)
	}
	u8 := tensor.FromSlice([]uint8{1, 200, 255})
	for v, want := range map[int]int64{300: 3, -1: 0, 255: 2} {
		if got := u8.SearchSorted(v, "left", nil).Int(); got != want {
			t.Errorf("SearchSorted(uint8 %v, %d) = %d, want %d", tensor.ToSlice[uint8](u8), v, got, want)
		}
	}
	if got := tensor.ToSlice[bool](tensor.IsIn(u8, 456, false)); slices.Contains(got, true) {
		t.Errorf("IsIn(uint8, 456) = %v, want all false", got)
	}
	if got := tensor.Digitize(2.5, tensor.FromSlice([]int32{1, 2, 3}), false); got.NDim() != 0 || got.Int() != 2 {
		t.Errorf("Digitize(2.5, [1 2 3]) = %v, want 0-d 2", got)
	}
}

// TestLexSortMatchesArgSorts checks LexSort against its definition by stable sorts: sort
// by the first key, then stably by each later one.
func TestLexSortMatchesArgSorts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for _, shape := range [][]int{{1}, {9}, {40}, {3, 7}, {2, 5, 4}} {
		for _, ax := range []int{-1, 0} {
			keys := []*tensor.Tensor{randomTensor(r, tensor.Float64, shape...), randomTensor(r, tensor.Int32, shape...), randomTensor(r, tensor.Bool, shape...)}
			got := tensor.LexSort(keys, ax)
			a := (ax + len(shape)) % len(shape)
			idx := tensor.ArgSort(keys[0], a)
			for _, k := range keys[1:] {
				idx = takeAlong(idx, tensor.ArgSort(takeAlong(k, idx, a), a), a)
			}
			if !tensor.ArrayEqual(got, idx) {
				t.Errorf("LexSort of shape %v along %d = %v, want %v", shape, ax, got, idx)
			}
		}
	}
}

// TestIsInMatchesEqual checks IsIn against a broadcast Equal on every pair of dtypes.
func TestIsInMatchesEqual(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 4))
	for _, edt := range layouttest.AllDTypes {
		for _, sdt := range layouttest.AllDTypes {
			for _, n := range []int{0, 1, 5} {
				e, s := randomTensor(r, edt, 3, 4), randomTensor(r, sdt, n)
				want := tensor.Any(tensor.Equal(e.Reshape(3, 4, 1), s), -1)
				if got := tensor.IsIn(e, s, false); !tensor.ArrayEqual(got, want) {
					t.Errorf("IsIn(%v, %v %v) = %v, want %v", e, sdt, s, got, want)
				}
				if got := tensor.IsIn(e, s, true); !tensor.ArrayEqual(got, tensor.LogicalNot(want)) {
					t.Errorf("IsIn(%v, %v, invert) = %v", e, s, got)
				}
			}
		}
	}
}

// TestInterpPoints checks that Interp gives float64, fp at the points, the straight line
// between them, and the periodic form's wrap-around.
func TestInterpPoints(t *testing.T) {
	xp := tensor.FromSlice([]int32{-2, 0, 1, 4})
	fp := tensor.FromSlice([]float32{3, -1, 0.5, 6.5})
	got := tensor.Interp(xp, xp, fp, nil, nil)
	if got.DType() != tensor.Float64 || !tensor.ArrayEqual(got, fp) {
		t.Errorf("Interp at the points = %v, want %v in float64", got, fp)
	}
	mid := tensor.ToSlice[float64](tensor.Interp(tensor.FromSlice([]float64{-1, 0.25, 2.5, 9, -5}), xp, fp, nil, 100))
	if want := []float64{1, -0.625, 3.5, 100, 3}; !slices.Equal(mid, want) {
		t.Errorf("Interp between the points = %v, want %v", mid, want)
	}
	// xp mod 6 is 4, 0, 1, 4: sorted (stably) 0, 1, 4, 4 with fp -1, 0.5, 3, 6.5, padded
	// with (-2, 6.5) and (6, -1); x mod 6 is 5, 5, 0.5.
	per := tensor.ToSlice[float64](tensor.InterpPeriodic(tensor.FromSlice([]float64{-1, 5, 6.5}), xp, fp, tensor.Scalar(6.0)))
	if want := []float64{2.75, 2.75, -0.25}; !slices.Equal(per, want) {
		t.Errorf("InterpPeriodic = %v, want %v", per, want)
	}
}

// TestSearchErrors checks the misuse of each function: the error's kind, and a message
// naming the op.
func TestSearchErrors(t *testing.T) {
	x := tensor.FromSlice([]float64{3, 1, 2, 5}, 2, 2)
	v := tensor.FromSlice([]float64{1, 2, 3})
	xp := tensor.FromSlice([]float64{0, 1, 2})
	cases := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"SearchSorted 2-D a", tensor.Value, func() { tensor.SearchSorted(x, 1, "left", nil) }},
		{"SearchSorted 0-d a", tensor.Value, func() { tensor.SearchSorted(tensor.Scalar(1.0), 1, "left", nil) }},
		{"SearchSorted side", tensor.Value, func() { tensor.SearchSorted(v, 1, "up", nil) }},
		{"SearchSorted nil a", tensor.Value, func() { tensor.SearchSorted(nil, 1, "left", nil) }},
		{"SearchSorted string v", tensor.Value, func() { tensor.SearchSorted(v, "1", "left", nil) }},
		{"SearchSorted sorter size", tensor.Value, func() { v.SearchSorted(1, "left", tensor.FromSlice([]int64{0, 1})) }},
		{"SearchSorted sorter range", tensor.Value, func() { v.SearchSorted(1, "left", tensor.FromSlice([]int64{0, 1, 3})) }},
		{"SearchSorted sorter negative", tensor.Value, func() { v.SearchSorted(1, "left", tensor.FromSlice([]int64{0, 1, -1})) }},
		{"SearchSorted sorter float", tensor.Value, func() { v.SearchSorted(1, "left", tensor.FromSlice([]float64{0, 1, 2})) }},
		{"Digitize not monotonic", tensor.Value, func() { tensor.Digitize(v, tensor.FromSlice([]int64{1, 3, 2}), false) }},
		{"Digitize 2-D bins", tensor.Value, func() { tensor.Digitize(v, x, false) }},
		{"Digitize nil bins", tensor.Value, func() { tensor.Digitize(v, nil, false) }},
		{"Partition kth", tensor.Value, func() { x.Partition(2) }},
		{"Partition negative kth", tensor.Value, func() { x.Partition(-3) }},
		{"Partition kth type", tensor.Value, func() { x.Partition(1.0) }},
		{"Partition kth tensor dtype", tensor.Value, func() { x.Partition(tensor.Scalar(1.0)) }},
		{"Partition kth 2-D", tensor.Value, func() { x.Partition(tensor.FromSlice([]int64{1}, 1, 1)) }},
		{"Partition axis", tensor.Axis, func() { x.Partition(0, 2) }},
		{"Partition two axes", tensor.Value, func() { x.Partition(0, 0, 1) }},
		{"Partition 0-d", tensor.Axis, func() { tensor.Scalar(1.0).Partition(0) }},
		{"ArgPartition kth", tensor.Value, func() { x.ArgPartition([]int{0, 5}, tensor.None) }},
		{"ArgPartition 0-d axis", tensor.Axis, func() { tensor.Scalar(1.0).ArgPartition(0, 1) }},
		{"LexSort no keys", tensor.Value, func() { tensor.LexSort(nil) }},
		{"LexSort nil key", tensor.Value, func() { tensor.LexSort([]*tensor.Tensor{v, nil}) }},
		{"LexSort shapes", tensor.Shape, func() { tensor.LexSort([]*tensor.Tensor{v, x}) }},
		{"LexSort axis", tensor.Axis, func() { tensor.LexSort([]*tensor.Tensor{x}, 2) }},
		{"LexSort 0-d axis", tensor.Axis, func() { tensor.LexSort([]*tensor.Tensor{tensor.Scalar(1.0)}, 1) }},
		{"IsIn nil", tensor.Value, func() { tensor.IsIn(v, (*tensor.Tensor)(nil), false) }},
		{"Interp empty", tensor.Value, func() { tensor.Interp(v, tensor.Zeros(tensor.Float64, 0), tensor.Zeros(tensor.Float64, 0), nil, nil) }},
		{"Interp lengths", tensor.Value, func() { tensor.Interp(v, xp, v.Slice(tensor.S(0, 2)), nil, nil) }},
		{"Interp 2-D xp", tensor.Value, func() { tensor.Interp(v, x, x, nil, nil) }},
		{"Interp left tensor", tensor.Value, func() { tensor.Interp(v, xp, xp, v, nil) }},
		{"Interp right type", tensor.Value, func() { tensor.Interp(v, xp, xp, nil, "x") }},
		{"InterpPeriodic zero", tensor.Value, func() { tensor.InterpPeriodic(v, xp, xp, 0) }},
		{"InterpPeriodic nil", tensor.Value, func() { tensor.InterpPeriodic(v, xp, xp, nil) }},
		{"InterpPeriodic empty", tensor.Value, func() {
			tensor.InterpPeriodic(v, tensor.Zeros(tensor.Float64, 0), tensor.Zeros(tensor.Float64, 0), 1)
		}},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if tensor.KindOf(err) != c.kind {
			t.Errorf("%s: error %v (kind %v), want kind %v", c.name, err, tensor.KindOf(err), c.kind)
		}
	}
}
