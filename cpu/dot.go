package cpu

// dotTwin is the dot kernel in Go: 4 accumulators of lanes partial sums, each element
// added with an FMA, over len(a) rounded down to 4*lanes, then the accumulators added
// pairwise and their lanes folded as the kernel's horizontal adds do.
func dotTwin[T float](a, b []T, lanes int, fma func(x, y, z T) T) T {
	var acc [32]T
	w := 4 * lanes
	m := len(a) - len(a)%w
	for i := 0; i < m; i += w {
		for j := 0; j < w; j++ {
			acc[j] = fma(a[i+j], b[i+j], acc[j])
		}
	}
	var v [8]T // (acc0 + acc1) + (acc2 + acc3), lane by lane
	for l := range lanes {
		v[l] = (acc[l] + acc[lanes+l]) + (acc[2*lanes+l] + acc[3*lanes+l])
	}
	if lanes == 8 { // the 128-bit halves, then two horizontal adds
		return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]))
	}
	return (v[0] + v[2]) + (v[1] + v[3])
}
