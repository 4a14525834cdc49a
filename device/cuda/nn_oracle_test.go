package cuda_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/nncases"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// TestNNOracle runs PyTorch's recorded forward values and gradients of package nn's
// layers and losses (nn/testdata) on the GPU, or without one on the emulator: modules
// are moved with To and inputs built on the device, so every op runs there. A case
// that fails on the CPU too is nn's business (nn's TestTorchOracle reports it).
func TestNNOracle(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	data, err := nncases.Load()
	if err != nil {
		t.Fatal(err)
	}
	cpuFails := map[string]bool{}
	for _, f := range nncases.Run(data, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	before := g.Launches()
	r := nncases.Run(data, g)
	var b strings.Builder
	r.Print(&b)
	t.Logf("%d kernels launched\n%s", g.Launches()-before, b.String())
	if n := g.Launches() - before; n < int64(r.Passed+r.Failed) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the device", n, r.Passed+r.Failed)
	}
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	if r.Passed+r.Failed < 400 {
		t.Errorf("only %d cases ran, want at least 400", r.Passed+r.Failed)
	}
}

// TestNNDevice runs what the recorded cases cannot: Dropout's random mask (drawn on
// the host, applied on the device: the same seed gives the CPU's answer), a training
// step of a model moved with To, and checkpoints saved from and loaded into a model on
// the device.
func TestNNDevice(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	x := tensor.Linspace(tensor.Float32, -1, 1, 60, true).Reshape(6, 10)
	want := nn.NewDropout(0.4, random.NewGenerator(1)).Forward(x)
	got := nn.NewDropout(0.4, random.NewGenerator(1)).Forward(x.To(g))
	if got.Device() != g || !tensor.ArrayEqual(got.CPU(), want) {
		t.Errorf("Dropout on %s: %v, the CPU's %v", got.Device().Name(), got, want)
	}

	newModel := func(seed int) *nn.Sequential {
		r := random.NewGenerator(seed)
		return nn.NewSequential(nn.NewLinear(10, 8, true, r), nn.NewBatchNorm1d(8, nn.BatchNormConfig{}),
			nn.NewGELU("none"), nn.NewDropout(0.2, r), nn.NewLinear(8, 3, true, r))
	}
	cpu, dev := newModel(2), newModel(2)
	dev.To(g)
	labels := tensor.FromSlice([]int64{0, 1, 2, 0, 1, 2}, 6)
	for _, m := range []*nn.Sequential{cpu, dev} {
		in := x.To(m.Parameters()[0].Device())
		opt := autograd.NewSGD(m.Parameters(), autograd.SGD{LR: 0.1, Momentum: 0.9})
		for i := 0; i < 3; i++ {
			loss := nn.NewCrossEntropyLoss().Forward(m.Forward(in), labels.To(in.Device()))
			autograd.Backward(loss)
			opt.Step()
			opt.ZeroGrad()
		}
	}
	for i, e := range dev.StateDict() {
		c := cpu.StateDict()[i]
		if e.Tensor.Device() != g && e.Tensor.Size() > 1 {
			t.Errorf("%s on %s after training", e.Name, e.Tensor.Device().Name())
		}
		if !tensor.AllClose(e.Tensor.CPU(), c.Tensor, 1e-4, 1e-5) {
			t.Errorf("%s after 3 steps on %s: %v, the CPU's %v", e.Name, g.Name(), e.Tensor, c.Tensor)
		}
	}

	var npz, st bytes.Buffer
	if err := nn.SaveNpz(&npz, dev); err != nil {
		t.Fatal(err)
	}
	if err := nn.SaveSafetensors(&st, dev, nil); err != nil {
		t.Fatal(err)
	}
	a, b := newModel(3), newModel(4)
	a.To(g)
	b.To(g)
	if err := nn.LoadNpz(bytes.NewReader(npz.Bytes()), int64(npz.Len()), a); err != nil {
		t.Fatal(err)
	}
	if err := nn.LoadSafetensors(&st, b); err != nil {
		t.Fatal(err)
	}
	dev.Eval()
	a.Eval()
	b.Eval()
	y := nn.Infer(dev, x.To(g))
	for name, m := range map[string]*nn.Sequential{"npz": a, "safetensors": b} {
		if m.Parameters()[0].Device() != g {
			t.Errorf("%s: loading moved the parameters off the device", name)
		}
		if z := nn.Infer(m, x.To(g)); !tensor.ArrayEqual(z.CPU(), y.CPU()) {
			t.Errorf("%s: the loaded model computes %v, the saved one %v", name, z, y)
		}
	}
}
