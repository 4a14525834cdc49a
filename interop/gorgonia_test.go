package interop

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	gt "gorgonia.org/tensor"

	"github.com/gotensor/gotensor/tensor"
)

var contiguousShapes = [][]int{{}, {0}, {1}, {7}, {0, 3}, {1, 1}, {3, 1}, {1, 33}, {3, 4}, {2, 3, 4}}

// denseOf returns a C-order gorgonia Dense of dtype gdt with seq's values.
func denseOf(gdt gt.Dtype, dt tensor.DType, shape ...int) *gt.Dense {
	if len(shape) == 0 {
		return gt.New(gt.FromScalar(typed(gdt, seq(dt).Item())))
	}
	return ToGorgonia(seq(dt, shape...)).Clone().(*gt.Dense)
}

func TestGorgoniaContiguousRoundTrip(t *testing.T) {
	for _, c := range dtypes {
		for _, shape := range contiguousShapes {
			t.Run(fmt.Sprintf("%v%v", c.dt, shape), func(t *testing.T) {
				x := seq(c.dt, shape...)
				d := ToGorgonia(x)
				if d.Dtype() != c.gdt {
					t.Fatalf("ToGorgonia dtype %v, want %v", d.Dtype(), c.gdt)
				}
				checkValues(t, x, d)
				checkShared(t, x, d, true)

				y := FromGorgonia(d)
				if y.DType() != c.dt || !slices.Equal(y.Shape(), shape) {
					t.Fatalf("FromGorgonia: %v %v, want %v %v", y.DType(), y.Shape(), c.dt, shape)
				}
				checkValues(t, y, d)
				checkShared(t, y, d, true)
				if x.Size() > 0 && !y.SharesMemory(x) && !sameData(x, y) {
					t.Errorf("round trip does not share the original storage")
				}
			})
		}
	}
}

// sameData reports whether two contiguous CPU tensors start at the same element.
func sameData(x, y *tensor.Tensor) bool {
	old := x.At(make([]int, x.NDim())...)
	x.SetAt(other(old, x.DType()), make([]int, x.NDim())...)
	defer x.SetAt(old, make([]int, x.NDim())...)
	return y.At(make([]int, y.NDim())...) != old
}

func TestGorgoniaScalar(t *testing.T) {
	d := gt.New(gt.FromScalar(2.5))
	x := FromGorgonia(d)
	if x.NDim() != 0 || x.Item() != 2.5 {
		t.Fatalf("FromGorgonia(scalar 2.5) = shape %v value %v", x.Shape(), x.Item())
	}
	checkShared(t, x, d, true)
}

// TestFromGorgoniaViews converts gorgonia views, transposes and column-major Dense values
// of every dtype and checks values and whether memory is shared, as documented.
func TestFromGorgoniaViews(t *testing.T) {
	cases := []struct {
		name   string
		make   func(d2, d3 *gt.Dense) *gt.Dense // d2 is 4×5, d3 is 2×3×4
		shared bool
	}{
		{"rows", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, gt.S(1, 3)) }, true},
		{"last row", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, gt.S(3)) }, true},
		{"leading columns", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, nil, gt.S(0, 2)) }, true},
		{"inner block", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, gt.S(1, 3), gt.S(1, 4)) }, true},
		{"column", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, nil, gt.S(2)) }, true},
		{"column step", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, nil, gt.S(0, 5, 2)) }, true},
		{"row step", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, gt.S(0, 4, 2)) }, true},
		{"trailing columns (copied)", func(d2, _ *gt.Dense) *gt.Dense { return slice(d2, nil, gt.S(1, 4)) }, false},
		{"transpose", func(d2, _ *gt.Dense) *gt.Dense { must(d2.T()); return d2 }, true},
		{"3-D permutation", func(_, d3 *gt.Dense) *gt.Dense { must(d3.T(1, 2, 0)); return d3 }, true},
		{"3-D slice", func(_, d3 *gt.Dense) *gt.Dense { return slice(d3, nil, gt.S(0, 2), gt.S(0, 4, 3)) }, true},
		{"3-D slice to the end (copied)", func(_, d3 *gt.Dense) *gt.Dense { return slice(d3, nil, gt.S(1, 3), gt.S(0, 4, 3)) }, false},
		{"slice then transpose", func(d2, _ *gt.Dense) *gt.Dense {
			v := slice(d2, gt.S(0, 3), gt.S(0, 2))
			must(v.T())
			return v
		}, true},
	}
	for _, c := range dtypes {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%v/%s", c.dt, tc.name), func(t *testing.T) {
				d := tc.make(denseOf(c.gdt, c.dt, 4, 5), denseOf(c.gdt, c.dt, 2, 3, 4))
				x := FromGorgonia(d)
				if x.DType() != c.dt {
					t.Fatalf("dtype %v, want %v", x.DType(), c.dt)
				}
				checkValues(t, x, d)
				checkShared(t, x, d, tc.shared)
			})
		}
	}
}

func TestFromGorgoniaFortran(t *testing.T) {
	d := gt.New(gt.WithShape(3, 4), gt.AsFortran(gt.Range(gt.Float64, 0, 12)))
	x := FromGorgonia(d)
	checkValues(t, x, d)
	checkShared(t, x, d, true)
	if !x.IsFortran() {
		t.Errorf("tensor from a column-major Dense has strides %v, want Fortran order", x.ElemStrides())
	}
}

