package tensor

// The .npy header: a Python dict literal such as
//
//	{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
//
// parsed here with a small reader for the Python literals NumPy's safe_eval accepts
// (dicts, tuples, lists, strings, ints, True, False, None), and written exactly as
// numpy.lib.format writes it.

import (
	binenc "encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/gotensor/gotensor/device"
)

// npyHeader is what an .npy header says about the array that follows it.
type npyHeader struct {
	dtype   DType
	big     bool // the data is big-endian
	shape   []int
	fortran bool
	nbytes  int // of the data
}

// npyDescr are the descr strings gotensor writes, by dtype.
var npyDescr = map[DType]string{
	Float32: "<f4", Float64: "<f8", Int32: "<i4", Int64: "<i8", Uint8: "|u1", Bool: "|b1",
}

// npyTypeCodes maps a descr's type code and size to a dtype.
var npyTypeCodes = map[string]DType{
	"f4": Float32, "f8": Float64, "i4": Int32, "i8": Int64, "u1": Uint8, "b1": Bool,
}

// npyHostBig reports whether this machine is big-endian: the byte order of '=' and '|'.
var npyHostBig = binenc.NativeEndian.Uint16([]byte{0, 1}) == 1

// npyParseDescr turns a dtype descr ('<f8', '>i4', '|u1', '=f4', 'float64', ...) into a
// dtype and whether its data is big-endian.
func npyParseDescr(descr string) (dt DType, big bool, err error) {
	if dt, err := device.ParseDType(descr); err == nil {
		return dt, npyHostBig, nil
	}
	big, code := npyHostBig, descr
	if code != "" {
		switch code[0] {
		case '<':
			big, code = false, code[1:]
		case '>':
			big, code = true, code[1:]
		case '|', '=':
			code = code[1:]
		}
	}
	dt, ok := npyTypeCodes[code]
	if !ok {
		return 0, false, fmt.Errorf("unsupported dtype %s: want one of '<f4', '<f8', '<i4', '<i8', '|u1', '|b1' (any byte order)",
			strconv.Quote(descr))
	}
	return dt, big, nil
}

// npyParseHeader parses the header dict. py2 allows Python 2's "3L" integers, as
// NumPy does for format versions 1.0 and 2.0.
func npyParseHeader(text string, py2 bool) (npyHeader, error) {
	p := &npyLit{s: text, py2: py2}
	v, err := p.value(0)
	if err == nil {
		p.space()
		if p.i < len(p.s) {
			err = p.errorf("unexpected %q after the dict", p.rest())
		}
	}
	if err != nil {
		return npyHeader{}, fmt.Errorf("cannot parse header %q: %v", npyShort(text), err)
	}
	d, ok := v.(npyDict)
	if !ok {
		return npyHeader{}, fmt.Errorf("header is not a dictionary: %q", npyShort(text))
	}
	fields := map[string]any{}
	for _, kv := range d {
		k, ok := kv.key.(string)
		if !ok || (k != "descr" && k != "fortran_order" && k != "shape") {
			return npyHeader{}, fmt.Errorf("header has key %v: want exactly 'descr', 'fortran_order' and 'shape'", npyRepr(kv.key))
		}
		fields[k] = kv.val
	}
	if len(fields) != 3 {
		return npyHeader{}, fmt.Errorf("header %q lacks a key: want exactly 'descr', 'fortran_order' and 'shape'", npyShort(text))
	}
	var h npyHeader
	shape, ok := fields["shape"].(npyTuple)
	if !ok {
		return h, fmt.Errorf("shape is not valid: %v: want a tuple of ints", npyRepr(fields["shape"]))
	}
	if len(shape) > device.MaxRank {
		return h, fmt.Errorf("shape %v has %d dimensions: at most %d are supported", npyRepr(shape), len(shape), device.MaxRank)
	}
	if h.fortran, ok = fields["fortran_order"].(bool); !ok {
		return h, fmt.Errorf("fortran_order is not a valid bool: %v", npyRepr(fields["fortran_order"]))
	}
	descr, ok := fields["descr"].(string)
	if !ok {
		return h, fmt.Errorf("unsupported dtype %v (structured dtypes are not supported)", npyRepr(fields["descr"]))
	}
	if h.dtype, h.big, err = npyParseDescr(descr); err != nil {
		return h, err
	}
	for _, d := range shape {
		v, ok := d.(int64)
		if !ok || v < 0 {
			return h, fmt.Errorf("shape is not valid: %v: want a tuple of non-negative ints", npyRepr(shape))
		}
		if int64(int(v)) != v { // a 32-bit platform
			return h, npySizeError(npyRepr(shape), h.dtype, &device.SizeError{ItemSize: h.dtype.Size(), What: "element count"})
		}
		h.shape = append(h.shape, int(v))
	}
	if h.shape == nil {
		h.shape = []int{}
	}
	if h.nbytes, err = npyShapeBytes(h.shape, h.dtype); err != nil {
		return h, err
	}
	return h, nil
}

