package gradcases

import (
	"fmt"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// opFunc runs a harness op on the case's operands (tensors, or float64 Go scalars) and
// returns its outputs.
type opFunc func(c *Case, a args) []*tensor.Tensor

// args are a case's operands as built on the device.
type args []any

// t is operand i as a tensor; a scalar there is a malformed case.
func (a args) t(i int) *tensor.Tensor {
	t, ok := a[i].(*tensor.Tensor)
	if !ok {
		panic(fmt.Sprintf("gradcases: operand %d is %T, want a tensor", i, a[i]))
	}
	return t
}

func (a args) all() []*tensor.Tensor {
	ts := make([]*tensor.Tensor, len(a))
	for i := range a {
		ts[i] = a.t(i)
	}
	return ts
}

func one(t *tensor.Tensor) []*tensor.Tensor { return []*tensor.Tensor{t} }

// ops maps each harness op name of the case file to gotensor's call.
var ops = map[string]opFunc{}

func unary(f func(*tensor.Tensor) *tensor.Tensor) opFunc {
	return func(c *Case, a args) []*tensor.Tensor { return one(f(a.t(0))) }
}

func binary(f func(a, b any) *tensor.Tensor) opFunc {
	return func(c *Case, a args) []*tensor.Tensor { return one(f(a[0], a[1])) }
}

// axesArgs are a reduction's axes with KeepDims appended when the case keeps them.
func axesArgs(c *Case) []int {
	axes := append([]int{}, c.ints("axes")...)
	if c.bool("keepdims") {
		axes = append(axes, tensor.KeepDims)
	}
	return axes
}

func reduction(f func(x *tensor.Tensor, axes ...int) *tensor.Tensor) opFunc {
	return func(c *Case, a args) []*tensor.Tensor { return one(f(a.t(0), axesArgs(c)...)) }
}

// ddofReduction is Var or Std: the Ddof form where the case gives ddof, the plain one
// (ddof 0) otherwise, so both entry points are exercised.
func ddofReduction(plain func(x *tensor.Tensor, axes ...int) *tensor.Tensor,
	withDdof func(x *tensor.Tensor, ddof int, axes ...int) *tensor.Tensor) opFunc {
	return func(c *Case, a args) []*tensor.Tensor {
		if c.has("ddof") {
			return one(withDdof(a.t(0), c.int("ddof"), axesArgs(c)...))
		}
		return one(plain(a.t(0), axesArgs(c)...))
	}
}

// optAxis is the optional single axis of scans, sorts, Take and Repeat.
func optAxis(c *Case) []int {
	if c.has("axis") {
		return []int{c.int("axis")}
	}
	return nil
}

func init() {
	for name, f := range map[string]func(*tensor.Tensor) *tensor.Tensor{
		"Neg": tensor.Neg, "Abs": tensor.Abs, "Exp": tensor.Exp, "Log": tensor.Log, "Sqrt": tensor.Sqrt,
		"Tanh": tensor.Tanh, "Sin": tensor.Sin, "Cos": tensor.Cos, "Square": tensor.Square,
		"Log1p": tensor.Log1p, "Expm1": tensor.Expm1, "Sigmoid": tensor.Sigmoid, "ReLU": tensor.ReLU,
		"Reciprocal": tensor.Reciprocal, "Floor": tensor.Floor, "Ceil": tensor.Ceil, "Sign": tensor.Sign,
	} {
		ops[name] = unary(f)
	}
	for name, f := range map[string]func(a, b any) *tensor.Tensor{
		"Add": tensor.Add, "Sub": tensor.Sub, "Mul": tensor.Mul, "Div": tensor.Div, "Pow": tensor.Pow,
		"Maximum": tensor.Maximum, "Minimum": tensor.Minimum, "FloorDiv": tensor.FloorDiv, "Mod": tensor.Mod,
	} {
		ops[name] = binary(f)
	}
	for name, f := range map[string]opFunc{
		"Round": func(c *Case, a args) []*tensor.Tensor { return one(tensor.Round(a.t(0), c.int("decimals"))) },
		"Clip": func(c *Case, a args) []*tensor.Tensor {
			return one(tensor.Clip(a.t(0), c.float("lo"), c.float("hi")))
		},
		"Where": func(c *Case, a args) []*tensor.Tensor { return one(tensor.Where(a.t(0), a[1], a[2])) },
		"FMA":   func(c *Case, a args) []*tensor.Tensor { return one(tensor.FMA(a[0], a[1], a[2])) },
		"AsType": func(c *Case, a args) []*tensor.Tensor {
			var name string
			c.param("dtype", &name)
			dt, err := device.ParseDType(name)
			if err != nil {
				panic(err)
			}
			return one(a.t(0).AsType(dt))
		},
		"Copy":  func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Copy()) },
		"ToCPU": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).CPU()) },

		"Slice": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Slice(specs(c.Params["specs"])...)) },
		"Transpose": func(c *Case, a args) []*tensor.Tensor {
			return one(a.t(0).Transpose(c.ints("axes")...))
		},
		"Permute":  func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Permute(c.ints("axes")...)) },
		"T":        func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).T()) },
		"SwapAxes": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).SwapAxes(c.int("a"), c.int("b"))) },
		"MoveAxis": func(c *Case, a args) []*tensor.Tensor {
			return one(a.t(0).MoveAxis(c.int("src"), c.int("dst")))
		},
		"Reshape":     func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Reshape(c.ints("shape")...)) },
		"Squeeze":     func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Squeeze(c.ints("axes")...)) },
		"ExpandDims":  func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).ExpandDims(c.int("axis"))) },
		"Ravel":       func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Ravel()) },
		"Flatten":     func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Flatten()) },
		"BroadcastTo": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).BroadcastTo(c.ints("shape")...)) },
		"Flip":        func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Flip(c.ints("axes")...)) },
		"Concatenate": func(c *Case, a args) []*tensor.Tensor {
			return one(tensor.Concatenate(a.all(), c.int("axis")))
		},
		"Stack":  func(c *Case, a args) []*tensor.Tensor { return one(tensor.Stack(a.all(), c.int("axis"))) },
		"HStack": func(c *Case, a args) []*tensor.Tensor { return one(tensor.HStack(a.all())) },
		"VStack": func(c *Case, a args) []*tensor.Tensor { return one(tensor.VStack(a.all())) },
		"Split":  func(c *Case, a args) []*tensor.Tensor { return a.t(0).Split(c.int("sections"), c.int("axis")) },
		"SplitAt": func(c *Case, a args) []*tensor.Tensor {
			return tensor.SplitAt(a.t(0), c.ints("indices"), c.int("axis"))
		},
		"Tile": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Tile(c.ints("reps")...)) },
		"Repeat": func(c *Case, a args) []*tensor.Tensor {
			return one(tensor.Repeat(a.t(0), c.int("repeats"), optAxis(c)...))
		},
		"RepeatEach": func(c *Case, a args) []*tensor.Tensor {
			return one(tensor.RepeatEach(a.t(0), c.ints("repeats"), c.int("axis")))
		},

		"Take":        func(c *Case, a args) []*tensor.Tensor { return one(tensor.Take(a.t(0), a.t(1), optAxis(c)...)) },
		"IndexArrays": func(c *Case, a args) []*tensor.Tensor { return one(tensor.IndexArrays(a.t(0), a.all()[1:]...)) },
		"MaskSelect":  func(c *Case, a args) []*tensor.Tensor { return one(tensor.MaskSelect(a.t(0), a.t(1))) },
		"CumSum":      func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).CumSum(optAxis(c)...)) },
		"CumProd":     func(c *Case, a args) []*tensor.Tensor { return one(tensor.CumProd(a.t(0), optAxis(c)...)) },
		"Sort":        func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).Sort(optAxis(c)...)) },

		"Sum":    reduction(tensor.Sum),
		"Mean":   reduction(tensor.Mean),
		"Max":    reduction(tensor.Max),
		"Min":    reduction(tensor.Min),
		"Prod":   reduction(tensor.Prod),
		"Median": reduction(tensor.Median),
		"Var":    ddofReduction(tensor.Var, tensor.VarDdof),
		"Std":    ddofReduction(tensor.Std, tensor.StdDdof),

		"Softmax":      func(c *Case, a args) []*tensor.Tensor { return one(tensor.Softmax(a.t(0), c.int("axis"))) },
		"LogSoftmax":   func(c *Case, a args) []*tensor.Tensor { return one(tensor.LogSoftmax(a.t(0), c.int("axis"))) },
		"CrossEntropy": func(c *Case, a args) []*tensor.Tensor { return one(tensor.CrossEntropy(a.t(0), a.t(1))) },
		"MSE":          func(c *Case, a args) []*tensor.Tensor { return one(tensor.MSE(a.t(0), a.t(1))) },
		"MAE":          func(c *Case, a args) []*tensor.Tensor { return one(tensor.MAE(a.t(0), a.t(1))) },

		"MatMul": func(c *Case, a args) []*tensor.Tensor { return one(a.t(0).MatMul(a.t(1))) },
		"Dot":    func(c *Case, a args) []*tensor.Tensor { return one(tensor.Dot(a.t(0), a.t(1))) },
		"Outer":  func(c *Case, a args) []*tensor.Tensor { return one(tensor.Outer(a.t(0), a.t(1))) },
	} {
		ops[name] = f
	}
}

// Ops lists the harness op names.
func Ops() []string {
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	return names
}
