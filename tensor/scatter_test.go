package tensor

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
)

// addAtArray is an array of testdata/addat.json (gen_addat.py): non-finite floats are
// the strings "nan", "inf", "-inf".
type addAtArray struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  []any  `json:"data"`
}

func (a addAtArray) floats(t *testing.T) []float64 {
	f := make([]float64, len(a.Data))
	for i, v := range a.Data {
		switch x := v.(type) {
		case float64:
			f[i] = x
		case string:
			f[i] = map[string]float64{"nan": math.NaN(), "inf": math.Inf(1), "-inf": math.Inf(-1)}[x]
		default:
			t.Fatalf("value %v of type %T", v, v)
		}
	}
	return f
}

// tensor builds the array as a tensor of its dtype (integers exact up to 2**53).
func (a addAtArray) tensor(t *testing.T) *Tensor {
	f := a.floats(t)
	switch a.DType {
	case "float64":
		return FromSlice(f, a.Shape...)
	case "float32":
		return FromSlice(convertSlice[float32](f), a.Shape...)
	case "int32":
		return FromSlice(convertSlice[int32](f), a.Shape...)
	case "int64":
		return FromSlice(convertSlice[int64](f), a.Shape...)
	case "uint8":
		return FromSlice(convertSlice[uint8](f), a.Shape...)
	}
	t.Fatalf("dtype %q", a.DType)
	return nil
}

func convertSlice[T float32 | int32 | int64 | uint8](f []float64) []T {
	s := make([]T, len(f))
	for i, v := range f {
		s[i] = T(v)
	}
	return s
}

type addAtCase struct {
	Name      string      `json:"name"`
	Dst       addAtArray  `json:"dst"`
	Indices   addAtArray  `json:"indices"`
	Src       *addAtArray `json:"src"`
	SrcScalar *float64    `json:"src_scalar"`
	Axis      *int        `json:"axis"`
	Want      *addAtArray `json:"want"`
	Error     string      `json:"error"`
}

// src is the case's src: a tensor, or a Go number of the kind NumPy saw (int or float).
func (c addAtCase) src(t *testing.T) any {
	if c.Src != nil {
		return c.Src.tensor(t)
	}
	if v := *c.SrcScalar; v == math.Trunc(v) && c.Dst.DType != "float32" && c.Dst.DType != "float64" {
		return int(v)
	}
	return *c.SrcScalar
}

