// Command quickstart is PyTorch's "Quickstart" tutorial in Go: a 784-512-512-10 ReLU
// network (nn.Flatten, Linear, ReLU, Linear, ReLU, Linear) learns to classify
// Fashion-MNIST with cross-entropy and SGD (lr 1e-3, batches of 64), and prints what the
// tutorial prints: the loss every 100 batches and, after each epoch, the test set's
// accuracy and average loss.
//
//	apt-get install dataset-fashion-mnist     # or -data DIR with the four IDX files
//	go run ./examples/quickstart              # 5 epochs on the CPU
//	go run ./examples/quickstart -epochs 10 -device cuda -plot curves.svg
//
// Output (one epoch on the CPU, starting from the weights PyTorch draws after
// torch.manual_seed(0): -epochs 1 -init examples/quickstart/testdata/init.npz; PyTorch
// 1.13 prints the same numbers but for the last digit of a few losses):
//
//	Epoch 1
//	-------------------------------
//	loss: 2.305311  [   64/60000]
//	loss: 2.298351  [ 6464/60000]
//	...
//	loss: 2.172683  [57664/60000]
//	Test Error:
//	 Accuracy: 49.5%, Avg loss: 2.162513
//
//	Done!
//
// The program follows the tutorial line by line: the model is a Module whose children
// have the tutorial's names (its state dict is PyTorch's, linear_relu_stack.0.weight,
// ...; -init and -save read and write it as .npz), data.FashionMNIST and
// data.ScaleImages give what torchvision's FashionMNIST with ToTensor gives, a
// data.Loader serves the batches in order (the tutorial's DataLoader does not shuffle),
// and each step is loss := lossFn.Forward(model.Forward(X), y); autograd.Backward(loss);
// opt.Step(); opt.ZeroGrad(). Evaluation runs under nn.NoGrad, which records no graph.
//
// Flags:
//
//	-epochs N      epochs to train (5, as the tutorial)
//	-data DIR      read train-images-idx3-ubyte(.gz) etc. from DIR instead of Debian's
//	               /usr/share/datasets/fashion-mnist
//	-device NAME   cpu (default) or cuda: device.CUDA(0); an error if there is none
//	-plot FILE     write the loss and accuracy per epoch as an SVG chart
//	-progress      draw the progress bar on stderr even when it is not a terminal
//	-init FILE     start from the weights in a .npz state dict (PyTorch's names)
//	-save FILE     write the trained weights as a .npz state dict
//	-limit N       use only the first N training and N test samples
//	-batch, -lr, -seed   batch size (64), learning rate (1e-3), seed of the initial weights (0)
//
// Without -init the weights are drawn as PyTorch draws them (Kaiming-uniform) from
// random.NewGenerator(seed): the same distribution as PyTorch's, not the same numbers.
// The progress bar goes to stderr, only when stderr is a terminal (or with -progress), so
// stdout holds exactly what the tutorial prints.
//
// The test (main_test.go) starts from PyTorch's initial weights (testdata/init.npz,
// written by testdata/gen_torch.py with Debian's PyTorch 1.13), trains 50 steps on the
// committed subset data/testdata/fashion-subset and requires each loss to match
// PyTorch's recorded loss to 1e-4 relative.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// config holds the command line.
type config struct {
	epochs, batch, limit, seed int
	lr                         float64
	dataDir, device, plot      string
	init, save                 string
	progress                   bool
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line; errors and usage go to stderr.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.epochs, "epochs", 5, "epochs to train")
	fs.StringVar(&cfg.dataDir, "data", "", "folder with Fashion-MNIST's IDX files (default: Debian's "+data.DebianFashionMNIST+")")
	fs.StringVar(&cfg.device, "device", "cpu", "device to train on: cpu or cuda")
	fs.StringVar(&cfg.plot, "plot", "", "write the loss and accuracy per epoch to this SVG file")
	fs.BoolVar(&cfg.progress, "progress", false, "draw the progress bar on stderr even when it is not a terminal")
	fs.StringVar(&cfg.init, "init", "", "start from the weights of this .npz state dict")
	fs.StringVar(&cfg.save, "save", "", "write the trained weights to this .npz file")
	fs.IntVar(&cfg.limit, "limit", 0, "use only the first N training and test samples (0: all)")
	fs.IntVar(&cfg.batch, "batch", 64, "batch size")
	fs.Float64Var(&cfg.lr, "lr", 1e-3, "learning rate of SGD")
	fs.IntVar(&cfg.seed, "seed", 0, "seed of the initial weights (without -init)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, "quickstart:", err)
		return cfg, err
	}
	if cfg.epochs < 0 || cfg.batch <= 0 || cfg.limit < 0 || !(cfg.lr > 0) {
		err := fmt.Errorf("want -epochs >= 0, -batch > 0, -limit >= 0 and -lr > 0")
		fmt.Fprintln(stderr, "quickstart:", err)
		return cfg, err
	}
	return cfg, nil
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

