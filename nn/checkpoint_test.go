package nn_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// fixtureModel is the model whose checkpoints testdata/torch_load.py loads in PyTorch:
// Linear(4, 8), BatchNorm1d(8), ReLU, Linear(8, 3), with running statistics from one
// batch in training mode.
func fixtureModel(seed int) *nn.Sequential {
	g := random.NewGenerator(seed)
	m := nn.NewSequential(nn.NewLinear(4, 8, true, g), nn.NewBatchNorm1d(8, nn.BatchNormConfig{}), nn.NewReLU(),
		nn.NewLinear(8, 3, true, g))
	nn.Infer(m, tensor.Linspace(tensor.Float32, -2, 2, 24, true).Reshape(6, 4))
	return m
}

var fixtureNames = []string{"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
	"1.num_batches_tracked", "3.weight", "3.bias"}

// jsonNum decodes a number or "nan", "inf", "-inf".
func jsonNum(t *testing.T, raw json.RawMessage) float64 {
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	switch s {
	case "nan":
		return math.NaN()
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	}
	t.Fatalf("bad number %s", raw)
	return 0
}

type pyTensor struct {
	DType string            `json:"dtype"`
	Shape []int             `json:"shape"`
	Data  []json.RawMessage `json:"data"`
}

type pyFile struct {
	Metadata map[string]string   `json:"__metadata__"`
	Tensors  map[string]pyTensor `json:"tensors"`
}

// sameBits compares values exactly, zeros by sign and NaN as NaN.
func sameBits(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b && math.Signbit(a) == math.Signbit(b)
}

var goDTypes = map[string]tensor.DType{"F32": tensor.Float32, "F64": tensor.Float64, "I64": tensor.Int64,
	"I32": tensor.Int32, "U8": tensor.Uint8, "BOOL": tensor.Bool, "F16": tensor.Float32, "BF16": tensor.Float32}

// checkAgainst compares tensors read by gotensor with the Python reader's view.
func checkAgainst(t *testing.T, got []nn.Named, want pyFile) {
	t.Helper()
	if len(got) != len(want.Tensors) {
		t.Errorf("%d tensors, want %d", len(got), len(want.Tensors))
	}
	for _, n := range got {
		w, ok := want.Tensors[n.Name]
		if !ok {
			t.Errorf("tensor %q not in the Python reader's answer", n.Name)
			continue
		}
		if n.Tensor.DType() != goDTypes[w.DType] {
			t.Errorf("%s: dtype %v for %s", n.Name, n.Tensor.DType(), w.DType)
		}
		if !slices.Equal(n.Tensor.Shape(), w.Shape) && !(len(w.Shape) == 0 && n.Tensor.NDim() == 0) {
			t.Errorf("%s: shape %v, want %v", n.Name, n.Tensor.Shape(), w.Shape)
			continue
		}
		vals := tensor.ToSlice[float64](n.Tensor)
		if n.Tensor.DType() == tensor.Int64 {
			iv := tensor.ToSlice[int64](n.Tensor)
			for i, raw := range w.Data {
				var x int64
				_ = json.Unmarshal(raw, &x)
				if iv[i] != x {
					t.Errorf("%s[%d] = %d, want %d", n.Name, i, iv[i], x)
				}
			}
			continue
		}
		for i, raw := range w.Data {
			if x := jsonNum(t, raw); !sameBits(vals[i], x) {
				t.Errorf("%s[%d] = %v, want %v", n.Name, i, vals[i], x)
			}
		}
	}
}

