// Command tour is the README's walk through gotensor, section by section, mirroring a
// NumPy-for-ML notebook: creation, indexing and masks, broadcasting, matrix products,
// reductions, reshaping, views and copies, sharing memory with Go slices, and NumPy's
// random streams, linear algebra, printing and .npy files.
//
//	go run ./examples/tour
package main

import (
	"bytes"
	"fmt"
	"math"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

func main() {
	creation()
	indexing()
	masks()
	broadcasting()
	matmul()
	reductions()
	reshaping()
	views()
	zeroCopy()
	numpyParity()
	breadth()
	gradients()
}

func creation() {
	x := tensor.FromSlice([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3) // np.array([[1,2,3],[4,5,6],[7,8,9]])
	fmt.Println(x.Shape(), x.DType())                               // [3 3] int64

	w := tensor.Zeros(tensor.Float64, 3, 4)                         // np.zeros((3, 4))
	id := tensor.Eye(tensor.Float64, 3, 0, 0)                       // np.eye(3)
	r := tensor.Arange(tensor.Float32, 0, 1, 0.25)                  // np.arange(0, 1, 0.25, dtype=np.float32)
	fmt.Println(w.Shape(), id.At(1, 1), tensor.ToSlice[float32](r)) // [3 4] 1 [0 0.25 0.5 0.75]

	batch := tensor.Ones(tensor.Float32, 32, 10, 8)                        // (batch, seq_len, features)
	fmt.Println(batch.NDim(), batch.Size(), batch.DType(), batch.NBytes()) // 3 2560 float32 10240
}

func indexing() {
	images := tensor.Zeros(tensor.Uint8, 8, 28, 28, 3)
	first := images.Slice(0)                                           // images[0]
	mini := images.Slice(tensor.S(tensor.None, 4))                     // images[:4]
	red := images.Slice(tensor.Ellipsis, 0)                            // images[..., 0]
	crop := images.Slice(tensor.S(), tensor.S(7, 21), tensor.S(7, 21)) // images[:, 7:21, 7:21]
	fmt.Println(first.Shape(), mini.Shape(), red.Shape(), crop.Shape())
	// [28 28 3] [4 28 28 3] [8 28 28] [8 14 14 3]
}

func masks() {
	scores := tensor.FromSlice([]int64{85, 92, 78, 96, 88, 73, 91, 82})
	names := []string{"Alice", "Bob", "Charlie", "Diana", "Eve", "Frank", "Grace", "Henry"}

	high := tensor.Greater(scores, 85)                                  // scores > 85
	fmt.Println(tensor.ToSlice[int64](tensor.MaskSelect(scores, high))) // [92 96 88 91]
	var who []string
	for _, i := range tensor.ToSlice[int64](high.NonZero()[0]) { // np.nonzero(scores > 85)[0]
		who = append(who, names[i])
	}
	fmt.Println(who) // [Bob Diana Eve Grace]

	good := tensor.LogicalAnd(tensor.GreaterEqual(scores, 80), tensor.LessEqual(scores, 90))
	fmt.Println(tensor.ToSlice[int64](tensor.MaskSelect(scores, good))) // [85 88 82]

	tensor.MaskAssign(scores, tensor.Less(scores, 80), 80) // scores[scores < 80] = 80
	fmt.Println(tensor.ToSlice[int64](scores))             // [85 92 80 96 88 80 91 82]
}

func broadcasting() {
	a := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tensor.FromSlice([]float64{2, 2, 2, 3, 3, 3}, 2, 3)
	fmt.Println(tensor.ToSlice[float64](a.Add(b))) // [3 4 5 7 8 9]
	fmt.Println(tensor.ToSlice[float64](a.Mul(b))) // [2 4 6 12 15 18]
	fmt.Println(tensor.ToSlice[float64](a.Pow(2))) // [1 4 9 16 25 36]

	x := tensor.FromSlice([]float64{-2, -1, 0, 1, 2})
	fmt.Println(tensor.ToSlice[float64](tensor.ReLU(x)))                     // [0 0 0 1 2]
	fmt.Println(tensor.ToSlice[float64](tensor.Round(tensor.Sigmoid(x), 3))) // [0.119 0.269 0.5 0.731 0.881]

	// A (100, 5) batch plus a (5,) bias: the bias is added to every row.
	features := tensor.Ones(tensor.Float64, 100, 5)
	bias := tensor.FromSlice([]float64{0.1, -0.2, 0.3, -0.1, 0.2})
	out := features.Add(bias)
	fmt.Println(out.Shape(), tensor.ToSlice[float64](out.Slice(0))) // [100 5] [1.1 0.8 1.3 0.9 1.2]

	// Standardize each column: (data - mean) / std, with (3,) statistics over (1000, 3) data.
	data := tensor.Sin(tensor.Arange(tensor.Float64, 0, 3000, 1).Reshape(1000, 3)).Mul(10).Add(5)
	norm := data.Sub(data.Mean(0)).Div(data.Std(0))
	fmt.Println(tensor.AllClose(norm.Mean(0), 0.0, 0, 1e-12), tensor.AllClose(norm.Std(0), 1.0, 1e-12, 0)) // true true

	fmt.Println(tensor.BroadcastShapes([]int{2, 1, 4}, []int{3, 4})) // [2 3 4]
}

func matmul() {
	X := tensor.Ones(tensor.Float64, 32, 10) // batch of 32, 10 input features
	W := tensor.Arange(tensor.Float64, 0, 50, 1).Reshape(10, 5)
	b := tensor.FromSlice([]float64{1, 2, 3, 4, 5})
	Y := X.MatMul(W).Add(b)                                     // X @ W + b
	fmt.Println(Y.Shape(), tensor.ToSlice[float64](Y.Slice(0))) // [32 5] [226 237 248 259 270]
	fmt.Println(W.T().Shape())                                  // [5 10]
}

func reductions() {
	predictions := tensor.Cos(tensor.Arange(tensor.Float64, 0, 500, 1).Reshape(100, 5))  // 100 samples, 5 classes
	fmt.Println(predictions.Mean(0).Shape(), predictions.Mean(1).Shape())                // [5] [100]
	fmt.Println(predictions.Max(1, tensor.KeepDims).Shape(), predictions.Max(1).Shape()) // [100 1] [100]

	logits := tensor.FromSlice([]float64{2, 1, 0, 0, 3, 1, 1, 1, 4, 0, 2, 1, 3, 0, 0}, 5, 3)
	probs := tensor.Softmax(logits, 1)
	fmt.Println(tensor.AllClose(probs.Sum(1), 1.0, 1e-12, 0)) // true
	labels := tensor.FromSlice([]int64{0, 1, 2, 1, 0})
	predicted := probs.ArgMax(1)
	fmt.Println(tensor.ToSlice[int64](predicted))                                     // [0 1 2 1 0]
	fmt.Println(tensor.Equal(labels, predicted).AsType(tensor.Float64).Mean().Item()) // 1
}

func reshaping() {
	flat := tensor.Zeros(tensor.Uint8, 100, 784)
	imgs := flat.Reshape(100, 28, 28)
	fmt.Println(imgs.Shape(), flat.Reshape(100, 28, 28, -1).Shape(), imgs.Reshape(100, -1).Shape())
	// [100 28 28] [100 28 28 1] [100 784]

	seq := tensor.Zeros(tensor.Float32, 32, 50, 128)
	fmt.Println(seq.Transpose(1, 0, 2).Shape())            // [50 32 128]
	withAxis := seq.Slice(tensor.Ellipsis, tensor.NewAxis) // seq[..., np.newaxis]
	fmt.Println(withAxis.Shape(), withAxis.Squeeze().Shape(), seq.ExpandDims(0).Shape())
	// [32 50 128 1] [32 50 128] [1 32 50 128]

	b1, b2 := tensor.Zeros(tensor.Float64, 16, 10), tensor.Ones(tensor.Float64, 16, 10)
	fmt.Println(tensor.Concatenate([]*tensor.Tensor{b1, b2}, 0).Shape()) // [32 10]
	fmt.Println(tensor.Stack([]*tensor.Tensor{b1, b2}, 0).Shape())       // [2 16 10]
}

func views() {
	original := tensor.Arange(tensor.Float64, 0, 1e6, 1).Reshape(1000, 1000)
	view := original.Slice(tensor.S(tensor.None, tensor.None, 2), tensor.S(tensor.None, tensor.None, 2)) // original[::2, ::2]
	cp := original.Copy()
	fmt.Println(view.Shape(), view.SharesMemory(original), cp.SharesMemory(original)) // [500 500] true false

	original.SetAt(999, 0, 0)               // original[0, 0] = 999
	fmt.Println(view.At(0, 0), cp.At(0, 0)) // 999 0
}

func zeroCopy() {
	data := make([]float32, 32*10)      // e.g. filled by a data loader
	x := tensor.FromSlice(data, 32, 10) // shares data, like torch.from_numpy
	data[0] = 42
	fmt.Println(x.At(0, 0)) // 42

	back := tensor.DataAs[float32](x) // the same memory, like .numpy()
	back[1] = 7
	fmt.Println(x.At(0, 1), data[1]) // 7 7
}

func numpyParity() {
	random.Seed(42)         // np.random.seed(42)
	r := random.Randn(2, 3) // np.random.randn(2, 3): the same numbers, bit for bit
	fmt.Println(r)          // printed as NumPy's repr
	// array([[ 0.49671415, -0.1382643 ,  0.64768854],
	//        [ 1.52302986, -0.23415337, -0.23413696]])
	rng := random.NewGenerator(42)                             // np.random.default_rng(42)
	fmt.Println(tensor.ToSlice[int64](rng.Integers(0, 10, 5))) // [0 7 6 4 4]

	A := tensor.FromSlice([]float64{4, 1, 2, 3}, 2, 2)
	fmt.Printf("%.4f %.4f\n", linalg.Det(A).Item(), linalg.Norm(A, linalg.Fro).Item()) // 10.0000 5.4772
	fmt.Println(linalg.EigvalsH(A.Add(A.T())))                                         // array([ 3.83772234, 10.16227766])

	var buf bytes.Buffer
	_ = tensor.SaveNpy(&buf, r) // np.save's format: NumPy loads it
	back, _ := tensor.LoadNpy(&buf)
	fmt.Println(tensor.ArrayEqual(back, r)) // true
}

func breadth() {
	m := tensor.Array([][]float64{{1, 2}, {3, 4}}) // np.array([[1, 2], [3, 4]])
	fmt.Println(tensor.Einsum("ij,jk->ik", m, m))  // np.einsum('ij,jk->ik', m, m)
	// array([[ 7., 10.],
	//        [15., 22.]])
	q := tensor.Quantile(m, 0.25, "linear")                         // np.quantile(m, 0.25)
	nm := tensor.NanMean(tensor.Array([]float64{1, math.NaN(), 3})) // np.nanmean([1, np.nan, 3])
	fmt.Println(q.Item(), nm.Item())                                // 1.75 2

	edges := tensor.Array([]float64{0, 1.5, 3})
	idx := tensor.SearchSorted(edges, m, "left", nil)            // np.searchsorted(edges, m)
	fmt.Println(tensor.ToSlice[int64](idx))                      // [1 2 2 3]
	fmt.Println(tensor.Pad(m, [][2]int{{0, 0}, {1, 1}}, "edge")) // np.pad(m, ((0, 0), (1, 1)), 'edge')
	// array([[1., 1., 2., 2.],
	//        [3., 3., 4., 4.]])

	o := tensor.GetPrintOptions() // with np.printoptions(precision=3): print(repr(np.log2(m)))
	o.Precision = 3
	fmt.Println(tensor.ReprWith(tensor.Log2(m), o))
	// array([[0.   , 1.   ],
	//        [1.585, 2.   ]])
}

func gradients() {
	w := tensor.FromSlice([]float64{1, 2, 3}).RequiresGrad() // a leaf that collects a gradient
	loss := w.Mul(w).Sum()                                   // sum(w**2), recorded
	autograd.Backward(loss)                                  // d loss / dw = 2w
	fmt.Println(tensor.ToSlice[float64](w.Grad()))           // [2 4 6]

	opt := autograd.NewSGD([]*tensor.Tensor{w}, autograd.SGD{LR: 0.25})
	opt.Step()                                       // w -= 0.25 * grad, not recorded
	opt.ZeroGrad()                                   // gradients accumulate until zeroed
	fmt.Println(tensor.ToSlice[float64](w.Detach())) // [0.5 1 1.5]
}
