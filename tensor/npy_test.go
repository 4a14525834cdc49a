package tensor_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// npyFixture is one entry of testdata/npy/fixtures.json (see gen.py there).
type npyFixture struct {
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Fortran bool   `json:"fortran"`
	Data    string `json:"data"`
	Repr    string `json:"repr"`
}

func npyFixtures(t *testing.T) map[string]npyFixture {
	t.Helper()
	b, err := os.ReadFile("testdata/npy/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]npyFixture
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// npyBytes returns t's elements in C order as little-endian bytes (bools as 0/1).
func npyBytes(t *tensor.Tensor) []byte {
	var out []byte
	le := binary.LittleEndian
	switch t.DType() {
	case tensor.Float32:
		for _, v := range tensor.ToSlice[float32](t) {
			out = le.AppendUint32(out, math.Float32bits(v))
		}
	case tensor.Float64:
		for _, v := range tensor.ToSlice[float64](t) {
			out = le.AppendUint64(out, math.Float64bits(v))
		}
	case tensor.Int32:
		for _, v := range tensor.ToSlice[int32](t) {
			out = le.AppendUint32(out, uint32(v))
		}
	case tensor.Int64:
		for _, v := range tensor.ToSlice[int64](t) {
			out = le.AppendUint64(out, uint64(v))
		}
	case tensor.Uint8:
		out = append(out, tensor.ToSlice[uint8](t)...)
	case tensor.Bool:
		for _, v := range tensor.ToSlice[bool](t) {
			b := byte(0)
			if v {
				b = 1
			}
			out = append(out, b)
		}
	}
	return out
}

// npyCheck compares a loaded tensor with its fixture: dtype, shape, layout, every bit of
// every value, and NumPy's repr.
func npyCheck(t *testing.T, name string, x *tensor.Tensor, want npyFixture) {
	t.Helper()
	if x.DType().String() != want.DType || !slices.Equal(x.Shape(), want.Shape) {
		t.Fatalf("%s: got %v %v, want %s %v", name, x.DType(), x.Shape(), want.DType, want.Shape)
	}
	if want.Fortran {
		st, n := make([]int, len(want.Shape)), 1
		for k, d := range want.Shape {
			st[k], n = n, n*d
		}
		if !slices.Equal(x.ElemStrides(), st) || !x.IsFortran() {
			t.Errorf("%s: strides %v, want Fortran strides %v (a view of the file's order)", name, x.ElemStrides(), st)
		}
	} else if !x.IsContiguous() {
		t.Errorf("%s: C-order data loaded with strides %v", name, x.ElemStrides())
	}
	data, err := base64.StdEncoding.DecodeString(want.Data)
	if err != nil {
		t.Fatal(err)
	}
	if got := npyBytes(x); !bytes.Equal(got, data) {
		t.Errorf("%s: values differ:\ngot  %x\nwant %x", name, got, data)
	}
	if got := x.Repr(); got != want.Repr {
		t.Errorf("%s: repr:\ngot  %s\nwant %s", name, got, want.Repr)
	}
}

// TestNpyFixtures loads every file NumPy wrote under testdata/npy: each dtype, C and
// Fortran order, big-endian, formats 1.0, 2.0 and 3.0, 0-d and empty arrays, and
// headers spelled in ways np.save does not write.
func TestNpyFixtures(t *testing.T) {
	fix := npyFixtures(t)
	files, err := filepath.Glob("testdata/npy/*.np[yz]")
	if err != nil || len(files) < 30 {
		t.Fatalf("found %d fixtures (%v), want at least 30: run testdata/npy/gen.py", len(files), err)
	}
	seen := 0
	for _, path := range files {
		name := filepath.Base(path)
		if strings.HasSuffix(name, ".npz") {
			m, err := tensor.ReadNpzFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for key, x := range m {
				want, ok := fix[name+"/"+key]
				if !ok {
					t.Fatalf("%s: unexpected key %q", name, key)
				}
				npyCheck(t, name+"/"+key, x, want)
				seen++
			}
			continue
		}
		want, ok := fix[name]
		if !ok {
			t.Fatalf("%s is not in fixtures.json", name)
		}
		x, err := tensor.ReadNpyFile(path)
		if err != nil {
			t.Fatal(err)
		}
		npyCheck(t, name, x, want)
		b, _ := os.ReadFile(path)
		y, err := tensor.LoadNpy(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		npyCheck(t, name+" (LoadNpy)", y, want)
		seen++
	}
	if seen != len(fix) {
		t.Errorf("checked %d arrays, fixtures.json lists %d", seen, len(fix))
	}
}

// npyTestTensors are tensors of every dtype in several layouts, for round trips.
func npyTestTensors() map[string]*tensor.Tensor {
	f64 := []float64{0, -0.0, 1.5, math.NaN(), math.Inf(1), math.Inf(-1), 1e-310, math.MaxFloat64, -7, 0.1, 3, 4}
	f32 := make([]float32, len(f64))
	for i, v := range f64 {
		f32[i] = float32(v)
	}
	m := map[string]*tensor.Tensor{
		"f64":       tensor.FromSlice(f64, 3, 4),
		"f32":       tensor.FromSlice(f32, 2, 3, 2),
		"i32":       tensor.FromSlice([]int32{math.MinInt32, -1, 0, 1, math.MaxInt32, 7}, 6),
		"i64":       tensor.FromSlice([]int64{math.MinInt64, -1, 0, math.MaxInt64}, 2, 2),
		"u8":        tensor.FromSlice([]uint8{0, 1, 128, 255}, 4, 1),
		"bool":      tensor.FromSlice([]bool{true, false, false, true, true, false}, 2, 3),
		"scalar":    tensor.Scalar(2.5),
		"scalar_b":  tensor.Scalar(true),
		"empty":     tensor.FromSlice([]float32{}, 0),
		"empty_2x0": tensor.FromSlice([]int64{}, 2, 0),
		"fortran":   tensor.FromSlice(f64, 3, 4).T(),
		"fortran3":  tensor.FromSlice(f32, 2, 3, 2).T(),
		"strided":   tensor.FromSlice(f64, 3, 4).Slice(tensor.S(tensor.None, tensor.None, -1), tensor.S(1, 4, 2)),
		"broadcast": tensor.FromSlice([]int32{1, 2, 3}).BroadcastTo(2, 3),
		"offset":    tensor.FromSlice(f64, 3, 4).Slice(2),
	}
	return m
}

func npySame(t *testing.T, name string, got, want *tensor.Tensor) {
	t.Helper()
	if got.DType() != want.DType() || !slices.Equal(got.Shape(), want.Shape()) {
		t.Fatalf("%s: got %v %v, want %v %v", name, got.DType(), got.Shape(), want.DType(), want.Shape())
	}
	if !bytes.Equal(npyBytes(got), npyBytes(want)) {
		t.Errorf("%s: values differ:\ngot  %v\nwant %v", name, got, want)
	}
}

func TestNpyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for name, x := range npyTestTensors() {
		var buf bytes.Buffer
		if err := tensor.SaveNpy(&buf, x); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		hlen := 10 + int(binary.LittleEndian.Uint16(b[8:]))
		if string(b[:8]) != "\x93NUMPY\x01\x00" || hlen%64 != 0 || b[hlen-1] != '\n' {
			t.Errorf("%s: header %q is not a 64-byte aligned version 1.0 header", name, b[:min(len(b), hlen)])
		}
		wantF := x.NDim() > 1 && x.IsFortran() && !x.IsContiguous()
		if gotF := bytes.Contains(b[:hlen], []byte("'fortran_order': True")); gotF != wantF {
			t.Errorf("%s: fortran_order %v, want %v", name, gotF, wantF)
		}
		y, err := tensor.LoadNpy(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		npySame(t, name, y, x)
		if wantF && !slices.Equal(y.ElemStrides(), x.ElemStrides()) {
			t.Errorf("%s: loaded strides %v, want %v", name, y.ElemStrides(), x.ElemStrides())
		}
		path := filepath.Join(dir, name+".npy")
		if err := tensor.WriteNpyFile(path, x); err != nil {
			t.Fatal(err)
		}
		z, err := tensor.ReadNpyFile(path)
		if err != nil {
			t.Fatal(err)
		}
		npySame(t, name+" (file)", z, x)
	}
}

// TestNpyStream loads arrays written one after another, then sees io.EOF.
func TestNpyStream(t *testing.T) {
	a, b := tensor.FromSlice([]int32{1, 2, 3}), tensor.FromSlice([]float64{4.5}, 1, 1)
	var buf bytes.Buffer
	for _, x := range []*tensor.Tensor{a, b} {
		if err := tensor.SaveNpy(&buf, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []*tensor.Tensor{a, b} {
		got, err := tensor.LoadNpy(&buf)
		if err != nil {
			t.Fatal(err)
		}
		npySame(t, "stream", got, want)
	}
	if _, err := tensor.LoadNpy(&buf); !errors.Is(err, io.EOF) {
		t.Errorf("at the end of the stream: got %v, want an error wrapping io.EOF", err)
	}
}

// npyRaw builds an .npy file from a header dict and data, with the given version.
func npyRaw(major byte, header string, data []byte) []byte {
	b := []byte{0x93, 'N', 'U', 'M', 'P', 'Y', major, 0}
	if major == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(header)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(header)))
	}
	return append(append(b, header...), data...)
}

func TestNpyErrors(t *testing.T) {
	good := func(h string) string { return "{'descr': '<f4', 'fortran_order': False, 'shape': " + h + ", }\n" }
	four := make([]byte, 16)
	long := make([]byte, 0, 20)
	for i := 0; i < 17; i++ {
		long = append(long, "1, "...)
	}
	cases := []struct {
		name, want string
		in         []byte
	}{
		{"empty", "empty input", nil},
		{"short magic", "truncated input while reading the header", []byte("\x93NUM")},
		{"bad magic", "bad magic string", []byte("PK\x03\x04xxxxxxxxxxxxxxxx")},
		{"bad version", "unsupported .npy format version 4.0", []byte("\x93NUMPY\x04\x00\x10\x00")},
		{"bad minor", "unsupported .npy format version 1.1", []byte("\x93NUMPY\x01\x01\x10\x00")},
		{"no header length", "truncated input while reading the header length", []byte("\x93NUMPY\x01\x00\x10")},
		{"short header", "truncated input while reading the header", []byte("\x93NUMPY\x01\x00\x40\x00{'descr'")},
		{"huge header", "exceeds the limit", []byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f")},
		{"not a dict", "header is not a dictionary", npyRaw(1, "[1, 2]\n", nil)},
		{"syntax", "cannot parse header", npyRaw(1, "{'descr': '<f4', 'shape': (2,}\n", nil)},
		{"garbage after", "after the dict", npyRaw(1, good("(4,)")+"x", four)},
		{"missing key", "lacks a key", npyRaw(1, "{'descr': '<f4', 'shape': (4,)}\n", four)},
		{"extra key", "header has key 'extra'", npyRaw(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'extra': 1}\n", four)},
		{"int key", "header has key 1", npyRaw(1, "{1: 2}", four)},
		{"shape list", "shape is not valid: [4]", npyRaw(1, good("[4]"), four)},
		{"shape int", "shape is not valid: 4", npyRaw(1, good("(4)"), four)},
		{"shape negative", "shape is not valid", npyRaw(1, good("(-4,)"), four)},
		{"shape string", "shape is not valid", npyRaw(1, good("('4',)"), four)},
		{"shape overflow", "bad integer", npyRaw(1, good("(99999999999999999999,)"), four)},
		{"shape too large", "too large", npyRaw(1, good("(4294967296, 4294967296)"), four)},
		{"rank 17", "at most 16", npyRaw(1, good("("+string(long)+")"), four)},
		{"fortran not bool", "fortran_order is not a valid bool: 0", npyRaw(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (4,)}", four)},
		{"complex", `unsupported dtype "<c16"`, npyRaw(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}", four)},
		{"int8", `unsupported dtype "|i1"`, npyRaw(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (1,)}", four)},
		{"float16", `unsupported dtype "<f2"`, npyRaw(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1,)}", four)},
		{"structured", "unsupported dtype [('a', '<f4')]", npyRaw(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", four)},
		{"truncated data", "truncated data: got 15 bytes, shape (4,) of float32 needs 16", npyRaw(1, good("(4,)"), four[:15])},
		{"no data", "truncated data: got 0 bytes", npyRaw(2, good("(2, 2)"), nil)},
		{"bad utf-8 v3", "not valid UTF-8", npyRaw(3, "{'descr': '\xff'}", nil)},
		{"unterminated", "unterminated string", npyRaw(1, "{'descr': '<f4", nil)},
		{"deep", "nested more than", npyRaw(1, strings.Repeat("[", 100), nil)},
		{"py2 long in v3", "want ',' or ')'", npyRaw(3, good("(4L,)"), four)},
	}
	for _, c := range cases {
		x, err := tensor.LoadNpy(bytes.NewReader(c.in))
		if err == nil {
			t.Errorf("%s: loaded %v, want an error", c.name, x)
			continue
		}
		if !errors.Is(err, tensor.ErrNpyFormat) || !strings.Contains(err.Error(), c.want) ||
			!strings.HasPrefix(err.Error(), "tensor.LoadNpy: ") {
			t.Errorf("%s: got error %q, want one wrapping ErrNpyFormat that says %q", c.name, err, c.want)
		}
	}
}

// TestNpyFileSize checks that a file's data must fill it exactly.
func TestNpyFileSize(t *testing.T) {
	var buf bytes.Buffer
	if err := tensor.SaveNpy(&buf, tensor.FromSlice([]float64{1, 2, 3})); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"short", buf.Bytes()[:buf.Len()-1], "the data has 23 bytes but shape (3,) of float64 needs 24"},
		{"long", append(slices.Clone(buf.Bytes()), 0), "the data has 25 bytes but shape (3,) of float64 needs 24"},
	} {
		path := filepath.Join(dir, c.name+".npy")
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := tensor.ReadNpyFile(path)
		if !errors.Is(err, tensor.ErrNpyFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if _, err := tensor.ReadNpyFile(filepath.Join(dir, "missing.npy")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
	if err := tensor.WriteNpyFile(filepath.Join(dir, "no", "such", "dir.npy"), tensor.Scalar(1.0)); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

// npyFailWriter fails after n bytes.
type npyFailWriter struct{ n int }

func (w *npyFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestNpyWriteErrors(t *testing.T) {
	x := tensor.Zeros(tensor.Float64, 100000)
	for _, n := range []int{0, 10, 200, 300000} {
		if err := tensor.SaveNpy(&npyFailWriter{n}, x); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("write failing after %d bytes: got %v", n, err)
		}
	}
	if err := tensor.SaveNpy(io.Discard, nil); err == nil {
		t.Error("SaveNpy(nil) succeeded")
	}
}

func ExampleSaveNpy() {
	var buf bytes.Buffer
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	if err := tensor.SaveNpy(&buf, x.T()); err != nil { // Fortran order, no copy
		fmt.Println(err)
		return
	}
	y, err := tensor.LoadNpy(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y.Shape(), y.IsFortran())
	fmt.Println(y.Str())
	// Output:
	// [3 2] true
	// [[1. 4.]
	//  [2. 5.]
	//  [3. 6.]]
}