// run is the program: it trains cfg.epochs epochs, printing the tutorial's lines to
// stdout and the progress bar to stderr.
func run(cfg config, stdout, stderr io.Writer) error {
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
	trainLoader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: cfg.batch})
	testLoader := data.NewLoader(tx, ty, data.LoaderOptions{BatchSize: cfg.batch})
	for b := range testLoader.Epoch() {
		fmt.Fprintf(stdout, "Shape of X [N, C, H, W]: %s\n", tensor.ShapeString(b.X.Shape()))
		fmt.Fprintf(stdout, "Shape of y: %s %v\n", tensor.ShapeString(b.Y.Shape()), b.Y.DType())
		break
	}
	fmt.Fprintf(stdout, "Using %s device\n", dev.Name())

	model := NewNeuralNetwork(random.NewGenerator(cfg.seed))
	if cfg.init != "" {
		if err := nn.LoadNpzFile(cfg.init, model); err != nil {
			return fmt.Errorf("-init: %w", err)
		}
	}
	model.To(dev)
	fmt.Fprintln(stdout, model)

	lossFn := nn.NewCrossEntropyLoss()
	opt := autograd.NewSGD(model.Parameters(), autograd.SGD{LR: cfg.lr})
	bar := newProgress(stderr, cfg.epochs, cfg.progress)
	var hist []epochStats
	for t := range cfg.epochs {
		fmt.Fprintf(stdout, "Epoch %d\n-------------------------------\n", t+1)
		bar.begin()
		trainLoss := trainEpoch(trainLoader, model, lossFn, opt, stdout, bar, t+1)
		accuracy, testLoss := testEpoch(testLoader, model, lossFn)
		bar.clear()
		fmt.Fprintf(stdout, "Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n\n", 100*accuracy, testLoss)
		hist = append(hist, epochStats{Epoch: t + 1, TrainLoss: trainLoss, TestLoss: testLoss, Accuracy: accuracy})
	}
	fmt.Fprintln(stdout, "Done!")
	if cfg.plot != "" {
		if err := writePlot(cfg.plot, hist); err != nil {
			return fmt.Errorf("-plot: %w", err)
		}
	}
	if cfg.save != "" {
		model.To(device.CPU())
		if err := nn.SaveNpzFile(cfg.save, model); err != nil {
			return fmt.Errorf("-save: %w", err)
		}
	}
	return nil
}

// step is one training step on a batch: the forward pass, the loss, its gradient and
// SGD's update. It returns the loss (a 0-d float32 tensor on the model's device).
func step(model nn.Module, lossFn *nn.CrossEntropyLoss, opt autograd.Optimizer, x, y *tensor.Tensor) *tensor.Tensor {
	loss := lossFn.Forward(model.Forward(x), y)
	autograd.Backward(loss)
	opt.Step()
	opt.ZeroGrad()
	return loss
}

// trainEpoch trains one epoch (the tutorial's train), printing the loss every 100
// batches, and returns the mean of the batch losses.
func trainEpoch(loader *data.Loader, model nn.Module, lossFn *nn.CrossEntropyLoss, opt autograd.Optimizer,
	stdout io.Writer, bar *progress, epoch int) float64 {
	model.Train(true)
	size, total := loader.Samples(), loader.Len()
	var sum *tensor.Tensor // the losses' sum, kept on the device: no sync per batch
	for b := range loader.Epoch() {
		// The scope frees the step's temporaries when it ends, for the next step to
		// reuse (tensor.Scope); the running sum is kept out of it.
		tensor.Scope(func() {
			loss := step(model, lossFn, opt, b.X, b.Y).Detach()
			if sum == nil {
				sum = loss.AsType(tensor.Float64)
			} else {
				sum = sum.Add(loss.AsType(tensor.Float64))
			}
			tensor.Keep(sum)
			if b.Index%100 == 0 {
				bar.clear()
				fmt.Fprintf(stdout, "loss: %7f  [%5d/%5d]\n", loss.Item(), (b.Index+1)*b.X.Dim(0), size)
			}
		})
		bar.show(epoch, b.Index+1, total)
	}
	if sum == nil {
		return 0
	}
	return sum.Item() / float64(total)
}

// testEpoch evaluates the model on the test set (the tutorial's test) and returns the
// fraction classified right and the mean of the batches' losses.
func testEpoch(loader *data.Loader, model nn.Module, lossFn *nn.CrossEntropyLoss) (accuracy, avgLoss float64) {
	model.Eval()
	var lossSum, correct *tensor.Tensor
	nn.NoGrad(model, func() {
		for b := range loader.Epoch() {
			tensor.Scope(func() {
				pred := model.Forward(b.X)
				l := lossFn.Forward(pred, b.Y).AsType(tensor.Float64)
				c := pred.ArgMax(1).Equal(b.Y).Sum()
				if lossSum == nil {
					lossSum, correct = l, c
				} else {
					lossSum, correct = lossSum.Add(l), correct.Add(c)
				}
				tensor.Keep(lossSum, correct)
			})
		}
	})
	if lossSum == nil {
		return 0, 0
	}
	return correct.Item() / float64(loader.Samples()), lossSum.Item() / float64(loader.Len())
}
