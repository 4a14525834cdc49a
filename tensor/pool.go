package tensor

import (
	"math"
	"slices"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// 2-D pooling over the last two axes, as torch.nn.functional.max_pool2d, avg_pool2d and
// adaptive_avg_pool2d. Every pooling is a table: for each output pixel, the pixels of
// its window within an image plane (cpu.PoolTable), built on the host from the
// geometry. On the CPU the tables drive plain loops over the planes; elsewhere the
// pooling is composed of Take (a gather by the table, padding pointing at an appended
// -Inf or zero), Max/ArgMax or Sum, and AddAt for the average's adjoint.

// MaxPool2dOptions are a max-pooling's hyper-parameters, as torch's max_pool2d.
type MaxPool2dOptions struct {
	Kernel   [2]int // window size (kH, kW); required
	Stride   [2]int // 0 means the kernel size (PyTorch's default)
	Padding  [2]int // implicit -Inf on both sides; at most half the kernel
	Dilation [2]int // spacing of the window's taps; 0 means 1
	CeilMode bool   // round the output size up (a last window may start in the right padding's reach)
}

// AvgPool2dOptions are an average pooling's hyper-parameters, as torch's avg_pool2d. The
// zero value of the flags is PyTorch's default (count_include_pad=True).
type AvgPool2dOptions struct {
	Kernel          [2]int // window size (kH, kW); required
	Stride          [2]int // 0 means the kernel size
	Padding         [2]int // implicit zeros on both sides; at most half the kernel
	CeilMode        bool   // round the output size up
	ExcludePad      bool   // divide by the pixels inside the input only (count_include_pad=False)
	DivisorOverride int    // divide every window by this instead (0: none)
}

// poolDims normalizes kernel, stride, padding and dilation and checks them as PyTorch.
func poolDims(op string, k, s, p, d [2]int) ([2]int, [2]int, [2]int) {
	for i := 0; i < 2; i++ {
		if k[i] < 1 || s[i] < 0 || p[i] < 0 || d[i] < 0 {
			fail(Value, op, "kernel %v must be positive and stride %v, padding %v, dilation %v non-negative", k, s, p, d)
		}
		if s[i] == 0 {
			s[i] = k[i]
		}
		if d[i] == 0 {
			d[i] = 1
		}
		if p[i] > k[i]/2 {
			fail(Value, op, "padding %v must be at most half the kernel size %v", p, k)
		}
	}
	return s, p, d
}

// poolOut is the output size along one axis, as PyTorch's pooling_output_shape.
func poolOut(in, k, s, p, d int, ceil bool) int {
	num := in + 2*p - d*(k-1) - 1
	if ceil {
		num += s - 1
	}
	out := floorDivInt(num, s) + 1
	if ceil && (out-1)*s >= in+p {
		out--
	}
	return out
}

func floorDivInt(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// poolInput checks x is (N, C, H, W) or (C, H, W) of float32 or float64 and returns the
// number of planes, H and W.
func poolInput(op string, x *Tensor) (planes, h, w int) {
	x.must(op)
	convFloat(op, x)
	return poolShape(op, x.shape)
}

// poolShape checks an input shape (N, C, H, W) or (C, H, W) and returns the number of
// planes, H and W.
func poolShape(op string, shape []int) (planes, h, w int) {
	r := len(shape)
	if r != 3 && r != 4 {
		fail(Shape, op, "input of shape %s: want (N, C, H, W) or (C, H, W)", shapeStr(shape))
	}
	for k := r - 3; k < r; k++ {
		if shape[k] == 0 {
			fail(Shape, op, "input of shape %s: only the batch dimension may be 0", shapeStr(shape))
		}
	}
	planes = 1
	for _, n := range shape[:r-2] {
		planes *= n
	}
	return planes, shape[r-2], shape[r-1]
}

func pooledShape(shape []int, oh, ow int) []int {
	r := len(shape)
	return append(append([]int{}, shape[:r-2]...), oh, ow)
}

func checkPoolOut(op string, shape []int, oh, ow int) {
	if oh < 1 || ow < 1 {
		fail(Shape, op, "input of shape %s gives an output of size (%d, %d): the (padded) input is smaller than the kernel", shapeStr(shape), oh, ow)
	}
}

// MaxPool2d is max-pooling over the last two axes of x ((N, C, H, W) or (C, H, W)), as
// torch.nn.functional.max_pool2d with return_indices=True: the result (N, C, OH, OW)
// and, as int64, the position of each maximum within its H x W plane (h*W + w). Ties go
// to the first maximum in the window's row-major order; a NaN wins (on the CPU, the last
// NaN of a window, as PyTorch's CPU kernel; elsewhere the first). Gradients flow to x
// (through the indices); the indices are not differentiable.
func MaxPool2d(x *Tensor, opts MaxPool2dOptions) (out, indices *Tensor) {
	const op = "MaxPool2d"
	planes, h, w := poolInput(op, x)
	t, oh, ow := maxTable(op, x.shape, h, w, opts)
	if x.ag != nil {
		out, indices = MaxPool2d(untrack(x), opts)
		return record(op, out, indices, nil, x), indices
	}
	d := x.Device()
	oshape := pooledShape(x.shape, oh, ow)
	if planes == 0 || t.HW == 0 {
		return alloc(op, d, x.dtype, oshape), alloc(op, d, Int64, oshape)
	}
	if !isCPU(d) {
		return maxPoolComposed(x, t, oh, ow)
	}
	out, indices = alloc(op, d, x.dtype, oshape), alloc(op, d, Int64, oshape)
	arg := hostElems[int64](indices)
	if x.dtype == Float32 {
		cpu.MaxPoolPlanes(t, hostElems[float32](hostContig(x)), planes, hostElems[float32](out), arg)
	} else {
		cpu.MaxPoolPlanes(t, hostElems[float64](hostContig(x)), planes, hostElems[float64](out), arg)
	}
	return out, indices
}

// MaxPool2dBackward is MaxPool2d's adjoint (its gradient with respect to the input, as
// PyTorch's max_pool2d_with_indices_backward): g has MaxPool2d's output shape and
// indices are the int64 positions within each H x W plane that MaxPool2d returned with
// it; the result, of shape inputShape, is zeros with each element of g added at its
// plane's position. An index outside the plane is an Index error. It is recorded (its
// gradient is the gather of the input-shaped gradient at the indices), so gradients of
// gradients flow. On the CPU it is one pass over the planes; elsewhere it is composed of
// Add and AddAt.
func MaxPool2dBackward(g, indices *Tensor, inputShape []int) *Tensor {
	const op = "MaxPool2dBackward"
	g.must(op)
	indices.must(op)
	convFloat(op, g)
	planes, h, w := poolShape(op, inputShape)
	r := len(inputShape)
	if len(g.shape) != r || !slices.Equal(g.shape[:r-2], inputShape[:r-2]) {
		fail(Shape, op, "gradient of shape %s for an input of shape %s: want the same leading axes", shapeStr(g.shape), shapeStr(inputShape))
	}
	checkGradShape(op, "indices", indices.shape, g.shape)
	if indices.dtype != Int64 {
		fail(Value, op, "indices must be int64, got %v", indices.dtype)
	}
	d := deviceOf(op, g, indices)
	if g.ag != nil {
		return record(op, MaxPool2dBackward(untrack(g), indices, inputShape), indices.Detach(), nil, g)
	}
	hw, l := h*w, g.shape[r-2]*g.shape[r-1]
	if planes == 0 || l == 0 {
		return alloc(op, d, g.dtype, inputShape).Fill(0)
	}
	if !isCPU(d) {
		if Any(LogicalOr(Less(indices, 0), GreaterEqual(indices, hw))).Item() != 0 {
			fail(Index, op, "an index lies outside the planes of %d x %d pixels (input shape %s)", h, w, shapeStr(inputShape))
		}
		return maxPoolGradComposed(g, indices, inputShape, planes, hw, l)
	}
	dx := alloc(op, d, g.dtype, inputShape)
	arg := hostElems[int64](hostContig(indices))
	ok := false
	if g.dtype == Float32 {
		ok = cpu.MaxPoolPlanesGrad(hw, l, hostElems[float32](hostContig(g)), arg, planes, hostElems[float32](dx))
	} else {
		ok = cpu.MaxPoolPlanesGrad(hw, l, hostElems[float64](hostContig(g)), arg, planes, hostElems[float64](dx))
	}
	if !ok {
		fail(Index, op, "an index lies outside the planes of %d x %d pixels (input shape %s)", h, w, shapeStr(inputShape))
	}
	return dx
}

// MaxPool2dBackward is the adjoint of max-pooling (see the function MaxPool2dBackward).
func (t *Tensor) MaxPool2dBackward(indices *Tensor, inputShape []int) *Tensor {
	return MaxPool2dBackward(t, indices, inputShape)
}

// maxPoolGradComposed is MaxPool2dBackward with Arange, Add and AddAt, on any device:
// each plane's indices offset by the plane's start, and g added there.
func maxPoolGradComposed(g, indices *Tensor, shape []int, planes, hw, l int) *Tensor {
	d := g.Device()
	base := Arange(Int64, 0, float64(planes*hw), float64(hw)).Reshape(planes, 1).To(d)
	pos := Add(indices.Reshape(planes, l), base).Reshape(-1)
	out := alloc("MaxPool2dBackward", d, g.dtype, []int{planes * hw}).Fill(0)
	AddAt(out, pos, g.Reshape(-1), 0)
	return out.Reshape(shape...)
}

// maxTable is the table of MaxPool2d for planes of h x w: each window's pixels in
// row-major order, then -1 for its taps in the padding.
func maxTable(op string, shape []int, h, w int, opts MaxPool2dOptions) (cpu.PoolTable, int, int) {
	s, p, dl := poolDims(op, opts.Kernel, opts.Stride, opts.Padding, opts.Dilation)
	k := opts.Kernel
	oh := poolOut(h, k[0], s[0], p[0], dl[0], opts.CeilMode)
	ow := poolOut(w, k[1], s[1], p[1], dl[1], opts.CeilMode)
	checkPoolOut(op, shape, oh, ow)
	t := cpu.PoolTable{HW: h * w, L: oh * ow, K: k[0] * k[1]}
	t.Idx = make([]int32, t.L*t.K)
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			win := t.Idx[(oy*ow+ox)*t.K:][:t.K]
			n := 0
			for ky := 0; ky < k[0]; ky++ {
				iy := oy*s[0] - p[0] + ky*dl[0]
				for kx := 0; kx < k[1]; kx++ {
					ix := ox*s[1] - p[1] + kx*dl[1]
					if iy >= 0 && iy < h && ix >= 0 && ix < w {
						win[n] = int32(iy*w + ix)
						n++
					}
				}
			}
			for ; n < t.K; n++ {
				win[n] = -1
			}
		}
	}
	if p == [2]int{} && (oh-1)*s[0]+dl[0]*(k[0]-1) < h && (ow-1)*s[1]+dl[1]*(k[1]-1) < w {
		t.Geom = &cpu.PoolGeom{W: w, OH: oh, OW: ow, KH: k[0], KW: k[1], SH: s[0], SW: s[1], DH: dl[0], DW: dl[1]}
	}
	return t, oh, ow
}

