package conformance

// Handlers for the ops the tensor core offers: creation, element-wise, reductions,
// shape and view ops, basic indexing, rounding and matrix products. Params map as
// shared/conformance/gen.py writes them.

import (
	"fmt"
	"math"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	registerCreation()
	registerElementwise()
	registerReductions()
	registerShape()
	registerProducts()
}

// valueErr is the error a handler raises for a case it cannot express, as the library
// would for an invalid argument.
func valueErr(c *Case, format string, args ...any) *tensor.Error {
	return &tensor.Error{Kind: tensor.Value, Op: "conformance." + c.Op, Msg: fmt.Sprintf(format, args...)}
}

func registerCreation() {
	Register("zeros", func(c *Case) any {
		return tensor.Zeros(c.DType("dtype"), c.Ints("shape")...).To(c.Device())
	})
	Register("ones", func(c *Case) any {
		return tensor.Ones(c.DType("dtype"), c.Ints("shape")...).To(c.Device())
	})
	Register("full", func(c *Case) any {
		return tensor.Full(c.DType("dtype"), c.Float("value"), c.Ints("shape")...).To(c.Device())
	})
	Register("eye", func(c *Case) any {
		n := c.Int("n")
		m := n
		if c.Has("m") {
			m = c.Int("m")
		}
		if m == 0 {
			// tensor.Eye reads m == 0 as "m = n"; NumPy's eye(n, 0) is an n×0 matrix.
			return tensor.Zeros(c.DType("dtype"), n, 0).To(c.Device())
		}
		k := 0
		if c.Has("k") {
			k = c.Int("k")
		}
		return tensor.Eye(c.DType("dtype"), n, m, k).To(c.Device())
	})
	Register("arange", func(c *Case) any {
		step := 1.0
		if c.Has("step") {
			step = c.Float("step")
		}
		return tensor.Arange(c.DType("dtype"), c.Float("start"), c.Float("stop"), step).To(c.Device())
	})
	Register("linspace", func(c *Case) any {
		endpoint := true
		if c.Has("endpoint") {
			endpoint = c.Bool("endpoint")
		}
		return tensor.Linspace(c.DType("dtype"), c.Float("start"), c.Float("stop"), c.Int("num"), endpoint).To(c.Device())
	})
}

// binaryOps maps the case vocabulary's two-operand ops to tensor's functions.
var binaryOps = map[string]func(a, b any) *tensor.Tensor{
	"add": tensor.Add, "subtract": tensor.Sub, "multiply": tensor.Mul, "divide": tensor.Div,
	"floor_divide": tensor.FloorDiv, "mod": tensor.Mod, "power": tensor.Pow,
	"maximum": tensor.Maximum, "minimum": tensor.Minimum,
	"greater": tensor.Greater, "greater_equal": tensor.GreaterEqual, "less": tensor.Less,
	"less_equal": tensor.LessEqual, "equal": tensor.Equal, "not_equal": tensor.NotEqual,
	"logical_and": tensor.LogicalAnd, "logical_or": tensor.LogicalOr,
}

// unaryOps maps the case vocabulary's one-operand ops to tensor's functions.
var unaryOps = map[string]func(x *tensor.Tensor) *tensor.Tensor{
	"negative": tensor.Neg, "abs": tensor.Abs, "exp": tensor.Exp, "log": tensor.Log,
	"sqrt": tensor.Sqrt, "tanh": tensor.Tanh, "sin": tensor.Sin, "cos": tensor.Cos,
	"square": tensor.Square, "floor": tensor.Floor, "ceil": tensor.Ceil, "sign": tensor.Sign,
	"log1p": tensor.Log1p, "expm1": tensor.Expm1, "isnan": tensor.IsNaN,
	"isfinite": tensor.IsFinite, "isinf": tensor.IsInf, "logical_not": tensor.LogicalNot,
	"sigmoid": tensor.Sigmoid, "relu": tensor.ReLU,
}

// weakScalar returns params[name] as the Go value of x's kind, so that it is a NEP 50
// "weak" scalar taking x's dtype: float64 for a float array, int for an integer one.
func weakScalar(c *Case, name string, x *tensor.Tensor) any {
	v := c.Float(name)
	switch dt := x.DType(); {
	case dt.IsFloat():
		return v
	case dt.IsInt():
		if v != math.Trunc(v) {
			return v // a float scalar with an integer array: NumPy promotes to float64
		}
		return int(v)
	}
	return v != 0
}

