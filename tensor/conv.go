package tensor

import (
	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/device"
)

// 2-D convolution, as torch.nn.functional.conv2d, and its two adjoints (the gradients
// with respect to the input and to the weight, as torch.nn.grad.conv2d_input and
// conv2d_weight), which autograd's rules call. On the CPU, image by image (spread over
// the threads): im2col into a (C/groups*KH*KW, OH*OW) matrix that stays in cache and one
// GEMM per group, in NCHW throughout (cpu.ConvForward); the input gradient folds the
// GEMM's result back with col2im, and the weight gradient sums per-image GEMMs. On other devices the same computation is composed of
// Take (the unfold, as a gather at precomputed positions), MatMul and AddAt (the fold),
// so it runs wherever those do.

// Conv2dOptions are a convolution's hyper-parameters. The zero value is PyTorch's
// default: stride 1, no padding, dilation 1, one group.
type Conv2dOptions struct {
	Stride   [2]int // (sH, sW); 0 means 1
	Padding  [2]int // zeros added on both sides of each spatial dimension
	Dilation [2]int // spacing of the kernel's taps; 0 means 1
	Groups   int    // in and out channels split into Groups independent groups; 0 means 1
}

// norm returns the options with their defaults filled in, refusing negative values.
func (o Conv2dOptions) norm(op string) Conv2dOptions {
	for k := 0; k < 2; k++ {
		if o.Stride[k] < 0 || o.Padding[k] < 0 || o.Dilation[k] < 0 {
			fail(Value, op, "negative stride %v, padding %v or dilation %v", o.Stride, o.Padding, o.Dilation)
		}
		if o.Stride[k] == 0 {
			o.Stride[k] = 1
		}
		if o.Dilation[k] == 0 {
			o.Dilation[k] = 1
		}
	}
	if o.Groups < 0 {
		fail(Value, op, "negative groups %d", o.Groups)
	}
	if o.Groups == 0 {
		o.Groups = 1
	}
	return o
}

// convGeom is a batched convolution's full geometry.
type convGeom struct {
	cpu.ConvGeom
	n, o, groups, cg, og int
}

// convShapes validates an input of shape xs (N, C, H, W) and a weight of shape ws
// (O, C/groups, KH, KW) under o (normalized) and returns the geometry.
func convShapes(op string, xs, ws []int, o Conv2dOptions) convGeom {
	if len(xs) != 4 {
		fail(Shape, op, "input of shape %s: want (N, C, H, W) or (C, H, W)", shapeStr(xs))
	}
	if len(ws) != 4 {
		fail(Shape, op, "weight of shape %s: want (out_channels, in_channels/groups, kH, kW)", shapeStr(ws))
	}
	g := convGeom{n: xs[0], o: ws[0], groups: o.Groups, cg: ws[1]}
	g.C, g.H, g.W, g.KH, g.KW = xs[1], xs[2], xs[3], ws[2], ws[3]
	if g.cg*o.Groups != g.C {
		fail(Shape, op, "input of shape %s has %d channels, but the weight of shape %s with groups=%d expects %d (in_channels/groups = %d)",
			shapeStr(xs), g.C, shapeStr(ws), o.Groups, g.cg*o.Groups, g.cg)
	}
	if g.o%o.Groups != 0 {
		fail(Shape, op, "weight of shape %s has %d output channels, not divisible by groups=%d", shapeStr(ws), g.o, o.Groups)
	}
	g.og = g.o / o.Groups
	g.SH, g.SW, g.PH, g.PW, g.DH, g.DW = o.Stride[0], o.Stride[1], o.Padding[0], o.Padding[1], o.Dilation[0], o.Dilation[1]
	eh, ew := g.DH*(g.KH-1)+1, g.DW*(g.KW-1)+1
	if g.KH < 1 || g.KW < 1 || eh > g.H+2*g.PH || ew > g.W+2*g.PW {
		fail(Shape, op, "kernel of size (%d, %d) (dilated: (%d, %d)) does not fit the padded input of size (%d, %d) (input %s, weight %s, padding %v)",
			g.KH, g.KW, eh, ew, g.H+2*g.PH, g.W+2*g.PW, shapeStr(xs), shapeStr(ws), o.Padding)
	}
	g.OH, g.OW = (g.H+2*g.PH-eh)/g.SH+1, (g.W+2*g.PW-ew)/g.SW+1
	return g
}