// TestAddAtNumPy checks AddAt against NumPy's np.add.at (testdata/gen_addat.py).
func TestAddAtNumPy(t *testing.T) {
	b, err := os.ReadFile("testdata/addat.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []addAtCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 8 {
		t.Fatalf("only %d cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			dst := c.Dst.tensor(t)
			var axis []int
			if c.Axis != nil {
				axis = []int{*c.Axis}
			}
			var res *Tensor
			err := Try(func() { res = AddAt(dst, c.Indices.tensor(t), c.src(t), axis...) })
			if c.Error != "" {
				if err == nil || KindOf(err).String() != c.Error {
					t.Fatalf("got %v (kind %v), want a %s error", err, KindOf(err), c.Error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res != dst {
				t.Errorf("AddAt did not return dst")
			}
			if !slices.Equal(dst.Shape(), c.Want.Shape) || dst.DType().String() != c.Want.DType {
				t.Fatalf("shape %v dtype %v, want %v %v", dst.Shape(), dst.DType(), c.Want.Shape, c.Want.DType)
			}
			got, want := ToSlice[float64](dst), c.Want.floats(t)
			for i := range want {
				if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
					t.Fatalf("element %d is %v, want %v (got %v, want %v)", i, got[i], want[i], got, want)
				}
			}
		})
	}
}

// guarded returns a (6, 10) float64 tensor of NaN, whose elements outside a view the
// tests write must stay NaN.
func guarded() *Tensor { return Full(Float64, math.NaN(), 6, 10) }

func countNaN(x *Tensor) int {
	n := 0
	for _, v := range ToSlice[float64](x) {
		if math.IsNaN(v) {
			n++
		}
	}
	return n
}

// TestAddAtViews writes through strided, negative-step and transposed views of a
// NaN-filled tensor, with src and indices as negative-step, transposed and broadcast
// views, and checks each against AddAt on a contiguous copy and that nothing outside
// the view changed.
func TestAddAtViews(t *testing.T) {
	dsts := map[string]func(b *Tensor) *Tensor{
		"contiguous": func(b *Tensor) *Tensor { return b.Slice(S(1, 5), S(2, 5)) },
		"negative":   func(b *Tensor) *Tensor { return b.Slice(S(5, 1, -1), S(8, 1, -3)) },
		"transposed": func(b *Tensor) *Tensor { return b.Slice(S(0, 3), S(1, 9, 2)).T().Slice(S(), S(None, None, -1)) },
	}
	idxs := map[string]*Tensor{
		"plain":         FromSlice([]int64{0, 2, 2, -1, 0, 1, 2}),
		"negative":      FromSlice([]int64{-1, 0, 1, 1, 2, -3, 0, 9, 9}).Slice(S(6, None, -1)),
		"2d-transposed": FromSlice([]int32{2, -1, 0, 0, 1, 2, 2, 1}, 2, 4).T().Slice(S(0, 3)),
	}
	for dname, mk := range dsts {
		for iname, idx := range idxs {
			for axis := 0; axis < 2; axis++ {
				for _, sname := range []string{"contiguous", "flipped", "transposed", "broadcast", "scalar"} {
					name := fmt.Sprintf("%s/%s/axis%d/%s", dname, iname, axis, sname)
					base := guarded()
					dst := mk(base)
					if dst.Shape()[axis] < 3 {
						continue
					}
					SetSlice(dst, Arange(Float64, 0, float64(dst.Size()), 1).Reshape(dst.Shape()...).Mul(0.5))
					shape := append(append(append([]int{}, dst.Shape()[:axis]...), idx.Shape()...), dst.Shape()[axis+1:]...)
					n := 1
					for _, d := range shape {
						n *= d
					}
					var src any
					vals := Arange(Float64, 1, float64(n)+1, 1).Mul(0.25)
					switch sname {
					case "contiguous":
						src = vals.Reshape(shape...)
					case "flipped":
						src = vals.Reshape(shape...).Flip()
					case "transposed":
						rev := slices.Clone(shape)
						slices.Reverse(rev)
						src = vals.Reshape(rev...).T()
					case "broadcast":
						src = vals.Slice(S(0, shape[len(shape)-1]))
					case "scalar":
						src = 1.5
					}
					want := dst.Copy()
					AddAt(want, idx, src, axis)
					AddAt(dst, idx, src, axis)
					if !ArrayEqual(dst, want) {
						t.Errorf("%s: got %v, want %v", name, dst, want)
					}
					if got := countNaN(base); got != base.Size()-dst.Size() {
						t.Errorf("%s: %d NaN guards left of %d", name, got, base.Size()-dst.Size())
					}
				}
			}
		}
	}
}

// TestAddAtFlat: without an axis dst is flattened in C order, including a transposed
// dst that cannot be flattened as a view (AddAt goes through a temporary).
func TestAddAtFlat(t *testing.T) {
	base := guarded()
	dst := base.Slice(S(0, 3), S(0, 2)).T() // (2, 3), not flattenable as a view
	SetSlice(dst, 0)
	AddAt(dst, FromSlice([]int64{0, 5, 5, -2, 1}), FromSlice([]float64{1, 2, 3, 4, 5}))
	want := FromSlice([]float64{1, 5, 0, 0, 4, 5}, 2, 3)
	if !ArrayEqual(dst, want) {
		t.Errorf("got %v, want %v", dst, want)
	}
	if got := countNaN(base); got != 54 {
		t.Errorf("%d NaN guards left of 54", got)
	}
	// A 0-d dst is one element.
	s := Scalar(2.0)
	AddAt(s, FromSlice([]int64{0, -1, 0}), 1.0)
	if s.Item() != 5.0 {
		t.Errorf("0-d: got %v, want 5", s.Item())
	}
}

// TestAddAtOverlap: src a view of dst is read before dst is written, as in NumPy
// (np.add.at(a, [0, 0, 1], a[1:4]) adds a's original values).
func TestAddAtOverlap(t *testing.T) {
	a := FromSlice([]float64{1, 2, 3, 4, 5})
	AddAt(a, FromSlice([]int64{0, 0, 1}), a.Slice(S(1, 4)))
	want := FromSlice([]float64{6, 6, 3, 4, 5})
	if !ArrayEqual(a, want) {
		t.Errorf("got %v, want %v", a, want)
	}
	i := FromSlice([]int64{0, 1, 1, 3})
	AddAt(i, i, int64(1)) // indices are dst itself
	if want := FromSlice([]int64{1, 3, 1, 4}); !ArrayEqual(i, want) {
		t.Errorf("indices aliasing dst: got %v, want %v", i, want)
	}
}

// TestAddAtDeterministic: a large float32 scatter with many repeats gives the same bits
// on every run (the CPU adds each element's terms in index order).
func TestAddAtDeterministic(t *testing.T) {
	n := 200000
	iv := make([]int64, n)
	sv := make([]float32, n)
	for i := range iv {
		iv[i] = int64((i * 7919) % 13)
		sv[i] = float32(math.Sin(float64(i))) * float32(math.Pow(10, float64(i%7-3)))
	}
	idx, src := FromSlice(iv), FromSlice(sv)
	// The reference: sequential in index order.
	ref := make([]float32, 13)
	for i, j := range iv {
		ref[j] += sv[i]
	}
	for run := 0; run < 3; run++ {
		dst := Zeros(Float32, 13)
		AddAt(dst, idx, src)
		if got := ToSlice[float32](dst); !slices.Equal(got, ref) {
			t.Fatalf("run %d: got %v, want %v", run, got, ref)
		}
		rows := Zeros(Float32, 13, 40)
		AddAt(rows, idx, src.Reshape(n, 1).BroadcastTo(n, 40), 0)
		col := ToSlice[float32](rows.Slice(S(), 17))
		if !slices.Equal(col, ref) {
			t.Fatalf("run %d rows: got %v, want %v", run, col, ref)
		}
	}
}

func TestAddAtErrors(t *testing.T) {
	x := Zeros(Float64, 3, 4)
	ix := FromSlice([]int64{0, 1})
	tests := []struct {
		name string
		kind Kind
		f    func()
	}{
		{"out of range", Index, func() { AddAt(x, FromSlice([]int64{0, 4}), 1.0, 1) }},
		{"negative out of range", Index, func() { AddAt(x, FromSlice([]int64{-4}), 1.0, 0) }},
		{"flat out of range", Index, func() { AddAt(x, FromSlice([]int64{12}), 1.0) }},
		{"float indices", Index, func() { AddAt(x, FromSlice([]float64{0}), 1.0) }},
		{"src shape", Shape, func() { AddAt(x, ix, Ones(Float64, 3, 3), 1) }},
		{"src too many dims", Shape, func() { AddAt(x, ix, Ones(Float64, 2, 3, 2), 1) }},
		{"read-only", Value, func() { AddAt(Zeros(Float64, 4).BroadcastTo(3, 4), ix, 1.0, 1) }},
		{"bool dst", Value, func() { AddAt(Zeros(Bool, 3), ix, true) }},
		{"float into int", Value, func() { AddAt(Zeros(Int64, 3), ix, 1.5) }},
		{"float tensor into int", Value, func() { AddAt(Zeros(Int32, 3), ix, Ones(Float32, 2)) }},
		{"int tensor into uint8", Value, func() { AddAt(Zeros(Uint8, 3), ix, Ones(Int32, 2)) }},
		{"go int out of uint8", Value, func() { AddAt(Zeros(Uint8, 3), ix, -1) }},
		{"axis", Axis, func() { AddAt(x, ix, 1.0, 2) }},
		{"two axes", Value, func() { AddAt(x, ix, 1.0, 0, 1) }},
		{"0-d axis", Axis, func() { AddAt(Scalar(1.0), ix, 1.0, 0) }},
		{"nil dst", Value, func() { AddAt(nil, ix, 1.0) }},
		{"nil indices", Value, func() { AddAt(x, nil, 1.0) }},
		{"bad src", Value, func() { AddAt(x, ix, "one") }},
	}
	for _, tc := range tests {
		before := ToSlice[float64](x)
		err := Try(tc.f)
		if KindOf(err) != tc.kind {
			t.Errorf("%s: got %v (kind %v), want kind %v", tc.name, err, KindOf(err), tc.kind)
		}
		if !slices.Equal(ToSlice[float64](x), before) {
			t.Errorf("%s: dst changed despite the error", tc.name)
		}
	}
	// The message names the op, the index, the axis and its size.
	err := Try(func() { AddAt(x, FromSlice([]int64{1, -5}), 1.0, 1) })
	if want := "tensor.AddAt: index -5 is out of bounds for axis 1 with size 4"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestScatterAddHelper: the internal helper with an int32 index, a broadcast src of
// another dtype, on a middle axis.
func TestScatterAddHelper(t *testing.T) {
	dst := Zeros(Float32, 2, 3, 2)
	got := scatterAdd("test", dst, FromSlice([]int32{2, 2, 0}), FromSlice([]float64{1, 2}), 1)
	want := FromSlice([]float32{1, 2, 0, 0, 2, 4, 1, 2, 0, 0, 2, 4}, 2, 3, 2)
	if got != dst || !ArrayEqual(dst, want) {
		t.Errorf("got %v, want %v", dst, want)
	}
}
