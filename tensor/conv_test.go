package tensor_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// naiveConv is the reference: the definition of the grouped, strided, padded, dilated
// cross-correlation, in float64.
func naiveConv(x, w, b []float64, xs, ws []int, o tensor.Conv2dOptions) ([]float64, []int) {
	n, c, h, wd := xs[0], xs[1], xs[2], xs[3]
	oc, cg, kh, kw := ws[0], ws[1], ws[2], ws[3]
	groups := c / cg
	og := oc / groups
	oh := (h+2*o.Padding[0]-o.Dilation[0]*(kh-1)-1)/o.Stride[0] + 1
	ow := (wd+2*o.Padding[1]-o.Dilation[1]*(kw-1)-1)/o.Stride[1] + 1
	out := make([]float64, n*oc*oh*ow)
	for i := 0; i < n; i++ {
		for f := 0; f < oc; f++ {
			grp := f / og
			for y := 0; y < oh; y++ {
				for xx := 0; xx < ow; xx++ {
					s := 0.0
					if b != nil {
						s = b[f]
					}
					for ci := 0; ci < cg; ci++ {
						for ky := 0; ky < kh; ky++ {
							for kx := 0; kx < kw; kx++ {
								iy := y*o.Stride[0] - o.Padding[0] + ky*o.Dilation[0]
								ix := xx*o.Stride[1] - o.Padding[1] + kx*o.Dilation[1]
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								s += x[((i*c+grp*cg+ci)*h+iy)*wd+ix] * w[((f*cg+ci)*kh+ky)*kw+kx]
							}
						}
					}
					out[((i*oc+f)*oh+y)*ow+xx] = s
				}
			}
		}
	}
	return out, []int{n, oc, oh, ow}
}

func randT(r *rand.Rand, shape ...int) *tensor.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return tensor.FromSlice(v, shape...)
}

// dot is <a, b> in float64.
func dot(a, b *tensor.Tensor) float64 {
	return tensor.Sum(tensor.Mul(a.AsType(tensor.Float64), b.AsType(tensor.Float64))).Item()
}

// TestConv2dReference checks Conv2d against the definition, and its adjoints by the
// identities <conv(x, w), g> = <x, Conv2dInput(g, w)> = <w, Conv2dWeight(x, g)>, in
// float64 and float32, on shapes large enough for the GEMM's packed path.
func TestConv2dReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name   string
		xs, ws []int
		o      tensor.Conv2dOptions
	}{
		{"plain", []int{2, 3, 9, 8}, []int{5, 3, 3, 3}, tensor.Conv2dOptions{}},
		{"cnn-block1", []int{4, 1, 28, 28}, []int{32, 1, 3, 3}, tensor.Conv2dOptions{Padding: [2]int{1, 1}}},
		{"cnn-block2", []int{3, 32, 14, 14}, []int{64, 32, 3, 3}, tensor.Conv2dOptions{Padding: [2]int{1, 1}}},
		{"stride-dilation", []int{2, 4, 11, 10}, []int{6, 4, 3, 2}, tensor.Conv2dOptions{Stride: [2]int{2, 3}, Padding: [2]int{2, 1}, Dilation: [2]int{2, 3}}},
		{"groups", []int{2, 6, 7, 7}, []int{9, 2, 3, 3}, tensor.Conv2dOptions{Padding: [2]int{1, 1}, Groups: 3}},
		{"depthwise", []int{2, 5, 8, 6}, []int{5, 1, 5, 3}, tensor.Conv2dOptions{Padding: [2]int{2, 1}, Groups: 5}},
		{"k1", []int{3, 7, 4, 5}, []int{3, 7, 1, 1}, tensor.Conv2dOptions{Stride: [2]int{1, 1}}},
	}
	for _, c := range cases {
		x, w, b := randT(r, c.xs...), randT(r, c.ws...), randT(r, c.ws[0])
		o := c.o
		for k := range 2 {
			o.Stride[k], o.Dilation[k] = max(o.Stride[k], 1), max(o.Dilation[k], 1)
		}
		want, shape := naiveConv(x.Data().([]float64), w.Data().([]float64), b.Data().([]float64), c.xs, c.ws, o)
		wt := tensor.FromSlice(want, shape...)
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			tol := 1e-12
			if dt == tensor.Float32 {
				tol = 1e-4
			}
			xd, wd, bd := x.AsType(dt), w.AsType(dt), b.AsType(dt)
			got := tensor.Conv2d(xd, wd, bd, c.o)
			if got.DType() != dt || !tensor.AllClose(got.AsType(tensor.Float64), wt, tol, tol) {
				t.Errorf("%s %v: Conv2d differs from the definition", c.name, dt)
				continue
			}
			g := randT(r, shape...).AsType(dt)
			lhs := dot(tensor.Conv2d(xd, wd, nil, c.o), g)
			gx := tensor.Conv2dInput(g, wd, c.xs, c.o)
			gw := tensor.Conv2dWeight(xd, g, c.ws, c.o)
			scale := math.Sqrt(float64(x.Size()*w.Size())) * 10
			if d := math.Abs(dot(xd, gx) - lhs); d > tol*scale {
				t.Errorf("%s %v: <x, Conv2dInput(g, w)> off by %g", c.name, dt, d)
			}
			if d := math.Abs(dot(wd, gw) - lhs); d > tol*scale {
				t.Errorf("%s %v: <w, Conv2dWeight(x, g)> off by %g", c.name, dt, d)
			}
		}
	}
}

