package data_test

import (
	"bytes"
	"compress/gzip"
	binenc "encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// idxFile makes an IDX file: the magic number of code, the dims, then payload.
func idxFile(code byte, dims []uint32, payload []byte) []byte {
	b := []byte{0, 0, code, byte(len(dims))}
	for _, d := range dims {
		b = binenc.BigEndian.AppendUint32(b, d)
	}
	return append(b, payload...)
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func be16(vs ...int16) []byte {
	var b []byte
	for _, v := range vs {
		b = binenc.BigEndian.AppendUint16(b, uint16(v))
	}
	return b
}

func be32(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binenc.BigEndian.AppendUint32(b, v)
	}
	return b
}

func be64(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binenc.BigEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func TestReadIDXDTypes(t *testing.T) {
	negInt := int32(-123456789)
	tests := []struct {
		name  string
		file  []byte
		dtype tensor.DType
		shape []int
		want  string // tensor.Repr of the result
	}{
		{"ubyte", idxFile(0x08, []uint32{2, 3}, []byte{0, 1, 127, 128, 254, 255}), tensor.Uint8, []int{2, 3}, ""},
		{"byte", idxFile(0x09, []uint32{4}, []byte{0, 127, 128, 255}), tensor.Int32, []int{4}, "array([   0,  127, -128,   -1], dtype=int32)"},
		{"short", idxFile(0x0B, []uint32{3}, be16(-32768, 32767, -1)), tensor.Int32, []int{3}, "array([-32768,  32767,     -1], dtype=int32)"},
		{"int", idxFile(0x0C, []uint32{1, 2}, be32(uint32(negInt), 7)), tensor.Int32, []int{1, 2}, "array([[-123456789,          7]], dtype=int32)"},
		{"float", idxFile(0x0D, []uint32{3}, be32(math.Float32bits(1.5), math.Float32bits(float32(math.Inf(-1))), 0x7FC00000)), tensor.Float32, []int{3}, "array([ 1.5, -inf,  nan], dtype=float32)"},
		{"double", idxFile(0x0E, []uint32{2}, be64(-0.25, 1e300)), tensor.Float64, []int{2}, "array([-2.5e-001,  1.0e+300])"},
		{"0-d", idxFile(0x08, nil, []byte{42}), tensor.Uint8, []int{}, "array(42, dtype=uint8)"},
		{"size 0", idxFile(0x0E, []uint32{0, 5}, nil), tensor.Float64, []int{0, 5}, "array([], shape=(0, 5), dtype=float64)"},
		{"size 0 huge", idxFile(0x0C, []uint32{math.MaxInt32, 0, 5}, nil), tensor.Int32, []int{math.MaxInt32, 0, 5}, ""},
	}
	for _, tc := range tests {
		for _, gz := range []bool{false, true} {
			file := tc.file
			if gz {
				file = gzipBytes(t, file)
			}
			name := tc.name + map[bool]string{false: "", true: " gzip"}[gz]
			x, err := data.ReadIDX(bytes.NewReader(file))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if x.DType() != tc.dtype || !slices.Equal(x.Shape(), tc.shape) {
				t.Errorf("%s: got %v %v, want %v %v", name, x.DType(), x.Shape(), tc.dtype, tc.shape)
				continue
			}
			if tc.want != "" && x.Repr() != tc.want {
				t.Errorf("%s: got %s, want %s", name, x.Repr(), tc.want)
			}
			// One byte per Read gives the same.
			y, err := data.ReadIDX(iotest.OneByteReader(bytes.NewReader(file)))
			if err != nil || y.Repr() != x.Repr() {
				t.Errorf("%s: one byte at a time: %v %v", name, y, err)
			}
		}
	}
}

// checkFormatError fails unless err is a *FormatError wrapping ErrFormat at offset off
// whose message names file and contains each of words.
func checkFormatError(t *testing.T, name string, err error, file string, off int64, words ...string) *data.FormatError {
	t.Helper()
	var fe *data.FormatError
	if !errors.As(err, &fe) || !errors.Is(err, data.ErrFormat) {
		t.Errorf("%s: error %v, want a *FormatError wrapping ErrFormat", name, err)
		return nil
	}
	if off >= 0 && fe.Offset != off {
		t.Errorf("%s: offset %d, want %d (%v)", name, fe.Offset, off, err)
	}
	msg := err.Error()
	if fe.Offset >= 0 && !strings.Contains(msg, "offset "+strconv.FormatInt(fe.Offset, 10)) {
		t.Errorf("%s: %q does not name offset %d", name, msg, fe.Offset)
	}
	if file != "" && !strings.Contains(msg, file) {
		t.Errorf("%s: %q does not name file %s", name, msg, file)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: %q does not contain %q", name, msg, w)
		}
	}
	return fe
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Cutting a file anywhere is a truncation error at the cut, from a reader and from a
// file; cutting its gzip'd form anywhere is an error too.
func TestReadIDXTruncated(t *testing.T) {
	for _, full := range [][]byte{
		idxFile(0x08, []uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6}),
		idxFile(0x0E, []uint32{2}, be64(1, 2)),
	} {
		for cut := range len(full) {
			name := "cut at " + strconv.Itoa(cut)
			_, err := data.ReadIDX(bytes.NewReader(full[:cut]))
			fe := checkFormatError(t, name, err, "", int64(cut))
			if fe != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%s: %v does not wrap io.ErrUnexpectedEOF", name, err)
			}
			p := writeTemp(t, "cut.idx", full[:cut])
			_, err = data.ReadIDXFile(p)
			checkFormatError(t, name, err, p, int64(cut))
		}
		gz := gzipBytes(t, full)
		for cut := range len(gz) {
			p := writeTemp(t, "cut.gz", gz[:cut])
			_, err := data.ReadIDXFile(p)
			checkFormatError(t, "gzip cut at "+strconv.Itoa(cut), err, p, -1)
		}
	}
	// The payload's truncation names what it needed.
	_, err := data.ReadIDX(bytes.NewReader(idxFile(0x0D, []uint32{3, 2}, make([]byte, 10))))
	checkFormatError(t, "payload", err, "", 22, "truncated payload", "got 10 of its 24 bytes", "(3, 2)", "float")
	// So does a gzip'd one, at the offset in the decompressed stream.
	_, err = data.ReadIDX(bytes.NewReader(gzipBytes(t, idxFile(0x08, []uint32{5}, []byte{1, 2}))))
	checkFormatError(t, "gzip payload", err, "", 10, "(decompressed)", "got 2 of its 5 bytes")
	// A header announcing far more than the input holds costs no more than the input.
	_, err = data.ReadIDX(bytes.NewReader(idxFile(0x08, []uint32{math.MaxInt32, math.MaxInt32}, make([]byte, 100))))
	checkFormatError(t, "huge", err, "", 112, "truncated payload")
}

