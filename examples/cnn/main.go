// Command cnn trains a small convolutional network on Fashion-MNIST: two blocks of
// Conv2d(3x3, padding 1), BatchNorm2d, ReLU and MaxPool2d(2) (32 and 64 channels), then
// Flatten and Linear(64*7*7, 10), with Adam (lr 1e-3) and cross-entropy on batches of 64
// that data.Loader shuffles with a seed. After each epoch it prints the test set's
// accuracy and average loss, as examples/quickstart (PyTorch's tutorial) does.
//
//	apt-get install dataset-fashion-mnist     # or -data DIR with the four IDX files
//	go run ./examples/cnn                     # 3 epochs on the CPU
//	go run ./examples/cnn -epochs 5 -device cuda
//
// Output (the first epoch on the CPU, seed 0; 11 minutes on a loaded 2-core machine):
//
//	Epoch 1
//	-------------------------------
//	loss: 2.302336  [   64/60000]
//	loss: 0.355445  [ 6464/60000]
//	...
//	Test Error:
//	 Accuracy: 89.1%, Avg loss: 0.307811
//
// The model (model.go) is an nn.Sequential, so its state dict has the names of PyTorch's
// nn.Sequential of the same layers (0.weight, 1.running_mean, ..., 9.bias); -init and
// -save read and write it as .npz. Evaluation switches BatchNorm to its running
// statistics (model.Eval()) and runs under nn.NoGrad.
//
// Flags:
//
//	-epochs N      epochs to train (3)
//	-data DIR      read train-images-idx3-ubyte(.gz) etc. from DIR instead of Debian's
//	               /usr/share/datasets/fashion-mnist
//	-device NAME   cpu (default) or cuda: device.CUDA(0); an error if there is none
//	-init FILE     start from the weights in a .npz state dict (PyTorch's names)
//	-save FILE     write the trained weights as a .npz state dict
//	-limit N       use only the first N training and N test samples
//	-batch, -lr, -seed   batch size (64), Adam's learning rate (1e-3), seed (0) of the
//	               initial weights (without -init) and of the shuffling
//
// The test (main_test.go) starts from PyTorch's initial weights (testdata/init.npz,
// written by testdata/gen_torch.py with Debian's PyTorch 1.13), trains 50 steps on the
// committed subset data/testdata/fashion-subset in a fixed order and requires each loss
// to match PyTorch's recorded loss to 1e-4 relative.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/device"
	_ "github.com/gotensor/gotensor/device/cuda" // links the CUDA backend for -device cuda
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// config holds the command line.
type config struct {
	epochs, batch, limit, seed int
	lr                         float64
	dataDir, device            string
	init, save                 string
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cnn:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line; errors and usage go to stderr.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("cnn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.epochs, "epochs", 3, "epochs to train")
	fs.StringVar(&cfg.dataDir, "data", "", "folder with Fashion-MNIST's IDX files (default: Debian's "+data.DebianFashionMNIST+")")
	fs.StringVar(&cfg.device, "device", "cpu", "device to train on: cpu or cuda")
	fs.StringVar(&cfg.init, "init", "", "start from the weights of this .npz state dict")
	fs.StringVar(&cfg.save, "save", "", "write the trained weights to this .npz file")
	fs.IntVar(&cfg.limit, "limit", 0, "use only the first N training and test samples (0: all)")
	fs.IntVar(&cfg.batch, "batch", 64, "batch size")
	fs.Float64Var(&cfg.lr, "lr", 1e-3, "learning rate of Adam")
	fs.IntVar(&cfg.seed, "seed", 0, "seed of the initial weights (without -init) and of the shuffling")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	var err error
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.epochs < 0 || cfg.batch <= 0 || cfg.limit < 0 || !(cfg.lr > 0) || cfg.seed < 0:
		err = fmt.Errorf("want -epochs >= 0, -batch > 0, -limit >= 0, -lr > 0 and -seed >= 0")
	}
	if err != nil {
		fmt.Fprintln(stderr, "cnn:", err)
	}
	return cfg, err
}

// openDevice returns the device named by -device.
func openDevice(name string) (device.Device, error) {
	switch name {
	case "cpu":
		return device.CPU(), nil
	case "cuda":
		d, err := device.CUDA(0)
		if err != nil {
			return nil, fmt.Errorf("-device cuda: no CUDA device to train on (%w); leave -device out to train on the CPU", err)
		}
		return d, nil
	}
	return nil, fmt.Errorf("-device %q: want cpu or cuda", name)
}

