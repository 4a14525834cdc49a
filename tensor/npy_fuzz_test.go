package tensor_test

// Fuzz targets for the public .npy and .npz loaders: any input either loads or gives an
// error wrapping ErrNpyFormat, never a panic; whatever loads holds exactly the bytes its
// header announces, and saves and loads back to the same bytes. FuzzNpzMember builds
// the zip around a fuzzed member itself, so its checksums are always right and mutation
// reaches the member's parsing (FuzzLoadNpz mutates whole archives, where most mutations
// only break a CRC). The header and payload layers are fuzzed directly by FuzzNpyHeader,
// FuzzNpyShape and FuzzNpyPayload (npy_header_fuzz_test.go). Seeds: the NumPy fixtures
// in testdata/npy, tensors saved by SaveNpy/SaveNpz, and testdata/fuzz/<target>/. Run
// one at a time (ci/fuzz runs them all):
//
//	go test ./tensor -run '^$' -fuzz '^FuzzLoadNpy$' -fuzztime 60s

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/gotensor/gotensor/tensor"
)

func npyFuzzSeeds(f *testing.F, pattern string) {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds match %s: %v", pattern, err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// npyFuzzSaved returns npyTestTensors saved by SaveNpy, sorted by name.
func npyFuzzSaved(f *testing.F) [][]byte {
	m := npyTestTensors()
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var out [][]byte
	for _, k := range names {
		var buf bytes.Buffer
		if err := tensor.SaveNpy(&buf, m[k]); err != nil {
			f.Fatal(err)
		}
		out = append(out, buf.Bytes())
	}
	return out
}

// npyFuzzSame fails unless y has x's dtype, shape and bits.
func npyFuzzSame(t *testing.T, x, y *tensor.Tensor) {
	t.Helper()
	if x.DType() != y.DType() || !slices.Equal(x.Shape(), y.Shape()) || !bytes.Equal(npyBytes(x), npyBytes(y)) {
		t.Fatalf("round trip changed %v %v into %v %v", x.DType(), x.Shape(), y.DType(), y.Shape())
	}
}

// npyFuzzHeaderLen is the length of the .npy preamble and header at the start of b,
// which LoadNpy has accepted.
func npyFuzzHeaderLen(b []byte) int {
	if b[6] == 1 {
		return 10 + int(binary.LittleEndian.Uint16(b[8:]))
	}
	return 12 + int(binary.LittleEndian.Uint32(b[8:]))
}

// npyFuzzRoundTrip saves x, loads it back, and checks that it is the same and that
// saving it again gives the same bytes.
func npyFuzzRoundTrip(t *testing.T, x *tensor.Tensor) {
	t.Helper()
	var buf bytes.Buffer
	if err := tensor.SaveNpy(&buf, x); err != nil {
		t.Fatal(err)
	}
	saved := bytes.Clone(buf.Bytes())
	y, err := tensor.LoadNpy(&buf)
	if err != nil {
		t.Fatal(err)
	}
	npyFuzzSame(t, x, y)
	var again bytes.Buffer
	if err := tensor.SaveNpy(&again, y); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), saved) {
		t.Fatalf("saving the reloaded tensor gave other bytes:\n%q\nwant\n%q", again.Bytes(), saved)
	}
}

func FuzzLoadNpy(f *testing.F) {
	npyFuzzSeeds(f, "testdata/npy/*.npy")
	for _, b := range npyFuzzSaved(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		x, err := tensor.LoadNpy(r)
		// The same input one byte per Read must give the same answer.
		x1, err1 := tensor.LoadNpy(iotest.OneByteReader(bytes.NewReader(data)))
		if (err == nil) != (err1 == nil) {
			t.Fatalf("LoadNpy gave %v, one byte at a time %v", err, err1)
		}
		if err != nil {
			if !errors.Is(err, tensor.ErrNpyFormat) {
				t.Fatalf("error %q does not wrap ErrNpyFormat", err)
			}
			return
		}
		npyFuzzSame(t, x, x1)
		// It read the header and exactly the bytes of the tensor.
		if read := len(data) - r.Len(); read != npyFuzzHeaderLen(data)+x.Size()*x.ItemSize() || x.NBytes() != x.Size()*x.ItemSize() {
			t.Fatalf("read %d bytes for a header of %d and %d bytes of data", read, npyFuzzHeaderLen(data), x.NBytes())
		}
		_ = x.String()
		npyFuzzRoundTrip(t, x)
	})
}

func FuzzLoadNpz(f *testing.F) {
	npyFuzzSeeds(f, "testdata/npy/*.npz")
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := tensor.LoadNpz(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !errors.Is(err, tensor.ErrNpyFormat) {
				t.Fatalf("error %q does not wrap ErrNpyFormat", err)
			}
			return
		}
		for _, compressed := range []bool{false, true} {
			var buf bytes.Buffer
			if err := tensor.SaveNpz(&buf, m, compressed); err != nil {
				t.Fatal(err)
			}
			m2, err := tensor.LoadNpz(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			if len(m2) != len(m) {
				t.Fatalf("round trip has %d arrays, want %d", len(m2), len(m))
			}
			for k, x := range m {
				_ = x.Repr()
				npyFuzzSame(t, x, m2[k])
			}
			var again bytes.Buffer
			if err := tensor.SaveNpz(&again, m2, compressed); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Fatal("saving the reloaded arrays gave other bytes")
			}
		}
	})
}

