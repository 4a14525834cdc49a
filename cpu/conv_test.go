package cpu

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveConvBatch is the definition of ConvForward and of its two adjoints, in float64:
// out[i,f,y,x] = bias[f] + sum over (c, ky, kx) of x[i, g*cg+c, iy, ix] * w[f, c, ky, kx],
// and dx, dw accumulating dy along the same pairs.
func naiveConvBatch(b ConvBatch, x, w, bias, dy []float64) (out, dx, dw []float64) {
	cg, og := b.C/b.Groups, b.O/b.Groups
	out = make([]float64, b.N*b.O*b.OH*b.OW)
	dx = make([]float64, b.N*b.C*b.H*b.W)
	dw = make([]float64, b.O*cg*b.KH*b.KW)
	for i := 0; i < b.N; i++ {
		for f := 0; f < b.O; f++ {
			grp := f / og
			for y := 0; y < b.OH; y++ {
				for xx := 0; xx < b.OW; xx++ {
					o := ((i*b.O+f)*b.OH+y)*b.OW + xx
					if bias != nil {
						out[o] = bias[f]
					}
					for c := 0; c < cg; c++ {
						for ky := 0; ky < b.KH; ky++ {
							for kx := 0; kx < b.KW; kx++ {
								iy, ix := y*b.SH-b.PH+ky*b.DH, xx*b.SW-b.PW+kx*b.DW
								if iy < 0 || iy >= b.H || ix < 0 || ix >= b.W {
									continue
								}
								xi := ((i*b.C+grp*cg+c)*b.H+iy)*b.W + ix
								wi := ((f*cg+c)*b.KH+ky)*b.KW + kx
								out[o] += x[xi] * w[wi]
								dx[xi] += dy[o] * w[wi]
								dw[wi] += dy[o] * x[xi]
							}
						}
					}
				}
			}
		}
	}
	return out, dx, dw
}

func convCase(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups int) ConvBatch {
	g := ConvGeom{C: c, H: h, W: w, KH: kh, KW: kw, SH: sh, SW: sw, PH: ph, PW: pw, DH: dh, DW: dw}
	g.OH = (h+2*ph-dh*(kh-1)-1)/sh + 1
	g.OW = (w+2*pw-dw*(kw-1)-1)/sw + 1
	return ConvBatch{ConvGeom: g, N: n, O: o, Groups: groups}
}

func randSlice(r *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return v
}

func toF32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// withThreads runs f with the pool's thread count set to n.
func withThreads(n int, f func()) {
	Threads()
	old := workers.n
	workers.n = n
	defer func() { workers.n = old }()
	f()
}