// maxPoolComposed is MaxPool2d from Take, Max and ArgMax, for any device. The table
// lists a window's pixels before its padding, so a window of -Inf picks its first pixel.
func maxPoolComposed(x *Tensor, t cpu.PoolTable, oh, ow int) (out, indices *Tensor) {
	d := x.Device()
	planes := x.Size() / t.HW
	oshape := pooledShape(x.shape, oh, ow)
	tbl := poolTableIndex(t, d)
	cols := Take(padPlanes("MaxPool2d", x, planes, t.HW, math.Inf(-1)), tbl, 1) // (planes, L, K)
	out = Max(cols, -1).Reshape(oshape...)
	am := ArgMax(cols, -1) // (planes, L)
	base := Arange(Int64, 0, float64(t.L*t.K), float64(t.K)).To(d)
	indices = Take(tbl.Reshape(-1), Add(am, base)).Reshape(oshape...)
	return out, indices
}

// MaxPool2d is max-pooling over the last two axes (see the function MaxPool2d).
func (t *Tensor) MaxPool2d(opts MaxPool2dOptions) (out, indices *Tensor) { return MaxPool2d(t, opts) }

// poolTableIndex is the table as an int64 (L, K) tensor on d, padding pointing at HW.
func poolTableIndex(t cpu.PoolTable, d device.Device) *Tensor {
	v := make([]int64, len(t.Idx))
	for i, q := range t.Idx {
		if q < 0 {
			v[i] = int64(t.HW)
		} else {
			v[i] = int64(q)
		}
	}
	return FromSlice(v, t.L, t.K).To(d)
}

