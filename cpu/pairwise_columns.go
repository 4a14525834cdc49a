package cpu

// Sums and products whose innermost axis (in NumPy's order) is a kept one: NumPy's inner
// loop there adds (or multiplies) each element into its output one at a time, so every
// output is its elements in iteration order folded from the initial value, and the
// outputs along the innermost axis are accumulated together, a strip at a time, with the
// rows added by the SIMD kernels where they are contiguous.

// columns computes every output this way; per is the number of elements each reduces.
func (e *npRed[A, S]) columns(per int) {
	k0, rest := e.p.keep[0], e.p.keep[1:]
	rows := npSize(rest)
	w, nt := k0.n, Threads()
	work := rows * k0.n * max(per, 1)
	if work >= parMin && rows < nt {
		// Few rows: cut them into strips of columns, one per thread (as wide as they can
		// be, for long runs of each row from memory), each a whole number of 64 (the
		// kernels' widest step).
		w = min(k0.n, max(64, (rows*k0.n+nt-1)/nt))
		w = (w + 63) &^ 63
	}
	ns := (k0.n + w - 1) / w
	grain := max(1, parMin/max(1, w*max(per, 1)))
	if work < parMin {
		grain = rows * ns
	}
	parallelFor(rows*ns, grain, func(lo, hi int) {
		acc := make([]A, min(w, k0.n))
		// Tasks [lo, hi) are strips of rows lo/ns to (hi-1)/ns.
		npWalkRange(rest, lo/ns, (hi-1)/ns+1, e.so, e.mo, e.do, func(s, m, d int) {
			for ; lo < hi; lo++ {
				j0 := lo % ns * w
				j1 := min(k0.n, j0+w)
				e.strip(acc[:j1-j0], s+j0*k0.s, m+j0*k0.m, d+j0*k0.d, k0)
				if (lo+1)%ns == 0 {
					lo++
					return
				}
			}
		})
	})
}

// strip computes len(acc) outputs along k0 whose first element is at source offset s and
// mask offset m, and stores them from destination offset d.
func (e *npRed[A, S]) strip(acc []A, s, m, d int, k0 npAxis) {
	for j := range acc {
		acc[j] = e.init
	}
	if out := e.p.outer; e.direct && k0.s == 1 && e.mask == nil && !e.prod && len(out) > 0 && out[0].s > 0 {
		// Eight rows at a time across the strip: eight sequential streams for the
		// prefetchers, the accumulators loaded and stored once per eight rows.
		src, r := any(e.src).([]A), out[0]
		npWalk(out[1:], s, 0, 0, func(s, _, _ int) {
			for i := 0; i < r.n; i += stripRows {
				accRows(acc, src, s+i*r.s, min(stripRows, r.n-i), r.s)
			}
		})
	} else {
		npWalk(e.p.outer, s, m, 0, func(s, m, _ int) {
			for j := range acc {
				if e.mask == nil || e.mask[m+j*k0.m] != 0 {
					acc[j] = e.apply(acc[j], A(e.src[s+j*k0.s]))
				}
			}
		})
	}
	for j, v := range acc {
		e.dst[d+j*k0.d] = v
	}
}

// accRows sets acc[j] += src[s+r*stride+j] for r below rows, in order: the SIMD kernels
// take the columns up to a multiple of their vector, Go the rest.
func accRows[A accum](acc, src []A, s, rows, stride int) {
	m := 0
	if useSIMD && rows > 0 {
		switch a := any(acc).(type) {
		case []float32:
			if m = len(a) - len(a)%8; m > 0 {
				accRowsf32(a[:m], any(src).([]float32)[s:], stride, rows)
			}
		case []float64:
			if m = len(a) - len(a)%4; m > 0 {
				accRowsf64(a[:m], any(src).([]float64)[s:], stride, rows)
			}
		}
	}
	if m == len(acc) {
		return
	}
	for r := 0; r < rows; r++ {
		row := src[s+r*stride:]
		for j := m; j < len(acc); j++ {
			acc[j] += row[j]
		}
	}
}
