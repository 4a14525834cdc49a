package tensor_test

import (
	"fmt"

	"github.com/gotensor/gotensor/tensor"
)

// AddAt accumulates at repeated indices, as np.add.at: counts, a histogram of labels
// and per-class sums of rows (the gradient of an embedding lookup).
func ExampleAddAt() {
	labels := tensor.FromSlice([]int64{2, 0, 2, 2, -1})
	counts := tensor.Zeros(tensor.Int64, 4)
	tensor.AddAt(counts, labels, 1)
	fmt.Println(counts)

	rows := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2)
	sums := tensor.Zeros(tensor.Float32, 4, 2)
	sums.AddAt(labels, rows, 0)
	fmt.Println(sums)
	// Output:
	// array([1, 0, 3, 1])
	// array([[ 3.,  4.],
	//        [ 0.,  0.],
	//        [13., 16.],
	//        [ 9., 10.]], dtype=float32)
}