// padPlanes is x as (planes, HW+1): each plane flattened with fill appended.
func padPlanes(op string, x *Tensor, planes, hw int, fill float64) *Tensor {
	pad := alloc(op, x.Device(), x.dtype, []int{planes, 1}).Fill(fill)
	return Concatenate([]*Tensor{x.Reshape(planes, hw), pad}, 1)
}

// avgTable is the table of AvgPool2d for planes of h x w.
func avgTable(op string, shape []int, h, w int, o AvgPool2dOptions) (cpu.PoolTable, int, int) {
	s, p, _ := poolDims(op, o.Kernel, o.Stride, o.Padding, [2]int{1, 1})
	k := o.Kernel
	if o.DivisorOverride < 0 {
		fail(Value, op, "negative divisor override %d", o.DivisorOverride)
	}
	oh := poolOut(h, k[0], s[0], p[0], 1, o.CeilMode)
	ow := poolOut(w, k[1], s[1], p[1], 1, o.CeilMode)
	checkPoolOut(op, shape, oh, ow)
	t := cpu.PoolTable{HW: h * w, L: oh * ow, K: k[0] * k[1]}
	t.Idx, t.Div = make([]int32, t.L*t.K), make([]float64, t.L)
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			j := oy*ow + ox
			h0, w0 := oy*s[0]-p[0], ox*s[1]-p[1]
			h1, w1 := min(h0+k[0], h+p[0]), min(w0+k[1], w+p[1])
			size := (h1 - h0) * (w1 - w0)
			h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, h), min(w1, w)
			t.Div[j] = float64(fillWindow(t.Idx[j*t.K:][:t.K], w, h0, h1, w0, w1))
			switch {
			case o.DivisorOverride > 0:
				t.Div[j] = float64(o.DivisorOverride)
			case !o.ExcludePad:
				t.Div[j] = float64(size)
			}
			if t.Div[j] == 0 {
				t.Div[j] = 1 // an empty window averages to 0
			}
		}
	}
	return t, oh, ow
}

