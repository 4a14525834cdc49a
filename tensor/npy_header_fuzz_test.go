package tensor

// Fuzz targets below the zip and file layers, so that mutation reaches the header parser
// and the payload decoder directly instead of stalling on zip checksums:
//
//	FuzzNpyHeader   arbitrary header dict text -> npyParseHeader
//	FuzzNpyShape    arbitrary dimensions and dtype -> header -> payload, for size overflow
//	FuzzNpyPayload  arbitrary header text and payload bytes -> npyDecode
//
// Each checks its invariants against math/big, not against device.ShapeSize. Seeds: the
// f.Add calls below and testdata/fuzz/<name>/ (regenerate the files that
// TestNpyWriteFuzzCorpus writes with GOTENSOR_NPY_CORPUS=1). Run one at a time, e.g.
//
//	go test ./tensor -run '^$' -fuzz '^FuzzNpyShape$' -fuzztime 60s
//
// ci/fuzz runs them all.

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
)

// npyFuzzDescrs are the descrs FuzzNpyShape picks from.
var npyFuzzDescrs = []string{"<f4", "<f8", "<i4", "<i8", "|u1", "|b1", ">f8", ">i4", "=f4", "float64", ">b1"}

// npyOracle says, with math/big, whether NumPy accepts shape at itemSize bytes an
// element and whether gotensor can allocate it, and the byte count.
// overflow is NumPy's "array is too big" (the non-zero dimensions times the item size
// exceed MaxInt); unrepresentable is gotensor's stricter rule that the non-zero
// dimensions times 8 bytes must fit; tooBig is over the allocation limit.
func npyOracle(shape []int64, itemSize int) (negative, overflow, unrepresentable, tooBig bool, nbytes int64) {
	nz, all := big.NewInt(int64(itemSize)), big.NewInt(int64(itemSize))
	nz8 := big.NewInt(8)
	for _, d := range shape {
		if d < 0 {
			negative = true
			continue
		}
		all.Mul(all, big.NewInt(d))
		if d != 0 {
			nz.Mul(nz, big.NewInt(d))
			nz8.Mul(nz8, big.NewInt(d))
		}
	}
	overflow = nz.Cmp(big.NewInt(math.MaxInt)) > 0
	unrepresentable = nz8.Cmp(big.NewInt(math.MaxInt)) > 0
	tooBig = all.Cmp(big.NewInt(npyMaxBytes)) > 0
	if !negative && !overflow && !unrepresentable && !tooBig {
		nbytes = all.Int64()
	}
	return
}

// npyFuzzCheckHeader checks a parsed header against the oracle and that the header
// gotensor writes for it parses back to the same header.
func npyFuzzCheckHeader(t *testing.T, h npyHeader) {
	t.Helper()
	if len(h.shape) > device.MaxRank {
		t.Fatalf("parsed shape %v has rank %d", h.shape, len(h.shape))
	}
	s64 := make([]int64, len(h.shape))
	for i, d := range h.shape {
		s64[i] = int64(d)
	}
	neg, over, unrep, tooBig, nbytes := npyOracle(s64, h.dtype.Size())
	if neg || over || unrep || tooBig || int64(h.nbytes) != nbytes {
		t.Fatalf("parsed shape %v of %v with %d bytes; oracle: negative %v, overflow %v, unrepresentable %v, too big %v, %d bytes",
			h.shape, h.dtype, h.nbytes, neg, over, unrep, tooBig, nbytes)
	}
	hb := npyHeaderBytes(h.dtype, h.shape, h.fortran)
	if len(hb)%64 != 0 || hb[len(hb)-1] != '\n' {
		t.Fatalf("written header %q is not 64-byte aligned", hb)
	}
	h2, n, err := npyReadHeader(bytes.NewReader(hb), "fuzz")
	if err != nil {
		t.Fatalf("written header %q does not parse: %v", hb, err)
	}
	if n != int64(len(hb)) || h2.dtype != h.dtype || h2.big || h2.fortran != h.fortran ||
		!slices.Equal(h2.shape, h.shape) || h2.nbytes != h.nbytes {
		t.Fatalf("header %+v written as %q parses back as %+v (%d bytes read)", h, hb, h2, n)
	}
}

// npyFuzzCheckSizeError checks that an overflow error is NumPy's ValueError: Kind Value,
// wrapping a *device.SizeError.
func npyFuzzCheckSizeError(t *testing.T, err error) {
	t.Helper()
	var se *device.SizeError
	if KindOf(err) != Value || !errors.As(err, &se) {
		t.Fatalf("overflow error %v (kind %v) is not of Kind Value wrapping a *device.SizeError", err, KindOf(err))
	}
}

