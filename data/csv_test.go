package data_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/tensor"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		dt    tensor.DType
		opts  data.CSVOptions
		shape []int
		want  string // Repr
	}{
		{"floats", "1,2.5,-3\n4e2, 5 ,6\n", tensor.Float64, data.CSVOptions{}, []int{2, 3}, "array([[  1. ,   2.5,  -3. ],\n       [400. ,   5. ,   6. ]])"},
		{"header", "a,b\n1,2\n3,4\n", tensor.Float32, data.CSVOptions{Header: true}, []int{2, 2}, "array([[1., 2.],\n       [3., 4.]], dtype=float32)"},
		{"missing as nan", "1,,3\nNA,5,6\n", tensor.Float64, data.CSVOptions{Missing: []string{"NA"}}, []int{2, 3}, "array([[ 1., nan,  3.],\n       [nan,  5.,  6.]])"},
		{"nan inf", "nan,inf,-Inf,1e999\n", tensor.Float64, data.CSVOptions{}, []int{1, 4}, "array([[ nan,  inf, -inf,  inf]])"},
		{"semicolon", "1;2\n3;4\n", tensor.Int64, data.CSVOptions{Delimiter: ';'}, []int{2, 2}, "array([[1, 2],\n       [3, 4]])"},
		{"tabs", "1\t2\n3\t4\n", tensor.Int32, data.CSVOptions{Delimiter: '\t'}, []int{2, 2}, "array([[1, 2],\n       [3, 4]], dtype=int32)"},
		{"whitespace", "  1   2\t3\n\n# note\n4 5 6  \n", tensor.Uint8, data.CSVOptions{Delimiter: ' ', Comment: '#'}, []int{2, 3}, "array([[1, 2, 3],\n       [4, 5, 6]], dtype=uint8)"},
		{"quoted", "\"1\",\" 2\"\r\n3,4\r\n", tensor.Int64, data.CSVOptions{}, []int{2, 2}, "array([[1, 2],\n       [3, 4]])"},
		{"comments and blank lines", "# x\n1,2\n\n3,4\n", tensor.Float64, data.CSVOptions{Comment: '#'}, []int{2, 2}, ""},
		{"byte order mark", "\ufeff1,2\n", tensor.Int64, data.CSVOptions{}, []int{1, 2}, "array([[1, 2]])"},
		{"bools", "true,0\nF,1\n", tensor.Bool, data.CSVOptions{}, []int{2, 2}, "array([[ True, False],\n       [False,  True]])"},
		{"one column", "1\n2\n3", tensor.Float64, data.CSVOptions{}, []int{3, 1}, ""},
		{"empty", "", tensor.Float64, data.CSVOptions{}, []int{0, 0}, ""},
		{"header only", "a,b,c\n", tensor.Float64, data.CSVOptions{Header: true}, []int{0, 3}, ""},
		{"float32 rounding", "0.1,16777217\n", tensor.Float32, data.CSVOptions{}, []int{1, 2}, "array([[1.0000000e-01, 1.6777216e+07]], dtype=float32)"},
	}
	for _, tc := range tests {
		x, err := data.ReadCSV(strings.NewReader(tc.in), tc.dt, tc.opts)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if x.DType() != tc.dt || !slices.Equal(x.Shape(), tc.shape) {
			t.Errorf("%s: got %v %v, want %v %v", tc.name, x.DType(), x.Shape(), tc.dt, tc.shape)
			continue
		}
		if tc.want != "" && x.Repr() != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, x.Repr(), tc.want)
		}
		y, err := data.ReadCSV(iotest.OneByteReader(strings.NewReader(tc.in)), tc.dt, tc.opts)
		if err != nil || y.Repr() != x.Repr() {
			t.Errorf("%s: one byte at a time: %v", tc.name, err)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		dt       tensor.DType
		opts     data.CSVOptions
		row, col int
		words    []string
	}{
		{"missing int", "1,2\n3,\n", tensor.Int64, data.CSVOptions{}, 2, 2, []string{"missing value", "int64 has no NaN"}},
		{"missing NA int", "h1,h2\n1,2\nNA,4\n", tensor.Int32, data.CSVOptions{Header: true, Missing: []string{"NA"}}, 3, 1, []string{`missing value ("NA")`}},
		{"not a number", "1,2\n3,x4\n", tensor.Float64, data.CSVOptions{}, 2, 2, []string{`"x4" is not a number for float64`}},
		{"float for int", "1.5\n", tensor.Int64, data.CSVOptions{}, 1, 1, []string{`"1.5" is not a number for int64`}},
		{"int32 range", "1\n2147483648\n", tensor.Int32, data.CSVOptions{}, 2, 1, []string{"out of range for int32"}},
		{"uint8 range", "256\n", tensor.Uint8, data.CSVOptions{}, 1, 1, []string{"out of range for uint8"}},
		{"negative uint8", "-1\n", tensor.Uint8, data.CSVOptions{}, 1, 1, []string{"not a number"}},
		{"short row", "1,2,3\n4,5\n", tensor.Float64, data.CSVOptions{}, 2, 3, []string{"2 fields, but the record on line 1 has 3"}},
		{"long row", "1,2\n\n4,5,6\n", tensor.Float64, data.CSVOptions{}, 3, 3, []string{"3 fields"}},
		{"bad bool", "yes\n", tensor.Bool, data.CSVOptions{}, 1, 1, []string{`"yes" is not a number for bool`}},
		{"bare quote", "1,2\n3,4\"x\n", tensor.Float64, data.CSVOptions{}, 2, 0, []string{"bare \" in non-quoted-field"}},
		{"whitespace bad", "1 2\n3 z\n", tensor.Float64, data.CSVOptions{Delimiter: ' '}, 2, 2, []string{`"z"`}},
	}
	for _, tc := range tests {
		_, err := data.ReadCSV(strings.NewReader(tc.in), tc.dt, tc.opts)
		var fe *data.FormatError
		if !errors.As(err, &fe) || !errors.Is(err, data.ErrFormat) {
			t.Errorf("%s: error %v, want a *FormatError", tc.name, err)
			continue
		}
		if fe.Row != tc.row || fe.Column != tc.col {
			t.Errorf("%s: row %d column %d, want %d %d (%v)", tc.name, fe.Row, fe.Column, tc.row, tc.col, err)
		}
		for _, w := range tc.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not contain %q", tc.name, err, w)
			}
		}
	}
	// From a file, the error names it, row and column.
	p := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(p, []byte("1,2\n3,?\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := data.ReadCSVFile(p, tensor.Float64, data.CSVOptions{})
	if err == nil || !strings.Contains(err.Error(), "data.ReadCSVFile: "+p+": row 2, column 2: ") {
		t.Errorf("file error %v", err)
	}
	// Reader errors pass through; bad arguments are errors.
	boom := errors.New("boom")
	for _, r := range []io.Reader{iotest.ErrReader(boom), io.MultiReader(strings.NewReader("1,2\n3"), iotest.ErrReader(boom))} {
		if _, err := data.ReadCSV(r, tensor.Float64, data.CSVOptions{}); !errors.Is(err, boom) || errors.Is(err, data.ErrFormat) {
			t.Errorf("reader error: %v", err)
		}
		if _, err := data.ReadCSV(iotest.ErrReader(boom), tensor.Float64, data.CSVOptions{Delimiter: ' '}); !errors.Is(err, boom) {
			t.Errorf("reader error, whitespace: %v", err)
		}
	}
	if _, err := data.ReadCSV(strings.NewReader("1"), tensor.Float64, data.CSVOptions{Delimiter: '"'}); err == nil {
		t.Error("delimiter '\"': no error")
	}
	if _, err := data.ReadCSV(nil, tensor.Float64, data.CSVOptions{}); err == nil {
		t.Error("nil reader: no error")
	}
	if _, err := data.ReadCSVFile(filepath.Join(t.TempDir(), "absent.csv"), tensor.Float64, data.CSVOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
}
