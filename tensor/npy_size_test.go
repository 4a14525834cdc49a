package tensor_test

// Regression tests for the sizes the .npy and .npz loaders accept: shapes whose size
// overflows (NumPy's "array is too big"), negative dimensions, truncated data, headers
// announcing absurd sizes, and nil arguments. Each must be an error, never a panic, a
// huge allocation or a tensor that breaks later.

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/tensor"
)

// npyHeaderFor is a header dict with the given descr and shape.
func npyHeaderFor(descr, shape string) string {
	return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n"
}

// npyLoadAll loads b as .npy through every loader: LoadNpy, ReadNpyFile and as the
// single stored member "a.npy" of an .npz through LoadNpz. It returns the three errors.
func npyLoadAll(t *testing.T, b []byte) (errs map[string]error) {
	t.Helper()
	errs = map[string]error{}
	_, errs["LoadNpy"] = tensor.LoadNpy(bytes.NewReader(b))
	path := filepath.Join(t.TempDir(), "a.npy")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs["ReadNpyFile"] = tensor.ReadNpyFile(path)
	z := npzBuild(t, npzMemberSpec{"a.npy", zip.Store, b})
	_, errs["LoadNpz"] = tensor.LoadNpz(bytes.NewReader(z), int64(len(z)))
	return errs
}

