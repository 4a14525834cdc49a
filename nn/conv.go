package nn

import (
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// Convolution and pooling layers over NCHW images, as PyTorch's nn.Conv2d, MaxPool2d,
// AvgPool2d and AdaptiveAvgPool2d: thin modules over package tensor's Conv2d and
// poolings (which have their gradients in autograd), so they run on every device.

// Conv2dConfig holds Conv2d's options; the zero value is PyTorch's default (stride 1,
// no padding, dilation 1, one group, a bias).
type Conv2dConfig struct {
	Stride   [2]int // (sH, sW); 0 means 1
	Padding  [2]int // zeros added on both sides of each spatial dimension
	Dilation [2]int // spacing of the kernel's taps; 0 means 1
	Groups   int    // channels split into independent groups; 0 means 1
	NoBias   bool   // no Bias (bias=False)
}

// Conv2d is a 2-D cross-correlation of an input (N, In, H, W) (or (In, H, W)) with
// Weight (Out, In/Groups, kH, kW), plus Bias (Out,) (PyTorch's nn.Conv2d with
// padding_mode "zeros"). Its state dict names are "weight" and "bias".
type Conv2d struct {
	Base
	InChannels, OutChannels int
	KernelSize              [2]int
	Options                 tensor.Conv2dOptions // stride, padding, dilation, groups (defaults filled in)
	Weight, Bias            *tensor.Tensor
}

// NewConv2d makes a float32 Conv2d from in to out channels with a kernel of
// kernel[0] x kernel[1], initialised as PyTorch 1.13's reset_parameters: Weight by
// KaimingUniform with a = sqrt(5), so U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in =
// in/groups*kH*kW, and Bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), both drawn from g.
// Channels not divisible by the groups, and non-positive kernels, strides or
// dilations, are Value errors, as in PyTorch.
func NewConv2d(in, out int, kernel [2]int, c Conv2dConfig, g *random.Generator) *Conv2d {
	const op = "nn.NewConv2d"
	o := tensor.Conv2dOptions{Stride: c.Stride, Padding: c.Padding, Dilation: c.Dilation, Groups: c.Groups}
	for k := 0; k < 2; k++ {
		if o.Stride[k] == 0 {
			o.Stride[k] = 1
		}
		if o.Dilation[k] == 0 {
			o.Dilation[k] = 1
		}
		if kernel[k] < 1 || o.Stride[k] < 0 || o.Dilation[k] < 0 || o.Padding[k] < 0 {
			fail(tensor.Value, op, "kernel %v, stride %v, padding %v, dilation %v: want positive kernel, stride and dilation and non-negative padding",
				kernel, c.Stride, c.Padding, c.Dilation)
		}
	}
	if o.Groups == 0 {
		o.Groups = 1
	}
	if in < 0 || out < 0 || o.Groups < 0 {
		fail(tensor.Value, op, "negative count: in %d, out %d channels, %d groups", in, out, o.Groups)
	}
	if in%o.Groups != 0 || out%o.Groups != 0 {
		fail(tensor.Value, op, "in %d and out %d channels must both be divisible by groups %d", in, out, o.Groups)
	}
	l := &Conv2d{InChannels: in, OutChannels: out, KernelSize: kernel, Options: o}
	l.Weight = KaimingUniform(g, sqrt5, out, in/o.Groups, kernel[0], kernel[1])
	if !c.NoBias {
		fanIn, _ := Fans(out, in/o.Groups, kernel[0], kernel[1])
		l.Bias = BiasUniform(g, fanIn, out)
	}
	l.RegisterParameter("weight", &l.Weight)
	l.RegisterParameter("bias", &l.Bias)
	return l
}

// Forward convolves x (N, In, H, W) or (In, H, W) into (N, Out, OH, OW) or (Out, OH, OW)
// (see tensor.Conv2d for the output size and the errors).
func (l *Conv2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Conv2d(x, l.Weight, l.Bias, l.Options)
}

// MaxPool2d takes the maximum of each window over the last two axes (PyTorch's
// nn.MaxPool2d); it has no parameters.
type MaxPool2d struct {
	Base
	Options tensor.MaxPool2dOptions
}

// NewMaxPool2d makes a MaxPool2d; opts.Kernel is required, a zero stride means the
// kernel size (PyTorch's default). Bad options panic at the first Forward, as
// tensor.MaxPool2d checks them.
func NewMaxPool2d(opts tensor.MaxPool2dOptions) *MaxPool2d { return &MaxPool2d{Options: opts} }

// Forward pools x (N, C, H, W) or (C, H, W).
func (p *MaxPool2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	out, _ := tensor.MaxPool2d(x, p.Options)
	return out
}

// ForwardIndices pools x and also returns, as int64, the position of each maximum
// within its H x W plane (PyTorch's return_indices=True).
func (p *MaxPool2d) ForwardIndices(x *tensor.Tensor) (out, indices *tensor.Tensor) {
	return tensor.MaxPool2d(x, p.Options)
}

// AvgPool2d averages each window over the last two axes (PyTorch's nn.AvgPool2d); it
// has no parameters.
type AvgPool2d struct {
	Base
	Options tensor.AvgPool2dOptions
}

// NewAvgPool2d makes an AvgPool2d; opts.Kernel is required, a zero stride means the
// kernel size, and the zero flags are PyTorch's defaults (count_include_pad=True).
func NewAvgPool2d(opts tensor.AvgPool2dOptions) *AvgPool2d { return &AvgPool2d{Options: opts} }

// Forward pools x (N, C, H, W) or (C, H, W).
func (p *AvgPool2d) Forward(x *tensor.Tensor) *tensor.Tensor { return tensor.AvgPool2d(x, p.Options) }

// AdaptiveAvgPool2d averages x's last two axes down to OutH x OutW (PyTorch's
// nn.AdaptiveAvgPool2d); an output size of 0 keeps that axis's input size (PyTorch's
// None).
type AdaptiveAvgPool2d struct {
	Base
	OutH, OutW int
}

// NewAdaptiveAvgPool2d makes an AdaptiveAvgPool2d to outH x outW (0: the input's size);
// a negative size is a Value error.
func NewAdaptiveAvgPool2d(outH, outW int) *AdaptiveAvgPool2d {
	if outH < 0 || outW < 0 {
		fail(tensor.Value, "nn.NewAdaptiveAvgPool2d", "negative output size (%d, %d)", outH, outW)
	}
	return &AdaptiveAvgPool2d{OutH: outH, OutW: outW}
}

// Forward pools x (N, C, H, W) or (C, H, W).
func (p *AdaptiveAvgPool2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	h, w := p.OutH, p.OutW
	if s := x.Shape(); len(s) >= 2 {
		if h == 0 {
			h = s[len(s)-2]
		}
		if w == 0 {
			w = s[len(s)-1]
		}
	}
	return tensor.AdaptiveAvgPool2d(x, h, w)
}
