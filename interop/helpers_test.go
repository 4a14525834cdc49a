package interop

import (
	"slices"
	"strings"
	"testing"

	gt "gorgonia.org/tensor"

	"github.com/gotensor/gotensor/tensor"
)

// dtypes pairs each gotensor dtype with gorgonia's dtype of the same name.
var dtypes = []struct {
	dt  tensor.DType
	gdt gt.Dtype
}{
	{tensor.Float32, gt.Float32},
	{tensor.Float64, gt.Float64},
	{tensor.Int32, gt.Int32},
	{tensor.Int64, gt.Int64},
	{tensor.Uint8, gt.Uint8},
	{tensor.Bool, gt.Bool},
}

// seq returns a C-contiguous tensor whose elements are (7i mod 11) converted to dt, so
// that neighbours differ and bool tensors mix true and false.
func seq(dt tensor.DType, shape ...int) *tensor.Tensor {
	v := make([]float64, prod(shape))
	for i := range v {
		v[i] = float64(i * 7 % 11)
	}
	return tensor.FromSlice(v, shape...).AsType(dt)
}

// indices lists every multi-index of shape in C order.
func indices(shape []int) [][]int {
	n := prod(shape)
	out := make([][]int, 0, n)
	idx := make([]int, len(shape))
	for i := 0; i < n; i++ {
		out = append(out, append([]int{}, idx...))
		for k := len(shape) - 1; k >= 0; k-- {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return out
}

// num turns a gorgonia element into float64 (bool as 0 or 1).
func num(v any) float64 {
	switch x := v.(type) {
	case float32:
		return float64(x)
	case float64:
		return x
	case int:
		return float64(x)
	case int8:
		return float64(x)
	case int16:
		return float64(x)
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case uint8:
		return float64(x)
	case uint16:
		return float64(x)
	case uint32:
		return float64(x)
	case bool:
		if x {
			return 1
		}
		return 0
	}
	panic("num: unexpected element type")
}

// typed converts f to gorgonia's element type for dt.
func typed(dt gt.Dtype, f float64) any {
	switch dt {
	case gt.Float32:
		return float32(f)
	case gt.Float64:
		return f
	case gt.Int:
		return int(f)
	case gt.Int32:
		return int32(f)
	case gt.Int64:
		return int64(f)
	case gt.Uint8:
		return uint8(f)
	case gt.Bool:
		return f != 0
	}
	panic("typed: unexpected dtype")
}

// other returns a value different from v that every dtype holds.
func other(v float64, dt tensor.DType) float64 {
	if dt == tensor.Bool {
		return 1 - v
	}
	return v + 100
}

// at reads d at idx as float64.
func at(t *testing.T, d *gt.Dense, idx []int) float64 {
	t.Helper()
	if len(idx) == 0 && d.IsScalar() {
		return num(d.Data())
	}
	v, err := d.At(idx...)
	if err != nil {
		t.Fatalf("At%v: %v", idx, err)
	}
	return num(v)
}

// checkValues fails unless d and x have the same shape and elements.
func checkValues(t *testing.T, x *tensor.Tensor, d *gt.Dense) {
	t.Helper()
	if !slices.Equal(x.Shape(), d.Shape()) {
		t.Fatalf("shapes: tensor %v, Dense %v", x.Shape(), d.Shape())
	}
	for _, idx := range indices(x.Shape()) {
		if got, want := at(t, d, idx), x.At(idx...); got != want {
			t.Fatalf("element %v: Dense %v, tensor %v", idx, got, want)
		}
	}
}

// checkShared writes through each side at the last element and reports whether the
// other side saw it, failing if that differs from want. It restores the values.
func checkShared(t *testing.T, x *tensor.Tensor, d *gt.Dense, want bool) {
	t.Helper()
	if x.Size() == 0 {
		return
	}
	all := indices(x.Shape())
	idx := all[len(all)-1]
	old := x.At(idx...)
	nv := other(old, x.DType())
	if !x.ReadOnly() {
		x.SetAt(nv, idx...)
		if got := at(t, d, idx) == nv; got != want {
			t.Errorf("write through the tensor at %v: Dense saw it = %v, want %v", idx, got, want)
		}
		x.SetAt(old, idx...)
	}
	setDense(t, d, nv, idx)
	if got := x.At(idx...) == nv; got != want {
		t.Errorf("write through the Dense at %v: tensor saw it = %v, want %v", idx, got, want)
	}
	setDense(t, d, old, idx)
}

func setDense(t *testing.T, d *gt.Dense, v float64, idx []int) {
	t.Helper()
	if len(idx) == 0 && d.IsScalar() {
		d.Set(0, typed(d.Dtype(), v))
		return
	}
	if err := d.SetAt(typed(d.Dtype(), v), idx...); err != nil {
		t.Fatalf("SetAt%v: %v", idx, err)
	}
}

// panicKind runs f and returns the kind of the *tensor.Error it panicked with (0 if none).
func panicKind(t *testing.T, f func()) tensor.Kind {
	t.Helper()
	err := tensor.Try(f)
	if e, ok := err.(*tensor.Error); ok && !strings.HasPrefix(e.Op, "interop.") {
		t.Errorf("error %q does not name an interop op", err)
	}
	return tensor.KindOf(err)
}