// TestNpyShapeOverflow: shapes whose element count times the item size overflows int
// are refused as NumPy refuses them, with an error of Kind Value that wraps a
// *device.SizeError, even when a zero dimension makes the array empty.
func TestNpyShapeOverflow(t *testing.T) {
	cases := []struct {
		name, descr, shape string
		data               []byte
	}{
		// NumPy: "array is too big; `arr.size * arr.dtype.itemsize` is larger than the
		// maximum possible size". Before the fix this loaded, and Sum(0) panicked.
		{"(0, 2**62) f8", "<f8", "(0, 4611686018427387904)", nil},
		{"(0, 2**61) f4", "<f4", "(0, 2305843009213693952)", nil},
		{"(0, 2**60) f8", "<f8", "(0, 1152921504606846976)", nil},
		{"(2**62, 0) i8 fortran", "<i8", "(4611686018427387904, 0)", nil},
		{"(0, 2**62, 2**62) u1", "|u1", "(0, 4611686018427387904, 4611686018427387904)", nil},
		// The product wraps around to a small number: 6 * (2**62+1)**2 mod 2**64 = 6 * (2**63+1).
		{"wraps", "<f8", "(6, 4611686018427387905, 4611686018427387905)", make([]byte, 48)},
		{"wraps to 6", "|u1", "(6, 4294967296, 4294967296)", make([]byte, 6)},
		{"2**32 squared", "<f4", "(4294967296, 4294967296)", make([]byte, 16)},
		{"byte count", "<i8", "(1152921504606846976,)", make([]byte, 8)},
		{"max int", "|b1", "(9223372036854775807, 2)", nil},
	}
	for _, c := range cases {
		errs := npyLoadAll(t, npyRaw(1, npyHeaderFor(c.descr, c.shape), c.data))
		for loader, err := range errs {
			var se *device.SizeError
			if err == nil || !errors.Is(err, tensor.ErrNpyFormat) || tensor.KindOf(err) != tensor.Value ||
				!errors.As(err, &se) || !strings.Contains(err.Error(), "is too large") {
				t.Errorf("%s, %s: got %v (kind %v), want an ErrNpyFormat error of Kind Value wrapping a *device.SizeError",
					c.name, loader, err, tensor.KindOf(err))
			}
		}
	}
	// NumPy loads (0, 2**62) of uint8, but gotensor sizes every shape at 8 bytes an
	// element (so that any op may make an int64 or float64 array of it): a Value error.
	// Where int is 32 bits, 2**62 is no int at all: "too large", as 32-bit NumPy says.
	want := "gotensor needs"
	if strconv.IntSize == 32 {
		want = "is too large"
	}
	for loader, err := range npyLoadAll(t, npyRaw(1, npyHeaderFor("|u1", "(0, 4611686018427387904)"), nil)) {
		if !errors.Is(err, tensor.ErrNpyFormat) || tensor.KindOf(err) != tensor.Value || !strings.Contains(err.Error(), want) {
			t.Errorf("(0, 2**62) u1, %s: got %v, want an ErrNpyFormat error of Kind Value", loader, err)
		}
	}
	// What NumPy and gotensor accept: a zero dimension with the other dimensions' bytes in
	// range. Where int is 32 bits those bytes are out of range (32-bit NumPy refuses
	// these shapes too): a Value error.
	for _, c := range []struct{ descr, shape string }{
		{"|u1", "(0, 1152921504606846975)"},
		{"<f8", "(0, 1152921504606846975)"},
		{"<f4", "(3, 0, 1000000, 1000000)"},
	} {
		b := npyRaw(1, npyHeaderFor(c.descr, c.shape), nil)
		x, err := tensor.LoadNpy(bytes.NewReader(b))
		if strconv.IntSize == 32 {
			if !errors.Is(err, tensor.ErrNpyFormat) || tensor.KindOf(err) != tensor.Value || !strings.Contains(err.Error(), "is too large") {
				t.Errorf("%s %s with a 32-bit int: got %v, want an ErrNpyFormat error of Kind Value", c.descr, c.shape, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v, want an empty array as NumPy loads", c.descr, c.shape, err)
			continue
		}
		if x.Size() != 0 || x.NBytes() != 0 {
			t.Errorf("%s %s: size %d, %d bytes, want 0", c.descr, c.shape, x.Size(), x.NBytes())
		}
		// Reducing away the zero axis makes an array too big to allocate: an error, not a crash.
		if err := tensor.Try(func() { x.Sum(0) }); err == nil && int64(x.Shape()[1]) > 1<<40 {
			t.Errorf("%s %s: Sum(0) succeeded", c.descr, c.shape)
		}
		for loader, err := range npyLoadAll(t, b) {
			if err != nil {
				t.Errorf("%s %s: %s: %v", c.descr, c.shape, loader, err)
			}
		}
	}
}

// TestNpyNegativeDims: a negative dimension is an error, as in NumPy.
func TestNpyNegativeDims(t *testing.T) {
	for _, shape := range []string{"(-1,)", "(0, -1)", "(2, -3)", "(-9223372036854775808,)", "(4611686018427387904, -4)"} {
		for loader, err := range npyLoadAll(t, npyRaw(1, npyHeaderFor("<f8", shape), make([]byte, 64))) {
			// Where int is 32 bits, 2**62 is refused first, as no int.
			tooLarge := strconv.IntSize == 32 && strings.Contains(shape, "4611686018427387904") && strings.Contains(fmt.Sprint(err), "is too large")
			if !errors.Is(err, tensor.ErrNpyFormat) || !strings.Contains(err.Error(), "non-negative") && !tooLarge {
				t.Errorf("shape %s, %s: got %v, want an error about non-negative dimensions", shape, loader, err)
			}
		}
	}
}

// TestNpyTruncated: data shorter than the shape needs is an error that names the file or
// member and says how many bytes were expected and found.
func TestNpyTruncated(t *testing.T) {
	b := npyRaw(1, npyHeaderFor("<f8", "(2, 3)"), make([]byte, 40)) // needs 48
	errs := npyLoadAll(t, b)
	for loader, want := range map[string][]string{
		"LoadNpy":     {"tensor.LoadNpy: ", "truncated data", "40 bytes", "(2, 3) of float64 needs 48"},
		"ReadNpyFile": {"tensor.ReadNpyFile \"", "a.npy\"", "truncated data", "40 bytes", "(2, 3) of float64 needs 48"},
		"LoadNpz":     {"tensor.LoadNpz: member \"a.npy\"", "truncated data", "40 bytes", "(2, 3) of float64 needs 48"},
	} {
		err := errs[loader]
		if !errors.Is(err, tensor.ErrNpyFormat) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: got %v, want an ErrNpyFormat error wrapping io.ErrUnexpectedEOF", loader, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", loader, err, w)
			}
		}
	}
	// A deflated member announces its size in the directory: the same check.
	z := npzBuild(t, npzMemberSpec{"b.npy", zip.Deflate, b})
	if _, err := tensor.LoadNpz(bytes.NewReader(z), int64(len(z))); err == nil ||
		!strings.Contains(err.Error(), `member "b.npy": truncated data: the data has 40 bytes`) {
		t.Errorf("deflated member: got %v", err)
	}
	// A truncated header says how much of it arrived.
	h := npyRaw(1, npyHeaderFor("<f8", "(2, 3)"), nil)
	if _, err := tensor.LoadNpy(bytes.NewReader(h[:30])); err == nil || !strings.Contains(err.Error(), "got 20 of its 60 bytes") {
		t.Errorf("truncated header: got %v", err)
	}
}