func slice(d *gt.Dense, s ...gt.Slice) *gt.Dense {
	v, err := d.Slice(s...)
	must(err)
	return v.(*gt.Dense)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TestToGorgoniaViews converts strided tensors of every dtype and checks that gorgonia
// sees the same elements (At and Materialize), whether memory is shared, and that
// converting back gives the same values.
func TestToGorgoniaViews(t *testing.T) {
	cases := []struct {
		name   string
		make   func(x2, x3 *tensor.Tensor) *tensor.Tensor // x2 is 4×5, x3 is 2×3×4
		shared bool                                       // ToGorgonia shares
		back   bool                                       // FromGorgonia of that Dense shares (false: a slice to the end of its parent)
	}{
		{"rows", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Slice(tensor.S(1, 3)) }, true, true},
		{"transpose", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.T() }, true, true},
		{"columns", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Slice(tensor.S(), tensor.S(1, 4)) }, true, false},
		{"column", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Slice(tensor.S(), 4) }, true, true},
		{"column step", func(x2, _ *tensor.Tensor) *tensor.Tensor {
			return x2.Slice(tensor.S(), tensor.S(tensor.None, tensor.None, 2))
		}, true, true},
		{"both steps", func(x2, _ *tensor.Tensor) *tensor.Tensor {
			return x2.Slice(tensor.S(1, tensor.None, 2), tensor.S(1, tensor.None, 3))
		}, true, false},
		{"sliced transpose", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Slice(tensor.S(1, 4), tensor.S(2, 5)).T() }, true, false},
		{"3-D permutation", func(_, x3 *tensor.Tensor) *tensor.Tensor { return x3.Permute(1, 2, 0) }, true, true},
		{"3-D swap", func(_, x3 *tensor.Tensor) *tensor.Tensor { return x3.SwapAxes(0, 2) }, true, true},
		{"3-D middle index", func(_, x3 *tensor.Tensor) *tensor.Tensor { return x3.Slice(tensor.S(), 1) }, true, true},
		{"unit dimensions", func(_, x3 *tensor.Tensor) *tensor.Tensor {
			return x3.Slice(tensor.S(), tensor.S(1, 2), tensor.S(1, 3)).ExpandDims(0).Permute(0, 3, 2, 1)
		}, true, true},
		{"flip (copied)", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Flip(0) }, false, true},
		{"broadcast (copied)", func(x2, _ *tensor.Tensor) *tensor.Tensor { return x2.Slice(1).BroadcastTo(3, 5) }, false, true},
	}
	for _, c := range dtypes {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%v/%s", c.dt, tc.name), func(t *testing.T) {
				x := tc.make(seq(c.dt, 4, 5), seq(c.dt, 2, 3, 4))
				d := ToGorgonia(x)
				checkValues(t, x, d)
				m, ok := d.Materialize().(*gt.Dense)
				if !ok {
					t.Fatalf("Materialize returned %T", d.Materialize())
				}
				checkValues(t, x, m)
				checkShared(t, x, d, tc.shared)

				y := FromGorgonia(d)
				checkValues(t, y, d)
				checkShared(t, y, d, tc.back)
			})
		}
	}
}

func TestFromGorgoniaWidens(t *testing.T) {
	cases := []struct {
		data any
		gdt  gt.Dtype
		want tensor.DType
	}{
		{[]int{-3, 1 << (strconv.IntSize - 24), 5, 7, 9, -11}, gt.Int, tensor.Int64}, // 2^40 where int is 64-bit
		{[]uint32{1 << 31, 2, 3, 4, 5, 6}, gt.Uint32, tensor.Int64},
		{[]int8{-128, 2, 3, 4, 5, 127}, gt.Int8, tensor.Int32},
		{[]int16{-32768, 2, 3, 4, 5, 6}, gt.Int16, tensor.Int32},
		{[]uint16{65535, 2, 3, 4, 5, 6}, gt.Uint16, tensor.Int32},
	}
	for _, c := range cases {
		t.Run(c.gdt.String(), func(t *testing.T) {
			d := gt.New(gt.WithShape(2, 3), gt.WithBacking(c.data))
			x := FromGorgonia(d)
			if x.DType() != c.want {
				t.Fatalf("dtype %v, want %v", x.DType(), c.want)
			}
			for _, idx := range indices([]int{2, 3}) {
				v, _ := d.At(idx...)
				if got, want := x.IntAt(idx...), int64(num(v)); got != want {
					t.Fatalf("element %v: %d, want %d", idx, got, want)
				}
			}
			x.SetAt(42, 1, 2)
			if v, _ := d.At(1, 2); num(v) == 42 {
				t.Errorf("widened copy shares memory with the Dense")
			}
			// A transposed int Dense is gathered in its logical order.
			must(d.T())
			y := FromGorgonia(d)
			if got, _ := d.At(2, 1); float64(y.IntAt(2, 1)) != num(got) || !slices.Equal(y.Shape(), []int{3, 2}) {
				t.Errorf("transposed: shape %v, y[2,1] = %v, want %v", y.Shape(), y.IntAt(2, 1), got)
			}
		})
	}
}

func TestFromGorgoniaErrors(t *testing.T) {
	masked := gt.New(gt.WithShape(2), gt.WithBacking([]float64{1, 2}, []bool{false, true}))
	cases := []struct {
		name string
		d    *gt.Dense
	}{
		{"nil", nil},
		{"complex128", gt.New(gt.WithShape(2), gt.WithBacking([]complex128{1, 2}))},
		{"uint64", gt.New(gt.WithShape(2), gt.WithBacking([]uint64{1, 2}))},
		{"masked", masked},
	}
	for _, c := range cases {
		if k := panicKind(t, func() { FromGorgonia(c.d) }); k != tensor.Value {
			t.Errorf("%s: error kind %v, want value", c.name, k)
		}
	}
}
