package data

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	binenc "encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// The IDX type codes (the third byte of the magic number).
const (
	idxUbyte  = 0x08 // unsigned byte -> uint8
	idxByte   = 0x09 // signed byte -> int32
	idxShort  = 0x0B // 16-bit integer -> int32
	idxInt    = 0x0C // 32-bit integer -> int32
	idxFloat  = 0x0D // 32-bit float -> float32
	idxDouble = 0x0E // 64-bit float -> float64
)

// idxType describes one IDX type code: its name, element size in the file and the
// gotensor dtype it loads as.
type idxType struct {
	name  string
	size  int
	dtype tensor.DType
}

var idxTypes = map[byte]idxType{
	idxUbyte:  {"unsigned byte", 1, tensor.Uint8},
	idxByte:   {"signed byte", 1, tensor.Int32},
	idxShort:  {"short", 2, tensor.Int32},
	idxInt:    {"int", 4, tensor.Int32},
	idxFloat:  {"float", 4, tensor.Float32},
	idxDouble: {"double", 8, tensor.Float64},
}

const (
	idxPrealloc = 1 << 20 // payload bytes allocated up front when the input's size is unknown
	gzipMaxRate = 1032    // deflate's largest expansion: decompressed bytes per compressed byte
)

// ReadIDX reads one array in the IDX format (LeCun's MNIST format) from r, gzip'd or
// not (gzip is recognised by its magic bytes, 1f 8b), and returns it as a CPU tensor.
// It reads r to its end: the input must hold exactly one array.
//
// The header is two zero bytes, a type code, the number of dimensions, then each
// dimension as a big-endian 32-bit integer; the payload follows, big-endian, in C
// order. Type codes and the dtypes they load as (gotensor has no 8- or 16-bit signed
// integers, so those widen to int32, NumPy's nearest wider type gotensor has):
//
//	0x08 unsigned byte  -> uint8
//	0x09 signed byte    -> int32
//	0x0B short (int16)  -> int32
//	0x0C int (int32)    -> int32
//	0x0D float          -> float32
//	0x0E double         -> float64
//
// Malformed input (a bad magic number or type code, a dimension over 2^31-1, a size
// that overflows int, a truncated payload, bytes after the payload, a corrupt gzip
// stream) is a *FormatError wrapping ErrFormat that names the byte offset; errors of r
// itself are returned wrapped.
func ReadIDX(r io.Reader) (*tensor.Tensor, error) {
	if r == nil {
		return nil, errors.New("data.ReadIDX: nil reader")
	}
	return readIDX(r, "data.ReadIDX", "", -1)
}