func registerElementwise() {
	for name, f := range binaryOps {
		Register(name, func(c *Case) any { return f(c.In(0), c.In(1)) })
	}
	for name, f := range unaryOps {
		Register(name, func(c *Case) any { return f(c.In(0)) })
	}
	Register("add_scalar", func(c *Case) any {
		x := c.In(0)
		return tensor.Add(x, weakScalar(c, "scalar", x))
	})
	Register("multiply_scalar", func(c *Case) any {
		x := c.In(0)
		return tensor.Mul(x, weakScalar(c, "scalar", x))
	})
	Register("where", func(c *Case) any { return tensor.Where(c.In(0), c.In(1), c.In(2)) })
	Register("clip", func(c *Case) any {
		// A bound is a JSON number (an int is a Go int, a float a float64: NEP 50's weak
		// scalars), "nan"/"inf"/"-inf", a bool, null or absent for none, or "input": the
		// next input tensor (breadth/clip.jsonl).
		next := 1
		bound := func(name string) any {
			switch v := jsonScalar(c, name); v {
			case "input":
				next++
				return c.In(next - 1)
			case "nan":
				return math.NaN()
			case "inf":
				return math.Inf(1)
			case "-inf":
				return math.Inf(-1)
			default:
				return v
			}
		}
		lo := bound("min")
		return tensor.Clip(c.In(0), lo, bound("max"))
	})
	Register("astype", func(c *Case) any { return c.In(0).AsType(c.DType("dtype")) })
	Register("round", func(c *Case) any {
		d := 0
		if c.Has("decimals") {
			d = c.Int("decimals")
		}
		return tensor.Round(c.In(0), d)
	})
	Register("add_inplace_transposed", func(c *Case) any {
		x := c.In(0)
		return tensor.AddInto(x, x, x.T())
	})
}

// reductionArgs turns the axis and keepdims params into tensor's variadic axes: none
// for axis null (every axis), tensor.KeepDims appended for keepdims.
func reductionArgs(c *Case) []int {
	var args []int
	if c.Has("axis") {
		args = c.Ints("axis")
		if len(args) == 0 {
			panic(valueErr(c, "axis=() (reduce over no axis) has no tensor spelling"))
		}
	}
	if c.Has("keepdims") && c.Bool("keepdims") {
		args = append(args, tensor.KeepDims)
	}
	return args
}

func registerReductions() {
	reds := map[string]func(x *tensor.Tensor, axes ...int) *tensor.Tensor{
		"sum": tensor.Sum, "mean": tensor.Mean, "max": tensor.Max, "min": tensor.Min,
		"prod": tensor.Prod, "all": tensor.All, "any": tensor.Any,
		"argmax": tensor.ArgMax, "argmin": tensor.ArgMin,
	}
	for name, f := range reds {
		Register(name, func(c *Case) any { return f(c.In(0), reductionArgs(c)...) })
	}
	ddofs := map[string]func(x *tensor.Tensor, ddof int, axes ...int) *tensor.Tensor{
		"std": tensor.StdDdof, "var": tensor.VarDdof,
	}
	for name, f := range ddofs {
		Register(name, func(c *Case) any {
			ddof := 0
			if c.Has("ddof") {
				ddof = c.Int("ddof")
			}
			return f(c.In(0), ddof, reductionArgs(c)...)
		})
	}
}

func registerShape() {
	Register("reshape", func(c *Case) any { return c.In(0).Reshape(c.Ints("shape")...) })
	Register("transpose", func(c *Case) any { return c.In(0).Transpose(c.Ints("axes")...) })
	Register("squeeze", func(c *Case) any { return c.In(0).Squeeze(c.Ints("axis")...) })
	Register("expand_dims", expandDims)
	Register("flatten", func(c *Case) any { return c.In(0).Flatten() })
	Register("ravel_transposed", func(c *Case) any { return c.In(0).T().Ravel() })
	Register("flip", func(c *Case) any { return c.In(0).Flip(c.Ints("axis")...) })
	Register("getitem", func(c *Case) any { return c.In(0).Slice(indexSpecs(c)...) })
}

// expandDims is np.expand_dims with an int or a list of axes (counted in the result's
// rank).
func expandDims(c *Case) any {
	if !c.Has("axis") {
		panic(valueErr(c, "expand_dims needs an axis"))
	}
	return tensor.ExpandDims(c.In(0), c.Ints("axis")...)
}

// indexItem is one element of a getitem index as gen.py writes it.
type indexItem struct {
	Int      *int   `json:"int"`
	Slice    []*int `json:"slice"`
	NewAxis  bool   `json:"newaxis"`
	Ellipsis bool   `json:"ellipsis"`
}

// indexSpecs turns the "index" param into tensor.Slice's specs.
func indexSpecs(c *Case) []any {
	var items []indexItem
	c.Param("index", &items)
	specs := make([]any, 0, len(items))
	for _, it := range items {
		switch {
		case it.Int != nil:
			specs = append(specs, *it.Int)
		case it.Slice != nil:
			if len(it.Slice) != 3 {
				panic(fmt.Sprintf("case %s: slice %v: want [start, stop, step]", c.ID, it.Slice))
			}
			r := [3]int{tensor.None, tensor.None, 1}
			for k, v := range it.Slice {
				if v != nil {
					r[k] = *v
				}
			}
			specs = append(specs, tensor.S(r[0], r[1], r[2]))
		case it.NewAxis:
			specs = append(specs, tensor.NewAxis)
		case it.Ellipsis:
			specs = append(specs, tensor.Ellipsis)
		default:
			panic(fmt.Sprintf("case %s: index item without int, slice, newaxis or ellipsis", c.ID))
		}
	}
	return specs
}

func registerProducts() {
	Register("matmul", func(c *Case) any { return tensor.MatMul(c.In(0), c.In(1)) })
	Register("dot", func(c *Case) any { return tensor.Dot(c.In(0), c.In(1)) })
	Register("outer", func(c *Case) any { return tensor.Outer(c.In(0), c.In(1)) })
}
