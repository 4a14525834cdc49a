package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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

// subset is the committed Fashion-MNIST subset: 300 training and 200 test images.
const subset = "../../data/testdata/fashion-subset"

// record is testdata/torch.json, written by testdata/gen_torch.py.
type record struct {
	Torch  string             `json:"torch"`
	Seed   int                `json:"seed"`
	LR     float64            `json:"lr"`
	Batch  int                `json:"batch"`
	Steps  int                `json:"steps"`
	Losses []float64          `json:"losses"`
	Moved  map[string]float64 `json:"moved"`
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

// TestMatchesPyTorch starts from PyTorch's initial weights and trains the steps that
// gen_torch.py recorded (3 with -short) on the subset, in order, with the program's own
// step function; each loss must be PyTorch's to 1e-4 relative, and after the 50 steps
// each parameter must have moved as far as PyTorch's did (1e-3 relative).
func TestMatchesPyTorch(t *testing.T) {
	rec := readRecord(t)
	model := NewNeuralNetwork(random.NewGenerator(1)) // weights replaced by init.npz
	if err := nn.LoadNpzFile("testdata/init.npz", model); err != nil {
		t.Fatal(err)
	}
	init := map[string]*tensor.Tensor{}
	for _, p := range model.NamedParameters() {
		init[p.Name] = p.Tensor.Detach().Copy()
	}
	x, y, err := load(subset, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	steps := rec.Steps
	if testing.Short() {
		steps = 3
	}
	lossFn := nn.NewCrossEntropyLoss()
	opt := autograd.NewSGD(model.Parameters(), autograd.SGD{LR: rec.LR})
	loader := data.NewLoader(x, y, data.LoaderOptions{BatchSize: rec.Batch})
	model.Train(true)
	worst := 0.0
	for i := 0; i < steps; {
		for b := range loader.Epoch() {
			got, want := step(model, lossFn, opt, b.X, b.Y).Item(), rec.Losses[i]
			worst = max(worst, math.Abs(got-want)/math.Abs(want))
			if math.Abs(got-want) > 1e-4*math.Abs(want) {
				t.Errorf("step %d (batch %d, %d samples): loss %.9g, PyTorch %.9g (relative error %.2g)",
					i, b.Index, b.X.Dim(0), got, want, math.Abs(got-want)/math.Abs(want))
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
	for _, p := range model.NamedParameters() {
		moved := tensor.ToSlice[float64](p.Tensor.Detach().AsType(tensor.Float64).Sub(init[p.Name].AsType(tensor.Float64)))
		var ss float64
		for _, v := range moved {
			ss += v * v
		}
		got, want := math.Sqrt(ss), rec.Moved[p.Name]
		if math.Abs(got-want) > 1e-3*want {
			t.Errorf("%s moved by %.6g over %d steps, PyTorch's by %.6g", p.Name, got, steps, want)
		}
		t.Logf("%s moved by %.6g, PyTorch's by %.6g", p.Name, got, want)
	}
}

// TestStateDictNames: the model's state dict is PyTorch's, names and shapes.
func TestStateDictNames(t *testing.T) {
	want := []string{
		"linear_relu_stack.0.weight (512, 784)", "linear_relu_stack.0.bias (512,)",
		"linear_relu_stack.2.weight (512, 512)", "linear_relu_stack.2.bias (512,)",
		"linear_relu_stack.4.weight (10, 512)", "linear_relu_stack.4.bias (10,)",
	}
	sd := NewNeuralNetwork(random.NewGenerator(0)).StateDict()
	if len(sd) != len(want) {
		t.Fatalf("%d entries, want %d", len(sd), len(want))
	}
	for i, e := range sd {
		if got := e.Name + " " + tensor.ShapeString(e.Tensor.Shape()); got != want[i] {
			t.Errorf("entry %d: %s, want %s", i, got, want[i])
		}
	}
}

// TestOutputFormat runs the program for one epoch on the subset and checks that it
// prints the tutorial's lines, in the tutorial's formats.
func TestOutputFormat(t *testing.T) {
	cfg := config{epochs: 1, batch: 64, lr: 1e-3, dataDir: subset, device: "cpu", init: "testdata/init.npz"}
	if testing.Short() {
		cfg.limit = 64 // one batch of each set
	}
	var out, errb bytes.Buffer
	if err := run(cfg, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if errb.Len() != 0 {
		t.Errorf("stderr is not a terminal, yet the program wrote to it: %q", errb.String())
	}
	size := 300
	if cfg.limit > 0 {
		size = cfg.limit
	}
	rec := readRecord(t)
	lines := strings.Split(out.String(), "\n")
	want := []string{
		"Shape of X [N, C, H, W]: (64, 1, 28, 28)",
		"Shape of y: (64,) int64",
		"Using cpu device",
		"NeuralNetwork(",
		"  (flatten): Flatten(start_dim=1, end_dim=-1)",
		"  (linear_relu_stack): Sequential(",
		"    (0): Linear(in_features=784, out_features=512, bias=True)",
		"    (1): ReLU()",
		"    (2): Linear(in_features=512, out_features=512, bias=True)",
		"    (3): ReLU()",
		"    (4): Linear(in_features=512, out_features=10, bias=True)",
		"  )",
		")",
		"Epoch 1",
		"-------------------------------",
		"", // the first loss line, checked below
	}
	if len(lines) < len(want)+5 {
		t.Fatalf("output has %d lines:\n%s", len(lines), out.String())
	}
	for i, w := range want {
		if i == len(want)-1 {
			// {loss:>7f}  [{current:>5d}/{size:>5d}], the loss PyTorch's first one.
			re := regexp.MustCompile(`^loss: ([ \d]\d*\.\d{6})  \[` + fmt.Sprintf("%5d/%5d", 64, size) + `\]$`)
			m := re.FindStringSubmatch(lines[i])
			if m == nil {
				t.Errorf("line %d: %q, want %q", i+1, lines[i], re)
				continue
			}
			if v, _ := strconv.ParseFloat(strings.TrimSpace(m[1]), 64); math.Abs(v-rec.Losses[0]) > 2e-6 {
				t.Errorf("line %d: %q, PyTorch's first loss is %.6f", i+1, lines[i], rec.Losses[0])
			}
			continue
		}
		if lines[i] != w {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], w)
		}
	}
	rest := lines[len(want):]
	if rest[0] != "Test Error: " {
		t.Errorf("line %d: %q, want %q", len(want)+1, rest[0], "Test Error: ")
	}
	acc := regexp.MustCompile(`^ Accuracy: \d{1,3}\.\d%, Avg loss: [ \d]{1,7}\.\d{6} $`)
	if !acc.MatchString(rest[1]) {
		t.Errorf("line %d: %q, want the tutorial's %q", len(want)+2, rest[1], " Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} ")
	}
	if got := strings.Join(rest[2:], "\n"); got != "\nDone!\n" {
		t.Errorf("output ends with %q, want a blank line and Done!", got)
	}
}

// TestPlot: -plot writes an SVG that parses as XML, with a point per epoch and series.
func TestPlot(t *testing.T) {
	hist := []epochStats{
		{1, 2.1, 2.0, 0.45}, {2, 1.6, 1.5, 0.61}, {3, 1.2, 1.1, 0.65},
	}
	name := filepath.Join(t.TempDir(), "curves.svg")
	if err := writePlot(name, hist); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	dec := xml.NewDecoder(f)
	var root string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Space + " " + se.Name.Local
			}
			counts[se.Name.Local]++
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Errorf("root element %q, want svg in the SVG namespace", root)
	}
	if counts["circle"] != 3*len(hist) || counts["polyline"] != 3 {
		t.Errorf("%d circles and %d polylines, want %d and 3", counts["circle"], counts["polyline"], 3*len(hist))
	}
	// One epoch draws points and no lines; no epoch is an error.
	var buf bytes.Buffer
	if err := writeSVG(&buf, hist[:1]); err != nil || strings.Contains(buf.String(), "NaN") {
		t.Errorf("one epoch: %v, %q", err, buf.String())
	}
	if err := writeSVG(&buf, nil); err == nil {
		t.Error("no epoch: no error")
	}
}

// TestPlotFlag: -plot through run writes the file, and -save a checkpoint that loads.
func TestPlotFlag(t *testing.T) {
	name := filepath.Join(t.TempDir(), "curves.svg")
	saved := filepath.Join(t.TempDir(), "model.npz")
	cfg := config{epochs: 2, batch: 64, lr: 1e-3, dataDir: subset, device: "cpu", plot: name, save: saved, limit: 64}
	if err := run(cfg, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("<svg ")) || !bytes.HasSuffix(raw, []byte("</svg>\n")) {
		t.Errorf("%s is not an SVG document", name)
	}
	if err := nn.LoadNpzFile(saved, NewNeuralNetwork(random.NewGenerator(0))); err != nil {
		t.Errorf("-save: %v", err)
	}
}

// TestProgress: -progress draws the bar on stderr (not a terminal here) and erases it
// before each line of stdout's, which stays exactly the tutorial's.
func TestProgress(t *testing.T) {
	cfg := config{epochs: 2, batch: 64, lr: 1e-3, dataDir: subset, device: "cpu", limit: 128, progress: true}
	var out, errb bytes.Buffer
	if err := run(cfg, &out, &errb); err != nil {
		t.Fatal(err)
	}
	bar := errb.String()
	for _, want := range []string{"\repoch 1/2 [", "] 2/2 batches ", "\repoch 2/2 [", "\r\x1b[K"} {
		if !strings.Contains(bar, want) {
			t.Errorf("stderr %q does not contain %q", bar, want)
		}
	}
	if !strings.HasSuffix(bar, "\r\x1b[K") {
		t.Errorf("stderr %q: the bar is not erased at the end", bar)
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Errorf("stdout has the bar's control characters: %q", out.String())
	}
}

// TestErrors: missing data, an unknown device and bad flags are errors that say so.
func TestErrors(t *testing.T) {
	cfg := config{epochs: 1, batch: 64, lr: 1e-3, dataDir: t.TempDir(), device: "cpu"}
	if err := run(cfg, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte") {
		t.Errorf("empty -data folder: %v, want an error naming the missing file", err)
	}
	cfg.dataDir, cfg.device = subset, "tpu"
	if err := run(cfg, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "want cpu or cuda") {
		t.Errorf("-device tpu: %v", err)
	}
	var errb bytes.Buffer
	if _, err := parseFlags([]string{"-epochs", "-1"}, &errb); err == nil {
		t.Error("-epochs -1 accepted")
	}
	if _, err := parseFlags([]string{"extra"}, &errb); err == nil {
		t.Error("a stray argument accepted")
	}
	if c, err := parseFlags(nil, &errb); err != nil || c.epochs != 5 || c.batch != 64 || c.lr != 1e-3 || c.device != "cpu" {
		t.Errorf("defaults: %+v, %v", c, err)
	}
}

// TestDeviceCUDA: -device cuda trains on the GPU where there is one, and is a clear error
// where there is none.
func TestDeviceCUDA(t *testing.T) {
	cfg := config{epochs: 1, batch: 64, lr: 1e-3, dataDir: subset, device: "cuda", limit: 64}
	var out bytes.Buffer
	err := run(cfg, &out, io.Discard)
	if err != nil {
		if !strings.Contains(err.Error(), "-device cuda") || !strings.Contains(err.Error(), "CPU") {
			t.Errorf("no GPU: %v, want an error naming -device cuda and the CPU", err)
		}
		t.Skipf("no CUDA device: %v", err)
	}
	if !strings.Contains(out.String(), "Using cuda:0 device") {
		t.Errorf("output does not name the GPU:\n%s", out.String())
	}
}