// npyCanonical is what SaveNpy writes for data decoded under h: little-endian, bools 0/1.
func npyCanonical(h npyHeader, payload []byte) []byte {
	out := bytes.Clone(payload)
	size := h.dtype.Size()
	if h.big && size > 1 {
		for i := 0; i+size <= len(out); i += size {
			slices.Reverse(out[i : i+size])
		}
	}
	if h.dtype == Bool {
		for i, b := range out {
			if b != 0 {
				out[i] = 1
			}
		}
	}
	return out
}

// npyFuzzDecode decodes payload under h with known and unknown length and checks the
// result: it loads exactly when there are enough bytes (exactly enough when the length
// is known), holds nbytes bytes, and saves and loads back the same bytes.
func npyFuzzDecode(t *testing.T, h npyHeader, payload []byte) {
	t.Helper()
	for _, known := range []bool{false, true} {
		avail := int64(-1)
		if known {
			avail = int64(len(payload))
		}
		r := bytes.NewReader(payload)
		x, err := npyDecode(r, h, "fuzz", avail, known)
		want := len(payload) >= h.nbytes
		if known {
			want = len(payload) == h.nbytes
		}
		if (err == nil) != want {
			t.Fatalf("decoding %d bytes (known %v) for shape %v of %v (%d bytes): error %v", len(payload), known, h.shape, h.dtype, h.nbytes, err)
		}
		if err != nil {
			if !errors.Is(err, ErrNpyFormat) {
				t.Fatalf("error %v does not wrap ErrNpyFormat", err)
			}
			continue
		}
		if x.Size()*x.ItemSize() != h.nbytes || x.NBytes() != h.nbytes || int(r.Size())-r.Len() != h.nbytes {
			t.Fatalf("shape %v of %v: tensor of size %d, %d bytes, read %d, want %d",
				h.shape, h.dtype, x.Size(), x.NBytes(), int(r.Size())-r.Len(), h.nbytes)
		}
		var buf bytes.Buffer
		if err := SaveNpy(&buf, x); err != nil {
			t.Fatal(err)
		}
		saved := buf.Bytes()
		h2, n, err := npyReadHeader(bytes.NewReader(saved), "fuzz")
		if err != nil {
			t.Fatalf("saved header does not parse: %v", err)
		}
		if want := npyCanonical(h, payload[:h.nbytes]); !bytes.Equal(saved[n:], want) {
			t.Fatalf("shape %v of %v (fortran %v): saved data\n%x\nwant\n%x", h.shape, h.dtype, h.fortran, saved[n:], want)
		}
		if h2.dtype != h.dtype || !slices.Equal(h2.shape, h.shape) {
			t.Fatalf("saved header %+v, want %+v", h2, h)
		}
		y, err := LoadNpy(bytes.NewReader(saved))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(y.shape, x.shape) || !npySameLayout(x, y) {
			t.Fatalf("reloaded shape %v strides %v, want %v %v", y.shape, y.strides, x.shape, x.strides)
		}
		var again bytes.Buffer
		if err := SaveNpy(&again, y); err != nil || !bytes.Equal(again.Bytes(), saved) {
			t.Fatalf("saving the reloaded tensor gave other bytes (%v)", err)
		}
	}
}

// npySameLayout reports whether x and y, of one shape, lay their elements out in the
// same order: the same strides on every axis longer than 1. Strides of empty arrays and
// of length-1 axes do not matter, so a Fortran-order file of an empty array, or of shape
// (1, n), saves as C order, as np.save writes it, and loads back with C strides.
func npySameLayout(x, y *Tensor) bool {
	if x.Size() == 0 {
		return true
	}
	for k, d := range x.shape {
		if d > 1 && x.strides[k] != y.strides[k] {
			return false
		}
	}
	return true
}

// npyFuzzShapeText is the header dict for dims, descr and order.
func npyFuzzShapeText(dims []int64, descr string, fortran bool) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = strconv.FormatInt(d, 10)
	}
	shape := "(" + strings.Join(parts, ", ") + ")"
	if len(dims) == 1 {
		shape = "(" + parts[0] + ",)"
	}
	order := "False"
	if fortran {
		order = "True"
	}
	return "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }"
}