func TestReadIDXCorrupt(t *testing.T) {
	good := idxFile(0x08, []uint32{2, 2}, []byte{1, 2, 3, 4})
	with := func(off int, b ...byte) []byte {
		c := slices.Clone(good)
		copy(c[off:], b)
		return c
	}
	badCRC := gzipBytes(t, good)
	badCRC[len(badCRC)-8] ^= 0xFF
	badData := gzipBytes(t, good)
	badData[12] ^= 0xFF
	tests := []struct {
		name  string
		file  []byte
		off   int64
		words []string
		cause error
	}{
		{"bad magic", with(0, 1), 0, []string{"bad magic number 0x01000802", "not an IDX file"}, nil},
		{"npy file", []byte("\x93NUMPY\x01\x00"), 0, []string{"bad magic number"}, nil},
		{"bad magic second byte", with(1, 3), 0, []string{"bad magic"}, nil},
		{"type code", with(2, 0x0A), 2, []string{"unknown type code 0x0A"}, nil},
		{"dimension 1 over int32", with(8, 0x80), 8, []string{"dimension 1 is 2147483650"}, nil},
		{"dimension 0 over int32", with(4, 0xFF), 4, []string{"dimension 0 is"}, nil},
		{"size overflows", idxFile(0x0E, []uint32{math.MaxInt32, math.MaxInt32, math.MaxInt32}, nil), 4, []string{"dimensions (2147483647, 2147483647, 2147483647) of double"}, nil},
		{"extra bytes", append(slices.Clone(good), 9, 9, 9), 16, []string{"3 extra bytes after the payload"}, nil},
		{"extra bytes gzip", gzipBytes(t, append(slices.Clone(good), 9)), 16, []string{"1 extra bytes", "(decompressed)"}, nil},
		{"gzip checksum", badCRC, 16, []string{"corrupt gzip stream"}, gzip.ErrChecksum},
		{"gzip data", badData, -1, nil, nil},
		{"gzip header", []byte{0x1f, 0x8b, 9, 9, 9}, 0, []string{"bad gzip header"}, nil},
	}
	for _, tc := range tests {
		p := writeTemp(t, "bad.idx", tc.file)
		_, err := data.ReadIDXFile(p)
		checkFormatError(t, tc.name, err, p, tc.off, tc.words...)
		if tc.cause != nil && !errors.Is(err, tc.cause) {
			t.Errorf("%s: %v does not wrap %v", tc.name, err, tc.cause)
		}
		_, err2 := data.ReadIDX(bytes.NewReader(tc.file))
		checkFormatError(t, tc.name+" (reader)", err2, "", tc.off, tc.words...)
	}
	var se *device.SizeError
	if _, err := data.ReadIDX(bytes.NewReader(tests[6].file)); !errors.As(err, &se) {
		t.Errorf("size overflow: %v does not wrap a *device.SizeError", err)
	}
}