// npyShapeBytes is the byte count of an array of shape and dtype dt, checked as NumPy
// checks the shapes it loads, with device.ShapeSize: a shape whose non-zero dimensions
// times the item size overflow int is refused even when another dimension is 0 (NumPy
// refuses (0, 2**62) of float64), an error of Kind Value wrapping the *device.SizeError.
// The shape must also be one gotensor can make (checkShape: its size at 8 bytes an
// element must fit, so (0, 2**62) of uint8, which NumPy loads, is refused too), and the
// bytes must fit in one allocation (npyMaxBytes).
func npyShapeBytes(shape []int, dt DType) (int, error) {
	_, nbytes, err := device.ShapeSize(shape, dt.Size())
	var se *device.SizeError
	switch {
	case errors.As(err, &se):
		return 0, npySizeError(shapeStr(shape), dt, se)
	case err != nil:
		return 0, fmt.Errorf("shape %s is not valid: %v", shapeStr(shape), err)
	}
	if err := Try(func() { checkShape("LoadNpy", shape) }); err != nil {
		return 0, &Error{Kind: Value, Op: "LoadNpy", Err: err, Msg: fmt.Sprintf(
			"shape %s of %v is too large: NumPy loads it, but gotensor needs the size of a shape at 8 bytes an element to fit in an int (%v)",
			shapeStr(shape), dt, err)}
	}
	if nbytes > npyMaxBytes {
		return 0, &Error{Kind: Value, Op: "LoadNpy", Msg: fmt.Sprintf(
			"shape %s of %v is too large: its %d bytes exceed the largest allocation, %d bytes", shapeStr(shape), dt, nbytes, npyMaxBytes)}
	}
	return nbytes, nil
}

// npySizeError is the error of a shape whose size overflows: NumPy's ValueError "array
// is too big", so an *Error of Kind Value wrapping the *device.SizeError.
func npySizeError(shape string, dt DType, se *device.SizeError) error {
	return &Error{Kind: Value, Op: "LoadNpy", Err: se, Msg: fmt.Sprintf(
		"shape %s of %v is too large: the %s of its non-zero dimensions at %d bytes each overflows int (NumPy refuses it too: array is too big)",
		shape, dt, se.What, dt.Size())}
}

// npyMaxBytes bounds the data size a header may declare: the largest allocation the
// platform can make, about 2**47 bytes on 64-bit platforms (Go's heap spans 2**48) and
// math.MaxInt on 32-bit ones. Larger sizes are an error before anything is allocated.
const npyMaxBytes = math.MaxInt >> (16 * (bits.UintSize / 64))

func npyShort(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// npyHeaderBytes returns the magic string, version, header length and header that
// numpy.lib.format writes for an array of dtype dt and the given shape: format 1.0
// unless the header is too long for it, padded with spaces and a newline to a multiple
// of 64 bytes, with room for the first axis (the last, in Fortran order) to grow.
func npyHeaderBytes(dt DType, shape []int, fortran bool) []byte {
	order := "False"
	if fortran {
		order = "True"
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", npyDescr[dt], order, shapeStr(shape))
	if len(shape) > 0 {
		grow := shape[0]
		if fortran {
			grow = shape[len(shape)-1]
		}
		h += strings.Repeat(" ", max(0, 21-len(strconv.Itoa(grow))))
	}
	hlen := len(h) + 1 // with the newline
	lenSize, major := 2, byte(1)
	pad := 64 - (8+lenSize+hlen)%64
	if hlen+pad > 0xffff {
		lenSize, major = 4, 2
		pad = 64 - (8+lenSize+hlen)%64
	}
	out := make([]byte, 0, 8+lenSize+hlen+pad)
	out = append(out, npyMagic...)
	out = append(out, major, 0)
	if lenSize == 2 {
		out = binenc.LittleEndian.AppendUint16(out, uint16(hlen+pad))
	} else {
		out = binenc.LittleEndian.AppendUint32(out, uint32(hlen+pad))
	}
	out = append(out, h...)
	for i := 0; i < pad; i++ {
		out = append(out, ' ')
	}
	return append(out, '\n')
}

// npyLit reads Python literals.
type npyLit struct {
	s   string
	i   int
	py2 bool
}

type (
	npyTuple []any
	npyList  []any
	npyDict  []npyKV
	npyKV    struct{ key, val any }
)

const npyMaxDepth = 32

func (p *npyLit) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: "+format, append([]any{p.i}, args...)...)
}

func (p *npyLit) rest() string {
	r := p.s[p.i:]
	if len(r) > 20 {
		r = r[:20] + "..."
	}
	return r
}

func (p *npyLit) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\n\r\f\v", p.s[p.i]) >= 0 {
		p.i++
	}
}

