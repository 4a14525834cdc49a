package tensor

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"testing"
)

// misuse is one wrong call and the kind of *Error it must panic with.
type misuse struct {
	name string
	kind Kind
	f    func()
}

// The misuse probes: each wrong call across the API must panic with a *Error of the
// stated Kind, which Try returns; a runtime panic, a hang or a result fails the probe.
// misuse_reflect_test.go adds the broken-receiver probes over every method.
func misuses() []misuse {
	f64 := func(shape ...int) *Tensor { return Arange(Float64, 0, float64(prod(shape)), 1).Reshape(shape...) }
	i64 := func(v ...int64) *Tensor { return FromSlice(v) }
	m := Ones(Float64, 3, 4)
	v := f64(5)
	b := FromSlice([]bool{true, false, true})
	ro := Scalar(1.0).BroadcastTo(3, 4)
	h := int(uint64(math.MaxInt)>>1 + 1)
	return []misuse{
		// Creation.
		{"Zeros negative", Value, func() { Zeros(Float64, 2, -1) }},
		{"Zeros rank 17", Value, func() { Zeros(Float64, make([]int, 17)...) }},
		{"Zeros overflow", Value, func() { Zeros(Float64, h, 4) }},
		{"Empty bad dtype", Value, func() { Empty(DType(99), 2) }},
		{"Full bad dtype", Value, func() { Full(DType(99), 1, 2) }},
		{"Full NaN int", Value, func() { Full(Int64, math.NaN(), 2) }},
		{"Full 300 uint8", Value, func() { Full(Uint8, 300, 2) }},
		{"Full -1 uint8", Value, func() { Full(Uint8, -1, 2) }},
		{"Full 1e10 int32", Value, func() { Full(Int32, 1e10, 2) }},
		{"Eye negative", Value, func() { Eye(Float64, -2, 0, 0) }},
		{"Eye overflow", Value, func() { Eye(Float64, h, 4, 0) }},
		{"Arange zero step", Value, func() { Arange(Float64, 0, 1, 0) }},
		{"Arange NaN stop", Value, func() { Arange(Float64, 0, math.NaN(), 1) }},
		{"Arange inf stop", Value, func() { Arange(Float32, 0, math.Inf(1), 1) }},
		{"Arange NaN step", Value, func() { Arange(Float64, 0, 1, math.NaN()) }},
		{"Arange huge", Value, func() { Arange(Float64, 0, 1e300, 1) }},
		{"Arange int overflow", Value, func() { Arange(Int32, 3e9, 3e9+2, 1) }},
		{"Arange bad dtype", Value, func() { Arange(DType(42), 0, 2, 1) }},
		{"Linspace negative", Value, func() { Linspace(Float64, 0, 1, -1, true) }},
		{"Linspace huge", Value, func() { Linspace(Float64, 0, 1, h, true) }},
		{"Linspace bad dtype", Value, func() { Linspace(DType(7), 0, 1, 3, true) }},
		{"FromSlice short", Shape, func() { FromSlice([]float64{1, 2, 3}, 2, 2) }},
		{"FromSlice negative", Value, func() { FromSlice([]float64{1, 2}, -2) }},
		{"FromSlice wrap", Value, func() { FromSlice(make([]float64, 6), 6, h+1, h+1) }},
		{"FromSlice rank", Value, func() { FromSlice([]float64{1}, make([]int, 17)...) }},
		{"AsType bad dtype", Value, func() { v.AsType(DType(9)) }},
		{"DataAs wrong dtype", Value, func() { DataAs[float32](v) }},
		{"Data strided", Value, func() { m.T().Data() }},
		{"Data read-only", Value, func() { Scalar(2.0).BroadcastTo(1).Data() }},
		// Element access.
		{"At out of range", Index, func() { v.At(5) }},
		{"At negative", Index, func() { v.At(-6) }},
		{"At too many", Index, func() { v.At(0, 0) }},
		{"At too few", Index, func() { m.At(0) }},
		{"IntAt out of range", Index, func() { m.IntAt(3, 0) }},
		{"SetAt out of range", Index, func() { m.Copy().SetAt(1, 0, 4) }},
		{"SetAt NaN int", Value, func() { i64(1, 2).SetAt(math.NaN(), 0) }},
		{"SetAt inf int", Value, func() { i64(1, 2).SetAt(math.Inf(-1), 0) }},
		{"SetAt read-only", Value, func() { ro.SetAt(2, 0, 0) }},
		{"Item of many", Value, func() { v.Item() }},
		{"Int of empty", Value, func() { Zeros(Int64, 0).Int() }},
		{"Bool of many", Value, func() { b.Bool() }},
		{"Fill read-only", Value, func() { ro.Fill(3) }},
		{"Fill 256 uint8", Value, func() { Zeros(Uint8, 2).Fill(256) }},
		{"Dim out of range", Axis, func() { m.Dim(2) }},
		// Views.
		{"Slice too many", Index, func() { m.Slice(0, 0, 0) }},
		{"Slice out of range", Index, func() { m.Slice(3) }},
		{"Slice negative out", Index, func() { m.Slice(-4) }},
		{"Slice zero step", Value, func() { v.Slice(S(None, None, 0)) }},
		{"Slice two ellipses", Index, func() { m.Slice(Ellipsis, Ellipsis) }},
		{"Slice bad spec", Index, func() { m.Slice("a") }},
		{"Transpose short", Value, func() { m.Transpose(0) }},
		{"Transpose repeated", Value, func() { m.Transpose(0, 0) }},
		{"Transpose axis", Axis, func() { m.Transpose(0, 2) }},
		{"SwapAxes axis", Axis, func() { m.SwapAxes(0, 2) }},
		{"MoveAxis axis", Axis, func() { m.MoveAxis(-3, 0) }},
		{"Reshape size", Shape, func() { m.Reshape(5, 2) }},
		{"Reshape two -1", Shape, func() { m.Reshape(-1, -1) }},
		{"Reshape negative", Value, func() { m.Reshape(-2, 6) }},
		{"Reshape -1 of zero", Shape, func() { Zeros(Float64, 0).Reshape(0, -1) }},
		{"Reshape overflow", Value, func() { Zeros(Float64, 0).Reshape(0, h, h) }},
		{"Squeeze non-1", Shape, func() { m.Squeeze(0) }},
		{"Squeeze axis", Axis, func() { m.Squeeze(5) }},
		{"ExpandDims axis", Axis, func() { m.ExpandDims(4) }},
		{"ExpandDims rank", Value, func() { Zeros(Float64, make([]int, 16)...).ExpandDims(0) }},
		{"BroadcastTo shrink", Shape, func() { m.BroadcastTo(4) }},
		{"BroadcastTo mismatch", Shape, func() { m.BroadcastTo(3, 5) }},
		{"BroadcastTo overflow", Value, func() { Scalar(1.0).BroadcastTo(h, h) }},
		{"BroadcastShapes", Shape, func() { BroadcastShapes([]int{2, 3}, []int{4}) }},
		{"Flip axis", Axis, func() { m.Flip(2) }},
		{"Flip repeated", Value, func() { m.Flip(0, 0) }},
		// Element-wise.
		{"Add shapes", Shape, func() { Add(m, v) }},
		{"Add bad operand", Value, func() { Add(m, "x") }},
		{"Add nil", Value, func() { Add(m, (*Tensor)(nil)) }},
		{"Add uint8 300", Value, func() { FromSlice([]uint8{1}).Add(300) }},
		{"Add uint8 -1", Value, func() { FromSlice([]uint8{1}).Add(-1) }},
		{"Add int32 2^40", Value, func() { FromSlice([]int32{1}).Add(int64(1) << 40) }},
		{"Sub bool", Value, func() { Sub(b, b) }},
		{"Pow int negative", Value, func() { Pow(i64(2, 3), -1) }},
		{"Pow int negative tensor", Value, func() { Pow(i64(2, 3), i64(1, -1)) }},
		{"AddInto shape", Shape, func() { AddInto(Zeros(Float64, 3), m, 1) }},
		{"AddInto cast", Value, func() { AddInto(Zeros(Int64, 3, 4), m, 1) }},
		{"AddInto read-only", Value, func() { AddInto(ro, m, 1) }},
		{"AddInto nil", Value, func() { AddInto(nil, m, 1) }},
		{"AddInPlace broadcast out", Shape, func() { Ones(Float64, 4).AddInPlace(m) }},
		{"MulInPlace read-only", Value, func() { ro.MulInPlace(2) }},
		{"DivInPlace int", Value, func() { i64(4, 6).DivInPlace(2) }},
		{"Neg bool", Value, func() { Neg(b) }},
		{"Sign bool", Value, func() { Sign(b) }},
		{"ExpInto int out", Value, func() { ExpInto(Zeros(Int64, 5), v) }},
		{"ExpInto shape", Shape, func() { ExpInto(Zeros(Float64, 4), v) }},
		{"ExpInto nil", Value, func() { ExpInto(nil, v) }},
		{"Exp nil", Value, func() { Exp(nil) }},
		{"Where shapes", Shape, func() { Where(b, m, 0.0) }},
		{"Where nil cond", Value, func() { Where(nil, 1.0, 2.0) }},
		{"Where uint8 1000", Value, func() { Where(b, FromSlice([]uint8{1, 2, 3}), 1000) }},
		{"Where bad operand", Value, func() { Where(b, struct{}{}, 1.0) }},
		{"FMA shapes", Shape, func() { FMA(m, v, 1.0) }},
		{"FMAInto nil", Value, func() { FMAInto(nil, v, v, v) }},
		{"Clip nil", Value, func() { Clip(nil, 0, 1) }},
		{"ClipInto shape", Shape, func() { ClipInto(Zeros(Float64, 2), v, 0, 1) }},
		{"IsClose shapes", Shape, func() { IsClose(m, v, 1e-5, 1e-8, false) }},
		{"Round nil", Value, func() { Round(nil, 2) }},
		// Reductions.
		{"Sum axis", Axis, func() { m.Sum(2) }},
		{"Sum negative axis", Axis, func() { m.Sum(-3) }},
		{"Sum duplicate", Value, func() { m.Sum(0, -2) }},
		{"Sum 0-d axis 1", Axis, func() { Scalar(1.0).Sum(1) }},
		{"Mean 0-d axis 0", Axis, func() { Scalar(1.0).Mean(0) }},
		{"Max empty", Value, func() { Zeros(Float64, 0).Max() }},
		{"Min empty axis", Value, func() { Zeros(Float64, 3, 0).Min(1) }},
		{"ArgMax empty", Value, func() { Zeros(Float64, 0).ArgMax() }},
		{"ArgMax two axes", Value, func() { ArgMax(m, 0, 1) }},
		{"ArgMin axis", Axis, func() { ArgMin(m, 2) }},
		{"Prod axis", Axis, func() { Prod(m, 7) }},
		{"All axis", Axis, func() { All(b, 1) }},
		{"Any axis", Axis, func() { Any(b, -2) }},
		{"Var axis", Axis, func() { Var(m, 2) }},
		{"Std axis", Axis, func() { StdDdof(m, 1, 3) }},
		{"Median axis", Axis, func() { Median(m, 2) }},
		{"CumSum axis", Axis, func() { CumSum(m, 2) }},
		{"CumProd two axes", Value, func() { CumProd(m, 0, 1) }},
		// Indexing.
		{"Take float index", Index, func() { Take(v, Ones(Float64, 2)) }},
		{"Take out of range", Index, func() { Take(v, i64(5)) }},
		{"Take negative out", Index, func() { Take(v, i64(-6)) }},
		{"Take axis", Axis, func() { Take(m, i64(0), 2) }},
		{"Take nil", Value, func() { Take(v, nil) }},
		{"IndexArrays none", Value, func() { IndexArrays(m) }},
		{"IndexArrays too many", Index, func() { IndexArrays(v, i64(0), i64(0)) }},
		{"IndexArrays out", Index, func() { IndexArrays(m, i64(3)) }},
		{"IndexArrays broadcast", Index, func() { IndexArrays(m, i64(0, 1), i64(0, 1, 2)) }},
		{"IndexArrays bool", Index, func() { IndexArrays(v, b) }},
		{"MaskSelect shape", Index, func() { MaskSelect(m, Ones(Bool, 4)) }},
		{"MaskSelect non-bool", Index, func() { MaskSelect(v, i64(1, 0, 1, 0, 1)) }},
		{"MaskSelect nil", Value, func() { MaskSelect(v, nil) }},
		{"MaskAssign shape", Index, func() { MaskAssign(m.Copy(), Ones(Bool, 3, 3), 1.0) }},
		{"MaskAssign read-only", Value, func() { MaskAssign(ro, Ones(Bool, 3, 4), 1.0) }},
		{"SetSlice shape", Shape, func() { m.Copy().SetSlice(Ones(Float64, 5), 0) }},
		{"SetSlice read-only", Value, func() { ro.SetSlice(1.0, 0) }},
		{"SetSlice uint8 256", Value, func() { Zeros(Uint8, 2).SetSlice(256) }},
		{"SetSlice NaN int", Value, func() { Zeros(Int64, 2).SetSlice(math.NaN()) }},
		{"SetSlice index", Index, func() { m.Copy().SetSlice(1.0, 5) }},
		{"OneHot float", Index, func() { OneHot(v, 3) }},
		{"OneHot out", Index, func() { OneHot(i64(0, 3), 3) }},
		{"OneHot negative classes", Value, func() { OneHot(i64(0), -1) }},
		{"OneHot overflow", Value, func() { OneHot(i64(0), h) }},
		{"NonZero nil", Value, func() { NonZero(nil) }},
		// Joining and splitting.
		{"Concatenate none", Value, func() { Concatenate(nil, 0) }},
		{"Concatenate shapes", Shape, func() { Concatenate([]*Tensor{m, Ones(Float64, 3, 5)}, 0) }},
		{"Concatenate ranks", Shape, func() { Concatenate([]*Tensor{m, v}, 0) }},
		{"Concatenate axis", Axis, func() { Concatenate([]*Tensor{m, m}, 2) }},
		{"Concatenate nil member", Value, func() { Concatenate([]*Tensor{m, nil}, 0) }},
		{"Stack shapes", Shape, func() { Stack([]*Tensor{m, Ones(Float64, 4, 3)}, 0) }},
		{"Stack axis", Axis, func() { Stack([]*Tensor{m, m}, 3) }},
		{"HStack none", Value, func() { HStack(nil) }},
		{"VStack shapes", Shape, func() { VStack([]*Tensor{m, v}) }},
		{"Split uneven", Value, func() { Split(v, 2, 0) }},
		{"Split zero", Value, func() { Split(v, 0, 0) }},
		{"Split axis", Axis, func() { Split(v, 1, 1) }},
		{"SplitAt axis", Axis, func() { SplitAt(v, []int{1}, 2) }},
		{"Tile negative", Value, func() { Tile(v, -1) }},
		{"Tile overflow", Value, func() { Tile(v, h) }},
		{"Repeat negative", Value, func() { Repeat(v, -1) }},
		{"Repeat axis", Axis, func() { Repeat(v, 2, 1) }},
		{"Repeat overflow", Value, func() { Repeat(v, h) }},
		{"RepeatEach length", Shape, func() { RepeatEach(v, []int{1, 2}, 0) }},
		{"RepeatEach negative", Value, func() { RepeatEach(i64(1, 2), []int{1, -2}, 0) }},
		// Sorting and scans.
		{"Sort axis", Axis, func() { Sort(m, 2) }},
		{"Sort two axes", Value, func() { Sort(m, 0, 1) }},
		{"ArgSort axis", Axis, func() { ArgSort(v, 1) }},
		{"Sort 0-d", Axis, func() { Sort(Scalar(1.0)) }},
		{"Unique nil", Value, func() { Unique(nil) }},
		// Matrix products.
		{"MatMul align", Shape, func() { MatMul(m, m) }},
		{"MatMul 0-d", Value, func() { MatMul(Scalar(1.0), m) }},
		{"MatMul batch", Shape, func() { MatMul(Ones(Float64, 2, 3, 4), Ones(Float64, 3, 4, 5)) }},
		{"MatMul nil", Value, func() { MatMul(m, nil) }},
		{"Dot align", Shape, func() { Dot(v, Ones(Float64, 4)) }},
		{"Outer nil", Value, func() { Outer(nil, v) }},
		// ML helpers.
		{"Softmax axis", Axis, func() { Softmax(m, 2) }},
		{"LogSoftmax axis", Axis, func() { LogSoftmax(v, -2) }},
		{"CrossEntropy labels dtype", Value, func() { CrossEntropy(m, Ones(Float64, 3)) }},
		{"CrossEntropy labels shape", Shape, func() { CrossEntropy(m, i64(0, 1)) }},
		{"CrossEntropy label range", Index, func() { CrossEntropy(m, i64(0, 1, 4)) }},
		{"CrossEntropy rank", Shape, func() { CrossEntropy(v, i64(0)) }},
		{"MSE shapes", Shape, func() { MSE(m, v) }},
		{"MAE nil", Value, func() { MAE(nil, v) }},
		{"Accuracy shapes", Shape, func() { Accuracy(i64(1, 2), i64(1)) }},
		{"Normalize axis", Axis, func() { Normalize(m, 2) }},
		{"Standardize axis", Axis, func() { Standardize(m, -3) }},
		// Devices.
		{"To nil", Value, func() { v.To(nil) }},
	}
}

