package cpu

import "github.com/gotensor/gotensor/device"

// Batch normalisation's loops over contiguous (n, c, s) host data: channel ch of image i
// is the run x[(i*c+ch)*s : (i*c+ch+1)*s]. Statistics and gradient sums accumulate in
// float64 across rows (as PyTorch's CPU kernels do; within a row the SIMD kernels sum in
// the data's type, see devDot), one channel per work item, so the results do not depend
// on the thread count.

// bnRow returns the run of channel ch of image i.
func bnRow[T float](x []T, i, ch, c, s int) []T { return x[(i*c+ch)*s:][:s] }

// sqDev returns the sum of (v - m)^2 over row, in float64.
func sqDev[T float](row []T, m float64) float64 {
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= len(row); i += 4 {
		d0, d1, d2, d3 := float64(row[i])-m, float64(row[i+1])-m, float64(row[i+2])-m, float64(row[i+3])-m
		a0 += d0 * d0
		a1 += d1 * d1
		a2 += d2 * d2
		a3 += d3 * d3
	}
	for ; i < len(row); i++ {
		d := float64(row[i]) - m
		a0 += d * d
	}
	return (a0 + a1) + (a2 + a3)
}

// dotDev returns the sum of g * (v - m) over the rows g and v, in float64.
func dotDev[T float](g, row []T, m float64) float64 {
	g = g[:len(row)]
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= len(row); i += 4 {
		a0 += float64(g[i]) * (float64(row[i]) - m)
		a1 += float64(g[i+1]) * (float64(row[i+1]) - m)
		a2 += float64(g[i+2]) * (float64(row[i+2]) - m)
		a3 += float64(g[i+3]) * (float64(row[i+3]) - m)
	}
	for ; i < len(row); i++ {
		a0 += float64(g[i]) * (float64(row[i]) - m)
	}
	return (a0 + a1) + (a2 + a3)
}

// devDot returns the sum over one row of g[i]*(x[i] - m), or of (x[i] - m)^2 when g is
// nil. With the SIMD kernels (and rows of at least 32) the deviations are rounded to T in
// tmp (len(x) elements) and the products summed in T within the row by the dot kernel;
// rounding m to T shifts the sum of squares by a relative (m - T(m))^2/var, nothing for
// any real batch. Without them (or for short rows) it sums in float64 (sqDev, dotDev).
func devDot[T float](g, x []T, m float64, tmp []T) float64 {
	sub, ok := binKernels[T](device.Sub)
	if !ok || len(x) < 32 {
		if g == nil {
			return sqDev(x, m)
		}
		return dotDev(g, x, m)
	}
	tmp = tmp[:len(x)]
	mt := T(m)
	n := len(x) - len(x)%lanesOf[T]()
	sub.vs(tmp[:n], x[:n], mt)
	for i := n; i < len(x); i++ {
		tmp[i] = x[i] - mt
	}
	if g == nil {
		g = tmp
	}
	return float64(dot(g[:len(x)], tmp))
}

// BatchNormStats sets mean[ch] and variance[ch] to the mean and the biased variance of
// channel ch of x (n, c, s) over its n*s values, in two passes in float64 (NaN for no
// values).
func BatchNormStats[T float](x []T, n, c, s int, mean, variance []float64) {
	cnt := float64(n * s)
	parallelFor(c, 1, func(lo, hi int) {
		tmpP := getFrom[T](&colPool, s)
		defer putTo(&colPool, tmpP)
		tmp := *tmpP
		for ch := lo; ch < hi; ch++ {
			sum := 0.0
			for i := 0; i < n; i++ {
				sum += blockSum(bnRow(x, i, ch, c, s))
			}
			m := sum / cnt
			sq := 0.0
			for i := 0; i < n; i++ {
				sq += devDot(nil, bnRow(x, i, ch, c, s), m, tmp)
			}
			mean[ch], variance[ch] = m, sq/cnt
		}
	})
}

