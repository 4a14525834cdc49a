package interop

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gt "gorgonia.org/tensor"

	"github.com/gotensor/gotensor/tensor"
)

func TestPlanRejects(t *testing.T) {
	cases := []struct {
		name           string
		shape, strides []int
		offset, avail  int
		ok             bool
	}{
		{"contiguous", []int{3, 4}, []int{4, 1}, 0, 12, true},
		{"stepped columns", []int{2, 2}, []int{3, 2}, 0, 6, true},
		{"inner step", []int{2, 2, 2}, []int{6, 4, 1}, 0, 12, true},
		{"unit dimensions only", []int{1, 1}, []int{7, -3}, 5, 6, true},
		{"overlapping", []int{3, 3}, []int{2, 1}, 0, 9, false},
		{"equal strides", []int{2, 2}, []int{1, 1}, 0, 4, false},
		{"zero stride", []int{2, 3}, []int{0, 1}, 0, 3, false},
		{"negative stride", []int{2, 3}, []int{-3, 1}, 3, 6, false},
		{"non-nesting", []int{2, 2, 2}, []int{5, 3, 1}, 0, 10, false},
		{"rows shorter than the stride, dividing it", []int{2, 2}, []int{4, 1}, 2, 8, true},
		{"padding missing", []int{2, 3}, []int{4, 1}, 0, 7, false},
		{"start shifted back", []int{2, 3}, []int{4, 1}, 1, 8, true},
		{"no room to shift back", []int{2, 3}, []int{5, 1}, 1, 9, false},
	}
	for _, c := range cases {
		if _, ok := plan(c.shape, c.strides, c.offset, c.avail); ok != c.ok {
			t.Errorf("%s: plan(%v, %v, %d, %d) ok = %v, want %v", c.name, c.shape, c.strides, c.offset, c.avail, ok, c.ok)
		}
	}
}

// TestViewTensorRandomLayouts checks viewTensor against gather on random layouts over a
// buffer: wherever it returns a tensor, that tensor reads the layout's elements and
// shares the buffer.
func TestViewTensorRandomLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200
	data := make([]float64, n)
	for i := range data {
		data[i] = float64(i)
	}
	shared := 0
	for trial := 0; trial < 3000; trial++ {
		rank := r.IntN(4)
		shape, strides := make([]int, rank), make([]int, rank)
		for k := range shape {
			shape[k] = 1 + r.IntN(4)
			strides[k] = r.IntN(30) - 2
		}
		offset := r.IntN(n)
		if !inBounds(n, shape, strides, offset) {
			continue
		}
		x := viewTensor(data, shape, strides, offset)
		if x == nil {
			continue
		}
		shared++
		want := gather(data, shape, strides, offset, same[float64])
		got := tensor.ToSlice[float64](x)
		if !slices.Equal(x.Shape(), shape) || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("layout %v %v +%d: tensor %v %v, want %v", shape, strides, offset, x.Shape(), got, want)
		}
		if x.Size() > 0 {
			idx := make([]int, rank)
			x.SetAt(-1, idx...)
			if data[offset] != -1 {
				t.Fatalf("layout %v %v +%d: the tensor does not share the buffer", shape, strides, offset)
			}
			data[offset] = float64(offset)
		}
	}
	if shared < 500 {
		t.Errorf("only %d random layouts were shared", shared)
	}
}

// randomView applies random slices (any step), permutations, index and new-axis ops to
// a C-contiguous tensor.
func randomView(r *rand.Rand, dt tensor.DType) *tensor.Tensor {
	shape := make([]int, 1+r.IntN(4))
	for k := range shape {
		shape[k] = 1 + r.IntN(6)
	}
	x := seq(dt, shape...)
	for op := r.IntN(4); op >= 0; op-- {
		switch r.IntN(4) {
		case 0:
			specs := make([]any, x.NDim())
			for k := range specs {
				n := x.Dim(k)
				step := 1 + r.IntN(3)
				if r.IntN(5) == 0 {
					step = -step
				}
				start, stop := r.IntN(n+1), r.IntN(n+1)
				if step > 0 && start > stop || step < 0 && start < stop {
					start, stop = stop, start
				}
				specs[k] = tensor.S(start, stop, step)
			}
			x = x.Slice(specs...)
		case 1:
			x = x.Permute(r.Perm(x.NDim())...)
		case 2:
			if x.NDim() > 1 && x.Dim(0) > 0 {
				x = x.Slice(r.IntN(x.Dim(0)))
			}
		case 3:
			if x.NDim() < 5 {
				x = x.ExpandDims(r.IntN(x.NDim() + 1))
			}
		}
	}
	return x
}

// TestGorgoniaRandomViews converts random views both ways: the values always match, and
// ToGorgonia shares exactly when every dimension of size > 1 has a positive stride.
func TestGorgoniaRandomViews(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 1200; trial++ {
		c := dtypes[trial%len(dtypes)]
		x := randomView(r, c.dt)
		name := fmt.Sprintf("%v %v strides %v offset %d", c.dt, x.Shape(), x.ElemStrides(), x.Offset())
		want := x.Size() > 0
		for k, s := range x.ElemStrides() {
			if x.Dim(k) > 1 && s <= 0 {
				want = false
			}
		}
		d := ToGorgonia(x)
		t.Run(name, func(t *testing.T) {
			checkValues(t, x, d)
			if m := d.Materialize().(*gt.Dense); true {
				checkValues(t, x, m)
			}
			checkShared(t, x, d, want)
			checkValues(t, FromGorgonia(d), d)
		})
	}
}

// TestFromGorgoniaRandomViews converts random gorgonia views (Slice with steps, T) and
// checks the values, and that a write through the tensor reaches the Dense exactly when
// the layout is one viewTensor can share.
func TestFromGorgoniaRandomViews(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shared := 0
	for trial := 0; trial < 600; trial++ {
		c := dtypes[trial%len(dtypes)]
		shape := make([]int, 2+r.IntN(3))
		for k := range shape {
			shape[k] = 2 + r.IntN(5)
		}
		d := denseOf(c.gdt, c.dt, shape...)
		if r.IntN(3) > 0 {
			ss := make([]gt.Slice, len(shape))
			for k, n := range shape {
				start := r.IntN(n - 1)
				ss[k] = gt.S(start, start+2+r.IntN(n-start-1), 1+r.IntN(2))
			}
			d = slice(d, ss...)
		}
		if r.IntN(2) == 0 && d.Dims() > 1 {
			must(d.T(r.Perm(d.Dims())...))
		}
		x := FromGorgonia(d)
		sh, st := []int(d.Shape()), d.Strides()
		_, want := plan(sh, st, 0, cap(d.Raw)/int(d.Dtype().Size()))
		if want {
			shared++
		}
		t.Run(fmt.Sprintf("%v %v strides %v", c.dt, sh, st), func(t *testing.T) {
			checkValues(t, x, d)
			checkShared(t, x, d, want)
		})
	}
	if shared < 200 || 600-shared < 20 {
		t.Errorf("%d of 600 random views were shared: want both paths exercised", shared)
	}
}