func (g convGeom) outShape() []int { return []int{g.n, g.o, g.OH, g.OW} }
func (g convGeom) inShape() []int  { return []int{g.n, g.C, g.H, g.W} }
func (g convGeom) wShape() []int   { return []int{g.o, g.cg, g.KH, g.KW} }

// convFloat checks that the tensors are float32 or float64, all of one dtype.
func convFloat(op string, ts ...*Tensor) DType {
	var dt DType
	for _, t := range ts {
		if t == nil {
			continue
		}
		if !t.dtype.IsFloat() {
			fail(Value, op, "operands must be float32 or float64, got %v", t.dtype)
		}
		if dt != 0 && t.dtype != dt {
			fail(Value, op, "operands have different dtypes %v and %v: convert one with AsType", dt, t.dtype)
		}
		dt = t.dtype
	}
	return dt
}

func isCPU(d device.Device) bool { return d == device.CPU() }

// hostContig is t if its CPU data can be read as one C-ordered slice, else a copy (a
// strided view, or a broadcast view, which Data refuses).
func hostContig(t *Tensor) *Tensor {
	if t.readOnly || !t.IsContiguous() {
		return t.Copy()
	}
	return t
}

// hostElems is the elements of a C-contiguous CPU tensor as its backing slice, for the
// op's own use while it runs: unlike Data it does not mark the storage shared, so
// temporaries can be freed and results stay freeable.
func hostElems[T float32 | float64 | int64](t *Tensor) []T {
	s := t.buf.(device.HostBuffer).Slice().([]T)
	return s[t.offset : t.offset+t.Size()]
}

// Conv2d is the 2-D cross-correlation of x with the filters w plus bias, as
// torch.nn.functional.conv2d: x is (N, C, H, W) (or (C, H, W), unbatched), w is
// (O, C/groups, KH, KW), bias is nil or (O,), and the result is (N, O, OH, OW) with
// OH = (H + 2*padding - dilation*(KH-1) - 1)/stride + 1 (likewise OW). Operands must be
// float32 or float64 of one dtype (a Value error otherwise); channels that do not match
// the weight and groups, and a kernel larger than the padded input, are Shape errors.
// Gradients flow to x, w and bias, and to second order.
func Conv2d(x, w, bias *Tensor, opts Conv2dOptions) *Tensor {
	const op = "Conv2d"
	x.must(op)
	w.must(op)
	if bias != nil {
		bias.must(op)
	}
	o := opts.norm(op)
	if len(x.shape) == 3 {
		return Conv2d(x.ExpandDims(0), w, bias, o).Squeeze(0)
	}
	g := convShapes(op, x.shape, w.shape, o)
	if bias != nil && (len(bias.shape) != 1 || bias.shape[0] != g.o) {
		fail(Shape, op, "bias of shape %s for %d output channels (weight %s): want (%d,)", shapeStr(bias.shape), g.o, shapeStr(w.shape), g.o)
	}
	convFloat(op, x, w, bias)
	d := deviceOf(op, x, w, bias)
	if x.ag != nil || w.ag != nil || bias != nil && bias.ag != nil {
		return record(op, Conv2d(untrack(x), untrack(w), untrack(bias), o), o, nil, x, w, bias)
	}
	if g.n*g.o*g.OH*g.OW == 0 {
		return alloc(op, d, x.dtype, g.outShape())
	}
	if isCPU(d) {
		if x.dtype == Float32 {
			return conv2dHost[float32](op, x, w, bias, g)
		}
		return conv2dHost[float64](op, x, w, bias, g)
	}
	return conv2dComposed(x, w, bias, g)
}

// Conv2d is the 2-D convolution of t with w plus bias (see the function Conv2d).
func (t *Tensor) Conv2d(w, bias *Tensor, opts Conv2dOptions) *Tensor { return Conv2d(t, w, bias, opts) }

