package tensor

// Printing, as NumPy 1.24 prints with the print options in force (printopts.go:
// SetPrintOptions, WithPrintOptions, ReprWith; NumPy's defaults unless changed:
// precision 8, threshold 1000, edgeitems 3, linewidth 75, suppress False, floatmode
// "maxprec", sign "-").
//
//	fmt.Print(t), t.String(), %v   NumPy's repr(a):  array([[1., 2.],
//	                                                        [3., 4.]], dtype=float32)
//	t.Str(), %s                    NumPy's str(a):   [[1. 2.]
//	                                                  [3. 4.]]
//	t.Info(), %#v                     a layout line, then the repr:
//	    tensor.Tensor{shape: (2, 2), dtype: float32, strides: (8, 4), offset: 0, device: cpu}
//	    array([[1., 2.],
//	           [3., 4.]], dtype=float32)
//
// A precision in the verb (%.3v, %.3s) sets the float precision, as
// np.array_str(a, precision=3) and np.array_repr(a, precision=3) do.
//
// The rules are NumPy's arrayprint module, ported; with the default options: floats
// print with the shortest digits that round-trip, cut to the precision; an array prints
// in scientific notation when the largest non-zero finite magnitude is >= 1e8, or the
// smallest is < 1e-4, or their ratio is > 1e3; every element of an array is padded to one
// width; integral floats end in "."; non-finite values are nan, inf and -inf; an array of
// more than 1000 elements shows only its first and last 3 items along each axis, with
// "..." between; lines wrap at 75 columns. A 0-d tensor's str is its scalar's (1.0,
// 1e+20, True), which print options do not change, as in NumPy. Printing a tensor on
// another device copies it to the host first.

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gotensor/gotensor/device"
)

// String returns t as NumPy's repr(a) prints it (see Repr), so that fmt.Println(t)
// shows what NumPy's interpreter shows. It copies the tensor to the host first if it
// lives on another device.
func (t *Tensor) String() string { return t.Repr() }

// Str returns t as NumPy's str(a) (print(a)) prints it: [[1. 2.]\n [3. 4.]].
func (t *Tensor) Str() string {
	if t == nil {
		return "<nil>"
	}
	o := currentPrintOptions()
	return t.CPU().strForm(&o)
}

// Repr returns t as NumPy's repr(a) prints it: array([1., 2.], dtype=float32). The dtype
// is shown where NumPy shows it: always, except for non-empty float64, int64 and bool
// arrays.
func (t *Tensor) Repr() string {
	if t == nil {
		return "<nil>"
	}
	o := currentPrintOptions()
	return t.CPU().reprForm(&o)
}

// Info returns a line describing t's layout (shape, dtype, strides in bytes as NumPy's
// a.strides, offset in elements, device, and "readonly" for broadcast views) followed by
// a newline and t's Repr. It is what %#v prints.
func (t *Tensor) Info() string {
	if t == nil {
		return "<nil>"
	}
	o := currentPrintOptions()
	return t.infoLine() + "\n" + t.CPU().reprForm(&o)
}

func (t *Tensor) infoLine() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tensor.Tensor{shape: %s, dtype: %v, strides: %s, offset: %d, device: %s",
		shapeStr(t.shape), t.dtype, shapeStr(t.Strides()), t.offset, t.Device().Name())
	if t.readOnly {
		b.WriteString(", readonly")
	}
	b.WriteString("}")
	return b.String()
}

