package main

import (
	"encoding/json"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

const subset = "../../data/testdata/fashion-subset"

// record is testdata/torch.json, PyTorch's runs (see testdata/gen_torch.py).
type record struct {
	Torch    string             `json:"torch"`
	LR       float64            `json:"lr"`
	Batch    int                `json:"batch"`
	Steps    int                `json:"steps"`
	Losses   []float64          `json:"losses"`
	Moved    map[string]float64 `json:"moved"`
	Losses64 []float64          `json:"losses64"`
	Moved64  map[string]float64 `json:"moved64"`
}

func readRecord(t *testing.T) record {
	t.Helper()
	b, err := os.ReadFile("testdata/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Losses) != r.Steps || len(r.Losses64) != r.Steps || r.Steps == 0 {
		t.Fatalf("torch.json: %d and %d losses for %d steps", len(r.Losses), len(r.Losses64), r.Steps)
	}
	return r
}

// replay starts from PyTorch's initial weights (testdata/init.npz) in dtype dt and
// trains steps steps on the committed subset in DataLoader's order without shuffling
// (batches of 64 from 0, the last of an epoch of 300 samples 44 long, then from 0
// again), with Adam and BatchNorm in training mode. It returns the losses and, for each
// state dict entry, the Euclidean norm of its change.
func replay(t *testing.T, rec record, dt tensor.DType, steps int) ([]float64, map[string]float64) {
	t.Helper()
	model := NewCNN(random.NewGenerator(1))
	if err := nn.LoadNpzFile("testdata/init.npz", model); err != nil {
		t.Fatal(err)
	}
	model.AsType(dt)
	init := map[string]*tensor.Tensor{}
	for _, e := range model.StateDict() {
		init[e.Name] = e.Tensor.Detach().AsType(tensor.Float64)
	}
	x, y, err := load(subset, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	x = x.AsType(dt)
	n := x.Dim(0)
	lossFn := nn.NewCrossEntropyLoss()
	opt := autograd.NewAdam(model.Parameters(), autograd.Adam{LR: rec.LR})
	var losses []float64
	for lo := 0; len(losses) < steps; {
		hi := min(lo+rec.Batch, n)
		losses = append(losses, step(model, lossFn, opt, x.Slice(tensor.S(lo, hi)), y.Slice(tensor.S(lo, hi))).Item())
		if lo = hi; lo == n {
			lo = 0
		}
	}
	moved := map[string]float64{}
	for _, e := range model.StateDict() {
		d := e.Tensor.Detach().AsType(tensor.Float64).Sub(init[e.Name])
		moved[e.Name] = math.Sqrt(d.Mul(d).Sum().Item())
	}
	return losses, moved
}

// checkLosses requires each loss within rel of PyTorch's.
func checkLosses(t *testing.T, got, want []float64, rel float64) {
	t.Helper()
	worst := 0.0
	for s, g := range got {
		d := math.Abs(g-want[s]) / math.Abs(want[s])
		worst = max(worst, d)
		if d > rel {
			t.Errorf("step %d: loss %.9g, PyTorch %.9g (rel. diff %.2g, want <= %.0e)", s, g, want[s], d, rel)
		}
	}
	t.Logf("%d losses, largest relative difference from PyTorch's %.2g", len(got), worst)
}

// TestMatchesPyTorch replays PyTorch's recorded float64 run: each of the 50 losses must
// be PyTorch's to 1e-4 relative, and the distance each state dict entry moved (the
// running statistics and the batch count included) PyTorch's to 1e-4 relative. Its
// float64 is what makes agreement over 50 steps meaningful: a float32 run drifts
// (TestMatchesPyTorchFloat32).
func TestMatchesPyTorch(t *testing.T) {
	t.Parallel()
	rec := readRecord(t)
	steps := rec.Steps
	if testing.Short() {
		steps = 3
	}
	if raceBuild {
		steps = 1
	}
	losses, moved := replay(t, rec, tensor.Float64, steps)
	checkLosses(t, losses, rec.Losses64, 1e-4)
	if steps < rec.Steps {
		return
	}
	for name, got := range moved {
		want, ok := rec.Moved64[name]
		if !ok {
			t.Errorf("%s: not in PyTorch's state dict", name)
			continue
		}
		// The convolutions' biases get only rounding noise as gradient (BatchNorm
		// removes any shift), so they barely move: an absolute tolerance for them.
		if math.Abs(got-want) > 1e-4*math.Abs(want)+1e-6 {
			t.Errorf("%s moved %.9g over %d steps, PyTorch's %.9g", name, got, steps, want)
		}
	}
}

// TestMatchesPyTorchFloat32 replays the first steps of PyTorch's float32 run, the
// precision the example trains in, to 1e-4 relative. Float32 rounding differs between
// any two implementations (summation orders of the GEMMs and reductions) and Adam
// amplifies it: PyTorch's own float32 and float64 runs differ by more than 1e-4 from
// step 39 on (3e-4 at most), and gotensor's float32 run is as close to PyTorch's
// (4e-5 over the first 30 steps, 3e-4 at most over 50).
func TestMatchesPyTorchFloat32(t *testing.T) {
	t.Parallel()
	rec := readRecord(t)
	steps := 10
	if testing.Short() {
		steps = 3
	}
	if raceBuild {
		steps = 1
	}
	losses, _ := replay(t, rec, tensor.Float32, steps)
	checkLosses(t, losses, rec.Losses, 1e-4)
}

// TestStateDictNames: the model's state dict names, shapes and dtypes are PyTorch's,
// as LoadNpz checks them (it refuses any difference).
func TestStateDictNames(t *testing.T) {
	model := NewCNN(random.NewGenerator(0))
	var names []string
	for _, e := range model.StateDict() {
		names = append(names, e.Name)
	}
	want := "0.weight 0.bias 1.weight 1.bias 1.running_mean 1.running_var 1.num_batches_tracked " +
		"4.weight 4.bias 5.weight 5.bias 5.running_mean 5.running_var 5.num_batches_tracked 9.weight 9.bias"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("state dict names\n%s\nwant\n%s", got, want)
	}
}

// TestRun runs the program on the committed subset for one epoch.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("trains an epoch")
	}
	var out strings.Builder
	cfg := config{epochs: 1, batch: 64, lr: 1e-3, dataDir: subset, device: "cpu", limit: 128, init: "testdata/init.npz"}
	if err := run(cfg, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Epoch 1\n", "loss: ", "Test Error: \n Accuracy: ", "Done!"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestFlags: bad flags and devices are errors that say what is wanted.
func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-batch", "0"}, {"-lr", "-1"}, {"extra"}, {"-epochs", "x"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.epochs != 3 || cfg.batch != 64 || cfg.lr != 1e-3 || cfg.device != "cpu" {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
	cfg.device = "tpu"
	if err := run(cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "want cpu or cuda") {
		t.Errorf("-device tpu: %v", err)
	}
}

// TestDevices: -device cuda trains on the GPU where there is one and is otherwise an
// error that says so; an empty -data folder is an error naming the missing file.
func TestDevices(t *testing.T) {
	var out strings.Builder
	cfg := config{epochs: 1, batch: 64, lr: 1e-3, dataDir: subset, device: "cuda", limit: 64}
	if err := run(cfg, &out); err != nil {
		if !strings.Contains(err.Error(), "-device cuda") || !strings.Contains(err.Error(), "CPU") {
			t.Errorf("-device cuda without a GPU: %v", err)
		}
	} else if !strings.Contains(out.String(), "Using cuda") || !strings.Contains(out.String(), "Accuracy: ") {
		t.Errorf("-device cuda: output\n%s", out.String())
	}
	cfg.device, cfg.dataDir = "cpu", t.TempDir()
	if err := run(cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte") {
		t.Errorf("empty -data folder: %v, want an error naming the missing file", err)
	}
}