// fillWindow writes the pixels of rows [h0, h1) and columns [w0, w1) of a plane w wide
// into win, -1 after them, and returns their count.
func fillWindow(win []int32, w, h0, h1, w0, w1 int) int {
	n := 0
	for iy := h0; iy < h1; iy++ {
		for ix := w0; ix < w1; ix++ {
			win[n] = int32(iy*w + ix)
			n++
		}
	}
	for i := n; i < len(win); i++ {
		win[i] = -1
	}
	return n
}

// adaptiveTable is the table of AdaptiveAvgPool2d: window i of n along an axis of size
// in spans [floor(i*in/n), ceil((i+1)*in/n)).
func adaptiveTable(h, w, oh, ow int) cpu.PoolTable {
	span := func(i, in, n int) (int, int) { return i * in / n, ((i+1)*in + n - 1) / n }
	kh, kw := 0, 0
	for i := 0; i < oh; i++ {
		a, b := span(i, h, oh)
		kh = max(kh, b-a)
	}
	for i := 0; i < ow; i++ {
		a, b := span(i, w, ow)
		kw = max(kw, b-a)
	}
	t := cpu.PoolTable{HW: h * w, L: oh * ow, K: kh * kw}
	t.Idx, t.Div = make([]int32, t.L*t.K), make([]float64, t.L)
	for oy := 0; oy < oh; oy++ {
		h0, h1 := span(oy, h, oh)
		for ox := 0; ox < ow; ox++ {
			w0, w1 := span(ox, w, ow)
			j := oy*ow + ox
			t.Div[j] = float64(max(fillWindow(t.Idx[j*t.K:][:t.K], w, h0, h1, w0, w1), 1))
		}
	}
	return t
}