// Format implements fmt.Formatter: %v prints Repr (as String), %s prints Str, %#v prints
// Info; a precision (%.3v) sets the float precision. Other verbs print as fmt does for a
// wrong verb: %!d(*tensor.Tensor=[1 2]).
func (t *Tensor) Format(s fmt.State, verb rune) {
	if t == nil {
		fmt.Fprint(s, "<nil>")
		return
	}
	o := currentPrintOptions()
	if p, ok := s.Precision(); ok {
		o.Precision = p
	}
	switch {
	case verb == 'v' && s.Flag('#'):
		fmt.Fprint(s, t.infoLine()+"\n"+t.CPU().reprForm(&o))
	case verb == 'v':
		fmt.Fprint(s, t.CPU().reprForm(&o))
	case verb == 's':
		fmt.Fprint(s, t.CPU().strForm(&o))
	default:
		fmt.Fprintf(s, "%%!%c(*tensor.Tensor=%s)", verb, t.CPU().strForm(&o))
	}
}

// strForm is NumPy's array_str of a host tensor.
func (t *Tensor) strForm(o *PrintOptions) string {
	defer runtime.KeepAlive(t) // its buffer's memory is read through hostData
	if len(t.shape) == 0 {
		return prScalarStr(t.hostData(), t.offset)
	}
	return t.array2string(o, " ", "", "")
}

// reprForm is NumPy's array_repr of a host tensor.
func (t *Tensor) reprForm(o *PrintOptions) string {
	const prefix = "array("
	size := t.Size()
	skipDType := size > 0 && (t.dtype == Float64 || t.dtype == Int64 || t.dtype == Bool)
	suffix := ","
	if skipDType {
		suffix = ")"
	}
	var lst string
	if size > 0 || (len(t.shape) == 1 && t.shape[0] == 0) {
		lst = t.array2string(o, ", ", prefix, suffix)
	} else {
		lst = "[], shape=" + shapeStr(t.shape)
	}
	s := prefix + lst + suffix
	if skipDType {
		return s
	}
	dt := "dtype=" + t.dtype.String() + ")"
	last := prLen(s[strings.LastIndexByte(s, '\n')+1:])
	if last+len(dt)+1 > o.LineWidth {
		return s + "\n" + strings.Repeat(" ", len(prefix)) + dt
	}
	return s + " " + dt
}

// hostData is the backing slice of a host tensor.
func (t *Tensor) hostData() any {
	return t.buf.(device.HostBuffer).Slice()
}

// array2string is NumPy's array2string with the given separator, prefix and suffix.
func (t *Tensor) array2string(o *PrintOptions, sep, prefix, suffix string) string {
	defer runtime.KeepAlive(t) // its buffer's memory is read through hostData
	if t.Size() == 0 {
		return "[]"
	}
	p := &prArray{shape: t.shape, strides: t.strides, edge: o.EdgeItems, sep: sep,
		summarise: t.Size() > o.Threshold}
	var offs []int
	p.corners(0, t.offset, func(off int) { offs = append(offs, off) })
	p.elem = prFormatter(t.hostData(), offs, o, len(t.shape) == 0)
	if len(t.shape) == 0 {
		return p.elem(t.offset)
	}
	hang := " " + strings.Repeat(" ", len(prefix))
	return p.recurse(0, t.offset, hang, o.LineWidth-len(suffix))
}

// prArray walks a strided host array the way NumPy's _formatArray does.
type prArray struct {
	shape, strides []int
	edge           int
	sep            string
	summarise      bool
	elem           func(off int) string
}

// corners calls fn with the buffer offset of every element NumPy's _leading_trailing
// keeps: all of them, or the first and last edge items of each long axis if summarising
// (all items of an axis for edge 0, as NumPy's a[:0] and a[-0:] are nothing and all).
func (p *prArray) corners(axis, off int, fn func(int)) {
	if axis == len(p.shape) {
		fn(off)
		return
	}
	n := p.shape[axis]
	for i := 0; i < n; i++ {
		if p.edge > 0 && p.long(n) && i == p.edge {
			i = n - p.edge
		}
		p.corners(axis+1, off+i*p.strides[axis], fn)
	}
}

// long reports whether an axis of n items is summarised: n > 2*edge, without overflow.
func (p *prArray) long(n int) bool {
	return p.summarise && p.edge < n && n-p.edge > p.edge
}

