package data_test

import (
	"bytes"
	binenc "encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/tensor"
)

const subsetDir = "testdata/fashion-subset"

// subsetExpected is expected.json, written by make_subset.py from Debian's files.
type subsetExpected struct {
	Count          int     `json:"count"`
	FullCount      int     `json:"full_count"`
	LabelsFirst    []int   `json:"labels_first"`
	LabelCounts    []int   `json:"label_counts"`
	PixelSum       int     `json:"pixel_sum"`
	ImageSumsFirst []int   `json:"image_sums_first"`
	Pixels         [][]int `json:"pixels"`
}

func readExpected(t *testing.T) map[string]subsetExpected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(subsetDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]subsetExpected
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkSubset compares images and labels with the values make_subset.py recorded.
func checkSubset(t *testing.T, images, labels *tensor.Tensor, want subsetExpected) {
	t.Helper()
	if images.DType() != tensor.Uint8 || !slices.Equal(images.Shape(), []int{want.Count, 28, 28}) {
		t.Fatalf("images are %v %v, want uint8 (%d, 28, 28)", images.DType(), images.Shape(), want.Count)
	}
	if labels.DType() != tensor.Uint8 || !slices.Equal(labels.Shape(), []int{want.Count}) {
		t.Fatalf("labels are %v %v, want uint8 (%d,)", labels.DType(), labels.Shape(), want.Count)
	}
	pix, lab := images.Data().([]uint8), labels.Data().([]uint8)
	counts := make([]int, 10)
	for _, c := range lab {
		counts[c]++
	}
	if !slices.Equal(counts, want.LabelCounts) {
		t.Errorf("label counts %v, want %v", counts, want.LabelCounts)
	}
	for i, c := range want.LabelsFirst {
		if int(lab[i]) != c {
			t.Errorf("label %d is %d, want %d", i, lab[i], c)
		}
	}
	sum := 0
	for _, p := range pix {
		sum += int(p)
	}
	if sum != want.PixelSum {
		t.Errorf("pixel sum %d, want %d", sum, want.PixelSum)
	}
	for i, s := range want.ImageSumsFirst {
		if got := int(images.Slice(i).AsType(tensor.Int64).Sum().Item()); got != s {
			t.Errorf("image %d sums to %d, want %d", i, got, s)
		}
	}
	for _, p := range want.Pixels {
		if got := images.Slice(p[0], p[1], p[2]).Item(); int(got) != p[3] {
			t.Errorf("pixel %v is %v, want %d", p[:3], got, p[3])
		}
	}
}

func TestFashionSubset(t *testing.T) {
	want := readExpected(t)
	for _, train := range []bool{true, false} {
		images, labels, err := data.FashionMNIST(subsetDir, train)
		if err != nil {
			t.Fatal(err)
		}
		split := map[bool]string{true: "train", false: "t10k"}[train]
		checkSubset(t, images, labels, want[split])
	}
}

// The subset is the start of Debian's files, where they are installed.
func TestFashionDebian(t *testing.T) {
	if _, err := os.Stat(data.DebianFashionMNIST); err != nil {
		t.Skip("Debian's dataset-fashion-mnist is not installed")
	}
	if testing.Short() {
		t.Skip("reads 30 MB")
	}
	want := readExpected(t)
	for _, train := range []bool{true, false} {
		images, labels, err := data.FashionMNIST("", train)
		if err != nil {
			t.Fatal(err)
		}
		sub, sublab, err := data.FashionMNIST(subsetDir, train)
		if err != nil {
			t.Fatal(err)
		}
		split := map[bool]string{true: "train", false: "t10k"}[train]
		if n := images.Shape()[0]; n != want[split].FullCount || labels.Shape()[0] != n {
			t.Fatalf("%s: %d images, %d labels, want %d", split, n, labels.Shape()[0], want[split].FullCount)
		}
		m := want[split].Count
		if !bytes.Equal(images.Data().([]uint8)[:m*784], sub.Data().([]uint8)) || !bytes.Equal(labels.Data().([]uint8)[:m], sublab.Data().([]uint8)) {
			t.Errorf("%s: the subset is not the first %d samples of Debian's files", split, m)
		}
	}
}

