package tensor

import "github.com/gotensor/gotensor/device"

// FMA returns a*b + c element-wise, broadcasting the three operands together, in one pass
// over memory. On the CPU each element is rounded once, as math.FMA does (NumPy has no
// such ufunc: a*b + c there rounds twice and makes a temporary); a device without a fused
// kernel (CUDA for now) computes a*b and then adds c. Operands are tensors or Go numbers;
// the result has their common dtype, and integer or bool operands compute in float64.
func FMA(a, b, c any) *Tensor { return fma("FMA", nil, a, b, c) }

// FMAInto writes a*b + c into out (see FMA), casting with NumPy's same_kind rule, and
// returns out.
func FMAInto(out *Tensor, a, b, c any) *Tensor {
	out.must("FMAInto")
	if out == nil {
		fail(Value, "FMAInto", "nil output tensor")
	}
	return fma("FMAInto", out, a, b, c)
}

func fma(name string, out *Tensor, x, y, z any) *Tensor {
	res := fmaCompute(name, out, x, y, z)
	var ins [3]*Tensor
	for i, v := range []any{x, y, z} {
		if t, ok := v.(*Tensor); ok {
			ins[i] = t
		}
	}
	if tracked(ins[:]...) {
		recordNode("FMA", res, out != nil, nil, []any{x, y, z}, ins[:])
	}
	return res
}

func fmaCompute(name string, out *Tensor, x, y, z any) *Tensor {
	ops := [3]operand{asOperand(name, x), asOperand(name, y), asOperand(name, z)}
	var ts []*Tensor
	for _, o := range ops {
		if o.t != nil {
			ts = append(ts, o.t)
		}
	}
	if len(ts) == 0 {
		ops[0].t = ops[0].tensor(ops[0].dtype())
		ts = append(ts, ops[0].t)
	}
	ct := promoteTensors(ts...)
	for _, o := range ops {
		if o.t == nil {
			ct = device.WeakResult(ct, o.isFloat, o.isBool)
		}
	}
	if !ct.IsFloat() {
		ct = Float64
	}
	d := deviceOf(name, append(ts, out)...)
	shape := broadcastShapes(name, shapeOf(ops[0]), shapeOf(ops[1]), shapeOf(ops[2]))
	dst, res := outFor(name, d, out, ct, shape, ts...)
	var in [3]device.Operand
	for i, o := range ops {
		in[i] = o.deviceOperand(name, d, ct, shape)
	}
	if f, ok := d.(device.FusedMulAdd); ok {
		check(name, f.FMA(dst.operand(), in[0], in[1], in[2]))
		return finish(name, dst, res)
	}
	prod := alloc(name, d, ct, shape)
	check(name, d.Binary(device.Mul, prod.operand(), in[0], in[1]))
	check(name, d.Binary(device.Add, dst.operand(), prod.operand(), in[2]))
	prod.Free()
	return finish(name, dst, res)
}