// AvgPool2d is average pooling over the last two axes of x ((N, C, H, W) or (C, H, W)),
// as torch.nn.functional.avg_pool2d: each window's sum divided by the window's size
// including the padding that lies within the input's padded extent
// (count_include_pad=True), by the pixels inside the input (ExcludePad), or by
// DivisorOverride. Gradients flow to x.
func AvgPool2d(x *Tensor, opts AvgPool2dOptions) *Tensor {
	const op = "AvgPool2d"
	_, h, w := poolInput(op, x)
	t, oh, ow := avgTable(op, x.shape, h, w, opts)
	if x.ag != nil {
		return record(op, AvgPool2d(untrack(x), opts), opts, nil, x)
	}
	return avgPool(op, x, t, oh, ow)
}

// AvgPool2d is average pooling over the last two axes (see the function AvgPool2d).
func (t *Tensor) AvgPool2d(opts AvgPool2dOptions) *Tensor { return AvgPool2d(t, opts) }

// AvgPool2dBackward is AvgPool2d's adjoint (its gradient with respect to the input, as
// PyTorch's avg_pool2d_backward): g has AvgPool2d's output shape for an input of shape
// inputShape, and the result has inputShape, each output's gradient spread over its
// window divided by the window's divisor. It is recorded (its gradient is AvgPool2d),
// so gradients of gradients flow.
func AvgPool2dBackward(g *Tensor, inputShape []int, opts AvgPool2dOptions) *Tensor {
	const op = "AvgPool2dBackward"
	g.must(op)
	convFloat(op, g)
	_, h, w := poolShape(op, inputShape)
	t, oh, ow := avgTable(op, inputShape, h, w, opts)
	checkGradShape(op, "gradient of the output", g.shape, pooledShape(inputShape, oh, ow))
	if g.ag != nil {
		return record(op, AvgPool2dBackward(untrack(g), inputShape, opts), opts, nil, g)
	}
	return avgPoolGrad(op, g, t, inputShape)
}

// AvgPool2dBackward is the adjoint of average pooling (see the function
// AvgPool2dBackward).
func (t *Tensor) AvgPool2dBackward(inputShape []int, opts AvgPool2dOptions) *Tensor {
	return AvgPool2dBackward(t, inputShape, opts)
}

// AdaptiveAvgPool2d is average pooling of x ((N, C, H, W) or (C, H, W)) to an outH x
// outW output, as torch.nn.functional.adaptive_avg_pool2d: output row i averages input
// rows [floor(i*H/outH), ceil((i+1)*H/outH)), likewise columns, so windows may overlap
// and differ in size when the sizes do not divide. Gradients flow to x.
func AdaptiveAvgPool2d(x *Tensor, outH, outW int) *Tensor {
	const op = "AdaptiveAvgPool2d"
	_, h, w := poolInput(op, x)
	if outH < 1 || outW < 1 {
		fail(Value, op, "output size (%d, %d) must be positive", outH, outW)
	}
	if x.ag != nil {
		return record(op, AdaptiveAvgPool2d(untrack(x), outH, outW), nil, nil, x)
	}
	return avgPool(op, x, adaptiveTable(h, w, outH, outW), outH, outW)
}

// AdaptiveAvgPool2d is adaptive average pooling (see the function AdaptiveAvgPool2d).
func (t *Tensor) AdaptiveAvgPool2d(outH, outW int) *Tensor { return AdaptiveAvgPool2d(t, outH, outW) }

