package data_test

// FuzzReadIDX: any input either loads or gives a *FormatError wrapping ErrFormat (never
// a panic); the same input read one byte per Read gives the same answer; whatever loads
// from an uncompressed input holds exactly the payload its header announces, and for
// the type codes WriteIDX writes (0x08, 0x0C, 0x0D, 0x0E) writes back to the same
// bytes. Seeds: the committed Fashion-MNIST subset (gzip'd), small files of every type
// code, and testdata/fuzz/FuzzReadIDX/. Run it (ci/fuzz can, given the package):
//
//	go test ./data -run '^$' -fuzz '^FuzzReadIDX$' -fuzztime 60s

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/gotensor/gotensor/data"
)

func FuzzReadIDX(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(subsetDir, "*labels*.gz"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(idxFile(0x08, []uint32{2, 3}, []byte{0, 1, 2, 3, 4, 255}))
	f.Add(idxFile(0x09, []uint32{3}, []byte{0, 128, 255}))
	f.Add(idxFile(0x0B, []uint32{1, 2}, be16(-1, 300)))
	f.Add(idxFile(0x0C, []uint32{2}, be32(1, 0xFFFFFFFF)))
	f.Add(idxFile(0x0D, []uint32{1}, be32(0x7FC00000)))
	f.Add(idxFile(0x0E, []uint32{2, 1}, be64(1, -2)))
	f.Add(idxFile(0x08, nil, []byte{7}))
	f.Add(idxFile(0x0E, []uint32{0, 9}, nil))
	f.Add(gzipBytes(f, idxFile(0x0C, []uint32{2, 2}, be32(1, 2, 3, 4))))
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := data.ReadIDX(bytes.NewReader(in))
		x1, err1 := data.ReadIDX(iotest.OneByteReader(bytes.NewReader(in)))
		if (err == nil) != (err1 == nil) {
			t.Fatalf("ReadIDX gave %v, one byte at a time %v", err, err1)
		}
		if err != nil {
			var fe *data.FormatError
			if !errors.As(err, &fe) || !errors.Is(err, data.ErrFormat) || fe.Offset < 0 {
				t.Fatalf("error %q is not a *FormatError with an offset", err)
			}
			return
		}
		if x.Repr() != x1.Repr() {
			t.Fatalf("one byte at a time gave %s, want %s", x1.Repr(), x.Repr())
		}
		if len(in) >= 2 && in[0] == 0x1f && in[1] == 0x8b {
			return // gzip: the stream's bytes are not the payload's
		}
		sizes := map[byte]int{0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8}
		if want := 4 + 4*int(in[3]) + x.Size()*sizes[in[2]]; want != len(in) {
			t.Fatalf("loaded %v %v from %d bytes, want %d", x.DType(), x.Shape(), len(in), want)
		}
		if in[2] == 0x09 || in[2] == 0x0B {
			return // widened to int32: written back as 0x0C
		}
		var buf bytes.Buffer
		if err := data.WriteIDX(&buf, x); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), in) {
			t.Fatalf("writing back gave\n%x\nwant\n%x", buf.Bytes(), in)
		}
	})
}
