package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/tensor"
)

// smallTrainCases are the training cases at sizes a test runs in a second or two: a batch
// of 16 (8 for the CNN), an epoch of 320 samples (5 steps).
var smallTrainCases = map[string][]int{
	"train_step_mlp":   {16, 784},
	"train_step_cnn":   {8, 1, 28, 28},
	"quickstart_epoch": {320, 1, 28, 28},
}

// TestTrainCasesLearn runs each training case for a few calls (at least 15 steps) and
// checks that it trains: the loss of the first preloaded batch, computed without a graph
// before and after, falls, and the last step's loss is finite.
func TestTrainCasesLearn(t *testing.T) {
	for name := range trainSpecs {
		shape := smallTrainCases[name]
		if shape == nil {
			t.Fatalf("%s: no small case in smallTrainCases", name)
		}
		t.Run(name, func(t *testing.T) {
			tr := newTrainer(name, Case{Op: name, DType: "float32", Shape: shape}, device.CPU())
			b := min(tr.batch, tr.x.Dim(0))
			xb, yb := tr.x.Slice(tensor.S(0, b)), tr.y.Slice(tensor.S(0, b))
			eval := func() float64 {
				var loss *tensor.Tensor
				nn.NoGrad(tr.model, func() { loss = tensor.CrossEntropy(tr.model.Forward(xb), yb) })
				return loss.Item()
			}
			before := eval()
			for i := 0; i < 15; i += tr.steps() {
				tr.call()
			}
			after, last := eval(), tr.loss.Item()
			t.Logf("loss of batch 0: %.4f before, %.4f after; last step's %.4f", before, after, last)
			if !(after < before) {
				t.Errorf("the loss of batch 0 went from %v to %v: the model does not train", before, after)
			}
			if last != last || last <= 0 {
				t.Errorf("last step's loss %v", last)
			}
		})
	}
}

// TestTrainCounts checks the training cases' steps and flops: an epoch of 60,000 samples
// is 938 steps (the last of 32), a step case one step, and the flops are the matrix
// products' (2mnk forward; weight and input gradients but the first layer's input's).
func TestTrainCounts(t *testing.T) {
	mlpStep := 2*256*(784*256+256*10)*2.0 + 2*256*256*10
	if got := linearFlops(256, 784, 256, 10); got != mlpStep {
		t.Errorf("linearFlops(256, 784, 256, 10) = %v, want %v", got, mlpStep)
	}
	c := Case{Op: "train_step_mlp", DType: "float32", Shape: []int{256, 784}}
	if got := ops[c.Op].Flops(c); got != mlpStep {
		t.Errorf("%v: Flops %v, want %v", c, got, mlpStep)
	}
	conv1, conv2 := 2.0*64*28*28*9*32, 2.0*64*14*14*288*64
	if got, want := cnnFlops(64), 2*conv1+3*conv2+3*2*64*3136*10; got != want {
		t.Errorf("cnnFlops(64) = %v, want %v", got, want)
	}
	e := Case{Op: "quickstart_epoch", DType: "float32", Shape: []int{60000, 1, 28, 28}}
	if got, want := ops[e.Op].Flops(e), 937*linearFlops(64, 784, 512, 512, 10)+linearFlops(32, 784, 512, 512, 10); got != want {
		t.Errorf("%v: Flops %v, want %v", e, got, want)
	}
	for _, tc := range []struct {
		c     Case
		steps int
	}{
		{Case{Op: "quickstart_epoch", DType: "float32", Shape: []int{320, 1, 28, 28}}, 5},
		{Case{Op: "quickstart_epoch", DType: "float32", Shape: []int{330, 1, 28, 28}}, 6},
		{Case{Op: "train_step_mlp", DType: "float32", Shape: []int{4, 784}}, 1},
	} {
		if got := newTrainer(tc.c.Op, tc.c, device.CPU()).steps(); got != tc.steps {
			t.Errorf("%v: %d steps per call, want %d", tc.c, got, tc.steps)
		}
	}
	for _, full := range []bool{false, true} {
		for _, c := range suite(full) {
			if c.Op == "quickstart_epoch" {
				if n := (c.Shape[0] + epochBatch - 1) / epochBatch; n != map[bool]int{false: 94, true: 938}[full] {
					t.Errorf("%v in the %s suite: %d steps", c, suiteName(full), n)
				}
			}
		}
	}
}

// TestTrainRecord runs train_step_mlp through the command and checks its records: the
// JSON record carries the steady state per step, the CSV row its two columns.
func TestTrainRecord(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"-benchtime", "1ms", "-ceilings=false", "-ops", "^train_step_mlp/"}
	if code := run(append(args, "-json"), &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	var r map[string]any
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%q: %v", out.String(), err)
	}
	ps, _ := r["per_step"].(map[string]any)
	if len(r) != 11 || ps == nil || ps["allocs"] == nil || ps["gcs"] == nil {
		t.Errorf("record %s: want the 10 fields and per_step {allocs, gcs}", out.String())
	}
	if a, _ := ps["allocs"].(float64); a <= 0 {
		t.Errorf("record %s: no allocations per step", out.String())
	}
	if g, _ := r["gflops"].(float64); g <= 0 {
		t.Errorf("record %s: no GFLOP/s", out.String())
	}
	out.Reset()
	if code := run(append(args, "-csv"), &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], ",allocs_per_step,gcs_per_step") ||
		len(strings.Split(lines[1], ",")) != 12 || strings.HasSuffix(lines[1], ",") {
		t.Errorf("csv output:\n%s", out.String())
	}
	out.Reset()
	if code := run(args, &out, &errb); code != 0 || !strings.Contains(out.String(), "(per step: ") {
		t.Errorf("exit %d, table lacks the figures per step:\n%s", code, out.String())
	}
}

// BenchmarkTrain runs the suite's training cases (the quick suite's sizes), one call per
// iteration, with heap objects and collections per training step:
//
//	go test ./cmd/gpubench -run '^$' -bench 'Train/train_step_mlp' -cpuprofile cpu.prof
func BenchmarkTrain(b *testing.B) {
	for _, c := range suite(false) {
		if ops[c.Op].Train == nil {
			continue
		}
		b.Run(c.Op, func(b *testing.B) {
			tr := newTrainer(c.Op, c, device.CPU())
			for range trainWarmup/tr.steps() + 1 {
				tr.call()
			}
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			b.ResetTimer()
			for b.Loop() {
				tr.call()
			}
			b.StopTimer()
			runtime.ReadMemStats(&m1)
			steps := float64(b.N * tr.steps())
			b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/steps, "objects/step")
			b.ReportMetric(float64(m1.NumGC-m0.NumGC)/steps, "gc/step")
		})
	}
}
