package device

import (
	"slices"
	"testing"
)

func TestSplitReduction(t *testing.T) {
	src := Operand{Shape: []int{2, 3, 4}, Strides: []int{12, 4, 1}}
	dst := Operand{Shape: []int{2, 1, 4}, Strides: []int{4, 4, 1}}
	l := SplitReduction(dst, src, []int{1})
	if !slices.Equal(l.Red, []bool{false, true, false}) ||
		!slices.Equal(l.Keep, []int{2, 4}) || !slices.Equal(l.KeepSrc, []int{12, 1}) || !slices.Equal(l.KeepDst, []int{4, 1}) ||
		!slices.Equal(l.Reduced, []int{3}) || !slices.Equal(l.ReducedSrc, []int{4}) {
		t.Fatalf("SplitReduction over axis 1: %+v", l)
	}
	if l := SplitReduction(dst, src, nil); len(l.Reduced) != 0 || len(l.Keep) != 3 {
		t.Fatalf("no axes: %+v", l)
	}
}