// npyFuzzShapeSeeds are FuzzNpyShape's seeds: overflow cases first.
var npyFuzzShapeSeeds = []struct {
	d0, d1, d2, d3 int64
	rank, descr    int
	fortran        bool
	payload        []byte
}{
	{0, 1 << 62, 0, 0, 2, 1, false, nil},                        // (0, 2**62) f8: NumPy refuses
	{0, 1 << 62, 0, 0, 2, 4, false, nil},                        // (0, 2**62) u1: NumPy loads
	{0, 1 << 60, 0, 0, 2, 1, true, nil},                         // 2**60 * 8 = 2**63
	{0, 1<<60 - 1, 0, 0, 2, 1, false, nil},                      // the largest NumPy accepts
	{6, 1<<62 + 1, 1<<62 + 1, 0, 3, 1, false, make([]byte, 48)}, // wraps to 6 * (2**63 + 1)
	{6, 1 << 32, 1 << 32, 0, 3, 4, false, make([]byte, 6)},      // wraps to 6 * 2**64
	{0, 1 << 62, 1 << 62, 0, 3, 4, false, nil},
	{math.MaxInt64, 2, 0, 0, 2, 5, false, nil},
	{1 << 40, 0, 0, 0, 1, 1, false, make([]byte, 64)}, // 8 TiB announced
	{1 << 48, 0, 0, 0, 1, 1, false, make([]byte, 8)},  // over the allocation limit
	{-1, 0, 0, 0, 1, 0, false, nil},
	{0, -1, 0, 0, 2, 0, false, nil},
	{math.MinInt64, 0, 0, 0, 1, 3, false, nil},
	{2, 3, 0, 0, 2, 6, true, []byte("0123456789abcdef0123456789abcdef0123456789abcdef")},
	{2, 1, 3, 0, 3, 7, true, []byte("0123456789abcdef0123456789abcdef0123456789abcdef")},
	{3, 2, 1, 2, 4, 2, true, []byte("0123456789abcdef0123456789abcdef0123456789abcdef")},
	{5, 0, 0, 0, 1, 10, false, []byte{0, 1, 2, 255, 0}},
	{0, 0, 0, 0, 0, 8, false, []byte("12345678")},
}

func FuzzNpyShape(f *testing.F) {
	for _, s := range npyFuzzShapeSeeds {
		f.Add(s.d0, s.d1, s.d2, s.d3, s.rank, s.descr, s.fortran, s.payload)
	}
	f.Fuzz(func(t *testing.T, d0, d1, d2, d3 int64, rank, descr int, fortran bool, payload []byte) {
		dims := []int64{d0, d1, d2, d3}[:(rank%5+5)%5]
		ds := npyFuzzDescrs[(descr%len(npyFuzzDescrs)+len(npyFuzzDescrs))%len(npyFuzzDescrs)]
		text := npyFuzzShapeText(dims, ds, fortran)
		dt, _, err := npyParseDescr(ds)
		if err != nil {
			t.Fatal(err)
		}
		neg, over, unrep, tooBig, nbytes := npyOracle(dims, dt.Size())
		for _, py2 := range []bool{false, true} {
			h, err := npyParseHeader(text, py2)
			switch {
			case neg:
				if err == nil || !strings.Contains(err.Error(), "non-negative") {
					t.Fatalf("%s: got %v, want an error about negative dimensions", text, err)
				}
				return
			case over:
				if err == nil {
					t.Fatalf("%s: parsed as %v, want an overflow error", text, h.shape)
				}
				npyFuzzCheckSizeError(t, err)
				return
			case unrep:
				if err == nil || KindOf(err) != Value || !strings.Contains(err.Error(), "gotensor needs") {
					t.Fatalf("%s: got %v, want an error: gotensor cannot make the shape", text, err)
				}
				return
			case tooBig:
				if err == nil || KindOf(err) != Value || !strings.Contains(err.Error(), "largest allocation") {
					t.Fatalf("%s: got %v, want an error: too big to allocate", text, err)
				}
				return
			case err != nil:
				t.Fatalf("%s: %v", text, err)
			case int64(h.nbytes) != nbytes:
				t.Fatalf("%s: %d bytes, want %d", text, h.nbytes, nbytes)
			}
			npyFuzzCheckHeader(t, h)
			if !py2 {
				npyFuzzDecode(t, h, payload)
			}
		}
		// The whole file, through the public loader and as a stream of two arrays.
		file := []byte(npyMagic + "\x01\x00")
		file = append(append(file, byte(len(text)), byte(len(text)>>8)), text...)
		file = append(file, payload...)
		x, err := LoadNpy(bytes.NewReader(file))
		if (err == nil) != (len(payload) >= int(nbytes)) {
			t.Fatalf("LoadNpy of %s with %d bytes: %v", text, len(payload), err)
		}
		if err == nil && x.NBytes() != int(nbytes) {
			t.Fatalf("LoadNpy of %s: %d bytes, want %d", text, x.NBytes(), nbytes)
		}
	})
}