// TestSafetensorsFixture reads the file written by gen_safetensors.py's independent
// writer: every dtype, F16 and BF16 subnormals, infinities and NaN, 0-d and empty.
func TestSafetensorsFixture(t *testing.T) {
	f, err := os.Open("testdata/fixture.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, meta, err := nn.ReadSafetensors(f)
	if err != nil {
		t.Fatal(err)
	}
	var want pyFile
	b, err := os.ReadFile("testdata/fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if meta["format"] != "pt" || meta["writer"] != "gen_safetensors.py" || len(meta) != 2 {
		t.Errorf("metadata %v", meta)
	}
	checkAgainst(t, got, want)
}

// TestHalfConversions checks the F16 and BF16 conversions over every bit pattern
// against float64 arithmetic on the fields.
func TestHalfConversions(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		bits := uint16(h)
		sign := 1.0
		if bits>>15 == 1 {
			sign = -1
		}
		exp, mant := int(bits>>10&0x1f), float64(bits&0x3ff)
		var want float64
		switch {
		case exp == 31 && mant == 0:
			want = math.Inf(int(sign))
		case exp == 31:
			want = math.NaN()
		case exp == 0:
			want = sign * mant * math.Pow(2, -24)
		default:
			want = sign * (1 + mant/1024) * math.Pow(2, float64(exp-15))
		}
		if got := float64(nn.Float16ToFloat32(bits)); !sameBits(got, want) {
			t.Fatalf("Float16ToFloat32(%#04x) = %v, want %v", bits, got, want)
		}
		if got, want := nn.BFloat16ToFloat32(bits), math.Float32frombits(uint32(bits)<<16); math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("BFloat16ToFloat32(%#04x) = %v, want %v", bits, got, want)
		}
	}
}

func allDTypes() []nn.Named {
	return []nn.Named{
		{"f32", tensor.FromSlice([]float32{1.5, float32(math.Inf(-1)), float32(math.NaN()), -0.0}, 2, 2)},
		{"f64", tensor.FromSlice([]float64{math.Pi, 5e-324, -1e300}, 3)},
		{"i64", tensor.FromSlice([]int64{math.MinInt64, 3}, 2)},
		{"i32", tensor.FromSlice([]int32{math.MaxInt32, -1}, 2, 1)},
		{"u8", tensor.FromSlice([]uint8{0, 200, 255}, 3)},
		{"b", tensor.FromSlice([]bool{true, false, true}, 3)},
		{"scalar", tensor.Scalar(2.5)},
		{"empty", tensor.Zeros(tensor.Float32, 0, 3)},
		{"strided", tensor.Arange(tensor.Float64, 0, 12, 1).Reshape(3, 4).Transpose().Flip(0)},
	}
}

func TestSafetensorsRoundTrip(t *testing.T) {
	in := allDTypes()
	var buf bytes.Buffer
	if err := nn.WriteSafetensors(&buf, in, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(buf.Bytes()); n%8 != 0 {
		t.Errorf("header of %d bytes, want a multiple of 8", n)
	}
	out, meta, err := nn.ReadSafetensors(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if meta["k"] != "v" {
		t.Errorf("metadata %v", meta)
	}
	if len(out) != len(in) {
		t.Fatalf("%d tensors back, want %d", len(out), len(in))
	}
	for i, n := range out {
		w := in[i]
		if n.Name != w.Name || n.Tensor.DType() != w.Tensor.DType() || !slices.Equal(n.Tensor.Shape(), w.Tensor.Shape()) {
			t.Errorf("tensor %d: %s %v %v, want %s %v %v", i, n.Name, n.Tensor.DType(), n.Tensor.Shape(), w.Name, w.Tensor.DType(), w.Tensor.Shape())
			continue
		}
		a, b := tensor.ToSlice[float64](n.Tensor), tensor.ToSlice[float64](w.Tensor)
		for k := range a {
			if !sameBits(a[k], b[k]) {
				t.Errorf("%s[%d] = %v, want %v", n.Name, k, a[k], b[k])
			}
		}
	}
	if !tensor.ArrayEqual(out[2].Tensor, in[2].Tensor) {
		t.Errorf("int64 values differ: %v vs %v", out[2].Tensor, in[2].Tensor)
	}
}

// TestSafetensorsPythonReader has gen_safetensors.py's independent reader parse a
// file gotensor wrote (skipped without Debian's Python and NumPy).
func TestSafetensorsPythonReader(t *testing.T) {
	if _, err := exec.Command("/usr/bin/python3", "-c", "import numpy").CombinedOutput(); err != nil {
		t.Skipf("no /usr/bin/python3 with numpy: %v", err)
	}
	path := filepath.Join(t.TempDir(), "go.safetensors")
	var buf bytes.Buffer
	if err := nn.WriteSafetensors(&buf, allDTypes(), map[string]string{"writer": "gotensor"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", "testdata/gen_safetensors.py", "--read", path).CombinedOutput()
	if err != nil {
		t.Fatalf("the Python reader refused gotensor's file: %v\n%s", err, out)
	}
	var want pyFile
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if want.Metadata["writer"] != "gotensor" {
		t.Errorf("metadata as Python reads it: %v", want.Metadata)
	}
	got, _, err := nn.ReadSafetensors(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, got, want)
}

// safetensorsFile assembles a file from a header and a buffer.
func safetensorsFile(header string, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestSafetensorsMalformed(t *testing.T) {
	huge := make([]byte, 8)
	binary.LittleEndian.PutUint64(huge, 1<<40)
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"short", []byte{1, 2, 3}, "header length"},
		{"huge header", huge, "more than"},
		{"truncated header", safetensorsFile(`{"a":`, nil)[:10], "header of"},
		{"not an object", safetensorsFile(`[1, 2]`, nil), "not a JSON object"},
		{"bad dtype", safetensorsFile(`{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}`, []byte{0}), `"F8_E4M3"`},
		{"size mismatch", safetensorsFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, make([]byte, 4)), `tensor "a"`},
		{"past the end", safetensorsFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 4)), "buffer of 4 bytes"},
		{"negative dim", safetensorsFile(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}`, nil), "bad shape"},
		{"repeated name", safetensorsFile(`{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, []byte{1}), "twice"},
		{"bad bool", safetensorsFile(`{"a":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}`, []byte{2}), "neither 0 nor 1"},
		{"bad metadata", safetensorsFile(`{"__metadata__":{"a":1}}`, nil), "__metadata__"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := nn.ReadSafetensors(bytes.NewReader(c.file))
			if err == nil || !errors.Is(err, nn.ErrSafetensors) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one wrapping ErrSafetensors that mentions %q", err, c.want)
			}
		})
	}
	if err := nn.WriteSafetensors(&bytes.Buffer{}, []nn.Named{{"x", tensor.Scalar(1.0)}, {"x", tensor.Scalar(2.0)}}, nil); err == nil {
		t.Error("WriteSafetensors accepted a repeated name")
	}
}

