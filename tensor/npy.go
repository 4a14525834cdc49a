package tensor

// NumPy's .npy format (numpy.lib.format): the magic string "\x93NUMPY", a version byte
// pair, a little-endian header length (2 bytes in version 1.0, 4 in 2.0 and 3.0), the
// header dict (latin-1, or UTF-8 in 3.0), then the raw data in C or Fortran order.

import (
	"bufio"
	binenc "encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/gotensor/gotensor/cpu"
)

// ErrNpyFormat is wrapped by every error that LoadNpy, ReadNpyFile, LoadNpz and
// ReadNpzFile return for content that is not a valid .npy or .npz file, or one whose
// dtype gotensor does not support: check with errors.Is(err, tensor.ErrNpyFormat).
// Errors of the underlying reader or file system are passed through, wrapped, instead.
var ErrNpyFormat = errors.New("malformed or unsupported .npy/.npz data")

// npyError is a format error; it wraps ErrNpyFormat and the cause, if any.
type npyError struct {
	op, msg string
	err     error
}

func (e *npyError) Error() string { return "tensor." + e.op + ": " + e.msg }

func (e *npyError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrNpyFormat}
	}
	return []error{ErrNpyFormat, e.err}
}

func npyErrorf(op string, cause error, format string, args ...any) error {
	return &npyError{op: op, msg: fmt.Sprintf(format, args...), err: cause}
}

const (
	npyMagic     = "\x93NUMPY"
	npyMaxHeader = 1 << 20 // bytes; NumPy itself refuses headers over 10000 characters
	npyChunk     = 1 << 16 // elements converted per read or write
	npyPrealloc  = 4 << 20 // bytes allocated before data arrives when the input size is unknown
)

// SaveNpy writes t to w in NumPy's .npy format, version 1.0 (2.0 where the header needs
// it), as np.save does: little-endian data ('<f4', '<f8', '<i4', '<i8', '|u1', '|b1'),
// in Fortran order with fortran_order True if t is Fortran-contiguous but not
// C-contiguous, else in C order (a non-contiguous t is copied to C order first). A
// tensor on another device is copied to the host.
func SaveNpy(w io.Writer, t *Tensor) error {
	if t == nil || t.buf == nil {
		return errors.New("tensor.SaveNpy: nil tensor")
	}
	if npyIsNil(w) {
		return errors.New("tensor.SaveNpy: nil writer")
	}
	var data any
	var fortran bool
	if err := Try(func() {
		h := t.CPU()
		fortran = len(h.shape) > 1 && !h.IsContiguous() && h.IsFortran()
		if fortran {
			data = h.Transpose().Data()
		} else {
			data = h.Contiguous().Data()
		}
	}); err != nil {
		return fmt.Errorf("tensor.SaveNpy: %w", err)
	}
	if _, err := w.Write(npyHeaderBytes(t.dtype, t.shape, fortran)); err != nil {
		return fmt.Errorf("tensor.SaveNpy: %w", err)
	}
	if err := npyWriteData(w, data); err != nil {
		return fmt.Errorf("tensor.SaveNpy: %w", err)
	}
	return nil
}

// LoadNpy reads one .npy array from r (formats 1.0, 2.0 and 3.0) into a new CPU tensor.
// It reads exactly the header and the data, so arrays written one after another to a
// stream load one call at a time; at the end of the stream the error wraps io.EOF.
// Data in Fortran order loads as a view with Fortran strides, without a copy; big-endian
// data is converted. Malformed input, an unsupported dtype or truncated data is an error
// wrapping ErrNpyFormat. A shape whose size times the item size overflows int (NumPy's
// "array is too big", even with a zero dimension), or that gotensor cannot make, is one
// too, and also of Kind Value (KindOf(err) == Value; errors.As finds the
// *device.SizeError of an overflow). The data is read in bounded chunks, so a header
// that announces more than the input holds fails without allocating what it announces.
// A nil r is an error.
func LoadNpy(r io.Reader) (*Tensor, error) { return npyRead(r, "LoadNpy", -1, false) }

// WriteNpyFile writes t to the file at path with SaveNpy, replacing the file.
func WriteNpyFile(path string, t *Tensor) error {
	return npyWriteFile("WriteNpyFile", path, func(w io.Writer) error { return SaveNpy(w, t) })
}

// ReadNpyFile reads the .npy file at path as LoadNpy does; the data must fill the rest of
// the file exactly.
func ReadNpyFile(path string) (*Tensor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tensor.ReadNpyFile: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("tensor.ReadNpyFile: %w", err)
	}
	op := "ReadNpyFile " + strconv.Quote(path)
	if !st.Mode().IsRegular() { // a pipe or device: its size says nothing
		return npyRead(bufio.NewReaderSize(f, 1<<20), op, -1, false)
	}
	return npyRead(bufio.NewReaderSize(f, 1<<20), op, st.Size(), true)
}