func FuzzNpyHeader(f *testing.F) {
	for _, s := range npyFuzzShapeSeeds {
		f.Add(npyFuzzShapeText([]int64{s.d0, s.d1, s.d2, s.d3}[:s.rank], npyFuzzDescrs[s.descr], s.fortran), false)
	}
	for _, s := range []string{
		"{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 4L), }",
		"{\"descr\": \">i4\", \"shape\": [2], 'fortran_order': True}",
		"{'shape': (), 'fortran_order': False, 'descr': '|b1'}",
		"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
		"{'descr': '<f4', 'fortran_order': False, 'shape': ((1,),)}",
		"{'descr': '<f4', 'fortran_order': False, 'shape': (+7, 0x10)}",
		"{'descr': 'float32', 'fortran_order': None, 'shape': (1,)}",
		"{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1), }",
		"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
		"{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
		"{'descr': '\\'', 'fortran_order': False, 'shape': (1,)}",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, py2 bool) {
		h, err := npyParseHeader(text, py2)
		if err != nil {
			if KindOf(err) == Value && !strings.Contains(err.Error(), "largest allocation") && !strings.Contains(err.Error(), "gotensor needs") {
				npyFuzzCheckSizeError(t, err)
			}
			return
		}
		npyFuzzCheckHeader(t, h)
	})
}

func FuzzNpyPayload(f *testing.F) {
	files, _ := filepath.Glob("testdata/npy/*.npy")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		_, n, err := npyReadHeader(bytes.NewReader(b), "seed")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b[10:n]), b[n:])
	}
	for _, s := range npyFuzzShapeSeeds {
		f.Add(npyFuzzShapeText([]int64{s.d0, s.d1, s.d2, s.d3}[:s.rank], npyFuzzDescrs[s.descr], s.fortran), s.payload)
	}
	f.Fuzz(func(t *testing.T, text string, payload []byte) {
		h, err := npyParseHeader(text, true)
		if err != nil {
			return
		}
		npyFuzzCheckHeader(t, h)
		npyFuzzDecode(t, h, payload)
	})
}

// npyCorpusValue writes one value in the format of testdata/fuzz (go test fuzz v1).
func npyCorpusValue(v any) string {
	switch v := v.(type) {
	case []byte:
		return fmt.Sprintf("[]byte(%q)", v)
	case string:
		return fmt.Sprintf("string(%q)", v)
	case bool:
		return fmt.Sprintf("bool(%v)", v)
	case int64:
		return fmt.Sprintf("int64(%d)", v)
	case int:
		return fmt.Sprintf("int(%d)", v)
	}
	panic(fmt.Sprintf("npyCorpusValue: %T", v))
}

// npyWriteCorpus writes one seed to testdata/fuzz/<target>/<name>.
func npyWriteCorpus(t *testing.T, target, name string, vals ...any) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, v := range vals {
		b.WriteString(npyCorpusValue(v) + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNpyWriteFuzzCorpus writes the overflow seeds of the fuzz targets into
// testdata/fuzz when GOTENSOR_NPY_CORPUS=1, so they stay as files next to what the
// fuzzer finds (the external targets' seeds are written by TestNpyWriteFuzzCorpusFiles).
func TestNpyWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("GOTENSOR_NPY_CORPUS") != "1" {
		t.Skip("set GOTENSOR_NPY_CORPUS=1 to rewrite the seed files in testdata/fuzz")
	}
	for i, s := range npyFuzzShapeSeeds {
		name := fmt.Sprintf("seed-%02d", i)
		text := npyFuzzShapeText([]int64{s.d0, s.d1, s.d2, s.d3}[:s.rank], npyFuzzDescrs[s.descr], s.fortran)
		npyWriteCorpus(t, "FuzzNpyShape", name, s.d0, s.d1, s.d2, s.d3, s.rank, s.descr, s.fortran, s.payload)
		npyWriteCorpus(t, "FuzzNpyHeader", name, text, false)
		npyWriteCorpus(t, "FuzzNpyPayload", name, text, s.payload)
	}
}