// TestConvPoolLayout runs the convolutions and poolings on views of every kind
// (transposed, negative-step, stepped, broadcast, offset, size-0; 0-d and other ranks
// are refused alike) against the same call on contiguous copies.
func TestConvPoolLayout(t *testing.T) {
	layouttest.Run(t, layouttest.ConvOps(false), layouttest.Config{Dev: device.CPU(), Seed: 7})
}

// TestConvPoolErrors: misuse is a typed error naming the shapes.
func TestConvPoolErrors(t *testing.T) {
	x := tensor.Zeros(tensor.Float32, 2, 4, 5, 5)
	w := tensor.Zeros(tensor.Float32, 6, 2, 3, 3)
	cases := []struct {
		name string
		kind tensor.Kind
		msg  string
		f    func()
	}{
		{"channels vs groups", tensor.Shape, "(2, 4, 5, 5) has 4 channels", func() { tensor.Conv2d(x, w, nil, tensor.Conv2dOptions{}) }},
		{"out channels vs groups", tensor.Shape, "not divisible by groups=4", func() {
			tensor.Conv2d(x, tensor.Zeros(tensor.Float32, 6, 1, 3, 3), nil, tensor.Conv2dOptions{Groups: 4})
		}},
		{"kernel larger than padded input", tensor.Shape, "does not fit the padded input of size (5, 5)", func() {
			tensor.Conv2d(x, tensor.Zeros(tensor.Float32, 6, 4, 6, 3), nil, tensor.Conv2dOptions{})
		}},
		{"dilated kernel", tensor.Shape, "(dilated: (5, 5))", func() {
			tensor.Conv2d(x, tensor.Zeros(tensor.Float32, 6, 4, 3, 3), nil, tensor.Conv2dOptions{Dilation: [2]int{2, 2}, Padding: [2]int{0, 0}, Stride: [2]int{1, 1}}).Conv2d(tensor.Zeros(tensor.Float32, 1, 6, 3, 3), nil, tensor.Conv2dOptions{Dilation: [2]int{2, 2}})
		}},
		{"bias", tensor.Shape, "bias of shape (5,)", func() {
			tensor.Conv2d(x, w, tensor.Zeros(tensor.Float32, 5), tensor.Conv2dOptions{Groups: 2})
		}},
		{"rank", tensor.Shape, "input of shape (4, 5, 5, 1, 1)", func() {
			tensor.Conv2d(tensor.Zeros(tensor.Float32, 4, 5, 5, 1, 1), w, nil, tensor.Conv2dOptions{})
		}},
		{"weight rank", tensor.Shape, "weight of shape (6, 2, 3)", func() {
			tensor.Conv2d(x, tensor.Zeros(tensor.Float32, 6, 2, 3), nil, tensor.Conv2dOptions{})
		}},
		{"dtype mix", tensor.Value, "different dtypes", func() {
			tensor.Conv2d(x, w.AsType(tensor.Float64), nil, tensor.Conv2dOptions{Groups: 2})
		}},
		{"int input", tensor.Value, "float32 or float64", func() {
			tensor.Conv2d(x.AsType(tensor.Int64), w.AsType(tensor.Int64), nil, tensor.Conv2dOptions{Groups: 2})
		}},
		{"negative stride", tensor.Value, "negative stride", func() {
			tensor.Conv2d(x, w, nil, tensor.Conv2dOptions{Stride: [2]int{-1, 1}, Groups: 2})
		}},
		{"gradient shape", tensor.Shape, "gradient of the output has shape (2, 6, 3, 4), want (2, 6, 3, 3)", func() {
			tensor.Conv2dInput(tensor.Zeros(tensor.Float32, 2, 6, 3, 4), w, x.Shape(), tensor.Conv2dOptions{Groups: 2})
		}},
		{"pool rank", tensor.Shape, "input of shape (5, 5)", func() {
			tensor.MaxPool2d(tensor.Zeros(tensor.Float32, 5, 5), tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
		}},
		{"pool padding", tensor.Value, "at most half the kernel", func() {
			tensor.AvgPool2d(x, tensor.AvgPool2dOptions{Kernel: [2]int{2, 2}, Padding: [2]int{2, 0}})
		}},
		{"pool kernel", tensor.Value, "kernel [0 2] must be positive", func() {
			tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{0, 2}})
		}},
		{"pool too small", tensor.Shape, "input of shape (2, 4, 5, 5) gives an output of size (0, 2)", func() {
			tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{6, 2}, Padding: [2]int{0, 0}, Dilation: [2]int{1, 1}})
		}},
		{"adaptive size", tensor.Value, "output size (0, 2)", func() { tensor.AdaptiveAvgPool2d(x, 0, 2) }},
		{"adaptive gradient", tensor.Shape, "gradient of shape (2, 4, 3) for an input of shape (2, 4, 5, 5)", func() {
			tensor.AdaptiveAvgPool2dBackward(tensor.Zeros(tensor.Float32, 2, 4, 3), []int{2, 4, 5, 5})
		}},
		{"pool empty plane", tensor.Shape, "only the batch dimension may be 0", func() {
			tensor.AvgPool2d(tensor.Zeros(tensor.Float32, 1, 2, 0, 3), tensor.AvgPool2dOptions{Kernel: [2]int{2, 2}, Padding: [2]int{1, 1}})
		}},
		{"pool int", tensor.Value, "float32 or float64", func() { tensor.AdaptiveAvgPool2d(x.AsType(tensor.Int32), 2, 2) }},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if tensor.KindOf(err) != c.kind || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v (kind %v), want kind %v with %q", c.name, err, tensor.KindOf(err), c.kind, c.msg)
		}
	}
}

// TestMaxPool2dNaN pins the CPU's choice among several NaNs of a window: the last, as
// PyTorch's CPU kernel (a NaN replaces the running maximum, and nothing replaces a NaN
// but another NaN).
func TestMaxPool2dNaN(t *testing.T) {
	nan := math.NaN()
	x := tensor.FromSlice([]float64{nan, 1, 5, nan}, 1, 2, 2)
	out, idx := tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
	if v := out.Item(); !math.IsNaN(v) || idx.Item() != 3 {
		t.Errorf("MaxPool2d of [NaN 1; 5 NaN]: %v at %v, want NaN at 3", v, idx.Item())
	}
}