// Conv2dInput is the gradient of Conv2d with respect to its input, as
// torch.nn.grad.conv2d_input: given g, the gradient of Conv2d's result (N, O, OH, OW),
// and the weight w, it returns the gradient (the transposed convolution of g with w) of
// shape inputShape (N, C, H, W). Unbatched shapes (3-D g and inputShape) work too. It is
// linear in g and in w, and recorded, so gradients of gradients flow.
func Conv2dInput(g, w *Tensor, inputShape []int, opts Conv2dOptions) *Tensor {
	const op = "Conv2dInput"
	g.must(op)
	w.must(op)
	o := opts.norm(op)
	if len(g.shape) == 3 && len(inputShape) == 3 {
		return Conv2dInput(g.ExpandDims(0), w, append([]int{1}, inputShape...), o).Squeeze(0)
	}
	geo := convShapes(op, inputShape, w.shape, o)
	checkGradShape(op, "gradient of the output", g.shape, geo.outShape())
	convFloat(op, g, w)
	d := deviceOf(op, g, w)
	if g.ag != nil || w.ag != nil {
		return record(op, Conv2dInput(untrack(g), untrack(w), inputShape, o), o, nil, g, w)
	}
	if geo.n*geo.C*geo.H*geo.W == 0 {
		return alloc(op, d, g.dtype, geo.inShape())
	}
	if isCPU(d) {
		if g.dtype == Float32 {
			return conv2dInputHost[float32](op, g, w, geo)
		}
		return conv2dInputHost[float64](op, g, w, geo)
	}
	return conv2dInputComposed(op, g, w, geo)
}

// Conv2dInput is the gradient of a convolution with respect to its input (see the
// function Conv2dInput).
func (t *Tensor) Conv2dInput(w *Tensor, inputShape []int, opts Conv2dOptions) *Tensor {
	return Conv2dInput(t, w, inputShape, opts)
}

// Conv2dWeight is the gradient of Conv2d with respect to its weight, as
// torch.nn.grad.conv2d_weight: given the input x (N, C, H, W) and g, the gradient of
// Conv2d's result (N, O, OH, OW), it returns the gradient of shape weightShape
// (O, C/groups, KH, KW), summed over the batch. Unbatched x and g (3-D) work too. It is
// linear in x and in g, and recorded, so gradients of gradients flow.
func Conv2dWeight(x, g *Tensor, weightShape []int, opts Conv2dOptions) *Tensor {
	const op = "Conv2dWeight"
	x.must(op)
	g.must(op)
	o := opts.norm(op)
	if len(x.shape) == 3 && len(g.shape) == 3 {
		return Conv2dWeight(x.ExpandDims(0), g.ExpandDims(0), weightShape, o)
	}
	geo := convShapes(op, x.shape, weightShape, o)
	checkGradShape(op, "gradient of the output", g.shape, geo.outShape())
	convFloat(op, x, g)
	d := deviceOf(op, x, g)
	if x.ag != nil || g.ag != nil {
		return record(op, Conv2dWeight(untrack(x), untrack(g), weightShape, o), o, nil, x, g)
	}
	if geo.n*geo.OH*geo.OW == 0 || geo.o*geo.cg*geo.KH*geo.KW == 0 {
		return alloc(op, d, x.dtype, geo.wShape()).Fill(0)
	}
	if isCPU(d) {
		if x.dtype == Float32 {
			return conv2dWeightHost[float32](op, x, g, geo)
		}
		return conv2dWeightHost[float64](op, x, g, geo)
	}
	return conv2dWeightComposed(op, x, g, geo)
}

// Conv2dWeight is the gradient of a convolution with respect to its weight (see the
// function Conv2dWeight).
func (t *Tensor) Conv2dWeight(g *Tensor, weightShape []int, opts Conv2dOptions) *Tensor {
	return Conv2dWeight(t, g, weightShape, opts)
}

func checkGradShape(op, what string, got, want []int) {
	if len(got) != len(want) {
		fail(Shape, op, "%s has shape %s, want %s", what, shapeStr(got), shapeStr(want))
	}
	for k := range got {
		if got[k] != want[k] {
			fail(Shape, op, "%s has shape %s, want %s", what, shapeStr(got), shapeStr(want))
		}
	}
}

// ---------------------------------------------------------------- CPU

// batch is the geometry as the CPU kernels take it.
func (g convGeom) batch() cpu.ConvBatch {
	return cpu.ConvBatch{ConvGeom: g.ConvGeom, N: g.n, O: g.o, Groups: g.groups}
}

// conv2dHost runs cpu.ConvForward (per image: im2col and one GEMM per group, straight
// into NCHW).
func conv2dHost[T float32 | float64](op string, x, w, bias *Tensor, g convGeom) *Tensor {
	var bs []T
	if bias != nil {
		bs = ToSlice[T](bias)
	}
	out := alloc(op, device.CPU(), x.dtype, g.outShape())
	cpu.ConvForward(g.batch(), hostElems[T](hostContig(x)), hostElems[T](hostContig(w)), bs, hostElems[T](out))
	return out
}

