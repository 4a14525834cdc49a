// Command logreg is binary logistic regression trained as a network is: an nn.Linear(2, 1)
// gives one logit per point, nn.BCEWithLogitsLoss compares it with the 0/1 label, and
// SGD follows the gradient autograd.Backward computes, batch by batch from a
// data.Loader. The data are two Gaussian clusters in the plane (standard deviation 1,
// centres (-1, -1) and (1, 1)), drawn with random.NewGenerator(seed), which gives the
// numbers np.random.default_rng(seed) gives; the best boundary is the line x + y = 0,
// which classifies about 92% of the points right.
//
//	go run ./examples/logreg
//	go run ./examples/logreg -epochs 50 -lr 0.5
//
// It prints the loss over all points and the accuracy after each epoch, then the learned
// boundary:
//
//	epoch  1: loss 0.364183, accuracy 88.0%
//	epoch  2: loss 0.309881, accuracy 90.0%
//	...
//	epoch 20: loss 0.209469, accuracy 90.5%
//	boundary: 1.4457*x + 1.4928*y - 0.0282 = 0 (the best is x + y = 0)
//
// The test (main_test.go) checks that the generated data equal NumPy's
// (testdata/data.npz), starts from the weights PyTorch initialises after
// torch.manual_seed(0) (testdata/init.npz), trains 50 steps and requires each loss to
// match PyTorch's recorded loss to 1e-4 relative (testdata/gen_torch.py writes all three
// files with Debian's PyTorch 1.13 and NumPy 1.24).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// config holds the command line.
type config struct {
	epochs, n, batch, seed int
	lr                     float64
	init                   string
}

// centres are the clusters' centres, class 0 then class 1.
var centres = [2][2]float64{{-1, -1}, {1, 1}}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "logreg:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line; errors and usage go to stderr.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("logreg", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.epochs, "epochs", 20, "epochs to train")
	fs.IntVar(&cfg.n, "n", 200, "points per class")
	fs.IntVar(&cfg.batch, "batch", 40, "batch size")
	fs.Float64Var(&cfg.lr, "lr", 0.1, "learning rate of SGD")
	fs.IntVar(&cfg.seed, "seed", 0, "seed of the data (and of the initial weights, without -init)")
	fs.StringVar(&cfg.init, "init", "", "start from the weights of this .npz state dict (weight, bias)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 || cfg.epochs < 0 || cfg.n <= 0 || cfg.batch <= 0 || !(cfg.lr > 0) {
		err := fmt.Errorf("want no arguments, -epochs >= 0, -n > 0, -batch > 0 and -lr > 0")
		fmt.Fprintln(stderr, "logreg:", err)
		return cfg, err
	}
	return cfg, nil
}

// makeData draws n points around each centre and shuffles them once, as
//
//	rng = np.random.default_rng(seed)
//	x = np.concatenate([rng.normal(0.0, 1.0, size=(n, 2)) + c for c in centres])
//	y = np.concatenate([np.zeros(n), np.ones(n)]).reshape(-1, 1)
//	perm = rng.permutation(2 * n)
//
// and returns x[perm] (2n, 2) and y[perm] (2n, 1) as float32.
func makeData(seed, n int) (x, y *tensor.Tensor) {
	g := random.NewGenerator(seed)
	parts := make([]*tensor.Tensor, len(centres))
	for i, c := range centres {
		parts[i] = g.Normal(0, 1, n, 2).Add(tensor.FromSlice(c[:], 2))
	}
	x = tensor.Concatenate(parts, 0)
	y = tensor.Concatenate([]*tensor.Tensor{tensor.Zeros(tensor.Float64, n), tensor.Ones(tensor.Float64, n)}, 0).Reshape(-1, 1)
	perm := g.Permutation(2 * n)
	return x.Take(perm, 0).AsType(tensor.Float32), y.Take(perm, 0).AsType(tensor.Float32)
}

// step is one training step on a batch: logits, loss, gradient, SGD's update. It returns
// the batch's loss (a 0-d float32 tensor).
func step(model nn.Module, lossFn *nn.BCEWithLogitsLoss, opt autograd.Optimizer, x, y *tensor.Tensor) *tensor.Tensor {
	loss := lossFn.Forward(model.Forward(x), y)
	autograd.Backward(loss)
	opt.Step()
	opt.ZeroGrad()
	return loss
}

// evaluate returns the loss over all points and the fraction classified right (logit > 0
// predicts class 1), without recording a graph.
func evaluate(model nn.Module, lossFn *nn.BCEWithLogitsLoss, x, y *tensor.Tensor) (loss, accuracy float64) {
	logits := nn.Infer(model, x)
	pred := logits.Greater(0).AsType(tensor.Float32)
	return lossFn.Forward(logits, y).Item(), pred.Equal(y).Mean().Item()
}

// run is the program: it trains cfg.epochs epochs and prints the loss and accuracy after
// each, then the boundary.
func run(cfg config, stdout io.Writer) error {
	x, y := makeData(cfg.seed, cfg.n)
	model := nn.NewLinear(2, 1, true, random.NewGenerator(cfg.seed+1))
	if cfg.init != "" {
		if err := nn.LoadNpzFile(cfg.init, model); err != nil {
			return fmt.Errorf("-init: %w", err)
		}
	}
	lossFn := nn.NewBCEWithLogitsLoss()
	opt := autograd.NewSGD(model.Parameters(), autograd.SGD{LR: cfg.lr})
	loader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: cfg.batch})
	for e := range cfg.epochs {
		for b := range loader.Epoch() {
			tensor.Scope(func() { step(model, lossFn, opt, b.X, b.Y) }) // temporaries freed at its end
		}
		loss, acc := evaluate(model, lossFn, x, y)
		fmt.Fprintf(stdout, "epoch %*d: loss %.6f, accuracy %.1f%%\n", len(fmt.Sprint(cfg.epochs)), e+1, loss, 100*acc)
	}
	w := tensor.ToSlice[float64](model.Weight)
	b := model.Bias.Item()
	fmt.Fprintf(stdout, "boundary: %.4f*x %s*y %s = 0 (the best is x + y = 0)\n", w[0], signed(w[1]), signed(b))
	return nil
}

// signed writes v as a term of a sum: "+ 1.5000" or "- 0.0282".
func signed(v float64) string {
	if v < 0 {
		return fmt.Sprintf("- %.4f", -v)
	}
	return fmt.Sprintf("+ %.4f", v)
}
