package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// record is testdata/torch.json, written by testdata/gen_torch.py.
type record struct {
	Seed   int       `json:"seed"`
	N      int       `json:"n"`
	LR     float64   `json:"lr"`
	Batch  int       `json:"batch"`
	Steps  int       `json:"steps"`
	Losses []float64 `json:"losses"`
	Weight []float64 `json:"weight"`
	Bias   []float64 `json:"bias"`
}

func readRecord(t *testing.T) record {
	t.Helper()
	raw, err := os.ReadFile("testdata/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Losses) != r.Steps || r.Steps == 0 {
		t.Fatalf("torch.json: %d losses for %d steps", len(r.Losses), r.Steps)
	}
	return r
}

// TestDataMatchesNumPy: makeData draws the numbers NumPy's default_rng draws.
func TestDataMatchesNumPy(t *testing.T) {
	rec := readRecord(t)
	npz, err := tensor.ReadNpzFile("testdata/data.npz")
	if err != nil {
		t.Fatal(err)
	}
	x, y := makeData(rec.Seed, rec.N)
	for name, got := range map[string]*tensor.Tensor{"x": x, "y": y} {
		want := npz[name]
		if want == nil {
			t.Fatalf("data.npz has no %s", name)
		}
		if !tensor.ArrayEqual(got, want) || got.DType() != want.DType() {
			t.Errorf("%s: %v %s differs from NumPy's %v %s", name, got.DType(), tensor.ShapeString(got.Shape()),
				want.DType(), tensor.ShapeString(want.Shape()))
		}
	}
}

// TestMatchesPyTorch starts from PyTorch's initial weights and trains the recorded steps
// (3 with -short) in order with the program's own step function; each loss must be
// PyTorch's to 1e-4 relative, and after 50 steps the weights PyTorch's (1e-4 relative).
func TestMatchesPyTorch(t *testing.T) {
	rec := readRecord(t)
	model := nn.NewLinear(2, 1, true, random.NewGenerator(1))
	if err := nn.LoadNpzFile("testdata/init.npz", model); err != nil {
		t.Fatal(err)
	}
	x, y := makeData(rec.Seed, rec.N)
	steps := rec.Steps
	if testing.Short() {
		steps = 3
	}
	lossFn := nn.NewBCEWithLogitsLoss()
	opt := autograd.NewSGD(model.Parameters(), autograd.SGD{LR: rec.LR})
	loader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: rec.Batch})
	worst := 0.0
	for i := 0; i < steps; {
		for b := range loader.Epoch() {
			got, want := step(model, lossFn, opt, b.X, b.Y).Item(), rec.Losses[i]
			worst = max(worst, math.Abs(got-want)/math.Abs(want))
			if math.Abs(got-want) > 1e-4*math.Abs(want) {
				t.Errorf("step %d (batch %d): loss %.9g, PyTorch %.9g", i, b.Index, got, want)
			}
			if i++; i == steps {
				break
			}
		}
	}
	t.Logf("%d steps: largest relative difference from PyTorch's losses %.2g", steps, worst)
	if steps < rec.Steps {
		return
	}
	got := append(tensor.ToSlice[float64](model.Weight), model.Bias.Item())
	want := append(append([]float64{}, rec.Weight...), rec.Bias...)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-4*math.Abs(want[i]) {
			t.Errorf("parameter %d after %d steps: %.7g, PyTorch's %.7g", i, steps, got[i], want[i])
		}
	}
}

// TestRun: the program learns the boundary (about 92% is the best there is) and prints
// one line per epoch and the boundary.
func TestRun(t *testing.T) {
	cfg := config{epochs: 10, n: 200, batch: 40, lr: 0.1, init: "testdata/init.npz"}
	if testing.Short() {
		cfg.epochs = 2
	}
	var out bytes.Buffer
	if err := run(cfg, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != cfg.epochs+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), cfg.epochs+1, out.String())
	}
	epoch := regexp.MustCompile(`^epoch +\d+: loss (\d\.\d{6}), accuracy (\d+\.\d)%$`)
	for i, l := range lines[:cfg.epochs] {
		if !epoch.MatchString(l) {
			t.Errorf("line %d: %q, want %q", i+1, l, epoch)
		}
	}
	m := epoch.FindStringSubmatch(lines[cfg.epochs-1])
	if acc, err := strconv.ParseFloat(m[2], 64); m == nil || err != nil || acc < 85 {
		t.Errorf("last epoch %q: want an accuracy of at least 85%%", lines[cfg.epochs-1])
	}
	boundary := regexp.MustCompile(`^boundary: \d\.\d{4}\*x \+ \d\.\d{4}\*y [+-] \d\.\d{4} = 0 \(the best is x \+ y = 0\)$`)
	if !boundary.MatchString(lines[cfg.epochs]) {
		t.Errorf("last line %q, want %q", lines[cfg.epochs], boundary)
	}
}

// TestFlags: defaults, and bad values refused.
func TestFlags(t *testing.T) {
	var errb bytes.Buffer
	c, err := parseFlags(nil, &errb)
	if err != nil || c.epochs != 20 || c.n != 200 || c.batch != 40 || c.lr != 0.1 {
		t.Errorf("defaults: %+v, %v", c, err)
	}
	for _, args := range [][]string{{"-n", "0"}, {"-lr", "-1"}, {"-batch", "0"}, {"stray"}} {
		if _, err := parseFlags(args, &errb); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
	if err := run(config{epochs: 1, n: 10, batch: 5, lr: 0.1, init: "testdata/missing.npz"}, &errb); err == nil {
		t.Error("a missing -init file: no error")
	}
}