// recurse formats the sub-array at axis starting at buffer offset off, as the recurser of
// NumPy's _formatArray (legacy=False).
func (p *prArray) recurse(axis, off int, hang string, width int) string {
	if axis == len(p.shape) {
		return p.elem(off)
	}
	nextHang, nextWidth := hang+" ", width-1
	n := p.shape[axis]
	at := func(i int) int { return off + i*p.strides[axis] }
	lead, trail := 0, n
	summary := p.long(n)
	if summary {
		lead, trail = p.edge, p.edge
	}
	var b strings.Builder
	sepTrim := strings.TrimRight(p.sep, " ")
	if len(p.shape)-axis == 1 {
		elemWidth := width - max(len(sepTrim), 1)
		line := hang
		for i := 0; i < lead; i++ {
			line = prExtendPretty(&b, line, p.recurse(axis+1, at(i), nextHang, nextWidth), elemWidth, hang) + p.sep
		}
		if summary {
			line = prExtend(&b, line, "...", elemWidth, hang) + p.sep
		}
		for i := trail; i > 1; i-- {
			line = prExtendPretty(&b, line, p.recurse(axis+1, at(n-i), nextHang, nextWidth), elemWidth, hang) + p.sep
		}
		line = prExtendPretty(&b, line, p.recurse(axis+1, at(n-1), nextHang, nextWidth), elemWidth, hang)
		b.WriteString(line)
	} else {
		lineSep := sepTrim + strings.Repeat("\n", len(p.shape)-axis-1)
		for i := 0; i < lead; i++ {
			b.WriteString(hang + p.recurse(axis+1, at(i), nextHang, nextWidth) + lineSep)
		}
		if summary {
			b.WriteString(hang + "..." + lineSep)
		}
		for i := trail; i > 1; i-- {
			b.WriteString(hang + p.recurse(axis+1, at(n-i), nextHang, nextWidth) + lineSep)
		}
		b.WriteString(hang + p.recurse(axis+1, at(n-1), nextHang, nextWidth))
	}
	return "[" + b.String()[len(hang):] + "]"
}

// prExtend appends word to line, first moving line to b and starting a new one when the
// word would pass width (NumPy's _extendLine).
func prExtend(b *strings.Builder, line, word string, width int, nextPrefix string) string {
	if prLen(line)+prLen(word) > width && prLen(line) > prLen(nextPrefix) {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		line = nextPrefix
	}
	return line + word
}

// prExtendPretty is prExtend for a word that may span several lines (a custom formatter's
// output): its lines are stacked at one indent and the line is padded to the widest of
// them (NumPy's _extendLine_pretty).
func prExtendPretty(b *strings.Builder, line, word string, width int, nextPrefix string) string {
	words := prSplitLines(word)
	if len(words) <= 1 {
		return prExtend(b, line, word, width, nextPrefix)
	}
	maxLen := 0
	for _, w := range words {
		maxLen = max(maxLen, prLen(w))
	}
	var indent string
	if prLen(line)+maxLen > width && prLen(line) > prLen(nextPrefix) {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		line, indent = nextPrefix+words[0], nextPrefix
	} else {
		indent = strings.Repeat(" ", prLen(line))
		line += words[0]
	}
	for _, w := range words[1:] {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		line = indent + w
	}
	return line + strings.Repeat(" ", maxLen-prLen(words[len(words)-1]))
}