// Errors of the reader itself pass through, not as format errors.
func TestReadIDXReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	file := idxFile(0x08, []uint32{4}, []byte{1, 2, 3, 4})
	for cut := range len(file) + 1 {
		r := io.MultiReader(bytes.NewReader(file[:cut]), iotest.ErrReader(boom))
		_, err := data.ReadIDX(r)
		if !errors.Is(err, boom) || errors.Is(err, data.ErrFormat) {
			t.Errorf("cut %d: error %v, want one wrapping the reader's error only", cut, err)
		}
	}
	if _, err := data.ReadIDXFile(filepath.Join(t.TempDir(), "absent")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
	if _, err := data.ReadIDX(nil); err == nil {
		t.Error("nil reader: no error")
	}
}

func TestWriteIDX(t *testing.T) {
	xs := []*tensor.Tensor{
		tensor.FromSlice([]uint8{1, 2, 3, 255, 0, 7}, 2, 3),
		tensor.FromSlice([]int32{-5, math.MaxInt32, math.MinInt32}, 3, 1),
		tensor.FromSlice([]float32{1.5, float32(math.NaN()), -0}, 3),
		tensor.FromSlice([]float64{math.Inf(1), 2, 3, 4}, 2, 2).T(),
		tensor.FromSlice([]float64{7}, 1).Reshape(),
		tensor.Zeros(tensor.Uint8, 0, 4),
	}
	for _, x := range xs {
		var buf bytes.Buffer
		if err := data.WriteIDX(&buf, x); err != nil {
			t.Fatal(err)
		}
		y, err := data.ReadIDX(bytes.NewReader(gzipBytes(t, buf.Bytes())))
		if err != nil {
			t.Fatal(err)
		}
		if y.DType() != x.DType() || !slices.Equal(y.Shape(), x.Shape()) || y.Repr() != x.Repr() {
			t.Errorf("round trip of %s gave %s", x.Repr(), y.Repr())
		}
	}
	for _, x := range []*tensor.Tensor{tensor.Zeros(tensor.Int64, 2), tensor.Zeros(tensor.Bool, 2)} {
		if err := data.WriteIDX(io.Discard, x); err == nil || !strings.Contains(err.Error(), "no IDX type code") {
			t.Errorf("WriteIDX of %v: error %v", x.DType(), err)
		}
	}
}