// TestConvBatch checks ConvForward, ConvInputGrad and ConvWeightGrad against the
// definition on geometries that exercise each im2col path (stride 1 runs, one run per tap
// where the output is as wide as the input, strided and dilated taps, taps wholly in the
// padding, groups, 1x1 kernels, more images than weight
// blocks, no images), in float64 and float32, and that the results are the same bits for
// any thread count.
func TestConvBatch(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name string
		b    ConvBatch
	}{
		{"cnn-block1", convCase(3, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1)},
		{"cnn-block2", convCase(5, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)},
		{"no-padding", convCase(2, 3, 9, 8, 5, 3, 3, 1, 1, 0, 0, 1, 1, 1)},
		{"stride-dilation", convCase(2, 4, 11, 10, 6, 3, 2, 2, 3, 2, 1, 2, 3, 1)},
		{"wide-padding", convCase(2, 2, 2, 3, 3, 3, 3, 1, 1, 3, 3, 1, 1, 1)},
		{"wide-padding-strided", convCase(2, 2, 3, 2, 3, 3, 3, 2, 3, 3, 3, 1, 1, 1)},
		{"groups", convCase(2, 6, 7, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1, 3)},
		{"depthwise", convCase(3, 5, 8, 6, 5, 5, 3, 1, 1, 2, 1, 1, 1, 5)},
		{"k1", convCase(3, 7, 4, 5, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1)},
		{"same-width-dilated", convCase(2, 3, 7, 6, 4, 3, 3, 1, 1, 0, 2, 2, 2, 1)},
		{"same-width-kernel-wider", convCase(2, 2, 4, 3, 3, 3, 5, 1, 1, 0, 2, 1, 1, 1)},
		{"same-width-strided-rows", convCase(2, 2, 7, 5, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1)},
		{"many-images", convCase(37, 2, 5, 6, 4, 3, 3, 1, 2, 1, 1, 1, 1, 1)},
		{"no-images", convCase(0, 2, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1)},
	}
	for _, c := range cases {
		b := c.b
		cg := b.C / b.Groups
		x := randSlice(r, b.N*b.C*b.H*b.W)
		w := randSlice(r, b.O*cg*b.KH*b.KW)
		bias := randSlice(r, b.O)
		dy := randSlice(r, b.N*b.O*b.OH*b.OW)
		wantOut, wantDx, wantDw := naiveConvBatch(b, x, w, bias, dy)
		run := func(threads int) (out, dx, dw []float64) {
			out = make([]float64, len(wantOut))
			dx = make([]float64, len(wantDx))
			dw = make([]float64, len(wantDw))
			for i := range dw {
				dw[i] = math.NaN() // every element must be set
			}
			withThreads(threads, func() {
				ConvForward(b, x, w, bias, out)
				ConvInputGrad(b, dy, w, dx)
				ConvWeightGrad(b, x, dy, dw)
			})
			return out, dx, dw
		}
		out, dx, dw := run(1)
		for _, p := range []struct {
			what      string
			got, want []float64
		}{{"ConvForward", out, wantOut}, {"ConvInputGrad", dx, wantDx}, {"ConvWeightGrad", dw, wantDw}} {
			for i := range p.want {
				if d := math.Abs(p.got[i] - p.want[i]); !(d <= 1e-12*(1+math.Abs(p.want[i]))*float64(b.N*b.KH*b.KW*cg+1)) {
					t.Errorf("%s: %s[%d] = %g, want %g", c.name, p.what, i, p.got[i], p.want[i])
					break
				}
			}
		}
		for _, nt := range []int{2, 3, 7} {
			o2, dx2, dw2 := run(nt)
			if !slices.Equal(o2, out) || !slices.Equal(dx2, dx) || !slices.Equal(dw2, dw) {
				t.Errorf("%s: %d threads give other bits than one", c.name, nt)
			}
		}
		// float32 against the float64 answer.
		o32 := make([]float32, len(wantOut))
		dx32 := make([]float32, len(wantDx))
		dw32 := make([]float32, len(wantDw))
		ConvForward(b, toF32(x), toF32(w), toF32(bias), o32)
		ConvInputGrad(b, toF32(dy), toF32(w), dx32)
		ConvWeightGrad(b, toF32(x), toF32(dy), dw32)
		for _, p := range []struct {
			what string
			got  []float32
			want []float64
		}{{"ConvForward f32", o32, wantOut}, {"ConvInputGrad f32", dx32, wantDx}, {"ConvWeightGrad f32", dw32, wantDw}} {
			for i := range p.want {
				if d := math.Abs(float64(p.got[i]) - p.want[i]); !(d <= 1e-5*float64(b.N*b.KH*b.KW*cg+1)) {
					t.Errorf("%s: %s[%d] = %g, want %g", c.name, p.what, i, p.got[i], p.want[i])
					break
				}
			}
		}
	}
}

// TestTapSpan checks the run of output columns whose input column is inside the image.
func TestTapSpan(t *testing.T) {
	for off := -7; off <= 9; off++ {
		for sw := 1; sw <= 3; sw++ {
			for w := 1; w <= 6; w++ {
				for ow := 0; ow <= 6; ow++ {
					lo, hi := tapSpan(off, sw, w, ow)
					for ox := 0; ox < ow; ox++ {
						in := ox*sw+off >= 0 && ox*sw+off < w
						if in != (ox >= lo && ox < hi) {
							t.Fatalf("tapSpan(%d, %d, %d, %d) = [%d, %d): column %d is %v", off, sw, w, ow, lo, hi, ox, in)
						}
					}
				}
			}
		}
	}
}

// BenchmarkConvCNN times the CNN example's second convolution (64 images of 32 x 14 x 14,
// 64 filters of 3 x 3, padding 1) forward and both gradients, float32.
func BenchmarkConvCNN(b *testing.B) {
	c := convCase(64, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)
	r := rand.New(rand.NewPCG(1, 1))
	x := toF32(randSlice(r, c.N*c.C*c.H*c.W))
	w := toF32(randSlice(r, c.O*c.C*9))
	dy := toF32(randSlice(r, c.N*c.O*c.OH*c.OW))
	out, dx, dw := make([]float32, len(dy)), make([]float32, len(x)), make([]float32, len(w))
	b.Run("forward", func(b *testing.B) {
		for b.Loop() {
			ConvForward(c, x, w, nil, out)
		}
	})
	b.Run("input", func(b *testing.B) {
		for b.Loop() {
			ConvInputGrad(c, dy, w, dx)
		}
	})
	b.Run("weight", func(b *testing.B) {
		for b.Loop() {
			ConvWeightGrad(c, x, dy, dw)
		}
	})
	b.Run("im2col", func(b *testing.B) {
		cols := make([]float32, c.C*9*c.OH*c.OW)
		for b.Loop() {
			im2col(c.ConvGeom, x, 0, c.C, cols)
		}
	})
}
