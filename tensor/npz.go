package tensor

// NumPy's .npz format (np.savez, np.savez_compressed): a zip archive with one .npy
// member per array, named KEY.npy, stored or deflated.

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// npzTime is the modification time written for every member, so that the same arrays
// always give the same bytes.
var npzTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// SaveNpz writes arrays to w as an .npz archive, as np.savez (compressed false: members
// stored) or np.savez_compressed (compressed true: members deflated) do: each array is a
// member KEY.npy written by SaveNpy, in sorted key order. np.load(f)[KEY] reads it back.
func SaveNpz(w io.Writer, arrays map[string]*Tensor, compressed bool) error {
	if npyIsNil(w) {
		return errors.New("tensor.SaveNpz: nil writer")
	}
	keys := make([]string, 0, len(arrays))
	for k, t := range arrays {
		if t == nil || t.buf == nil {
			return fmt.Errorf("tensor.SaveNpz: array %q is nil", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	method := zip.Store
	if compressed {
		method = zip.Deflate
	}
	zw := zip.NewWriter(w)
	for _, k := range keys {
		mw, err := zw.CreateHeader(&zip.FileHeader{Name: k + ".npy", Method: method, Modified: npzTime})
		if err != nil {
			return fmt.Errorf("tensor.SaveNpz: %w", err)
		}
		if err := SaveNpy(mw, arrays[k]); err != nil {
			return fmt.Errorf("tensor.SaveNpz: array %q: %w", k, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("tensor.SaveNpz: %w", err)
	}
	return nil
}

// LoadNpz reads the .npz archive held by r (size bytes long) into CPU tensors, keyed by
// member name without its ".npy" suffix, as np.load does. Stored and deflated members
// load. Every member must be an .npy file whose data fills the member exactly; a member
// that is not, a key that appears twice, a corrupt archive or a failed checksum is an
// error wrapping ErrNpyFormat.
func LoadNpz(r io.ReaderAt, size int64) (map[string]*Tensor, error) {
	return npzLoad(r, size, "LoadNpz")
}

// WriteNpzFile writes arrays to the file at path with SaveNpz, replacing the file.
func WriteNpzFile(path string, arrays map[string]*Tensor, compressed bool) error {
	return npyWriteFile("WriteNpzFile", path, func(w io.Writer) error { return SaveNpz(w, arrays, compressed) })
}

// ReadNpzFile reads the .npz file at path as LoadNpz does.
func ReadNpzFile(path string) (map[string]*Tensor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tensor.ReadNpzFile: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("tensor.ReadNpzFile: %w", err)
	}
	return npzLoad(f, st.Size(), "ReadNpzFile "+strconv.Quote(path))
}

func npzLoad(r io.ReaderAt, size int64, op string) (map[string]*Tensor, error) {
	if npyIsNil(r) {
		return nil, fmt.Errorf("tensor.%s: nil reader", op)
	}
	if size < 0 {
		return nil, fmt.Errorf("tensor.%s: negative size %d", op, size)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // member names are only keys here
		// The offsets NewReader reads at come from the archive, so a failed read is
		// treated as a corrupt archive too; the cause stays wrapped.
		return nil, npyErrorf(op, err, "not a valid .npz (zip) archive: %v", err)
	}
	out := make(map[string]*Tensor, len(zr.File))
	for _, f := range zr.File {
		key, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			return nil, npyErrorf(op, nil, "member %q is not an .npy file", f.Name)
		}
		if _, dup := out[key]; dup {
			return nil, npyErrorf(op, nil, "member %q appears twice", f.Name)
		}
		t, err := npzMember(f, op+": member "+strconv.Quote(f.Name))
		if err != nil {
			return nil, err
		}
		out[key] = t
	}
	return out, nil
}

// npzMember reads one member, which must hold exactly one array.
func npzMember(f *zip.File, op string) (*Tensor, error) {
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, npyErrorf(op, err, "unsupported compression method %d: want stored (0) or deflated (8)", f.Method)
		}
		return nil, npyErrorf(op, err, "opening the member: %v", err)
	}
	defer rc.Close()
	rc = npzMemberReader{rc}
	// The archive's directory gives the member's size, so a header whose shape needs
	// more or fewer bytes fails before its data is read. The size is not trusted for
	// allocation (exact false): archive/zip checks it only as the data arrives.
	size := int64(-1)
	if f.UncompressedSize64 <= math.MaxInt64 {
		size = int64(f.UncompressedSize64)
	}
	t, err := npyRead(rc, op, size, false)
	if err != nil {
		return nil, err
	}
	// Reading on to the end checks the member's size and CRC-32.
	var one [1]byte
	switch n, err := io.ReadFull(rc, one[:]); {
	case n > 0:
		return nil, npyErrorf(op, nil, "the member has bytes after the data of shape %s of %v", shapeStr(t.shape), t.dtype)
	case err != io.EOF:
		return nil, npyReadError(op, "the member", err)
	}
	return t, nil
}

// npzMemberReader marks every error but io.EOF met while reading a member as a sign of a
// corrupt archive: the offsets and sizes it reads at come from the archive itself.
type npzMemberReader struct{ io.ReadCloser }

// npzReadError is an error met while reading a member.
type npzReadError struct{ err error }

func (e npzReadError) Error() string { return e.err.Error() }
func (e npzReadError) Unwrap() error { return e.err }

func (r npzMemberReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF) {
		err = npzReadError{err}
	}
	return n, err
}

// npzCorrupt reports whether err says a zip archive or its compressed data is corrupt.
func npzCorrupt(err error) bool {
	var ce flate.CorruptInputError
	var re npzReadError
	return errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrAlgorithm) ||
		errors.As(err, &ce) || errors.As(err, &re)
}
