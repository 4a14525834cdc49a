package tensor_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

func TestNpzRoundTrip(t *testing.T) {
	arrays := npyTestTensors()
	for _, compressed := range []bool{false, true} {
		var buf bytes.Buffer
		if err := tensor.SaveNpz(&buf, arrays, compressed); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		want := zip.Store
		if compressed {
			want = zip.Deflate
		}
		for _, f := range zr.File {
			if f.Method != want || !strings.HasSuffix(f.Name, ".npy") {
				t.Errorf("member %s: method %d, want %d", f.Name, f.Method, want)
			}
		}
		m, err := tensor.LoadNpz(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != len(arrays) {
			t.Fatalf("loaded %d arrays, want %d", len(m), len(arrays))
		}
		for k, x := range arrays {
			npySame(t, k, m[k], x)
		}
		var again bytes.Buffer
		if err := tensor.SaveNpz(&again, arrays, compressed); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Error("saving the same arrays twice gave different bytes")
		}
		path := filepath.Join(t.TempDir(), "a.npz")
		if err := tensor.WriteNpzFile(path, arrays, compressed); err != nil {
			t.Fatal(err)
		}
		m, err = tensor.ReadNpzFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for k, x := range arrays {
			npySame(t, k+" (file)", m[k], x)
		}
	}
	if err := tensor.SaveNpz(&bytes.Buffer{}, map[string]*tensor.Tensor{"a": nil}, false); err == nil {
		t.Error("SaveNpz with a nil tensor succeeded")
	}
	if _, err := tensor.ReadNpzFile(filepath.Join(t.TempDir(), "missing.npz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
}

// npzBuild writes a zip with the given members; method 0 stores, 8 deflates, others
// are written raw with that method number.
func npzBuild(t *testing.T, members ...struct {
	name   string
	method uint16
	data   []byte
}) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if m.method == zip.Store || m.method == zip.Deflate {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: m.method})
		} else {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: m.name, Method: m.method, CRC32: crc32.ChecksumIEEE(m.data),
				CompressedSize64: uint64(len(m.data)), UncompressedSize64: uint64(len(m.data))})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type npzMemberSpec = struct {
	name   string
	method uint16
	data   []byte
}

func TestNpzErrors(t *testing.T) {
	var npy bytes.Buffer
	if err := tensor.SaveNpy(&npy, tensor.FromSlice([]float64{1.25, 2.5, 3.75, 5.125})); err != nil {
		t.Fatal(err)
	}
	good := npy.Bytes()
	stored := npzBuild(t, npzMemberSpec{"a.npy", zip.Store, good})
	deflated := npzBuild(t, npzMemberSpec{"a.npy", zip.Deflate, good})
	badCRC := bytes.Clone(stored)
	badCRC[bytes.Index(badCRC, []byte{0, 0, 0, 0, 0, 0x80, 0x14, 0x40})+5] ^= 1 // 5.125
	badDeflate := bytes.Clone(deflated)
	for i := 40; i < 60; i++ {
		badDeflate[i] ^= 0x5a
	}
	cases := []struct {
		name, want string
		in         []byte
	}{
		{"not zip", "not a valid .npz (zip) archive", []byte("definitely not a zip archive")},
		{"empty", "not a valid .npz (zip) archive", nil},
		{"truncated", "not a valid .npz (zip) archive", stored[:len(stored)/2]},
		{"not npy member", `member "readme.txt" is not an .npy file`, npzBuild(t, npzMemberSpec{"readme.txt", zip.Store, []byte("hi")})},
		{"duplicate", `member "a.npy" appears twice`, npzBuild(t, npzMemberSpec{"a.npy", zip.Store, good}, npzMemberSpec{"a.npy", zip.Store, good})},
		{"bad member", `member "b.npy": bad magic string`, npzBuild(t, npzMemberSpec{"a.npy", zip.Store, good}, npzMemberSpec{"b.npy", zip.Deflate, []byte("garbage-garbage")})},
		{"short member", "truncated data", npzBuild(t, npzMemberSpec{"a.npy", zip.Deflate, good[:len(good)-3]})},
		{"long member", "the data has 33 bytes but shape (4,) of float64 needs 32", npzBuild(t, npzMemberSpec{"a.npy", zip.Store, append(bytes.Clone(good), 7)})},
		{"bad crc", "checksum", badCRC},
		{"corrupt deflate", `member "a.npy"`, badDeflate},
		{"bzip2", "unsupported compression method 12", npzBuild(t, npzMemberSpec{"a.npy", 12, good})},
	}
	for _, c := range cases {
		m, err := tensor.LoadNpz(bytes.NewReader(c.in), int64(len(c.in)))
		if err == nil {
			t.Errorf("%s: loaded %v, want an error", c.name, m)
			continue
		}
		if !errors.Is(err, tensor.ErrNpyFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %q, want one wrapping ErrNpyFormat that says %q", c.name, err, c.want)
		}
	}
}

