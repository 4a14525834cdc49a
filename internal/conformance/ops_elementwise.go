package conformance

// Handlers for the element-wise breadth family (testdata/breadth/gen_elementwise.py): the
// functions of tensor/math.go.

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

func init() {
	for name, f := range map[string]func(*tensor.Tensor) *tensor.Tensor{
		"log2": tensor.Log2, "log10": tensor.Log10, "exp2": tensor.Exp2, "tan": tensor.Tan,
		"arcsin": tensor.Arcsin, "arccos": tensor.Arccos, "arctan": tensor.Arctan,
		"sinh": tensor.Sinh, "cosh": tensor.Cosh, "arcsinh": tensor.Arcsinh,
		"arccosh": tensor.Arccosh, "arctanh": tensor.Arctanh, "trunc": tensor.Trunc,
		"invert": tensor.Invert,
	} {
		Register(name, func(c *Case) any { return f(c.In(0)) })
	}
	for name, f := range map[string]func(a, b any) *tensor.Tensor{
		"arctan2": tensor.Arctan2, "hypot": tensor.Hypot, "fmod": tensor.Fmod,
		"fmax": tensor.Fmax, "fmin": tensor.Fmin, "logical_xor": tensor.LogicalXor,
		"bitwise_and": tensor.BitwiseAnd, "bitwise_or": tensor.BitwiseOr,
		"bitwise_xor": tensor.BitwiseXor, "left_shift": tensor.LeftShift,
		"right_shift": tensor.RightShift,
	} {
		Register(name, func(c *Case) any { return f(c.In(0), secondOperand(c)) })
	}
	Register("divmod", func(c *Case) any {
		q, r := tensor.Divmod(c.In(0), secondOperand(c))
		return []*tensor.Tensor{q, r}
	})
	Register("clip_array", func(c *Case) any {
		next := 1
		bound := func(name string) any {
			switch v := jsonScalar(c, name); v {
			case nil:
				return nil
			case "input":
				next++
				return c.In(next - 1)
			default:
				return v
			}
		}
		lo := bound("lo")
		return tensor.ClipArray(c.In(0), lo, bound("hi"))
	})
}

// secondOperand is input 1, or the Go scalar of param "scalar".
func secondOperand(c *Case) any {
	if c.Has("scalar") {
		return jsonScalar(c, "scalar")
	}
	return c.In(1)
}

// jsonScalar decodes a param as the Go value a user would pass: a JSON integer as an
// int (an int64 where it does not fit a 32-bit platform's int), any other number as a float64, true/false as a bool, a string as itself, null as
// nil.
func jsonScalar(c *Case, name string) any {
	raw := bytes.TrimSpace(c.Params[name])
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		panic(fmt.Sprintf("case %s: param %q: %v", c.ID, name, err))
	}
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			if int64(int(i)) == i {
				return int(i)
			}
			return i // beyond a 32-bit int: still a weak Go integer (NEP 50)
		}
		f, _ := n.Float64()
		return f
	}
	return v
}
