package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/gotensor/gotensor/tensor"
)

// The safetensors format: an 8-byte little-endian header length n, n bytes of a JSON
// object mapping each tensor's name to {"dtype", "shape", "data_offsets": [begin,
// end]} (offsets into the byte buffer that follows the header) plus an optional
// "__metadata__" object of strings, then the byte buffer: every tensor C-contiguous
// and little-endian.

// ErrSafetensors is wrapped by every error about a malformed safetensors file.
var ErrSafetensors = errors.New("malformed safetensors file")

// maxHeader bounds the JSON header, as the reference implementation does (100 MB).
const maxHeader = 100_000_000

var stDTypes = map[tensor.DType]string{
	tensor.Float32: "F32", tensor.Float64: "F64", tensor.Int64: "I64", tensor.Int32: "I32",
	tensor.Uint8: "U8", tensor.Bool: "BOOL",
}

// WriteSafetensors writes tensors (any device; float32, float64, int64, int32, uint8,
// bool) to w in the safetensors format, in the order given, with metadata (may be nil)
// as "__metadata__". The header is padded with spaces to a multiple of 8 bytes.
func WriteSafetensors(w io.Writer, tensors []Named, metadata map[string]string) error {
	var hdr bytes.Buffer
	hdr.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			hdr.WriteByte(',')
		}
		first = false
	}
	if len(metadata) > 0 {
		b, err := json.Marshal(metadata)
		if err != nil {
			return err
		}
		sep()
		hdr.WriteString(`"__metadata__":`)
		hdr.Write(b)
	}
	seen := map[string]bool{}
	datas := make([][]byte, len(tensors))
	off := 0
	for i, n := range tensors {
		if n.Name == "__metadata__" || seen[n.Name] {
			return fmt.Errorf("nn.WriteSafetensors: name %q is reserved or repeated", n.Name)
		}
		seen[n.Name] = true
		if n.Tensor == nil {
			return fmt.Errorf("nn.WriteSafetensors: tensor %q is nil", n.Name)
		}
		code, ok := stDTypes[n.Tensor.DType()]
		if !ok {
			return fmt.Errorf("nn.WriteSafetensors: tensor %q has dtype %v, which safetensors lacks", n.Name, n.Tensor.DType())
		}
		var data []byte
		if err := tensor.Try(func() { data = leBytes(n.Tensor.CPU().Contiguous()) }); err != nil {
			return err
		}
		datas[i] = data
		name, _ := json.Marshal(n.Name)
		shape := n.Tensor.Shape()
		if shape == nil {
			shape = []int{}
		}
		sh, _ := json.Marshal(shape)
		sep()
		fmt.Fprintf(&hdr, `%s:{"dtype":"%s","shape":%s,"data_offsets":[%d,%d]}`, name, code, sh, off, off+len(data))
		off += len(data)
	}
	hdr.WriteByte('}')
	for hdr.Len()%8 != 0 {
		hdr.WriteByte(' ')
	}
	var n8 [8]byte
	binary.LittleEndian.PutUint64(n8[:], uint64(hdr.Len()))
	if _, err := w.Write(n8[:]); err != nil {
		return err
	}
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	for _, d := range datas {
		if _, err := w.Write(d); err != nil {
			return err
		}
	}
	return nil
}

// leBytes is a contiguous CPU tensor's elements as little-endian bytes.
func leBytes(t *tensor.Tensor) []byte {
	var buf bytes.Buffer
	switch d := t.Data().(type) {
	case []bool:
		b := make([]byte, len(d))
		for i, v := range d {
			if v {
				b[i] = 1
			}
		}
		return b
	default:
		_ = binary.Write(&buf, binary.LittleEndian, d)
	}
	return buf.Bytes()
}

type stEntry struct {
	DType       string `json:"dtype"`
	Shape       []int  `json:"shape"`
	DataOffsets []int  `json:"data_offsets"`
}

// ReadSafetensors reads a safetensors file from r: its tensors as CPU tensors in the
// order of their data offsets, and its metadata. F16 and BF16 tensors are converted to
// float32 exactly (subnormals, infinities and NaN included) until gotensor has those
// dtypes; F32, F64, I64, I32, U8 and BOOL keep theirs. Another dtype, a header that is
// not a JSON object of such entries, a repeated name, or offsets that do not match the
// shapes or run past the buffer are errors wrapping ErrSafetensors.
func ReadSafetensors(r io.Reader) ([]Named, map[string]string, error) {
	var n8 [8]byte
	if _, err := io.ReadFull(r, n8[:]); err != nil {
		return nil, nil, fmt.Errorf("nn.ReadSafetensors: %w: reading the header length: %v", ErrSafetensors, err)
	}
	n := binary.LittleEndian.Uint64(n8[:])
	if n > maxHeader {
		return nil, nil, fmt.Errorf("nn.ReadSafetensors: %w: header of %d bytes, more than %d", ErrSafetensors, n, maxHeader)
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, nil, fmt.Errorf("nn.ReadSafetensors: %w: header of %d bytes: %v", ErrSafetensors, n, err)
	}
	entries, meta, err := parseHeader(hdr)
	if err != nil {
		return nil, nil, fmt.Errorf("nn.ReadSafetensors: %w: %v", ErrSafetensors, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := entries[names[i]], entries[names[j]]
		if a.DataOffsets[0] != b.DataOffsets[0] {
			return a.DataOffsets[0] < b.DataOffsets[0]
		}
		return names[i] < names[j]
	})
	out := make([]Named, 0, len(names))
	for _, name := range names {
		t, err := decode(name, entries[name], data)
		if err != nil {
			return nil, nil, fmt.Errorf("nn.ReadSafetensors: %w: %v", ErrSafetensors, err)
		}
		out = append(out, Named{name, t})
	}
	return out, meta, nil
}