// npyPythonCheck loads files with NumPy and reports, for each array, its repr and
// whether np.save writes exactly the bytes gotensor wrote.
const npyPythonCheck = `
import io, json, sys, zipfile
import numpy as np
out = {}
for path in sys.argv[1:]:
    name = path.rsplit("/", 1)[-1]
    if path.endswith(".npz"):
        kinds = {i.filename: i.compress_type for i in zipfile.ZipFile(path).infolist()}
        with np.load(path) as z:
            for k in z.files:
                out[name + "/" + k] = {"repr": np.array_repr(z[k]), "method": kinds[k + ".npy"]}
        continue
    a = np.load(path)
    b = io.BytesIO()
    np.save(b, a)
    out[name] = {"repr": np.array_repr(a), "same": b.getvalue() == open(path, "rb").read(),
                 "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous)}
print(json.dumps(out))
`

// TestNpyNumPyLoadsOurs writes every test tensor as .npy and .npz and loads the files
// with NumPy (Debian's /usr/bin/python3); it skips where NumPy is not installed.
func TestNpyNumPyLoadsOurs(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skipf("NumPy is not available (%s -c 'import numpy': %v); the fixture tests cover reading", python, err)
	}
	dir := t.TempDir()
	arrays := npyTestTensors()
	var paths []string
	for name, x := range arrays {
		p := filepath.Join(dir, name+".npy")
		if err := tensor.WriteNpyFile(p, x); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, c := range []struct {
		name       string
		compressed bool
	}{{"stored.npz", false}, {"deflated.npz", true}} {
		p := filepath.Join(dir, c.name)
		if err := tensor.WriteNpzFile(p, arrays, c.compressed); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command(python, append([]string{"-c", npyPythonCheck}, paths...)...)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("NumPy failed to load our files: %v", err)
	}
	var got map[string]struct {
		Repr    string `json:"repr"`
		Same    bool   `json:"same"`
		Fortran bool   `json:"fortran"`
		Method  uint16 `json:"method"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for name, x := range arrays {
		r := got[name+".npy"]
		if r.Repr != x.Repr() {
			t.Errorf("%s: NumPy loaded\n%s\nwant\n%s", name, r.Repr, x.Repr())
		}
		if !r.Same {
			t.Errorf("%s: np.save writes other bytes than SaveNpy", name)
		}
		if want := x.NDim() > 1 && x.IsFortran() && !x.IsContiguous(); r.Fortran != want {
			t.Errorf("%s: NumPy loaded Fortran order %v, want %v", name, r.Fortran, want)
		}
		for _, c := range []struct {
			file   string
			method uint16
		}{{"stored.npz", zip.Store}, {"deflated.npz", zip.Deflate}} {
			r := got[c.file+"/"+name]
			if r.Repr != x.Repr() || r.Method != c.method {
				t.Errorf("%s/%s: NumPy loaded %s (method %d), want %s (method %d)", c.file, name, r.Repr, r.Method, x.Repr(), c.method)
			}
		}
	}
}
