package tensor

import (
	"slices"

	"github.com/gotensor/gotensor/cpu"
)

// ReLUGrad is the gradient of ReLU: g where x > 0, else 0 (PyTorch's threshold_backward
// at 0), the same as Where(Greater(x, 0), g, 0), which it is composed of in general (any
// device, broadcasting, promotion, and recorded operands, so gradients of gradients
// flow). On the CPU, for float g and x of one shape and dtype, it is one branch-free pass
// with no boolean temporary. A NaN x gives 0.
func ReLUGrad(g, x *Tensor) *Tensor {
	const op = "ReLUGrad"
	g.must(op)
	x.must(op)
	d := deviceOf(op, g, x)
	if isCPU(d) && g.ag == nil && x.ag == nil && g.dtype == x.dtype && g.dtype.IsFloat() && slices.Equal(g.shape, x.shape) && g.Size() > 0 {
		out := alloc(op, d, g.dtype, g.shape)
		if g.dtype == Float32 {
			cpu.ReLUGrad(hostElems[float32](out), hostElems[float32](hostContig(g)), hostElems[float32](hostContig(x)))
		} else {
			cpu.ReLUGrad(hostElems[float64](out), hostElems[float64](hostContig(g)), hostElems[float64](hostContig(x)))
		}
		return out
	}
	return Where(Greater(x, 0.0), g, 0.0)
}

// ReLUGrad is the gradient of ReLU at x given t, the gradient of its result (see the
// function ReLUGrad).
func (t *Tensor) ReLUGrad(x *Tensor) *Tensor { return ReLUGrad(t, x) }