// TestNpyHugeHeaderNoAlloc: a header that announces far more data than the input holds
// fails without allocating memory for what it announces.
func TestNpyHugeHeaderNoAlloc(t *testing.T) {
	cases := []struct{ descr, shape string }{
		{"<f8", "(1099511627776,)"},         // 2**40 elements: 8 TiB
		{"|u1", "(35184372088832,)"},        // 2**45 bytes: under the allocation limit
		{"<f8", "(281474976710656,)"},       // 2**48 elements: over the allocation limit
		{"<i4", "(1048576, 1048576, 1024)"}, // 4 PiB
	}
	for _, c := range cases {
		b := npyRaw(1, npyHeaderFor(c.descr, c.shape), make([]byte, 1000))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		errs := npyLoadAll(t, b)
		// An io.Reader of unknown length, read one byte at a time.
		_, errs["LoadNpy (slow reader)"] = tensor.LoadNpy(&npyOneByteReader{bytes.NewReader(b)})
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
			t.Errorf("%s %s: loading allocated %d MiB", c.descr, c.shape, got>>20)
		}
		for loader, err := range errs {
			if !errors.Is(err, tensor.ErrNpyFormat) {
				t.Errorf("%s %s, %s: got %v, want an ErrNpyFormat error", c.descr, c.shape, loader, err)
			}
		}
	}
}

type npyOneByteReader struct{ r io.Reader }

func (r *npyOneByteReader) Read(p []byte) (int, error) { return r.r.Read(p[:min(len(p), 1)]) }

// TestNpyNilArguments: nil readers, writers and tensors are errors, not panics.
func TestNpyNilArguments(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2})
	var buf bytes.Buffer
	if err := tensor.SaveNpz(&buf, map[string]*tensor.Tensor{"x": x}, false); err != nil {
		t.Fatal(err)
	}
	var nilBytes *bytes.Reader
	var nilBuf *bytes.Buffer
	checks := map[string]func() error{
		"LoadNpy(nil)":                      func() error { _, err := tensor.LoadNpy(nil); return err },
		"LoadNpy((*bytes.Reader)(nil))":     func() error { _, err := tensor.LoadNpy(nilBytes); return err },
		"LoadNpz(nil, 0)":                   func() error { _, err := tensor.LoadNpz(nil, 0); return err },
		"LoadNpz(nil, 22)":                  func() error { _, err := tensor.LoadNpz(nil, 22); return err },
		"LoadNpz((*bytes.Reader)(nil), 22)": func() error { _, err := tensor.LoadNpz(nilBytes, 22); return err },
		"LoadNpz(r, -1)": func() error {
			_, err := tensor.LoadNpz(bytes.NewReader(buf.Bytes()), -1)
			return err
		},
		"SaveNpy(nil, x)":                  func() error { return tensor.SaveNpy(nil, x) },
		"SaveNpy((*bytes.Buffer)(nil), x)": func() error { return tensor.SaveNpy(nilBuf, x) },
		"SaveNpy(w, nil)":                  func() error { return tensor.SaveNpy(io.Discard, nil) },
		"SaveNpy(w, &Tensor{})":            func() error { return tensor.SaveNpy(io.Discard, &tensor.Tensor{}) },
		"SaveNpz(nil, m)": func() error {
			return tensor.SaveNpz(nil, map[string]*tensor.Tensor{"x": x}, true)
		},
		"SaveNpz(w, {x: nil})": func() error {
			return tensor.SaveNpz(io.Discard, map[string]*tensor.Tensor{"x": nil}, true)
		},
		"WriteNpyFile(path, nil)": func() error {
			return tensor.WriteNpyFile(filepath.Join(t.TempDir(), "x.npy"), nil)
		},
	}
	for name, f := range checks {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panicked: %v", name, r)
				}
			}()
			err = f()
		}()
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// An empty map is an empty archive, as np.savez() writes one.
	if err := tensor.SaveNpz(io.Discard, nil, false); err != nil {
		t.Errorf("SaveNpz(w, nil map): %v", err)
	}
}
