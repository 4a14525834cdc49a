package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/data"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// readmeQuickstart is the README's "Training" snippet, the tutorial in 30 lines, kept
// here so that it compiles and runs: dir "" is Debian's Fashion-MNIST.
func readmeQuickstart(dir string, epochs int) {
	x, y, _ := data.FashionMNIST(dir, true)
	tx, ty, _ := data.FashionMNIST(dir, false)
	train := data.NewLoader(data.ScaleImages(x), y.AsType(tensor.Int64), data.LoaderOptions{BatchSize: 64})
	test := data.NewLoader(data.ScaleImages(tx), ty.AsType(tensor.Int64), data.LoaderOptions{BatchSize: 64})

	g := random.NewGenerator(0)
	model := nn.NewSequential(nn.NewFlatten(1, -1),
		nn.NewLinear(28*28, 512, true, g), nn.NewReLU(),
		nn.NewLinear(512, 512, true, g), nn.NewReLU(),
		nn.NewLinear(512, 10, true, g))
	lossFn := nn.NewCrossEntropyLoss()
	opt := autograd.NewSGD(model.Parameters(), autograd.SGD{LR: 1e-3})

	for t := range epochs {
		fmt.Printf("Epoch %d\n-------------------------------\n", t+1)
		model.Train(true)
		for b := range train.Epoch() {
			tensor.Scope(func() { // frees the step's temporaries at its end, as PyTorch's refcounts do
				loss := lossFn.Forward(model.Forward(b.X), b.Y)
				autograd.Backward(loss)
				opt.Step()
				opt.ZeroGrad()
				if b.Index%100 == 0 {
					fmt.Printf("loss: %7f  [%5d/%5d]\n", loss.Item(), (b.Index+1)*64, train.Samples())
				}
			})
		}
		model.Eval()
		var testLoss, correct float64
		nn.NoGrad(model, func() {
			for b := range test.Epoch() {
				tensor.Scope(func() {
					pred := model.Forward(b.X)
					testLoss += lossFn.Forward(pred, b.Y).Item()
					correct += pred.ArgMax(1).Equal(b.Y).Sum().Item()
				})
			}
		})
		fmt.Printf("Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n\n",
			100*correct/float64(test.Samples()), testLoss/float64(test.Len()))
	}
}

// TestReadmeSnippet runs the README's snippet for an epoch of the subset and checks what
// it prints.
func TestReadmeSnippet(t *testing.T) {
	if testing.Short() {
		t.Skip("an epoch of the subset: not with -short")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = f
	func() {
		defer func() { os.Stdout = stdout }()
		readmeQuickstart(subset, 1)
	}()
	f.Close()
	out, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^Epoch 1\n-{31}\nloss: \d\.\d{6}  \[   64/  300\]\n` +
		`Test Error: \n Accuracy: \d+\.\d%, Avg loss: \d\.\d{6} \n\n$`)
	if !want.Match(out) {
		t.Errorf("the snippet printed\n%s\nwant the tutorial's lines", out)
	}
}

// TestReadmeMatchesSnippet checks that every line of Go in the README's "Training"
// section is a line of readmeQuickstart (spacing aside; the function's name aside), so
// the README shows code that compiles and that TestReadmeSnippet runs.
func TestReadmeMatchesSnippet(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README.md at the module root:", err)
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	have := map[string]bool{}
	for _, l := range strings.Split(string(src), "\n") {
		have[norm(l)] = true
	}
	_, section, ok := strings.Cut(string(readme), "\n## Training\n")
	if !ok {
		t.Fatal("README.md has no Training section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, code, ok := strings.Cut(section, "```go\n")
	if !ok {
		t.Fatal("README.md's Training section has no Go code")
	}
	code, _, _ = strings.Cut(code, "```")
	lines := strings.Split(code, "\n")
	if first := norm(lines[0]); !strings.HasPrefix(first, "func quickstart(dir string, epochs int) {") {
		t.Errorf("the README's snippet starts %q, want func quickstart(dir string, epochs int) {", first)
	}
	for _, l := range lines[1:] {
		if l = norm(l); l != "" && !have[l] {
			t.Errorf("README.md line %q is not in readmeQuickstart", l)
		}
	}
}