func stateEqual(t *testing.T, a, b nn.Module) {
	t.Helper()
	sa, sb := a.StateDict(), b.StateDict()
	if len(sa) != len(sb) {
		t.Fatalf("%d entries vs %d", len(sa), len(sb))
	}
	for i := range sa {
		if sa[i].Name != sb[i].Name || !tensor.ArrayEqual(sa[i].Tensor, sb[i].Tensor) {
			t.Errorf("entry %s differs: %v vs %v", sa[i].Name, sa[i].Tensor, sb[i].Tensor)
		}
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	src := fixtureModel(1)
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		save func(string) error
		load func(string, nn.Module) error
	}{
		{"npz", func(p string) error { return nn.SaveNpzFile(p, src) }, nn.LoadNpzFile},
		{"safetensors", func(p string) error { return nn.SaveSafetensorsFile(p, src, nil) }, nn.LoadSafetensorsFile},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, "m."+c.name)
			if err := c.save(p); err != nil {
				t.Fatal(err)
			}
			dst := fixtureModel(2)
			if err := c.load(p, dst); err != nil {
				t.Fatal(err)
			}
			stateEqual(t, src, dst)
			if !dst.Parameters()[0].TracksGrad() {
				t.Error("a loaded parameter no longer requires a gradient")
			}
		})
	}
	var buf bytes.Buffer
	if err := nn.SaveNpz(&buf, src); err != nil {
		t.Fatal(err)
	}
	dst := fixtureModel(3)
	if err := nn.LoadNpz(bytes.NewReader(buf.Bytes()), int64(buf.Len()), dst); err != nil {
		t.Fatal(err)
	}
	stateEqual(t, src, dst)
}

