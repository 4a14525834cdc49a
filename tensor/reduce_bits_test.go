package tensor

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	binenc "encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
)

// bitsCase is one line of testdata/reduce_bits.jsonl (written by testdata/gen_bits.py
// from Debian's NumPy 1.24).
type bitsCase struct {
	ID       string          `json:"id"`
	Op       string          `json:"op"`
	DType    string          `json:"dtype"`
	Base     []int           `json:"base"`
	Special  bool            `json:"special"`
	View     [][]any         `json:"view"`
	Axis     json.RawMessage `json:"axis"`
	KeepDims bool            `json:"keepdims"`
	Ddof     int             `json:"ddof"`
	Where    *struct {
		Base []int   `json:"base"`
		View [][]any `json:"view"`
	} `json:"where"`
	Initial *json.Number `json:"initial"`
	RDType  string       `json:"rdtype"`
	Shape   []int        `json:"shape"`
	Bits    []any        `json:"bits"`
	SHA256  *string      `json:"sha256"`
}

// bitsValue is gen_bits.py's value(i), bit for bit: an integer hash divided by 1000.3.
func bitsValue(i int) float64 { return float64((int64(i)*2654435761)%4294967291-2147483645) / 1000.3 }

// npNaN is np.nan's bit pattern (Go's math.NaN has another payload).
var npNaN = math.Float64frombits(0x7ff8000000000000)

func bitsIValue(i int) int64 { return (int64(i)*7919)%2001 - 1000 }

// bitsBase builds gen_bits.py's base_array.
func bitsBase(t *testing.T, shape []int, dtype string, special bool) *Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	switch dtype {
	case "float32", "float64":
		v := make([]float64, n)
		for i := range v {
			v[i] = bitsValue(i)
		}
		if special && n >= 8 {
			v[1], v[3], v[5], v[6] = npNaN, math.Inf(1), math.Inf(-1), math.Copysign(0, -1)
		}
		x := FromSlice(v, shape...)
		if dtype == "float32" {
			x = x.AsType(Float32)
		}
		return x
	case "bool":
		v := make([]bool, n)
		for i := range v {
			v[i] = bitsIValue(i)%3 == 0
		}
		return FromSlice(v, shape...)
	}
	v := make([]int64, n)
	for i := range v {
		v[i] = bitsIValue(i)
		if dtype == "uint8" {
			v[i] = (v[i]%256 + 256) % 256
		}
	}
	x := FromSlice(v, shape...)
	switch dtype {
	case "int32":
		return x.AsType(Int32)
	case "uint8":
		return x.AsType(Uint8)
	}
	return x
}

func bitsInt(v any) int {
	n, err := v.(json.Number).Int64()
	if err != nil {
		panic(err)
	}
	return int(n)
}

func bitsInts(v any) []int {
	var out []int
	for _, x := range v.([]any) {
		out = append(out, bitsInt(x))
	}
	return out
}

// bitsView applies gen_bits.py's view steps.
func bitsView(t *testing.T, x *Tensor, view [][]any) *Tensor {
	for _, step := range view {
		switch step[0] {
		case "T":
			x = x.Transpose(bitsInts(step[1])...)
		case "F":
			x = x.T().Contiguous().T()
		case "B":
			x = x.BroadcastTo(bitsInts(step[1])...)
		case "S":
			var specs []Range
			for _, s := range step[1].([]any) {
				if s == nil {
					specs = append(specs, S())
					continue
				}
				var r []int
				for _, v := range s.([]any) {
					if v == nil {
						r = append(r, None)
					} else {
						r = append(r, bitsInt(v))
					}
				}
				specs = append(specs, S(r...))
			}
			args := make([]any, len(specs))
			for i, s := range specs {
				args[i] = s
			}
			x = x.Slice(args...)
		default:
			t.Fatalf("unknown view step %v", step)
		}
	}
	return x
}

// axes turns the case's axis (null, an int or a list) and keepdims into arguments.
func (c bitsCase) axes(t *testing.T) []int {
	var args []int
	if len(c.Axis) > 0 && string(c.Axis) != "null" {
		if err := json.Unmarshal(c.Axis, &args); err != nil {
			var a int
			if err := json.Unmarshal(c.Axis, &a); err != nil {
				t.Fatalf("%s: axis %s", c.ID, c.Axis)
			}
			args = []int{a}
		}
	}
	if c.KeepDims {
		args = append(args, KeepDims)
	}
	return args
}