func TestMisuseProbes(t *testing.T) {
	probes := misuses()
	counts := map[Kind]int{}
	for _, p := range probes {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("non-*Error panic: %v", r)
				}
			}()
			return Try(p.f)
		}()
		switch {
		case err == nil:
			t.Errorf("%s: no error", p.name)
		case KindOf(err) != p.kind:
			t.Errorf("%s: %v (kind %v), want kind %v", p.name, err, KindOf(err), p.kind)
		default:
			counts[p.kind]++
		}
	}
	t.Logf("%d misuse probes: %v", len(probes), counts)
}

// TestMisuseIO: I/O and setup return errors; nothing panics.
func TestMisuseIO(t *testing.T) {
	cases := map[string]func() error{
		"LoadNpy nil":          func() error { _, err := LoadNpy(nil); return err },
		"LoadNpy empty":        func() error { _, err := LoadNpy(bytes.NewReader(nil)); return err },
		"LoadNpy garbage":      func() error { _, err := LoadNpy(bytes.NewReader([]byte("not a npy file at all"))); return err },
		"ReadNpyFile missing":  func() error { _, err := ReadNpyFile("/nonexistent/x.npy"); return err },
		"LoadNpz nil":          func() error { _, err := LoadNpz(nil, 0); return err },
		"LoadNpz garbage":      func() error { _, err := LoadNpz(bytes.NewReader([]byte("PK")), 2); return err },
		"ReadNpzFile missing":  func() error { _, err := ReadNpzFile("/nonexistent/x.npz"); return err },
		"SaveNpy nil writer":   func() error { return SaveNpy(nil, Ones(Float64, 2)) },
		"SaveNpy nil tensor":   func() error { return SaveNpy(&bytes.Buffer{}, nil) },
		"WriteNpyFile bad dir": func() error { return WriteNpyFile("/nonexistent/dir/x.npy", Ones(Float64, 2)) },
		"SaveNpz nil member":   func() error { return SaveNpz(&bytes.Buffer{}, map[string]*Tensor{"a": nil}, false) },
	}
	for name, f := range cases {
		var err error
		perr := Try(func() { err = f() })
		if perr != nil {
			t.Errorf("%s: panicked with %v, want a returned error", name, perr)
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		var te *Error
		if errors.As(err, &te) && te.Kind == 0 {
			t.Errorf("%s: error without a kind: %v", name, err)
		}
	}
}