// prSplitLines is Python's str.splitlines: s cut at each line boundary, which is dropped;
// no empty line after a final boundary.
func prSplitLines(s string) []string {
	var lines []string
	start := 0
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029':
		case '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				lines = append(lines, string(rs[start:i]))
				i++
				start = i + 1
				continue
			}
		default:
			continue
		}
		lines = append(lines, string(rs[start:i]))
		start = i + 1
	}
	if start < len(rs) {
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

// prLen is a string's length as Python's len counts it: in code points.
func prLen(s string) int { return utf8.RuneCountInString(s) }

// prFormatter returns NumPy's element format function for the host slice data, fitted to
// the elements at offsets offs (the ones that will be printed): o's formatter for the
// dtype's kind if it has one, else NumPy's. zeroD is true for a 0-d array, whose bool
// prints without the aligning space.
func prFormatter(data any, offs []int, o *PrintOptions, zeroD bool) func(int) string {
	fm := o.Formatter
	switch s := data.(type) {
	case []bool:
		if f := fm.Bool; f != nil {
			return func(off int) string { return f(s[off]) }
		}
		if f := fm.All; f != nil {
			return func(off int) string { return f(s[off]) }
		}
		tr := " True"
		if zeroD {
			tr = "True"
		}
		return func(off int) string {
			if s[off] {
				return tr
			}
			return "False"
		}
	case []uint8:
		return prIntFormatter(s, offs, fm)
	case []int32:
		return prIntFormatter(s, offs, fm)
	case []int64:
		return prIntFormatter(s, offs, fm)
	case []float32:
		return prFloatFormatter(s, offs, o, 32)
	case []float64:
		return prFloatFormatter(s, offs, o, 64)
	}
	panic(fmt.Sprintf("tensor: cannot print a buffer of type %T", data))
}

// prFloatFormatter is NumPy's FloatingFormat for the float slice s, or o's float formatter.
func prFloatFormatter[T float32 | float64](s []T, offs []int, o *PrintOptions, bits int) func(int) string {
	get := func(off int) float64 { return float64(s[off]) }
	if f := o.Formatter.Float; f != nil {
		return func(off int) string { return f(get(off)) }
	}
	if f := o.Formatter.All; f != nil {
		return func(off int) string { return f(s[off]) }
	}
	return newPrFloat(offs, get, bits, o).format
}

// prIntFormatter right-aligns integers to the width of the longest of the printed ones
// (NumPy's IntegerFormat), or applies the options' int formatter.
func prIntFormatter[T uint8 | int32 | int64](s []T, offs []int, fm Formatter) func(int) string {
	if f := fm.Int; f != nil {
		return func(off int) string { return f(int64(s[off])) }
	}
	if f := fm.All; f != nil {
		return func(off int) string { return f(s[off]) }
	}
	w := 0
	for _, o := range offs {
		w = max(w, len(strconv.FormatInt(int64(s[o]), 10)))
	}
	return func(off int) string {
		v := strconv.FormatInt(int64(s[off]), 10)
		return strings.Repeat(" ", max(0, w-len(v))) + v
	}
}

// prScalarStr is str() of a NumPy scalar: shortest round-trip digits, positional for
// magnitudes in [1e-4, 1e16) and zero ("1.0", "0.001"), scientific otherwise ("1e+16").
func prScalarStr(data any, off int) string {
	switch s := data.(type) {
	case []bool:
		if s[off] {
			return "True"
		}
		return "False"
	case []uint8:
		return strconv.FormatInt(int64(s[off]), 10)
	case []int32:
		return strconv.FormatInt(int64(s[off]), 10)
	case []int64:
		return strconv.FormatInt(s[off], 10)
	case []float32:
		v := s[off]
		a := math.Abs(float64(v)) // NumPy compares in double precision
		return prFloatScalar(float64(v), 32, a == 0 || (a >= 1e-4 && a < 1e16))
	case []float64:
		v := s[off]
		a := math.Abs(v)
		return prFloatScalar(v, 64, a == 0 || (a >= 1e-4 && a < 1e16))
	}
	panic(fmt.Sprintf("tensor: cannot print a buffer of type %T", data))
}

func prFloatScalar(v float64, bits int, positional bool) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case positional:
		return prDragon{precision: -1, unique: true, trim: prTrimLeaveOneZero}.positional(v, bits, 0, 0)
	}
	return prDragon{precision: -1, unique: true, trim: prTrimDptZeros}.scientific(v, bits, 0, 0)
}