// parseHeader decodes the header object, refusing repeated names.
func parseHeader(hdr []byte) (map[string]stEntry, map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(hdr))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("the header is not a JSON object")
	}
	entries := map[string]stEntry{}
	var meta map[string]string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("header: %v", err)
		}
		name := tok.(string)
		if seen[name] {
			return nil, nil, fmt.Errorf("name %q appears twice in the header", name)
		}
		seen[name] = true
		if name == "__metadata__" {
			if err := dec.Decode(&meta); err != nil {
				return nil, nil, fmt.Errorf("__metadata__ must map strings to strings: %v", err)
			}
			continue
		}
		var e stEntry
		if err := dec.Decode(&e); err != nil {
			return nil, nil, fmt.Errorf("entry %q: %v", name, err)
		}
		entries[name] = e
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("header: %v", err)
	}
	return entries, meta, nil
}

var stSizes = map[string]int{"F32": 4, "F64": 8, "I64": 8, "I32": 4, "U8": 1, "BOOL": 1, "F16": 2, "BF16": 2}

// decode builds the tensor of one entry from the byte buffer.
func decode(name string, e stEntry, data []byte) (*tensor.Tensor, error) {
	size, ok := stSizes[e.DType]
	if !ok {
		return nil, fmt.Errorf("tensor %q has dtype %q; supported are F32, F64, I64, I32, U8, BOOL, F16, BF16", name, e.DType)
	}
	if len(e.DataOffsets) != 2 {
		return nil, fmt.Errorf("tensor %q: data_offsets %v, want [begin, end]", name, e.DataOffsets)
	}
	count := 1
	for _, d := range e.Shape {
		if d < 0 || (d > 0 && count > math.MaxInt/size/d) {
			return nil, fmt.Errorf("tensor %q: bad shape %v", name, e.Shape)
		}
		count *= d
	}
	b, end := e.DataOffsets[0], e.DataOffsets[1]
	if b < 0 || end < b || end > len(data) || end-b != count*size {
		return nil, fmt.Errorf("tensor %q: data_offsets [%d, %d] for %d elements of %s in a buffer of %d bytes",
			name, b, end, count, e.DType, len(data))
	}
	raw := data[b:end]
	shape := e.Shape
	if shape == nil {
		shape = []int{}
	}
	le := binary.LittleEndian
	switch e.DType {
	case "F32":
		v := make([]float32, count)
		for i := range v {
			v[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	case "F64":
		v := make([]float64, count)
		for i := range v {
			v[i] = math.Float64frombits(le.Uint64(raw[8*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	case "I64":
		v := make([]int64, count)
		for i := range v {
			v[i] = int64(le.Uint64(raw[8*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	case "I32":
		v := make([]int32, count)
		for i := range v {
			v[i] = int32(le.Uint32(raw[4*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	case "U8":
		return tensor.FromSlice(append([]uint8{}, raw...), shape...), nil
	case "BOOL":
		v := make([]bool, count)
		for i := range v {
			if raw[i] > 1 {
				return nil, fmt.Errorf("tensor %q: BOOL byte %d is neither 0 nor 1", name, raw[i])
			}
			v[i] = raw[i] == 1
		}
		return tensor.FromSlice(v, shape...), nil
	case "F16":
		v := make([]float32, count)
		for i := range v {
			v[i] = Float16ToFloat32(le.Uint16(raw[2*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	default: // BF16
		v := make([]float32, count)
		for i := range v {
			v[i] = BFloat16ToFloat32(le.Uint16(raw[2*i:]))
		}
		return tensor.FromSlice(v, shape...), nil
	}
}

// Float16ToFloat32 converts IEEE 754 half-precision bits to float32 exactly:
// subnormals, signed zeros, infinities and NaN (payload kept) included.
func Float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: mant * 2^-24
		v := float32(mant) * (1.0 / (1 << 24))
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | mant<<13)
}

// BFloat16ToFloat32 converts bfloat16 bits (the high half of a float32) to float32.
func BFloat16ToFloat32(h uint16) float32 { return math.Float32frombits(uint32(h) << 16) }