func TestLoadStateDictMismatch(t *testing.T) {
	m := fixtureModel(1)
	good := map[string]*tensor.Tensor{}
	for _, n := range m.StateDict() {
		good[n.Name] = n.Tensor.Copy()
	}
	edit := func(f func(sd map[string]*tensor.Tensor)) map[string]*tensor.Tensor {
		sd := map[string]*tensor.Tensor{}
		for k, v := range good {
			sd[k] = v
		}
		f(sd)
		return sd
	}
	for _, c := range []struct {
		name string
		sd   map[string]*tensor.Tensor
		want []string
	}{
		{"missing", edit(func(sd map[string]*tensor.Tensor) { delete(sd, "1.running_var"); delete(sd, "3.bias") }),
			[]string{"missing keys 1.running_var, 3.bias"}},
		{"unexpected", edit(func(sd map[string]*tensor.Tensor) { sd["2.weight"] = tensor.Scalar(1.0) }),
			[]string{"unexpected keys 2.weight"}},
		{"shape", edit(func(sd map[string]*tensor.Tensor) { sd["0.weight"] = tensor.Zeros(tensor.Float32, 4, 8) }),
			[]string{"0.weight: shape (4, 8) in the checkpoint, (8, 4) in the model"}},
		{"dtype", edit(func(sd map[string]*tensor.Tensor) { sd["3.bias"] = tensor.Zeros(tensor.Float64, 3) }),
			[]string{"3.bias: dtype float64 in the checkpoint, float32 in the model"}},
		{"several", edit(func(sd map[string]*tensor.Tensor) {
			delete(sd, "0.bias")
			sd["extra"] = tensor.Scalar(1.0)
			sd["1.num_batches_tracked"] = tensor.Scalar(1.0)
		}), []string{"missing keys 0.bias", "unexpected keys extra", "1.num_batches_tracked: dtype float64"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := tensor.Copy(m.Parameters()[0].Detach())
			err := m.LoadStateDict(c.sd)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if !tensor.ArrayEqual(before, m.Parameters()[0].Detach()) {
				t.Error("a refused state dict changed the model")
			}
		})
	}
	// A checkpoint of half-precision floats loads into a float32 model.
	var buf bytes.Buffer
	var list []nn.Named
	for _, n := range m.StateDict() {
		list = append(list, n)
	}
	if err := nn.WriteSafetensors(&buf, list, nil); err != nil {
		t.Fatal(err)
	}
	if err := nn.LoadSafetensors(&buf, fixtureModel(5)); err != nil {
		t.Fatal(err)
	}
}

// TestWriteTorchFixtures checks the committed checkpoints that testdata/torch_load.py
// loads in PyTorch against the fixture model (within float32 rounding, since another
// CPU's kernels may round differently); with GOTENSOR_WRITE_FIXTURES=1 it rewrites them.
func TestWriteTorchFixtures(t *testing.T) {
	m := fixtureModel(7)
	if os.Getenv("GOTENSOR_WRITE_FIXTURES") == "1" {
		if err := nn.SaveNpzFile("testdata/go_model.npz", m); err != nil {
			t.Fatal(err)
		}
		if err := nn.SaveSafetensorsFile("testdata/go_model.safetensors", m, map[string]string{"format": "pt"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		path string
		load func(string, nn.Module) error
	}{{"testdata/go_model.npz", nn.LoadNpzFile}, {"testdata/go_model.safetensors", nn.LoadSafetensorsFile}} {
		got := fixtureModel(8)
		if err := c.load(c.path, got); err != nil {
			t.Fatal(err)
		}
		want, have := m.StateDict(), got.StateDict()
		var names []string
		for i := range want {
			names = append(names, have[i].Name)
			if !tensor.AllClose(have[i].Tensor, want[i].Tensor, 1e-6, 1e-7) {
				t.Errorf("%s: committed %v, the fixture model has %v", want[i].Name, have[i].Tensor, want[i].Tensor)
			}
		}
		if !slices.Equal(names, fixtureNames) {
			t.Errorf("names %v, want %v", names, fixtureNames)
		}
	}
}

// TestTorchLoadOutput checks PyTorch's output for the committed checkpoint, recorded by
// torch_load.py after np.load + torch.from_numpy + load_state_dict, against gotensor's.
func TestTorchLoadOutput(t *testing.T) {
	b, err := os.ReadFile("testdata/torch_load_out.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Names  []string    `json:"names"`
		Input  [][]float64 `json:"input"`
		Output [][]float64 `json:"output"`
		Same   bool        `json:"safetensors_same"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.Names, fixtureNames) {
		t.Errorf("PyTorch's state_dict names %v, want %v", rec.Names, fixtureNames)
	}
	if !rec.Same {
		t.Error("PyTorch got another model from the safetensors checkpoint than from the npz one")
	}
	m := fixtureModel(9)
	if err := nn.LoadNpzFile("testdata/go_model.npz", m); err != nil {
		t.Fatal(err)
	}
	m.Eval()
	x := tensor.Array(rec.Input).AsType(tensor.Float32)
	y := nn.Infer(m, x)
	if want := tensor.Array(rec.Output); !tensor.AllClose(y, want, 1e-5, 1e-6) {
		t.Errorf("output %v, PyTorch's %v", y, want)
	}
}
