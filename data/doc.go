// Package data reads datasets into tensors and serves them in batches for training.
//
// Readers, beside the core's .npy/.npz (tensor.ReadNpyFile, tensor.ReadNpzFile):
//
//   - ReadIDX and ReadIDXFile read the IDX format of MNIST and Fashion-MNIST, gzip'd
//     or not; WriteIDX writes it.
//   - ReadCSV and ReadCSVFile read a table of numbers into a 2-D tensor, as np.loadtxt,
//     with missing values as NaN.
//   - FashionMNIST finds Debian's Fashion-MNIST (apt-get install dataset-fashion-mnist)
//     or reads the same files from a directory; MNIST reads LeCun's digits from one.
//     ScaleImages turns their uint8 images into the float32 (N, 1, 28, 28) in [0, 1]
//     that torchvision's ToTensor makes.
//
// Readers return CPU tensors (move them with To). Malformed input is a *FormatError,
// wrapping ErrFormat, that names the file and where in it: the byte offset for IDX,
// the row and column for CSV. Errors of the underlying reader or file system are
// returned wrapped, as they are.
//
// A Loader serves the samples of tensors x and y (entries along axis 0) in batches, as
// PyTorch's DataLoader over a TensorDataset: with Shuffle, each epoch's order is the
// next permutation that np.random.default_rng(Seed) draws, so
//
//	loader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: 64, Shuffle: true, Seed: 0, DropLast: true})
//	for epoch := range 10 {
//		for b := range loader.Epoch() {
//			// b.X, b.Y: the batch's samples; b.Indices: their positions in x.
//		}
//	}
//
// visits the samples in the order of
//
//	rng = np.random.default_rng(0)
//	for epoch in range(10):
//	    order = rng.permutation(len(x))
//
// taken BatchSize at a time. Batches are gathered with tensor.Take on x's device, one
// batch ahead (LoaderOptions.Prefetch) on another goroutine; leaving a loop early
// stops that goroutine.
package data