// MNIST reads the same file names from a directory.
func TestMNIST(t *testing.T) {
	images, labels, err := data.MNIST(subsetDir, true)
	if err != nil {
		t.Fatal(err)
	}
	checkSubset(t, images, labels, readExpected(t)["train"])
	dir := t.TempDir()
	if _, _, err := data.MNIST(dir, false); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "t10k-images-idx3-ubyte") || !strings.Contains(err.Error(), dir) {
		t.Errorf("MNIST of an empty directory: %v", err)
	}
}

func TestFashionMissing(t *testing.T) {
	dir := t.TempDir()
	_, _, err := data.FashionMNIST(dir, true)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "apt-get install dataset-fashion-mnist") ||
		!strings.Contains(err.Error(), "-data DIR") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("error %v: want one wrapping fs.ErrNotExist that names %s and says how to install", err, dir)
	}
	// Labels that do not match the images.
	copyFile(t, filepath.Join(subsetDir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-images-idx3-ubyte.gz"))
	copyFile(t, filepath.Join(subsetDir, "t10k-labels-idx1-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
	if _, _, err := data.FashionMNIST(dir, true); !errors.Is(err, data.ErrFormat) || !strings.Contains(err.Error(), "200 labels for the 300 images") {
		t.Fatalf("mismatched labels: error %v", err)
	}
	// A corrupt file is a *FormatError naming it.
	b, err := os.ReadFile(filepath.Join(subsetDir, "train-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "train-images-idx3-ubyte.gz")
	if err := os.WriteFile(bad, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	var fe *data.FormatError
	if _, _, err := data.FashionMNIST(dir, true); !errors.As(err, &fe) || fe.File != bad || !strings.HasPrefix(err.Error(), "data.FashionMNIST: "+bad+": offset ") {
		t.Fatalf("truncated images: error %v", err)
	}
	// Uncompressed files are found too.
	raw, err := data.ReadIDXFile(filepath.Join(subsetDir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "t10k-labels-idx1-ubyte"))
	if err != nil {
		t.Fatal(err)
	}
	if err := data.WriteIDX(f, raw); err != nil {
		t.Fatal(err)
	}
	f.Close()
	copyFile(t, filepath.Join(subsetDir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-images-idx3-ubyte.gz"))
	if _, labels, err := data.FashionMNIST(dir, false); err != nil || labels.Shape()[0] != 200 {
		t.Fatalf("uncompressed labels: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScaleImages(t *testing.T) {
	images, _, err := data.FashionMNIST(subsetDir, false)
	if err != nil {
		t.Fatal(err)
	}
	x := data.ScaleImages(images)
	if x.DType() != tensor.Float32 || !slices.Equal(x.Shape(), []int{200, 1, 28, 28}) {
		t.Fatalf("ScaleImages gave %v %v", x.DType(), x.Shape())
	}
	xs, ps := x.Data().([]float32), images.Data().([]uint8)
	for i, p := range ps {
		if xs[i] != float32(p)/255 {
			t.Fatalf("element %d is %v, want %v/255 in float32", i, xs[i], p)
		}
	}
	// A strided view scales as its copy does.
	v := images.Slice(tensor.S(tensor.None, tensor.None, -3), tensor.S(tensor.None, tensor.None, 2))
	if !bytes.Equal(f32bytes(data.ScaleImages(v)), f32bytes(data.ScaleImages(v.Contiguous()))) {
		t.Error("a strided view scales differently from its copy")
	}
	if got := data.ScaleImages(images.Slice(0)).Shape(); !slices.Equal(got, []int{1, 28, 28}) {
		t.Errorf("one image scales to %v, want (1, 28, 28)", got)
	}
	for _, bad := range []*tensor.Tensor{x, images.Slice(0, 0)} {
		if err := tensor.Try(func() { data.ScaleImages(bad) }); tensor.KindOf(err) != tensor.Value {
			t.Errorf("ScaleImages(%v %v): error %v, want a Value error", bad.DType(), bad.Shape(), err)
		}
	}
}

func f32bytes(t *tensor.Tensor) []byte {
	var b []byte
	for _, v := range tensor.ToSlice[float32](t) {
		b = binenc.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}