// npyWriteFile creates path, runs write on it through a buffer, and removes the file if
// anything fails.
func npyWriteFile(op, path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("tensor.%s: %w", op, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		if err = bw.Flush(); err != nil {
			err = fmt.Errorf("tensor.%s: %w", op, err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("tensor.%s: %w", op, cerr)
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// npyRead reads one array from r. size is the number of bytes r holds, or -1 when
// unknown; when known the data must fill them exactly, which is checked before the data
// is read. With exact true, size is the true size of the input (a file's), so the data's
// slice is allocated in one go; otherwise (a zip member's declared size) the slice grows
// as data arrives, so a header that lies costs no more memory than the bytes present.
func npyRead(r io.Reader, op string, size int64, exact bool) (*Tensor, error) {
	if npyIsNil(r) {
		return nil, fmt.Errorf("tensor.%s: nil reader", op)
	}
	h, hlen, err := npyReadHeader(r, op)
	if err != nil {
		return nil, err
	}
	avail := int64(-1)
	if size >= 0 {
		avail = size - hlen
	}
	return npyDecode(r, h, op, avail, exact)
}

// npyDecode reads the data of an array whose header is h from r and makes the tensor.
// avail is the number of data bytes r holds, -1 if unknown: when known it must be
// exactly h.nbytes, and with exact true the slice is allocated to it up front.
func npyDecode(r io.Reader, h npyHeader, op string, avail int64, exact bool) (*Tensor, error) {
	switch {
	case avail >= 0 && avail < int64(h.nbytes):
		return nil, npyErrorf(op, io.ErrUnexpectedEOF, "truncated data: the data has %d bytes but shape %s of %v needs %d",
			avail, shapeStr(h.shape), h.dtype, h.nbytes)
	case avail > int64(h.nbytes):
		return nil, npyErrorf(op, nil, "the data has %d bytes but shape %s of %v needs %d",
			avail, shapeStr(h.shape), h.dtype, h.nbytes)
	}
	data, err := npyReadData(r, h, op, exact && avail >= 0)
	if err != nil {
		return nil, err
	}
	b, err := cpu.Wrap(data)
	if err != nil {
		return nil, fmt.Errorf("tensor.%s: %w", op, err)
	}
	strides := cStrides(h.shape)
	if h.fortran {
		n := 1
		for k, d := range h.shape {
			strides[k] = n
			n *= d
		}
	}
	return &Tensor{buf: b, dtype: h.dtype, shape: h.shape, strides: strides}, nil
}

// npyIsNil reports whether v is nil or a nil pointer, map, slice, func or channel: a
// reader or writer that would panic on first use.
func npyIsNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

// npyReadHeader reads the magic string, version and header; it returns the header and
// the number of bytes read.
func npyReadHeader(r io.Reader, op string) (npyHeader, int64, error) {
	var pre [12]byte
	if n, err := io.ReadFull(r, pre[:8]); err != nil {
		if n == 0 && err == io.EOF {
			return npyHeader{}, 0, npyErrorf(op, io.EOF, "empty input: no .npy header")
		}
		return npyHeader{}, 0, npyReadError(op, "the header", err)
	}
	if string(pre[:6]) != npyMagic {
		hint := ""
		if string(pre[:4]) == "PK\x03\x04" {
			hint = "; it looks like a zip archive: use LoadNpz for .npz files"
		}
		return npyHeader{}, 0, npyErrorf(op, nil, "bad magic string %q: not an .npy file (want %q)%s", pre[:6], npyMagic, hint)
	}
	major, minor := pre[6], pre[7]
	var lenSize int
	switch {
	case major == 1 && minor == 0:
		lenSize = 2
	case (major == 2 || major == 3) && minor == 0:
		lenSize = 4
	default:
		return npyHeader{}, 0, npyErrorf(op, nil, "unsupported .npy format version %d.%d: want 1.0, 2.0 or 3.0", major, minor)
	}
	if _, err := io.ReadFull(r, pre[8:8+lenSize]); err != nil {
		return npyHeader{}, 0, npyReadError(op, "the header length", err)
	}
	hlen := int64(binenc.LittleEndian.Uint16(pre[8:]))
	if lenSize == 4 {
		hlen = int64(binenc.LittleEndian.Uint32(pre[8:]))
	}
	if hlen > npyMaxHeader {
		return npyHeader{}, 0, npyErrorf(op, nil, "header length %d exceeds the limit of %d bytes", hlen, npyMaxHeader)
	}
	raw := make([]byte, hlen)
	if n, err := io.ReadFull(r, raw); err != nil {
		return npyHeader{}, 0, npyReadError(op, fmt.Sprintf("the header (got %d of its %d bytes)", n, hlen), err)
	}
	var text string
	if major == 3 {
		if !utf8.Valid(raw) {
			return npyHeader{}, 0, npyErrorf(op, nil, "format 3.0 header is not valid UTF-8")
		}
		text = string(raw)
	} else { // latin-1
		rs := make([]rune, len(raw))
		for i, c := range raw {
			rs[i] = rune(c)
		}
		text = string(rs)
	}
	h, err := npyParseHeader(text, major < 3)
	if err != nil {
		msg := err.Error()
		var te *Error
		if errors.As(err, &te) { // a size overflow: Kind Value, as NumPy's ValueError
			te.Op, msg = "tensor."+op, te.Msg
		}
		return npyHeader{}, 0, npyErrorf(op, err, "%s", msg)
	}
	return h, 8 + int64(lenSize) + hlen, nil
}

// npyReadError describes a failed read of what: running out of input is truncation, a
// format error; other errors of r are wrapped as they are.
func npyReadError(op, what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return npyErrorf(op, io.ErrUnexpectedEOF, "truncated input while reading %s", what)
	}
	if npzCorrupt(err) {
		return npyErrorf(op, err, "reading %s: %v", what, err)
	}
	return fmt.Errorf("tensor.%s: reading %s: %w", op, what, err)
}

// npyReadData reads the data the header announces. With known false the input's size is
// unknown, so the slice grows as data arrives rather than trusting the header's shape.
func npyReadData(r io.Reader, h npyHeader, op string, known bool) (any, error) {
	n := h.nbytes / h.dtype.Size()
	var u32 func([]byte) uint32 = binenc.LittleEndian.Uint32
	var u64 func([]byte) uint64 = binenc.LittleEndian.Uint64
	if h.big {
		u32, u64 = binenc.BigEndian.Uint32, binenc.BigEndian.Uint64
	}
	rd := npyElemReader{r: r, n: n, known: known, op: op, h: h}
	switch h.dtype {
	case Float32:
		return npyReadElems(rd, 4, func(b []byte) float32 { return math.Float32frombits(u32(b)) })
	case Float64:
		return npyReadElems(rd, 8, func(b []byte) float64 { return math.Float64frombits(u64(b)) })
	case Int32:
		return npyReadElems(rd, 4, func(b []byte) int32 { return int32(u32(b)) })
	case Int64:
		return npyReadElems(rd, 8, func(b []byte) int64 { return int64(u64(b)) })
	case Uint8:
		return npyReadElems(rd, 1, func(b []byte) uint8 { return b[0] })
	}
	return npyReadElems(rd, 1, func(b []byte) bool { return b[0] != 0 })
}

type npyElemReader struct {
	r     io.Reader
	n     int
	known bool
	op    string
	h     npyHeader
}

func npyReadElems[T Elem](rd npyElemReader, size int, get func([]byte) T) (any, error) {
	n := rd.n
	capN := n
	if !rd.known {
		capN = min(n, npyPrealloc/size)
	}
	out := make([]T, 0, capN)
	buf := make([]byte, min(n, npyChunk)*size)
	for len(out) < n {
		k := min(n-len(out), npyChunk)
		m, err := io.ReadFull(rd.r, buf[:k*size])
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, npyErrorf(rd.op, io.ErrUnexpectedEOF, "truncated data: got %d bytes, shape %s of %v needs %d",
					len(out)*size+m, shapeStr(rd.h.shape), rd.h.dtype, n*size)
			}
			return nil, npyReadError(rd.op, "the data", err)
		}
		for i := 0; i < k; i++ {
			out = append(out, get(buf[i*size:]))
		}
	}
	return out, nil
}

// npyWriteData writes a host slice as little-endian bytes.
func npyWriteData(w io.Writer, data any) error {
	le := binenc.LittleEndian
	switch s := data.(type) {
	case []float32:
		return npyWriteElems(w, s, 4, func(b []byte, v float32) { le.PutUint32(b, math.Float32bits(v)) })
	case []float64:
		return npyWriteElems(w, s, 8, func(b []byte, v float64) { le.PutUint64(b, math.Float64bits(v)) })
	case []int32:
		return npyWriteElems(w, s, 4, func(b []byte, v int32) { le.PutUint32(b, uint32(v)) })
	case []int64:
		return npyWriteElems(w, s, 8, func(b []byte, v int64) { le.PutUint64(b, uint64(v)) })
	case []uint8:
		_, err := w.Write(s)
		return err
	case []bool:
		return npyWriteElems(w, s, 1, func(b []byte, v bool) {
			b[0] = 0
			if v {
				b[0] = 1
			}
		})
	}
	return fmt.Errorf("cannot write a slice of type %T", data)
}

func npyWriteElems[T Elem](w io.Writer, s []T, size int, put func([]byte, T)) error {
	buf := make([]byte, min(len(s), npyChunk)*size)
	for len(s) > 0 {
		k := min(len(s), npyChunk)
		for i, v := range s[:k] {
			put(buf[i*size:], v)
		}
		if _, err := w.Write(buf[:k*size]); err != nil {
			return err
		}
		s = s[k:]
	}
	return nil
}