// ReadIDXFile reads the IDX file at path (gzip'd or not) as ReadIDX does; errors name
// the file.
func ReadIDXFile(path string) (*tensor.Tensor, error) {
	const op = "data.ReadIDXFile"
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return readIDX(f, op, path, size)
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// idxReader holds the state of one read, so errors can name file and offset.
type idxReader struct {
	op, file string
	gz       bool
	cr       countReader
}

func (x *idxReader) fail(off int64, cause error, format string, args ...any) error {
	return &FormatError{Op: x.op, File: x.file, Offset: off, Gzip: x.gz, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// readErr describes a failed read of what, which began at offset start: running out of
// input is truncation and a broken gzip stream is corruption, both format errors;
// other errors are r's own.
func (x *idxReader) readErr(what string, start, want int64, err error) error {
	got := x.cr.n - start
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		if x.cr.n == 0 {
			return x.fail(0, io.ErrUnexpectedEOF, "empty input: no IDX header")
		}
		hint := ""
		if x.gz {
			hint = " (the gzip stream ends early)"
		}
		return x.fail(x.cr.n, io.ErrUnexpectedEOF, "truncated %s: got %d of its %d bytes%s", what, got, want, hint)
	case gzipCorrupt(err):
		return x.fail(x.cr.n, err, "corrupt gzip stream while reading %s: %v", what, err)
	}
	return opError(x.op, x.file, err)
}

// gzipCorrupt reports whether err is gzip's or flate's report of bad compressed data.
func gzipCorrupt(err error) bool {
	var ce flate.CorruptInputError
	var ie flate.InternalError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &ce) || errors.As(err, &ie)
}

func readIDX(r io.Reader, op, file string, size int64) (*tensor.Tensor, error) {
	x := &idxReader{op: op, file: file}
	br := bufio.NewReader(r)
	src := io.Reader(br)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || gzipCorrupt(err) {
				return nil, &FormatError{Op: op, File: file, Offset: 0, Msg: "bad gzip header: " + err.Error(), Err: err}
			}
			return nil, opError(op, file, err)
		}
		defer zr.Close()
		src, x.gz = zr, true
		if size >= 0 {
			size = min(size, math.MaxInt64/gzipMaxRate) * gzipMaxRate
		}
	}
	x.cr.r = src

	var head [4]byte
	if _, err := io.ReadFull(&x.cr, head[:]); err != nil {
		return nil, x.readErr("header", 0, 4, err)
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, x.fail(0, nil, "bad magic number 0x%08X: not an IDX file (want two zero bytes, a type code, the number of dimensions)",
			binenc.BigEndian.Uint32(head[:]))
	}
	typ, ok := idxTypes[head[2]]
	if !ok {
		return nil, x.fail(2, nil, "unknown type code 0x%02X: want 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E", head[2])
	}
	ndim := int(head[3])
	dimBytes := make([]byte, 4*ndim)
	if _, err := io.ReadFull(&x.cr, dimBytes); err != nil {
		return nil, x.readErr(fmt.Sprintf("header (%d dimensions)", ndim), 4, int64(4*ndim), err)
	}
	shape := make([]int, ndim)
	for k := range shape {
		d := binenc.BigEndian.Uint32(dimBytes[4*k:])
		if d > math.MaxInt32 {
			return nil, x.fail(int64(4+4*k), nil, "dimension %d is %d: more than 2^31-1", k, d)
		}
		shape[k] = int(d)
	}
	n, nbytes, err := device.ShapeSize(shape, typ.size)
	if err == nil {
		_, _, err = device.ShapeSize(shape, typ.dtype.Size())
	}
	if err != nil {
		return nil, x.fail(4, err, "dimensions %s of %s: %v", tensor.ShapeString(shape), typ.name, err)
	}
	headLen := int64(4 + 4*ndim)

	prealloc := int64(idxPrealloc)
	if size >= 0 {
		prealloc = max(size-headLen, 0)
	}
	buf := make([]byte, 0, min(int64(nbytes), prealloc))
	for len(buf) < nbytes {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(nbytes-len(buf), max(len(buf), 4096)))
		}
		m, err := io.ReadFull(&x.cr, buf[len(buf):min(cap(buf), nbytes)])
		buf = buf[:len(buf)+m]
		if err != nil {
			return nil, x.readErr(fmt.Sprintf("payload (shape %s of %s)", tensor.ShapeString(shape), typ.name), headLen, int64(nbytes), err)
		}
	}
	if err := x.checkEnd(); err != nil {
		return nil, err
	}
	return idxTensor(buf, head[2], n, shape), nil
}

// checkEnd reads on to the end of the input: there must be nothing left, and a gzip
// stream must end with a good checksum.
func (x *idxReader) checkEnd() error {
	end := x.cr.n
	var one [1]byte
	m, err := io.ReadFull(&x.cr, one[:])
	if m == 0 && errors.Is(err, io.EOF) {
		return nil
	}
	if m == 1 {
		extra, err := io.Copy(io.Discard, io.LimitReader(&x.cr, 1<<20))
		if err != nil && !gzipCorrupt(err) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return opError(x.op, x.file, err)
		}
		more := ""
		if extra == 1<<20 {
			more = " or more"
		}
		return x.fail(end, nil, "%d%s extra bytes after the payload: the header's shape does not match the data", extra+1, more)
	}
	if gzipCorrupt(err) || errors.Is(err, io.ErrUnexpectedEOF) {
		return x.fail(end, err, "corrupt gzip stream after the payload: %v", err)
	}
	return opError(x.op, x.file, err)
}

