package tensor_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/internal/layouttest"
	"github.com/gotensor/gotensor/tensor"
)

// naiveBatchNorm is the definition in float64: per channel of x (n, c, s), the mean and
// biased variance, y = (x - mean)/sqrt(var + eps)*w + b, and for the gradient g the
// sums and dx of BatchNormBackward's doc.
func naiveBatchNorm(x, w, b, g []float64, n, c, s int, eps float64) (y, mean, vr, dx, dw, db []float64) {
	y, dx = make([]float64, len(x)), make([]float64, len(x))
	mean, vr, dw, db = make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c)
	cnt := float64(n * s)
	at := func(i, ch, j int) int { return (i*c+ch)*s + j }
	for ch := 0; ch < c; ch++ {
		for i := 0; i < n; i++ {
			for j := 0; j < s; j++ {
				mean[ch] += x[at(i, ch, j)] / cnt
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < s; j++ {
				d := x[at(i, ch, j)] - mean[ch]
				vr[ch] += d * d / cnt
			}
		}
		is := 1 / math.Sqrt(vr[ch]+eps)
		for i := 0; i < n; i++ {
			for j := 0; j < s; j++ {
				k := at(i, ch, j)
				xh := (x[k] - mean[ch]) * is
				y[k] = xh*w[ch] + b[ch]
				db[ch] += g[k]
				dw[ch] += g[k] * xh
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < s; j++ {
				k := at(i, ch, j)
				xh := (x[k] - mean[ch]) * is
				dx[k] = w[ch] * is * (g[k] - db[ch]/cnt - xh*dw[ch]/cnt)
			}
		}
	}
	return y, mean, vr, dx, dw, db
}

// TestBatchNormReference checks BatchNorm and BatchNormBackward against the definition,
// in float64 and float32, for 2-d, 3-d and 4-d inputs (the 4-d one of the CNN's kind, large
// enough for the parallel and SIMD paths), with values far from zero (a mean that a
// one-pass variance would cancel).
func TestBatchNormReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][]int{{7, 3}, {4, 5, 9}, {16, 8, 14, 14}} {
		n, c := shape[0], shape[1]
		s := 1
		for _, d := range shape[2:] {
			s *= d
		}
		x, g := make([]float64, n*c*s), make([]float64, n*c*s)
		for i := range x {
			x[i] = 100 + r.NormFloat64()*3
			g[i] = r.NormFloat64()
		}
		w, b := make([]float64, c), make([]float64, c)
		for i := range w {
			w[i], b[i] = 0.5+r.Float64(), r.NormFloat64()
		}
		const eps = 1e-5
		wy, wm, wv, wdx, wdw, wdb := naiveBatchNorm(x, w, b, g, n, c, s, eps)
		for _, dt := range []tensor.DType{tensor.Float64, tensor.Float32} {
			tol := 1e-9
			if dt == tensor.Float32 {
				tol = 2e-3
			}
			X, W, B, G := tensor.FromSlice(x, shape...).AsType(dt), tensor.FromSlice(w).AsType(dt), tensor.FromSlice(b).AsType(dt), tensor.FromSlice(g, shape...).AsType(dt)
			y, m, v := tensor.BatchNorm(X, W, B, eps)
			is := tensor.Reciprocal(tensor.Sqrt(tensor.Add(v, eps)))
			dx, dw, db := tensor.BatchNormBackward(G, X, m, is, W)
			for _, p := range []struct {
				name string
				got  *tensor.Tensor
				want []float64
			}{{"y", y, wy}, {"mean", m, wm}, {"var", v, wv}, {"dx", dx, wdx}, {"dweight", dw, wdw}, {"dbias", db, wdb}} {
				if p.got.DType() != dt {
					t.Errorf("%v %v: %s has dtype %v", shape, dt, p.name, p.got.DType())
				}
				want := tensor.FromSlice(p.want, p.got.Shape()...)
				if !tensor.AllClose(p.got.AsType(tensor.Float64), want, tol, tol*float64(n*s)) {
					t.Errorf("%v %v: %s differs from the definition", shape, dt, p.name)
				}
			}
		}
	}
}

// TestBatchNormLayout runs BatchNorm, BatchNormBackward and MaxPool2dBackward on views of
// every kind against the same call on contiguous copies.
func TestBatchNormLayout(t *testing.T) {
	layouttest.Run(t, layouttest.NormOps(false), layouttest.Config{Dev: device.CPU(), Seed: 11})
}

