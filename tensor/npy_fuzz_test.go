package tensor_test

// Fuzz targets for the .npy and .npz parsers: any input either loads or gives an error
// wrapping ErrNpyFormat, never a panic, and whatever loads saves and loads back the same
// and prints. Seeds: the NumPy fixtures in testdata/npy and the corpus in
// testdata/fuzz/FuzzLoadNpy and testdata/fuzz/FuzzLoadNpz. Run with
//
//	go test ./tensor -run '^$' -fuzz FuzzLoadNpy -fuzztime 60s
//	go test ./tensor -run '^$' -fuzz FuzzLoadNpz -fuzztime 60s

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

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

// npyFuzzSame fails unless y has x's dtype, shape and bits.
func npyFuzzSame(t *testing.T, x, y *tensor.Tensor) {
	if x.DType() != y.DType() || !slices.Equal(x.Shape(), y.Shape()) || !bytes.Equal(npyBytes(x), npyBytes(y)) {
		t.Fatalf("round trip changed %v %v into %v %v", x.DType(), x.Shape(), y.DType(), y.Shape())
	}
}

func FuzzLoadNpy(f *testing.F) {
	npyFuzzSeeds(f, "testdata/npy/*.npy")
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := tensor.LoadNpy(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, tensor.ErrNpyFormat) {
				t.Fatalf("error %q does not wrap ErrNpyFormat", err)
			}
			return
		}
		if x.NBytes() > len(data) {
			t.Fatalf("loaded %d bytes of data from %d bytes of input", x.NBytes(), len(data))
		}
		_ = x.String()
		var buf bytes.Buffer
		if err := tensor.SaveNpy(&buf, x); err != nil {
			t.Fatal(err)
		}
		y, err := tensor.LoadNpy(&buf)
		if err != nil {
			t.Fatal(err)
		}
		npyFuzzSame(t, x, y)
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
		var buf bytes.Buffer
		if err := tensor.SaveNpz(&buf, m, true); err != nil {
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
	})
}
