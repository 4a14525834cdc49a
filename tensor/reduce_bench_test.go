package tensor

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSumOrder times the default sums (NumPy's order, NumPy's bits) against the
// compensated ones (Compensated) on the same data in the same run, float32 and float64,
// 1e3 to 1e7 elements, over every axis and over each axis of a near-square matrix:
//
//	go test -run '^$' -bench SumOrder -count 5 ./tensor
//
// Compare the numpy and compensated lines of one size, layout and dtype as a ratio.
func BenchmarkSumOrder(b *testing.B) {
	shapes := map[int][2]int{1e3: {40, 25}, 1e4: {100, 100}, 1e5: {400, 250}, 1e6: {1000, 1000}, 1e7: {4000, 2500}}
	r := rand.New(rand.NewPCG(1, 2))
	for _, dt := range []DType{Float32, Float64} {
		for _, n := range []int{1e3, 1e4, 1e5, 1e6, 1e7} {
			v := make([]float64, n)
			for i := range v {
				v[i] = r.NormFloat64()
			}
			s := shapes[n]
			x := FromSlice(v, s[0], s[1]).AsType(dt)
			for _, ax := range []struct {
				name string
				axes []int
			}{{"all", nil}, {"axis0", []int{0}}, {"axis1", []int{1}}} {
				for _, order := range []string{"numpy", "compensated"} {
					args := ax.axes
					if order == "compensated" {
						args = append(append([]int{}, args...), Compensated)
					}
					b.Run(fmt.Sprintf("%v/%.0e/%s/%s", dt, float64(n), ax.name, order), func(b *testing.B) {
						b.SetBytes(int64(n * dt.Size()))
						for b.Loop() {
							Sum(x, args...).Free()
						}
					})
				}
			}
		}
	}
}
