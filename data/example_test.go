package data_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/tensor"
)

func ExampleReadIDXFile() {
	labels, err := data.ReadIDXFile("testdata/fashion-subset/t10k-labels-idx1-ubyte.gz")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(labels.DType(), labels.Shape())
	fmt.Println(labels.Slice(tensor.S(0, 5)))
	fmt.Println(data.FashionMNISTClasses[int(labels.Slice(0).Item())])
	// Output:
	// uint8 [200]
	// array([9, 2, 1, 1, 6], dtype=uint8)
	// Ankle boot
}

func ExampleReadIDX_corrupt() {
	// An IDX header for 3 unsigned bytes, with only 2 of them.
	_, err := data.ReadIDX(strings.NewReader("\x00\x00\x08\x01\x00\x00\x00\x03\x01\x02"))
	fmt.Println(err)
	// Output:
	// data.ReadIDX: offset 10: truncated payload (shape (3,) of unsigned byte): got 2 of its 3 bytes
}

func ExampleWriteIDX() {
	var buf bytes.Buffer
	x := tensor.FromSlice([]int32{-1, 2, 300, 4}, 2, 2)
	if err := data.WriteIDX(&buf, x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% x\n", buf.Bytes()[:12])
	y, err := data.ReadIDX(&buf)
	fmt.Println(y, err)
	// Output:
	// 00 00 0c 02 00 00 00 02 00 00 00 02
	// array([[ -1,   2],
	//        [300,   4]], dtype=int32) <nil>
}

func ExampleFashionMNIST() {
	// "" would read Debian's files (apt-get install dataset-fashion-mnist); the tests
	// carry the first 200 test images.
	images, labels, err := data.FashionMNIST("testdata/fashion-subset", false)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := data.ScaleImages(images)
	fmt.Println(images.DType(), images.Shape(), labels.Shape())
	fmt.Println(x.DType(), x.Shape())
	fmt.Printf("%.4f\n", x.Max().Item())
	// Output:
	// uint8 [200 28 28] [200]
	// float32 [200 1 28 28]
	// 1.0000
}

func ExampleReadCSV() {
	in := "x,y,label\n5,15,1\n20,,0\n"
	t, err := data.ReadCSV(strings.NewReader(in), tensor.Float64, data.CSVOptions{Header: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t)
	_, err = data.ReadCSV(strings.NewReader(in), tensor.Int64, data.CSVOptions{Header: true})
	fmt.Println(err)
	// Output:
	// array([[ 5., 15.,  1.],
	//        [20., nan,  0.]])
	// data.ReadCSV: row 3, column 2: missing value (""): int64 has no NaN; read as float32 or float64
}

func ExampleNewLoader() {
	x := tensor.Arange(tensor.Float32, 0, 10, 1).Reshape(5, 2)
	y := tensor.Arange(tensor.Int64, 0, 5, 1)
	// rng = np.random.default_rng(42); rng.permutation(5) is [4 2 3 1 0], then [3 0 1 2 4];
	// DropLast drops each epoch's fifth sample.
	loader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: 2, Shuffle: true, Seed: 42, DropLast: true})
	for epoch := range 2 {
		for b := range loader.Epoch() {
			fmt.Println(epoch, b.Index, b.Indices, b.Y.Data(), b.X.Shape())
		}
	}
	// Output:
	// 0 0 [4 2] [4 2] [2 2]
	// 0 1 [3 1] [3 1] [2 2]
	// 1 0 [3 0] [3 0] [2 2]
	// 1 1 [1 2] [1 2] [2 2]
}