// FuzzNpzMember puts a fuzzed .npy member into a valid zip archive: LoadNpz must load it
// exactly when LoadNpy loads the member and reads all of it, and to the same tensor.
func FuzzNpzMember(f *testing.F) {
	files, _ := filepath.Glob("testdata/npy/*.npy")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(strings.TrimSuffix(filepath.Base(p), ".npy"), b, false)
	}
	for i, b := range npyFuzzSaved(f) {
		f.Add("x", b, i%2 == 0)
		f.Add("short", b[:len(b)-1], i%2 == 1)
		f.Add("long", append(bytes.Clone(b), 0), true)
	}
	f.Fuzz(func(t *testing.T, key string, member []byte, compressed bool) {
		var z bytes.Buffer
		zw := zip.NewWriter(&z)
		method := zip.Store
		if compressed {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: key + ".npy", Method: method})
		if err != nil {
			t.Skip(err)
		}
		if _, err := w.Write(member); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Skip(err)
		}
		m, err := tensor.LoadNpz(bytes.NewReader(z.Bytes()), int64(z.Len()))
		r := bytes.NewReader(member)
		x, errY := tensor.LoadNpy(r)
		if errY != nil || r.Len() > 0 {
			if err == nil {
				t.Fatalf("LoadNpz loaded a member that LoadNpy does not load whole (%v, %d bytes left)", errY, r.Len())
			}
			if !errors.Is(err, tensor.ErrNpyFormat) || !strings.Contains(err.Error(), "member") {
				t.Fatalf("error %q does not wrap ErrNpyFormat or name the member", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("LoadNpy loads the member, LoadNpz fails: %v", err)
		}
		if len(m) != 1 || m[key] == nil {
			t.Fatalf("LoadNpz gave %d arrays, want one named %q", len(m), key)
		}
		npyFuzzSame(t, x, m[key])
		npyFuzzRoundTrip(t, m[key])
	})
}

// npyFuzzWriteSeed writes one []byte (and optionally more values) seed in the format of
// testdata/fuzz (go test fuzz v1).
func npyFuzzWriteSeed(t *testing.T, target, name string, lines ...string) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "go test fuzz v1\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNpyWriteFuzzCorpusFiles writes the seed files of FuzzLoadNpy, FuzzLoadNpz and
// FuzzNpzMember into testdata/fuzz when GOTENSOR_NPY_CORPUS=1: the overflow, negative
// and truncated cases of npy_size_test.go, and .npz archives of every test tensor.
func TestNpyWriteFuzzCorpusFiles(t *testing.T) {
	if os.Getenv("GOTENSOR_NPY_CORPUS") != "1" {
		t.Skip("set GOTENSOR_NPY_CORPUS=1 to rewrite the seed files in testdata/fuzz")
	}
	q := func(b []byte) string { return "[]byte(" + strconvQuote(b) + ")" }
	bad := map[string][]byte{
		"overflow-0x2p62-f8":  npyRaw(1, npyHeaderFor("<f8", "(0, 4611686018427387904)"), nil),
		"overflow-0x2p62-u1":  npyRaw(1, npyHeaderFor("|u1", "(0, 4611686018427387904)"), nil),
		"overflow-wraps":      npyRaw(1, npyHeaderFor("<f8", "(6, 4611686018427387905, 4611686018427387905)"), make([]byte, 48)),
		"overflow-wraps-u1":   npyRaw(1, npyHeaderFor("|u1", "(6, 4294967296, 4294967296)"), make([]byte, 6)),
		"huge-2p40-f8":        npyRaw(1, npyHeaderFor("<f8", "(1099511627776,)"), make([]byte, 64)),
		"huge-2p48-f8":        npyRaw(2, npyHeaderFor("<f8", "(281474976710656,)"), make([]byte, 64)),
		"negative":            npyRaw(1, npyHeaderFor("<f8", "(2, -3)"), make([]byte, 48)),
		"truncated":           npyRaw(1, npyHeaderFor("<f8", "(2, 3)"), make([]byte, 40)),
		"truncated-header":    npyRaw(1, npyHeaderFor("<f8", "(2, 3)"), nil)[:30],
		"fortran-3d-big":      npyRaw(3, "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 1, 3), }\n", make([]byte, 24)),
		"bool-nonzero-values": npyRaw(1, npyHeaderFor("|b1", "(4,)"), []byte{0, 1, 2, 255}),
	}
	for name, b := range bad {
		npyFuzzWriteSeed(t, "FuzzLoadNpy", name, q(b))
		npyFuzzWriteSeed(t, "FuzzNpzMember", name, "string(\"a\")", q(b), "bool(false)")
		z := npzBuild(t, npzMemberSpec{"a.npy", zip.Store, b})
		npyFuzzWriteSeed(t, "FuzzLoadNpz", name, q(z))
	}
	for name, x := range npyTestTensors() {
		for _, compressed := range []bool{false, true} {
			var buf bytes.Buffer
			if err := tensor.SaveNpz(&buf, map[string]*tensor.Tensor{name: x}, compressed); err != nil {
				t.Fatal(err)
			}
			suffix := "-stored"
			if compressed {
				suffix = "-deflated"
			}
			npyFuzzWriteSeed(t, "FuzzLoadNpz", "tensor-"+name+suffix, q(buf.Bytes()))
		}
	}
	two := npzBuild(t, npzMemberSpec{"a.npy", zip.Store, bad["bool-nonzero-values"]}, npzMemberSpec{"b.npy", zip.Deflate, bad["fortran-3d-big"]})
	npyFuzzWriteSeed(t, "FuzzLoadNpz", "two-members", q(two))
}

func strconvQuote(b []byte) string { return strconv.Quote(string(b)) }
