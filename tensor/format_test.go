package tensor_test

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// formatCase is one line of testdata/format/golden.jsonl (see gen.py there).
type formatCase struct {
	Name      string `json:"name"`
	DType     string `json:"dtype"`
	Shape     []int  `json:"shape"`
	Data      string `json:"data"`
	View      string `json:"view"`
	Precision int    `json:"precision"`
	Str       string `json:"str"`
	Repr      string `json:"repr"`
}

func loadFormatCases(t *testing.T) []formatCase {
	t.Helper()
	f, err := os.Open("testdata/format/golden.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []formatCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var c formatCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("golden.jsonl line %d: %v", len(cases)+1, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("golden.jsonl has %d cases, want at least 100", len(cases))
	}
	return cases
}

// formatTensor builds the case's base array from its little-endian bytes.
func formatTensor(t *testing.T, c formatCase) *tensor.Tensor {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(c.Data)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	switch c.DType {
	case "float32":
		v := make([]float32, len(b)/4)
		for i := range v {
			v[i] = math.Float32frombits(le.Uint32(b[4*i:]))
		}
		return tensor.FromSlice(v, c.Shape...)
	case "float64":
		v := make([]float64, len(b)/8)
		for i := range v {
			v[i] = math.Float64frombits(le.Uint64(b[8*i:]))
		}
		return tensor.FromSlice(v, c.Shape...)
	case "int32":
		v := make([]int32, len(b)/4)
		for i := range v {
			v[i] = int32(le.Uint32(b[4*i:]))
		}
		return tensor.FromSlice(v, c.Shape...)
	case "int64":
		v := make([]int64, len(b)/8)
		for i := range v {
			v[i] = int64(le.Uint64(b[8*i:]))
		}
		return tensor.FromSlice(v, c.Shape...)
	case "uint8":
		return tensor.FromSlice(append([]uint8{}, b...), c.Shape...)
	case "bool":
		v := make([]bool, len(b))
		for i := range v {
			v[i] = b[i] != 0
		}
		return tensor.FromSlice(v, c.Shape...)
	}
	t.Fatalf("unknown dtype %q", c.DType)
	return nil
}

// formatViews are the views golden.jsonl applies to its base arrays.
var formatViews = map[string]func(*tensor.Tensor) *tensor.Tensor{
	"":     func(x *tensor.Tensor) *tensor.Tensor { return x },
	"T":    func(x *tensor.Tensor) *tensor.Tensor { return x.T() },
	"flip": func(x *tensor.Tensor) *tensor.Tensor { return x.Slice(tensor.S(tensor.None, tensor.None, -1)) },
	"step": func(x *tensor.Tensor) *tensor.Tensor { return x.Slice(tensor.S(tensor.None, tensor.None, 2)) },
	"colstep": func(x *tensor.Tensor) *tensor.Tensor {
		return x.Slice(tensor.S(), tensor.S(tensor.None, tensor.None, -2))
	},
}

// TestFormatGolden compares String, Repr and the precision verbs with NumPy's str and
// repr, byte for byte.
func TestFormatGolden(t *testing.T) {
	for _, c := range loadFormatCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			base := formatTensor(t, c)
			strOf, reprOf := (*tensor.Tensor).Str, (*tensor.Tensor).String
			if c.Precision >= 0 {
				strOf = func(x *tensor.Tensor) string { return fmt.Sprintf("%.*s", c.Precision, x) }
				reprOf = func(x *tensor.Tensor) string { return fmt.Sprintf("%.*v", c.Precision, x) }
			}
			var gotStr, gotRepr string
			if c.View == "each" {
				var s, r []string
				for i := 0; i < base.Dim(0); i++ {
					e := base.Slice(i)
					s, r = append(s, strOf(e)), append(r, reprOf(e))
				}
				gotStr, gotRepr = strings.Join(s, "\n"), strings.Join(r, "\n")
			} else {
				view, ok := formatViews[c.View]
				if !ok {
					t.Fatalf("unknown view %q", c.View)
				}
				x := view(base)
				gotStr, gotRepr = strOf(x), reprOf(x)
			}
			if gotStr != c.Str {
				t.Errorf("str:\ngot:\n%s\nwant (NumPy):\n%s", gotStr, c.Str)
			}
			if gotRepr != c.Repr {
				t.Errorf("repr:\ngot:\n%s\nwant (NumPy):\n%s", gotRepr, c.Repr)
			}
		})
	}
}

func TestFormatVerbs(t *testing.T) {
	x := tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	info := "tensor.Tensor{shape: (2, 2), dtype: float32, strides: (8, 4), offset: 0, device: cpu}\n" +
		"array([[1., 2.],\n       [3., 4.]], dtype=float32)"
	for _, tc := range []struct{ name, got, want string }{
		{"Println", fmt.Sprintln(x), "array([[1., 2.],\n       [3., 4.]], dtype=float32)\n"},
		{"%v", fmt.Sprintf("%v", x), "array([[1., 2.],\n       [3., 4.]], dtype=float32)"},
		{"%s", fmt.Sprintf("%s", x), "[[1. 2.]\n [3. 4.]]"},
		{"Str", x.Str(), "[[1. 2.]\n [3. 4.]]"},
		{"%#v", fmt.Sprintf("%#v", x), info},
		{"Info", x.Info(), info},
		{"%d", fmt.Sprintf("%d", x), "%!d(*tensor.Tensor=[[1. 2.]\n [3. 4.]])"},
		{"%.1s", fmt.Sprintf("%.1s", tensor.FromSlice([]float64{1.25, 2})), "[1.2 2. ]"},
		{"%.1v", fmt.Sprintf("%.1v", tensor.FromSlice([]float64{1.25, 2})), "array([1.2, 2. ])"},
		{"nil", fmt.Sprintf("%v|%s|%#v", (*tensor.Tensor)(nil), (*tensor.Tensor)(nil), (*tensor.Tensor)(nil)), "<nil>|<nil>|<nil>"},
		{"nil String", (*tensor.Tensor)(nil).String(), "<nil>"},
		{"view Info", x.T().Slice(1).Info(),
			"tensor.Tensor{shape: (2,), dtype: float32, strides: (8,), offset: 1, device: cpu}\narray([2., 4.], dtype=float32)"},
		{"broadcast Info", tensor.FromSlice([]int64{1, 2}).BroadcastTo(2, 2).Info(),
			"tensor.Tensor{shape: (2, 2), dtype: int64, strides: (0, 8), offset: 0, device: cpu, readonly}\narray([[1, 2],\n       [1, 2]])"},
		{"0-d", fmt.Sprintf("%s", tensor.Scalar(float32(0.1))), "0.1"},
		{"0-d repr", fmt.Sprint(tensor.Scalar(float32(0.1))), "array(0.1, dtype=float32)"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
}

func ExampleTensor_String() {
	x := tensor.FromSlice([]float32{1, 2.5, -3, 0.125}, 2, 2)
	fmt.Println(x)
	fmt.Println(x.Str())
	fmt.Println(tensor.FromSlice([]float64{1e-5, 1, 1e5}))
	// Output:
	// array([[ 1.   ,  2.5  ],
	//        [-3.   ,  0.125]], dtype=float32)
	// [[ 1.     2.5  ]
	//  [-3.     0.125]]
	// array([1.e-05, 1.e+00, 1.e+05])
}
