package device

import (
	"errors"
	"math"
	"testing"
)

func TestShapeSize(t *testing.T) {
	h := int(uint64(math.MaxInt)>>1 + 1) // 2^62 on 64-bit, 2^30 on 32-bit
	cases := []struct {
		shape       []int
		item        int
		elems, size int
		err         string // "" none, "size" a *SizeError, "neg" another error
	}{
		{[]int{}, 8, 1, 8, ""},
		{[]int{3, 4}, 4, 12, 48, ""},
		{[]int{0, 5}, 8, 0, 0, ""},
		{[]int{-1}, 8, 0, 0, "neg"},
		{[]int{0, -1}, 8, 0, 0, "neg"},
		{[]int{h, h}, 1, 0, 0, "size"},
		{[]int{0, h, h}, 1, 0, 0, "size"},
		{[]int{0, h}, 8, 0, 0, "size"}, // NumPy refuses (0, 2**62) float64 too
		{[]int{h}, 8, 0, 0, "size"},
		{[]int{h / 2}, 1, h / 2, h / 2, ""},
		{[]int{6, h + 1, h + 1}, 8, 0, 0, "size"}, // the product would wrap to 6
		{[]int{math.MaxInt}, 1, math.MaxInt, math.MaxInt, ""},
		{[]int{math.MaxInt}, 2, 0, 0, "size"},
	}
	for _, c := range cases {
		n, b, err := ShapeSize(c.shape, c.item)
		var se *SizeError
		switch c.err {
		case "":
			if err != nil || n != c.elems || b != c.size {
				t.Errorf("ShapeSize(%v, %d) = %d, %d, %v; want %d, %d", c.shape, c.item, n, b, err, c.elems, c.size)
			}
		case "size":
			if !errors.As(err, &se) {
				t.Errorf("ShapeSize(%v, %d): err %v, want a *SizeError", c.shape, c.item, err)
			}
		case "neg":
			if err == nil || errors.As(err, &se) {
				t.Errorf("ShapeSize(%v, %d): err %v, want a negative-dimension error", c.shape, c.item, err)
			}
		}
	}
	if _, err := AllocBytes(Float64, -1); err == nil {
		t.Error("AllocBytes(-1): no error")
	}
	if b, err := AllocBytes(Float32, 5); err != nil || b != 20 {
		t.Errorf("AllocBytes(5 float32) = %d, %v", b, err)
	}
}