// AdaptiveAvgPool2dBackward is AdaptiveAvgPool2d's adjoint: g (..., outH, outW) spread
// back over an input of shape inputShape. It is recorded (its gradient is
// AdaptiveAvgPool2d), so gradients of gradients flow.
func AdaptiveAvgPool2dBackward(g *Tensor, inputShape []int) *Tensor {
	const op = "AdaptiveAvgPool2dBackward"
	g.must(op)
	convFloat(op, g)
	_, h, w := poolShape(op, inputShape)
	r := len(g.shape)
	if r != len(inputShape) {
		fail(Shape, op, "gradient of shape %s for an input of shape %s", shapeStr(g.shape), shapeStr(inputShape))
	}
	oh, ow := g.shape[r-2], g.shape[r-1]
	checkGradShape(op, "gradient of the output", g.shape, pooledShape(inputShape, oh, ow))
	if oh < 1 || ow < 1 {
		fail(Shape, op, "gradient of shape %s for an input of shape %s", shapeStr(g.shape), shapeStr(inputShape))
	}
	if g.ag != nil {
		return record(op, AdaptiveAvgPool2dBackward(untrack(g), inputShape), nil, nil, g)
	}
	return avgPoolGrad(op, g, adaptiveTable(h, w, oh, ow), inputShape)
}

// AdaptiveAvgPool2dBackward is the adjoint of adaptive average pooling (see the function
// AdaptiveAvgPool2dBackward).
func (t *Tensor) AdaptiveAvgPool2dBackward(inputShape []int) *Tensor {
	return AdaptiveAvgPool2dBackward(t, inputShape)
}

// avgPool applies an averaging table to the planes of x.
func avgPool(op string, x *Tensor, t cpu.PoolTable, oh, ow int) *Tensor {
	d := x.Device()
	planes := x.Size() / max(t.HW, 1)
	oshape := pooledShape(x.shape, oh, ow)
	if x.Size() == 0 {
		return alloc(op, d, x.dtype, oshape)
	}
	if isCPU(d) {
		out := alloc(op, d, x.dtype, oshape)
		if x.dtype == Float32 {
			cpu.AvgPoolPlanes(t, hostElems[float32](hostContig(x)), planes, hostElems[float32](out))
		} else {
			cpu.AvgPoolPlanes(t, hostElems[float64](hostContig(x)), planes, hostElems[float64](out))
		}
		return out
	}
	return avgPoolComposed(x, t, oh, ow)
}

// avgPoolComposed is an averaging table applied with Take, Sum and Div, on any device.
func avgPoolComposed(x *Tensor, t cpu.PoolTable, oh, ow int) *Tensor {
	d := x.Device()
	planes := x.Size() / t.HW
	cols := Take(padPlanes("AvgPool2d", x, planes, t.HW, 0), poolTableIndex(t, d), 1) // (planes, L, K)
	div := FromSlice(t.Div, t.L).To(d).as(x.dtype)
	return Div(Sum(cols, -1), div).Reshape(pooledShape(x.shape, oh, ow)...)
}

// avgPoolGrad applies an averaging table's adjoint to g, giving a tensor of shape.
func avgPoolGrad(op string, g *Tensor, t cpu.PoolTable, shape []int) *Tensor {
	d := g.Device()
	planes := g.Size() / max(t.L, 1)
	if g.Size() == 0 || t.HW == 0 {
		return alloc(op, d, g.dtype, shape).Fill(0)
	}
	if isCPU(d) {
		dx := alloc(op, d, g.dtype, shape).Fill(0)
		if g.dtype == Float32 {
			cpu.AvgPoolPlanesGrad(t, hostElems[float32](hostContig(g)), planes, hostElems[float32](dx))
		} else {
			cpu.AvgPoolPlanesGrad(t, hostElems[float64](hostContig(g)), planes, hostElems[float64](dx))
		}
		return dx
	}
	return avgPoolGradComposed(g, t, shape)
}

// avgPoolGradComposed is an averaging table's adjoint with Div and AddAt, on any device.
func avgPoolGradComposed(g *Tensor, t cpu.PoolTable, shape []int) *Tensor {
	d := g.Device()
	planes := g.Size() / t.L
	div := FromSlice(t.Div, t.L).To(d).as(g.dtype)
	src := Div(g.Reshape(planes, t.L), div).Reshape(planes, t.L, 1).BroadcastTo(planes, t.L, t.K).Reshape(planes, t.L*t.K)
	dx := alloc("AvgPool2dBackward", d, g.dtype, []int{planes, t.HW + 1}).Fill(0)
	AddAt(dx, poolTableIndex(t, d).Reshape(-1), src, 1)
	return dx.Slice(S(None), S(0, t.HW)).Reshape(shape...)
}