func conv2dInputHost[T float32 | float64](op string, g, w *Tensor, geo convGeom) *Tensor {
	dx := alloc(op, device.CPU(), g.dtype, geo.inShape())
	cpu.ConvInputGrad(geo.batch(), hostElems[T](hostContig(g)), hostElems[T](hostContig(w)), hostElems[T](dx))
	return dx
}

func conv2dWeightHost[T float32 | float64](op string, x, g *Tensor, geo convGeom) *Tensor {
	dw := alloc(op, device.CPU(), x.dtype, geo.wShape())
	cpu.ConvWeightGrad(geo.batch(), hostElems[T](hostContig(x)), hostElems[T](hostContig(g)), hostElems[T](dw))
	return dw
}

// ---------------------------------------------------------------- composed (any device)

// unfoldIndex is the gather table of the composed path: for group grp, output pixel l
// and tap j of (C/groups, KH, KW), the position in an image flattened to C*H*W, or
// C*H*W (a zero appended to each image) in the padding. Shape (groups, L, C/groups*KH*KW).
func unfoldIndex(g convGeom, d device.Device) *Tensor {
	l, k := g.OH*g.OW, g.KH*g.KW
	kw := g.cg * k
	chw := int64(g.C * g.H * g.W)
	idx := make([]int64, g.groups*l*kw)
	for grp := 0; grp < g.groups; grp++ {
		for oy := 0; oy < g.OH; oy++ {
			for ox := 0; ox < g.OW; ox++ {
				row := idx[(grp*l+oy*g.OW+ox)*kw:][:kw]
				for c := 0; c < g.cg; c++ {
					for ky := 0; ky < g.KH; ky++ {
						iy := oy*g.SH - g.PH + ky*g.DH
						for kx := 0; kx < g.KW; kx++ {
							ix := ox*g.SW - g.PW + kx*g.DW
							v := chw
							if iy >= 0 && iy < g.H && ix >= 0 && ix < g.W {
								v = int64(((grp*g.cg+c)*g.H+iy)*g.W + ix)
							}
							row[c*k+ky*g.KW+kx] = v
						}
					}
				}
			}
		}
	}
	return FromSlice(idx, g.groups, l, kw).To(d)
}

// unfold gathers x (N, C, H, W) into columns (N, groups, L, C/groups*KH*KW).
func unfold(x *Tensor, g convGeom, idx *Tensor) *Tensor {
	d := x.Device()
	flat := x.Reshape(g.n, g.C*g.H*g.W)
	zero := alloc("Conv2d", d, x.dtype, []int{g.n, 1}).Fill(0)
	return Take(Concatenate([]*Tensor{flat, zero}, 1), idx, 1)
}

// gradColumns is g (N, O, OH, OW) as (N, groups, L, O/groups).
func gradColumns(gr *Tensor, g convGeom) *Tensor {
	return gr.Reshape(g.n, g.groups, g.og, g.OH*g.OW).Transpose(0, 1, 3, 2)
}

func conv2dComposed(x, w, bias *Tensor, g convGeom) *Tensor {
	cols := unfold(x, g, unfoldIndex(g, x.Device()))
	wg := w.Reshape(g.groups, g.og, g.cg*g.KH*g.KW).Transpose(0, 2, 1)
	out := MatMul(cols, wg).Transpose(0, 1, 3, 2).Reshape(g.outShape()...)
	if bias != nil {
		out = Add(out, bias.Reshape(g.o, 1, 1))
	}
	return out
}

func conv2dInputComposed(op string, gr, w *Tensor, g convGeom) *Tensor {
	d := gr.Device()
	idx := unfoldIndex(g, d)
	cols := MatMul(gradColumns(gr, g), w.Reshape(g.groups, g.og, g.cg*g.KH*g.KW))
	chw := g.C * g.H * g.W
	dx := alloc(op, d, gr.dtype, []int{g.n, chw + 1}).Fill(0)
	AddAt(dx, idx.Reshape(-1), cols.Reshape(g.n, -1), 1)
	return dx.Slice(S(None), S(0, chw)).Reshape(g.inShape()...)
}

func conv2dWeightComposed(op string, x, gr *Tensor, g convGeom) *Tensor {
	cols := unfold(x, g, unfoldIndex(g, x.Device()))
	dw := MatMul(gradColumns(gr, g).Transpose(0, 1, 3, 2), cols) // (N, groups, O/groups, C/groups*KH*KW)
	return Sum(dw, 0).Reshape(g.wShape()...)
}