// value reads one literal.
func (p *npyLit) value(depth int) (any, error) {
	if depth > npyMaxDepth {
		return nil, p.errorf("literal nested more than %d deep", npyMaxDepth)
	}
	p.space()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end of header")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.dict(depth)
	case c == '(' || c == '[':
		return p.sequence(depth, c)
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c == '+' || (c >= '0' && c <= '9'):
		return p.int()
	}
	for _, w := range []struct {
		name string
		v    any
	}{{"True", true}, {"False", false}, {"None", nil}} {
		if strings.HasPrefix(p.s[p.i:], w.name) {
			p.i += len(w.name)
			return w.v, nil
		}
	}
	return nil, p.errorf("unexpected %q", p.rest())
}

func (p *npyLit) dict(depth int) (any, error) {
	p.i++ // {
	d := npyDict{}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return d, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("want ':' after a dict key")
		}
		p.i++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		d = append(d, npyKV{k, v})
		if !p.comma('}') {
			return nil, p.errorf("want ',' or '}' in a dict")
		}
	}
}

// comma consumes a ',' or sees the closing bracket; it reports false for anything else.
func (p *npyLit) comma(closing byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ',' {
		p.i++
		return true
	}
	return p.i < len(p.s) && p.s[p.i] == closing
}

// sequence reads a tuple or list; "(x)" without a comma is x itself, as in Python.
func (p *npyLit) sequence(depth int, open byte) (any, error) {
	closing := byte(')')
	if open == '[' {
		closing = ']'
	}
	p.i++
	var items []any
	commas := 0
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == closing {
			p.i++
			break
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			commas++
		}
		if !p.comma(closing) {
			return nil, p.errorf("want ',' or %q in a sequence", closing)
		}
	}
	switch {
	case open == '[':
		return npyList(items), nil
	case len(items) == 1 && commas == 0:
		return items[0], nil
	}
	return npyTuple(items), nil
}

func (p *npyLit) str() (any, error) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case c == q:
			return b.String(), nil
		case c == '\n':
			return nil, p.errorf("newline in a string")
		case c == '\\' && p.i < len(p.s):
			b.WriteByte(p.s[p.i])
			p.i++
		default:
			b.WriteByte(c)
		}
	}
	return nil, p.errorf("unterminated string")
}

func (p *npyLit) int() (any, error) {
	start := p.i
	if p.s[p.i] == '-' || p.s[p.i] == '+' {
		p.i++
	}
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	v, err := strconv.ParseInt(p.s[start:p.i], 10, 64)
	if err != nil {
		return nil, p.errorf("bad integer %q", p.s[start:p.i])
	}
	if p.py2 && p.i < len(p.s) && (p.s[p.i] == 'L' || p.s[p.i] == 'l') {
		p.i++
	}
	return v, nil
}

// npyRepr prints a parsed literal for an error message.
func npyRepr(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return "'" + v + "'"
	case int64:
		return strconv.FormatInt(v, 10)
	case npyTuple, npyList:
		var items []any
		open, closing := "(", ")"
		if l, ok := v.(npyList); ok {
			items, open, closing = l, "[", "]"
		} else {
			items = v.(npyTuple)
		}
		parts := make([]string, len(items))
		for i, x := range items {
			parts[i] = npyRepr(x)
		}
		if len(items) == 1 && open == "(" {
			return "(" + parts[0] + ",)"
		}
		return open + strings.Join(parts, ", ") + closing
	case npyDict:
		parts := make([]string, len(v))
		for i, kv := range v {
			parts[i] = npyRepr(kv.key) + ": " + npyRepr(kv.val)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