// idxTensor converts a big-endian payload of type code to a tensor of shape.
func idxTensor(b []byte, code byte, n int, shape []int) *tensor.Tensor {
	var t *tensor.Tensor
	switch code {
	case idxUbyte:
		t = tensor.FromSlice(b, n)
	case idxByte:
		t = tensor.FromSlice(convert(b, 1, n, func(p []byte) int32 { return int32(int8(p[0])) }), n)
	case idxShort:
		t = tensor.FromSlice(convert(b, 2, n, func(p []byte) int32 { return int32(int16(binenc.BigEndian.Uint16(p))) }), n)
	case idxInt:
		t = tensor.FromSlice(convert(b, 4, n, func(p []byte) int32 { return int32(binenc.BigEndian.Uint32(p)) }), n)
	case idxFloat:
		t = tensor.FromSlice(convert(b, 4, n, func(p []byte) float32 { return math.Float32frombits(binenc.BigEndian.Uint32(p)) }), n)
	default:
		t = tensor.FromSlice(convert(b, 8, n, func(p []byte) float64 { return math.Float64frombits(binenc.BigEndian.Uint64(p)) }), n)
	}
	return t.Reshape(shape...)
}

func convert[T any](b []byte, size, n int, get func([]byte) T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = get(b[i*size:])
	}
	return out
}

// WriteIDX writes t (on any device) to w in the IDX format, uncompressed (wrap w in a
// gzip.Writer for a .gz file): uint8 as unsigned bytes (0x08), int32 as int (0x0C),
// float32 as float (0x0D), float64 as double (0x0E). Other dtypes, which IDX cannot
// hold exactly, and dimensions over 2^31-1 are errors. ReadIDX reads the file back to
// the same tensor.
func WriteIDX(w io.Writer, t *tensor.Tensor) error {
	const op = "data.WriteIDX"
	if t == nil || w == nil {
		return errors.New(op + ": nil tensor or writer")
	}
	codes := map[tensor.DType]byte{tensor.Uint8: idxUbyte, tensor.Int32: idxInt, tensor.Float32: idxFloat, tensor.Float64: idxDouble}
	code, ok := codes[t.DType()]
	if !ok {
		return fmt.Errorf("%s: dtype %v has no IDX type code: want uint8, int32, float32 or float64 (convert with AsType)", op, t.DType())
	}
	shape := t.Shape()
	head := []byte{0, 0, code, byte(len(shape))}
	for k, d := range shape {
		if d > math.MaxInt32 {
			return fmt.Errorf("%s: dimension %d is %d: IDX holds at most 2^31-1", op, k, d)
		}
		head = binenc.BigEndian.AppendUint32(head, uint32(d))
	}
	bw := bufio.NewWriter(w)
	bw.Write(head)
	var b [8]byte
	c := t.CPU()
	switch t.DType() {
	case tensor.Uint8:
		bw.Write(tensor.ToSlice[uint8](c))
	case tensor.Int32:
		for _, v := range tensor.ToSlice[int32](c) {
			binenc.BigEndian.PutUint32(b[:], uint32(v))
			bw.Write(b[:4])
		}
	case tensor.Float32:
		for _, v := range tensor.ToSlice[float32](c) {
			binenc.BigEndian.PutUint32(b[:], math.Float32bits(v))
			bw.Write(b[:4])
		}
	case tensor.Float64:
		for _, v := range tensor.ToSlice[float64](c) {
			binenc.BigEndian.PutUint64(b[:], math.Float64bits(v))
			bw.Write(b[:])
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