// TestBatchNormEdges: channels without values have NaN statistics and an empty result,
// and misuse is a typed error.
func TestBatchNormEdges(t *testing.T) {
	y, m, v := tensor.BatchNorm(tensor.Zeros(tensor.Float32, 0, 2, 3), nil, nil, 1e-5)
	if fmt.Sprint(y.Shape()) != "[0 2 3]" || !math.IsNaN(float64(m.Data().([]float32)[1])) || !math.IsNaN(float64(v.Data().([]float32)[0])) {
		t.Errorf("empty batch: %v %v %v", y.Shape(), m, v)
	}
	x := tensor.Zeros(tensor.Float32, 4, 3, 2)
	idx := tensor.Zeros(tensor.Int64, 2, 3, 2, 2)
	cases := []struct {
		name string
		kind tensor.Kind
		f    func()
	}{
		{"rank 1", tensor.Shape, func() { tensor.BatchNorm(tensor.Zeros(tensor.Float32, 3), nil, nil, 1e-5) }},
		{"weight shape", tensor.Shape, func() { tensor.BatchNorm(x, tensor.Ones(tensor.Float32, 4), nil, 1e-5) }},
		{"bias shape", tensor.Shape, func() { tensor.BatchNorm(x, nil, tensor.Zeros(tensor.Float32, 3, 1), 1e-5) }},
		{"int input", tensor.Value, func() { tensor.BatchNorm(tensor.Zeros(tensor.Int64, 4, 3), nil, nil, 1e-5) }},
		{"mixed dtypes", tensor.Value, func() { tensor.BatchNorm(x, tensor.Ones(tensor.Float64, 3), nil, 1e-5) }},
		{"backward gradient shape", tensor.Shape, func() {
			tensor.BatchNormBackward(tensor.Zeros(tensor.Float32, 4, 3), x, tensor.Zeros(tensor.Float32, 3), tensor.Ones(tensor.Float32, 3), nil)
		}},
		{"backward stats shape", tensor.Shape, func() {
			tensor.BatchNormBackward(x, x, tensor.Zeros(tensor.Float32, 2), tensor.Ones(tensor.Float32, 3), nil)
		}},
		{"maxpool backward index", tensor.Index, func() {
			tensor.MaxPool2dBackward(tensor.Ones(tensor.Float32, 2, 3, 2, 2), tensor.Full(tensor.Int64, 16, 2, 3, 2, 2), []int{2, 3, 4, 4})
		}},
		{"maxpool backward negative index", tensor.Index, func() {
			tensor.MaxPool2dBackward(tensor.Ones(tensor.Float32, 2, 3, 2, 2), tensor.Full(tensor.Int64, -1, 2, 3, 2, 2), []int{2, 3, 4, 4})
		}},
		{"maxpool backward indices dtype", tensor.Value, func() {
			tensor.MaxPool2dBackward(tensor.Ones(tensor.Float32, 2, 3, 2, 2), idx.AsType(tensor.Int32), []int{2, 3, 4, 4})
		}},
		{"maxpool backward shapes", tensor.Shape, func() {
			tensor.MaxPool2dBackward(tensor.Ones(tensor.Float32, 2, 3, 2, 2), idx, []int{2, 4, 4, 4})
		}},
	}
	for _, c := range cases {
		err := tensor.Try(c.f)
		if tensor.KindOf(err) != c.kind {
			t.Errorf("%s: got %v, want a %v error", c.name, err, c.kind)
		}
	}
}

// TestMaxPool2dBackwardAdjoint checks <MaxPool2d(x), g> = <x, MaxPool2dBackward(g)>
// and the gradient's placement, on the CNN's 2x2 windows and on padded, dilated ones.
func TestMaxPool2dBackwardAdjoint(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, o := range []tensor.MaxPool2dOptions{
		{Kernel: [2]int{2, 2}},
		{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 2}, CeilMode: true},
	} {
		x := randT(r, 3, 4, 9, 8)
		out, idx := tensor.MaxPool2d(x, o)
		g := randT(r, out.Shape()...)
		dx := tensor.MaxPool2dBackward(g, idx, x.Shape())
		if d := math.Abs(dot(out, g) - dot(x, dx)); d > 1e-9 {
			t.Errorf("%+v: <out, g> - <x, dx> = %g", o, d)
		}
	}
}

func ExampleBatchNorm() {
	// Four samples of two features: each column is normalised by its own mean and
	// variance, then scaled by weight and shifted by bias.
	x := tensor.FromSlice([]float32{2, 10, 2, 30, 6, 10, 6, 30}, 4, 2)
	weight, bias := tensor.FromSlice([]float32{1, 2}, 2), tensor.FromSlice([]float32{0, 0.5}, 2)
	y, mean, variance := tensor.BatchNorm(x, weight, bias, 0)
	fmt.Println(y)
	fmt.Println(mean, variance)
	// Output:
	// array([[-1. , -1.5],
	//        [-1. ,  2.5],
	//        [ 1. , -1.5],
	//        [ 1. ,  2.5]], dtype=float32)
	// array([ 4., 20.], dtype=float32) array([  4., 100.], dtype=float32)
}

func ExampleMaxPool2dBackward() {
	x := tensor.FromSlice([]float64{1, 5, 2, 0, 3, 4, 7, 6}, 1, 2, 4)
	out, idx := tensor.MaxPool2d(x, tensor.MaxPool2dOptions{Kernel: [2]int{2, 2}})
	fmt.Println(out, idx)
	// The gradient of each output goes to the pixel its maximum came from.
	fmt.Println(tensor.MaxPool2dBackward(tensor.Ones(tensor.Float64, 1, 1, 2), idx, x.Shape()))
	// Output:
	// array([[[5., 7.]]]) array([[[1, 6]]])
	// array([[[0., 1., 0., 0.],
	//         [0., 0., 1., 0.]]])
}

func ExampleReLUGrad() {
	x := tensor.FromSlice([]float32{-1, 0, 2, 3}, 4)
	g := tensor.FromSlice([]float32{10, 20, 30, 40}, 4)
	fmt.Println(tensor.ReLUGrad(g, x))
	// Output:
	// array([ 0.,  0., 30., 40.], dtype=float32)
}