// BatchNormAffine sets y = x*alpha[ch] + beta[ch] (rounded once) over x (n, c, s).
func BatchNormAffine[T float](x []T, n, c, s int, alpha, beta []T, y []T) {
	k, sk := fmaKernelsFor[T](), scalarFor[T]()
	parallelFor(n*c, max(1, 4096/max(s, 1)), func(lo, hi int) {
		scrP := getFrom[T](&colPool, 2*fmaScratch)
		defer putTo(&colPool, scrP)
		scr := *scrP
		for r := lo; r < hi; r++ {
			a, b := alpha[r%c], beta[r%c]
			fmaRow(k, sk, y[r*s:][:s], x[r*s:][:s], a, b, nil, scr)
		}
	})
}

// fmaScratch is the most lanes an FMA kernel has: fmaRow's scratch holds two vectors.
const fmaScratch = 16

// fmaRow sets d = a*b + c (rounded once), c the scalar cs or, when cv is not nil, the
// row cv (which may be d): the SIMD kernel on the leading multiple of its lanes and on
// the tail copied into scr (2*fmaScratch elements; so the tail rounds as the rest,
// without the software float32 FMA), or sk's FMA without SIMD.
func fmaRow[T float](k *fmaKernels[T], sk *scalarKernels[T], d, a []T, b, cs T, cv []T, scr []T) {
	if k == nil {
		for j := range d {
			c := cs
			if cv != nil {
				c = cv[j]
			}
			d[j] = sk.fma(a[j], b, c)
		}
		return
	}
	m := len(d) - len(d)%k.lanes
	if cv == nil {
		k.vss(d[:m], a[:m], b, cs)
	} else {
		k.vsv(d[:m], a[:m], b, cv[:m])
	}
	if m == len(d) {
		return
	}
	ta, tc := scr[:k.lanes], scr[fmaScratch:][:k.lanes]
	n := copy(ta, a[m:])
	if cv == nil {
		k.vss(ta, ta, b, cs)
	} else {
		copy(tc, cv[m:])
		k.vsv(ta, ta, b, tc)
	}
	copy(d[m:], ta[:n])
}

// BatchNormBackward computes batch normalisation's gradients from dy, the gradient of
// its result, over x (n, c, s), given each channel's mean and invstd = 1/sqrt(var+eps)
// and the weight (nil: ones): dbias[ch] = sum(dy), dweight[ch] = sum(dy * xhat) with
// xhat = (x - mean)*invstd, and, unless dx is nil,
//
//	dx = weight*invstd * (dy - sum(dy)/N - xhat*sum(dy*xhat)/N),  N = n*s,
//
// evaluated as dx = dy*a + (x*b + d) with per-channel a, b, d.
func BatchNormBackward[T float](dy, x []T, n, c, s int, mean, invstd, weight []float64, dx []T, dweight, dbias []float64) {
	cnt := float64(n * s)
	k, sk := fmaKernelsFor[T](), scalarFor[T]()
	parallelFor(c, 1, func(lo, hi int) {
		tmpP := getFrom[T](&colPool, s+2*fmaScratch)
		defer putTo(&colPool, tmpP)
		tmp := *tmpP
		tmp, scr := tmp[:s], tmp[s:]
		for ch := lo; ch < hi; ch++ {
			m, is := mean[ch], invstd[ch]
			sum, sgx := 0.0, 0.0 // sums of dy and of dy*(x - mean)
			for i := 0; i < n; i++ {
				g := bnRow(dy, i, ch, c, s)
				sum += blockSum(g)
				sgx += devDot(g, bnRow(x, i, ch, c, s), m, tmp)
			}
			dbias[ch], dweight[ch] = sum, sgx*is
			if dx == nil {
				continue
			}
			w := 1.0
			if weight != nil {
				w = weight[ch]
			}
			kk := sgx * is * is / cnt
			a, b, d := T(is*w), T(-kk*is*w), T((m*kk-sum/cnt)*is*w)
			for i := 0; i < n; i++ {
				g, src, dst := bnRow(dy, i, ch, c, s), bnRow(x, i, ch, c, s), bnRow(dx, i, ch, c, s)
				fmaRow(k, sk, dst, src, b, d, nil, scr)
				fmaRow(k, sk, dst, g, a, 0, dst, scr)
			}
		}
	})
}