// run computes the case with gotensor.
func (c bitsCase) run(t *testing.T) *Tensor {
	x := bitsView(t, bitsBase(t, c.Base, c.DType, c.Special), c.View)
	args := c.axes(t)
	var o ReduceOptions
	opts := c.Where != nil || c.Initial != nil
	if c.Where != nil {
		o.Where = bitsView(t, bitsMask(c.Where.Base), c.Where.View)
	}
	if c.Initial != nil {
		if i, err := c.Initial.Int64(); err == nil {
			o.Initial = int(i)
		} else if f, err := c.Initial.Float64(); err == nil {
			o.Initial = f
		}
	}
	o.Ddof = c.Ddof
	switch c.Op {
	case "sum":
		if opts {
			return SumWith(x, o, args...)
		}
		return Sum(x, args...)
	case "prod":
		if opts {
			return ProdWith(x, o, args...)
		}
		return Prod(x, args...)
	case "max":
		return MaxWith(x, o, args...)
	case "min":
		return MinWith(x, o, args...)
	case "mean":
		if opts {
			return MeanWith(x, o, args...)
		}
		return Mean(x, args...)
	case "var":
		if opts {
			return VarWith(x, o, args...)
		}
		return VarDdof(x, c.Ddof, args...)
	case "std":
		if opts {
			return StdWith(x, o, args...)
		}
		return StdDdof(x, c.Ddof, args...)
	}
	t.Fatalf("%s: unknown op", c.ID)
	return nil
}

func bitsMask(shape []int) *Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	v := make([]bool, n)
	for i := range v {
		v[i] = (int64(i)*40503)%7 < 5
	}
	return FromSlice(v, shape...)
}

// resultBits returns r's elements in C order as gen_bits.py writes them, and their
// digest.
func resultBits(r *Tensor) ([]string, string) {
	c := r.Contiguous()
	var out []string
	h := sha256.New()
	var b [8]byte
	switch d := c.Data().(type) {
	case []float64:
		for _, v := range d {
			out = append(out, fmt.Sprintf("%016x", math.Float64bits(v)))
			if v != v {
				v = npNaN
			}
			binenc.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	case []float32:
		for _, v := range d {
			out = append(out, fmt.Sprintf("%08x", math.Float32bits(v)))
			if v != v {
				v = float32(npNaN)
			}
			binenc.LittleEndian.PutUint32(b[:4], math.Float32bits(v))
			h.Write(b[:4])
		}
	default:
		for _, v := range ToSlice[int64](c.AsType(Int64)) {
			out = append(out, strconv.FormatInt(v, 10))
			binenc.LittleEndian.PutUint64(b[:], uint64(v))
			h.Write(b[:])
		}
	}
	return out, hex.EncodeToString(h.Sum(nil))
}

// TestReduceBits demands NumPy's bits, element for element, from every case of
// testdata/reduce_bits.jsonl: sums, products, means, variances and standard deviations
// of float32 and float64 arrays in every layout (and of integer and bool arrays), with
// where= and initial=, on the CPU.
func TestReduceBits(t *testing.T) {
	f, err := os.Open("testdata/reduce_bits.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n, bad := 0, 0
	for sc.Scan() {
		var c bitsCase
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		if err := d.Decode(&c); err != nil {
			t.Fatal(err)
		}
		n++
		if why := c.check(t); why != "" {
			bad++
			if bad <= 20 {
				t.Errorf("%s (%s %v view %v axis %s where %v): %s", c.ID, c.DType, c.Base, c.View, c.Axis, c.Where != nil, why)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if bad > 0 {
		t.Errorf("%d of %d cases differ from NumPy's bits", bad, n)
	}
	t.Logf("%d cases", n)
}

// check runs the case and returns how it differs from NumPy's, or "".
func (c bitsCase) check(t *testing.T) (why string) {
	var r *Tensor
	if err := Try(func() { r = c.run(t) }); err != nil {
		return err.Error()
	}
	if float := c.RDType == "float32" || c.RDType == "float64"; float && r.DType().String() != c.RDType {
		return fmt.Sprintf("dtype %v, want %s", r.DType(), c.RDType)
	}
	if fmt.Sprint(r.Shape()) != fmt.Sprint(c.Shape) && !(len(r.Shape()) == 0 && len(c.Shape) == 0) {
		return fmt.Sprintf("shape %v, want %v", r.Shape(), c.Shape)
	}
	got, sum := resultBits(r)
	for i, w := range c.Bits {
		ws := fmt.Sprint(w)
		if got[i] != ws && !(isNaNBits(got[i]) && isNaNBits(ws)) {
			return fmt.Sprintf("element %d: bits %s, want %s", i, got[i], ws)
		}
	}
	if c.SHA256 != nil && sum != *c.SHA256 {
		return "digest differs (the first elements match)"
	}
	return ""
}

// isNaNBits reports whether a hex bit pattern is a NaN of its width.
func isNaNBits(s string) bool {
	u, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return false
	}
	if len(s) == 8 {
		f := math.Float32frombits(uint32(u))
		return f != f
	}
	return math.IsNaN(math.Float64frombits(u))
}
