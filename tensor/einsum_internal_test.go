package tensor

import "testing"

// TestEinsumPick checks the greedy choice of the next pair: on "ij,jk,k->i" with
// 40×30, 30×50 and 50 the matrix-vector product jk,k (a 30-vector) comes before ij,jk (a
// 40×50 matrix); on two operands it is the only pair.
func TestEinsumPick(t *testing.T) {
	sizes := map[int]int{'i': 40, 'j': 30, 'k': 50}
	ops := []esOperand{
		{Zeros(Float64, 40, 30), []int{'i', 'j'}},
		{Zeros(Float64, 30, 50), []int{'j', 'k'}},
		{Zeros(Float64, 50), []int{'k'}},
	}
	out := esSet([]int{'i'})
	if i, j := esPick(ops, out, sizes); i != 1 || j != 2 {
		t.Errorf("picked (%d, %d), want (1, 2)", i, j)
	}
	// A pair sharing a label beats an outer product, even a smaller one.
	ops = []esOperand{
		{Zeros(Float64, 2), []int{'a'}},
		{Zeros(Float64, 3), []int{'b'}},
		{Zeros(Float64, 2, 50), []int{'a', 'c'}},
	}
	sizes = map[int]int{'a': 2, 'b': 3, 'c': 50}
	if i, j := esPick(ops, esSet([]int{'b', 'c'}), sizes); i != 0 || j != 2 {
		t.Errorf("picked (%d, %d), want (0, 2)", i, j)
	}
	if i, j := esPick(ops[:2], out, sizes); i != 0 || j != 1 {
		t.Errorf("two operands: picked (%d, %d), want (0, 1)", i, j)
	}
}
