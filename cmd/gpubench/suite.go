package main

import "math"

// suite returns the cases of the quick or the full run, in the order they run, each with
// one input set (selectCases sets Copies).
func suite(full bool) []Case {
	vec := []int{1_000, 1_000_000, 10_000_000}
	big := []int{1_000_000} // the sizes the targets speak of (≥ 1e6)
	mat := [][]int{{1000, 1000}}
	trans := [][]int{{1024, 1024}}
	gemm := []int{256, 512}
	soft := [][]int{{1000, 1000}, {4096, 1000}}
	if full {
		vec = []int{1_000, 10_000, 100_000, 1_000_000, 10_000_000, 30_000_000}
		big = []int{1_000_000, 10_000_000}
		mat = [][]int{{1000, 1000}, {4096, 4096}}
		trans = [][]int{{1024, 1024}, {4096, 4096}}
		gemm = []int{256, 512, 1024, 2048, 4096}
	}
	var cs []Case
	add := func(op, dt string, shape ...int) { cs = append(cs, Case{Op: op, DType: dt, Shape: shape}) }
	type opd struct{ name, dt string }
	for _, op := range []opd{
		{"add", "float32"}, {"add", "float64"}, {"add_free", "float32"}, {"add_out", "float32"}, {"add_out", "float64"},
		{"exp", "float32"}, {"exp_out", "float32"}, {"sum", "float32"}, {"sum", "float64"},
	} {
		for _, n := range vec {
			add(op.name, op.dt, n)
		}
	}
	for _, n := range vec {
		add("add_scope", "float32", n)
		add("exp_scope", "float32", n)
	}
	for _, sfx := range []string{"", "_scope"} {
		for _, n := range vec {
			add("mul_scalar"+sfx, "float32", n)
			if n >= 100 {
				add("sub_bcast"+sfx, "float32", n/100, 100)
			}
		}
		add("chain"+sfx, "float64", 1000, 3)
		add("chain"+sfx, "float64", 1_000_000, 8)
	}
	for _, op := range []opd{
		{"exp", "float64"}, {"tanh", "float32"}, {"tanh", "float64"}, {"sigmoid", "float32"},
		{"sigmoid", "float64"}, {"log", "float32"}, {"log", "float64"}, {"argmax", "float32"},
		{"cast", "float32"}, {"cast", "float64"}, {"fma_out", "float32"}, {"fma_out", "float64"},
		{"dot", "float32"}, {"dot", "float64"},
	} {
		for _, n := range big {
			add(op.name, op.dt, n)
		}
	}
	for _, op := range []string{"sum_axis0", "sum_axis1", "argmax_axis1"} {
		for _, s := range mat {
			add(op, "float32", s...)
		}
	}
	for _, s := range trans {
		add("transpose_copy", "float32", s...)
	}
	for _, dt := range []string{"float32", "float64"} {
		for _, n := range gemm {
			add("matmul", dt, n, n)
		}
	}
	add("bmm", "float32", 64, 128, 128)
	cs = append(cs, productCases()...)
	for _, s := range soft {
		add("softmax", "float32", s...)
	}
	// Training (train.go): a step of the MLP and of the CNN, and an epoch of the
	// quickstart, over Fashion-MNIST's 60,000 images (938 steps) in the full suite and a
	// tenth of them (94 steps) in the quick one.
	add("train_step_mlp", "float32", 256, 784)
	add("train_step_cnn", "float32", 64, 1, 28, 28)
	epoch := 6000
	if full {
		epoch = 60000
	}
	add("quickstart_epoch", "float32", epoch, 1, 28, 28)
	return cs
}

// copies is the number of input sets case c rotates through, so that no call finds its
// inputs in L1 or L2 where a caller's data would not be there either.
//
// The rule: a memory-bound case whose working set ws (Op.Bytes: inputs and output of one
// call) is under R = 2 × the L2 size × threads, twice the private L2 of every thread that
// may run it, gets ⌈R/ws⌉ + 1 input sets used in turn, so that between two uses of one set
// the calls in between have touched at least R bytes: under any LRU-like replacement the
// set has left L1 and L2 and comes from L3 (or DRAM). Its % of ceiling is then taken
// against the level holding all the sets. Larger cases stream from L3 or DRAM anyway and
// use one set. Compute-bound cases (matmul, bmm) use one set: see Op.Compute. The NumPy
// peer rotates the same number of sets, built the same way.
func copies(c Case, l2, threads int) int {
	op := ops[c.Op]
	ws := op.Bytes(c)
	r := 2 * float64(l2) * float64(max(threads, 1))
	if op.Compute || ws <= 0 || ws >= r {
		return 1
	}
	return int(math.Ceil(r/ws)) + 1
}

// footprint is the bytes all of c's input sets occupy together: what the cache level of
// its % of ceiling must hold.
func footprint(c Case) float64 { return ops[c.Op].Bytes(c) * float64(max(c.Copies, 1)) }
