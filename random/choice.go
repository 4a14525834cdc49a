package random

import (
	"math"
	"sort"

	"github.com/gotensor/gotensor/tensor"
)

// chooser is what NumPy's choice needs from a generator: the legacy RandomState and the
// Generator share the algorithm but draw through different methods.
type chooser struct {
	op        string
	uniform   func(n int) []float64          // random_sample / random
	integers  func(pop int64, n int) []int64 // randint / integers in [0, pop)
	noReplace func(pop, n int) []int64       // distinct indices without p
}

// choice is NumPy's choice(pop, size=shape, replace, p) returning indices into
// range(pop) as an int64 tensor of the given shape.
func choice(c chooser, pop int, replace bool, p []float64, shape []int) *tensor.Tensor {
	n := size(c.op, shape)
	if pop < 0 || (pop == 0 && n != 0) {
		fail(c.op, "a must be greater than 0 unless no samples are taken (a = %d)", pop)
	}
	if p != nil {
		checkProbabilities(c.op, pop, p)
	}
	sh := shapeOf(shape)
	var idx []int64
	switch {
	case n == 0:
		idx = []int64{}
	case replace && p != nil:
		cdf := cumulative(p)
		u := c.uniform(n)
		idx = make([]int64, n)
		for i, x := range u {
			idx[i] = searchRight(cdf, x)
		}
	case replace:
		idx = c.integers(int64(pop), n)
	case n > pop:
		fail(c.op, "cannot take a larger sample (%d) than the population (%d) when replace is false", n, pop)
	case p != nil:
		idx = choiceWeighted(c, p, n)
	default:
		idx = c.noReplace(pop, n)
	}
	return tensor.FromSlice(idx, sh...)
}

// checkProbabilities validates p as NumPy's choice does.
func checkProbabilities(op string, pop int, p []float64) {
	if len(p) != pop {
		fail(op, "a and p must have the same size (a = %d, len(p) = %d)", pop, len(p))
	}
	if pop == 0 {
		return
	}
	sum := kahanSum(p)
	if math.IsNaN(sum) {
		fail(op, "probabilities contain NaN")
	}
	for _, v := range p {
		if v < 0 {
			fail(op, "probabilities are not non-negative (found %v)", v)
		}
	}
	if math.Abs(sum-1) > math.Sqrt(0x1p-52) {
		fail(op, "probabilities do not sum to 1 (sum %v)", sum)
	}
}

// kahanSum is NumPy's kahan_sum.
func kahanSum(x []float64) float64 {
	sum, c := x[0], 0.0
	for _, v := range x[1:] {
		y := v - c
		t := sum + y
		c = (t - sum) - y
		sum = t
	}
	return sum
}

// cumulative is cdf = p.cumsum(); cdf /= cdf[-1].
func cumulative(p []float64) []float64 {
	cdf := make([]float64, len(p))
	s := 0.0
	for i, v := range p {
		s += v
		cdf[i] = s
	}
	last := cdf[len(cdf)-1]
	for i := range cdf {
		cdf[i] /= last
	}
	return cdf
}

// searchRight is searchsorted(cdf, x, side='right'): the number of entries <= x.
func searchRight(cdf []float64, x float64) int64 {
	return int64(sort.Search(len(cdf), func(i int) bool { return cdf[i] > x }))
}

// choiceWeighted is NumPy's choice without replacement with p: draw, drop repeats
// (keeping first occurrences), zero the chosen probabilities, repeat.
func choiceWeighted(c chooser, p []float64, n int) []int64 {
	positive := 0
	for _, v := range p {
		if v > 0 {
			positive++
		}
	}
	if positive < n {
		fail(c.op, "fewer non-zero entries in p (%d) than size (%d)", positive, n)
	}
	q := append([]float64{}, p...)
	found := make([]int64, 0, n)
	for len(found) < n {
		x := c.uniform(n - len(found))
		for _, f := range found {
			q[f] = 0
		}
		cdf := cumulative(q)
		seen := map[int64]bool{}
		for _, u := range x {
			k := searchRight(cdf, u)
			if !seen[k] {
				seen[k] = true
				found = append(found, k)
			}
		}
	}
	return found
}