// load reads the training or test set as the network's input, float32 images (N, 1, 28,
// 28) in [0, 1] and int64 labels (N,), the first limit samples where limit > 0.
func load(dir string, train bool, limit int) (x, y *tensor.Tensor, err error) {
	images, labels, err := data.FashionMNIST(dir, train)
	if err != nil {
		if dir == "" {
			return nil, nil, fmt.Errorf("%w (or give -data DIR, a folder with the files)", err)
		}
		return nil, nil, err
	}
	if limit > 0 && limit < images.Dim(0) {
		images, labels = images.Slice(tensor.S(0, limit)), labels.Slice(tensor.S(0, limit))
	}
	return data.ScaleImages(images), labels.AsType(tensor.Int64), nil
}

// run is the program: it trains cfg.epochs epochs, printing the tutorial's lines and
// each epoch's time to stdout.
func run(cfg config, stdout io.Writer) error {
	dev, err := openDevice(cfg.device)
	if err != nil {
		return err
	}
	x, y, err := load(cfg.dataDir, true, cfg.limit)
	if err != nil {
		return err
	}
	tx, ty, err := load(cfg.dataDir, false, cfg.limit)
	if err != nil {
		return err
	}
	x, y, tx, ty = x.To(dev), y.To(dev), tx.To(dev), ty.To(dev)
	trainLoader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: cfg.batch, Shuffle: true, Seed: uint64(cfg.seed)})
	testLoader := data.NewLoader(tx, ty, data.LoaderOptions{BatchSize: 1000})
	fmt.Fprintf(stdout, "Using %s device\n", dev.Name())

	model := NewCNN(random.NewGenerator(cfg.seed))
	if cfg.init != "" {
		if err := nn.LoadNpzFile(cfg.init, model); err != nil {
			return fmt.Errorf("-init: %w", err)
		}
	}
	model.To(dev)
	lossFn := nn.NewCrossEntropyLoss()
	opt := autograd.NewAdam(model.Parameters(), autograd.Adam{LR: cfg.lr})
	for t := range cfg.epochs {
		fmt.Fprintf(stdout, "Epoch %d\n-------------------------------\n", t+1)
		start := time.Now()
		trainEpoch(trainLoader, model, lossFn, opt, stdout)
		trained := time.Since(start)
		accuracy, testLoss := testEpoch(testLoader, model, lossFn)
		fmt.Fprintf(stdout, "Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n", 100*accuracy, testLoss)
		fmt.Fprintf(stdout, " (training %s, test %s)\n\n", trained.Round(time.Second), (time.Since(start) - trained).Round(time.Second))
	}
	fmt.Fprintln(stdout, "Done!")
	if cfg.save != "" {
		model.To(device.CPU())
		if err := nn.SaveNpzFile(cfg.save, model); err != nil {
			return fmt.Errorf("-save: %w", err)
		}
	}
	return nil
}

// step is one training step on a batch: the forward pass, the loss, its gradient and
// Adam's update. It returns the loss (a 0-d float32 tensor on the model's device).
func step(model nn.Module, lossFn *nn.CrossEntropyLoss, opt autograd.Optimizer, x, y *tensor.Tensor) *tensor.Tensor {
	loss := lossFn.Forward(model.Forward(x), y)
	autograd.Backward(loss)
	opt.Step()
	opt.ZeroGrad()
	return loss
}

// trainEpoch trains one epoch in training mode, printing the loss every 100 batches.
func trainEpoch(loader *data.Loader, model nn.Module, lossFn *nn.CrossEntropyLoss, opt autograd.Optimizer, stdout io.Writer) {
	model.Train(true)
	done, size := 0, loader.Samples()
	for b := range loader.Epoch() {
		tensor.Scope(func() { // the step's temporaries are freed when it ends (tensor.Scope)
			loss := step(model, lossFn, opt, b.X, b.Y)
			done += b.X.Dim(0)
			if b.Index%100 == 0 {
				fmt.Fprintf(stdout, "loss: %7f  [%5d/%5d]\n", loss.Item(), done, size)
			}
		})
	}
}

// testEpoch evaluates the model on the test set in evaluation mode (BatchNorm's running
// statistics) and returns the fraction classified right and the mean loss per sample.
func testEpoch(loader *data.Loader, model nn.Module, lossFn *nn.CrossEntropyLoss) (accuracy, avgLoss float64) {
	model.Eval()
	defer model.Train(true)
	var lossSum, correct *tensor.Tensor
	nn.NoGrad(model, func() {
		for b := range loader.Epoch() {
			tensor.Scope(func() {
				pred := model.Forward(b.X)
				l := lossFn.Forward(pred, b.Y).AsType(tensor.Float64).Mul(float64(b.X.Dim(0)))
				c := pred.ArgMax(1).Equal(b.Y).Sum()
				if lossSum == nil {
					lossSum, correct = l, c
				} else {
					lossSum, correct = lossSum.Add(l), correct.Add(c)
				}
				tensor.Keep(lossSum, correct) // the running sums outlive the batch's scope
			})
		}
	})
	if lossSum == nil {
		return 0, 0
	}
	n := float64(loader.Samples())
	return correct.Item() / n, lossSum.Item() / n
}
