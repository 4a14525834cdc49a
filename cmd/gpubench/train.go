package main

import (
	"fmt"
	"runtime"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// Training cases: a whole training step (forward, cross-entropy loss, backward, optimizer
// update) or a whole epoch of them, on synthetic data of Fashion-MNIST's shape preloaded
// on the device (train_model.go). Their Flops count the matrix products a step needs
// (linearFlops, cnnFlops), so their % of ceiling is of the FMA peak over those flops.
// The PyTorch peer (peer_torch.py) runs the same models, optimizers and data the same way:
// tensors preloaded, no DataLoader, batches taken by index.

// trainSpec describes a training case.
type trainSpec struct {
	doc   string
	model func(g *random.Generator) nn.Module
	opt   func(params []*tensor.Tensor) autograd.Optimizer
	// epoch marks a case whose call is one epoch over its data (the case's shape) in
	// batches of epochBatch, in a fresh permutation; otherwise a call is one step on a
	// batch of the case's first dimension, the next of trainBatches preloaded batches.
	epoch bool
	// flat marks a model that takes (batch, 784) inputs rather than images.
	flat bool
	// flops is the matrix-product flops of one step on a batch of n.
	flops func(n int) float64
}

// epochBatch is the batch size of the epoch cases (the quickstart's 64).
const epochBatch = 64

// trainBatches is the number of batches a step case preloads and trains on in turn.
const trainBatches = 8

func adam(params []*tensor.Tensor) autograd.Optimizer {
	return autograd.NewAdam(params, autograd.Adam{LR: 1e-3})
}

func sgd(params []*tensor.Tensor) autograd.Optimizer {
	return autograd.NewSGD(params, autograd.SGD{LR: 1e-3})
}

// trainSpecs are the training cases by op name.
var trainSpecs = map[string]trainSpec{
	"train_step_mlp": {
		doc: "one training step of a 784-256-10 ReLU MLP (Linear, ReLU, Linear), cross-entropy, Adam(lr=1e-3), " +
			"on a (batch, 784) float32 batch: the next of 8 preloaded, taken as a slice",
		model: mlp, opt: adam, flat: true,
		flops: func(n int) float64 { return linearFlops(n, 784, 256, 10) }},
	"quickstart_epoch": {
		doc: "one epoch of PyTorch's quickstart model (Flatten, 784-512-512-10 ReLU MLP), cross-entropy, SGD(lr=1e-3), " +
			"batches of 64 over the case's images preloaded in memory, taken by index from one permutation per epoch " +
			"(the last batch short)",
		model: quickstartModel, opt: sgd, epoch: true,
		flops: func(n int) float64 { return linearFlops(n, 784, 512, 512, 10) }},
	"train_step_cnn": {
		doc: "one training step of the example CNN (2 x [Conv2d 3x3 pad 1, BatchNorm2d, ReLU, MaxPool2d(2)], 1->32->64 " +
			"channels, Flatten, Linear(3136, 10)), cross-entropy, Adam(lr=1e-3), on a (batch, 1, 28, 28) float32 batch: " +
			"the next of 8 preloaded",
		model: cnn, opt: adam, flops: cnnFlops},
}

func init() {
	for name, s := range trainSpecs {
		ops[name] = trainOp(name, s)
	}
}

// trainOp is the Op of the training case name.
func trainOp(name string, s trainSpec) Op {
	return Op{Doc: s.doc, Compute: true,
		Bytes: func(Case) float64 { return 0 }, // GB/s means nothing here
		Flops: func(c Case) float64 {
			if !s.epoch {
				return s.flops(c.Shape[0])
			}
			n := c.Shape[0]
			f := float64(n/epochBatch) * s.flops(epochBatch)
			if r := n % epochBatch; r > 0 {
				f += s.flops(r)
			}
			return f
		},
		Train: func(c Case, d device.Device) (func(), int) {
			t := newTrainer(name, c, d)
			return t.call, t.steps()
		},
	}
}

// trainer is a training case ready to run: a model, its optimizer and the data, on one
// device.
type trainer struct {
	spec  trainSpec
	model nn.Module
	opt   autograd.Optimizer
	x, y  *tensor.Tensor // the samples along axis 0 and their labels
	batch int
	dev   device.Device
	rng   *random.Generator // the epochs' permutations
	next  int               // the step cases' next batch
	loss  *tensor.Tensor    // the last step's loss
}

// newTrainer builds the training case c of op name on d: the model seeded with 0, the
// synthetic data for trainBatches batches (steps) or the case's samples (epochs).
func newTrainer(name string, c Case, d device.Device) *trainer {
	s, ok := trainSpecs[name]
	if !ok {
		panic(fmt.Sprintf("gpubench: no training case %q", name))
	}
	t := &trainer{spec: s, dev: d, rng: random.NewGenerator(0)}
	n := c.Shape[0]
	if s.epoch {
		t.batch = epochBatch
	} else {
		t.batch, n = n, n*trainBatches
	}
	x, y := synthetic(n)
	if s.flat {
		x = x.Reshape(n, -1)
	}
	t.model = s.model(random.NewGenerator(0))
	if c.DType == "float64" {
		t.model.AsType(tensor.Float64)
		x = x.AsType(tensor.Float64)
	}
	t.model.To(d)
	t.x, t.y = x.To(d), y.To(d)
	t.opt = s.opt(t.model.Parameters())
	return t
}

// steps is the number of training steps one call runs.
func (t *trainer) steps() int {
	if !t.spec.epoch {
		return 1
	}
	return (t.x.Dim(0) + t.batch - 1) / t.batch
}

// call runs one call of the case: a step on the next preloaded batch, or an epoch.
func (t *trainer) call() {
	if !t.spec.epoch {
		i := t.next * t.batch
		tensor.Scope(func() { t.step(t.x.Slice(tensor.S(i, i+t.batch)), t.y.Slice(tensor.S(i, i+t.batch))) })
		t.next = (t.next + 1) % trainBatches
		return
	}
	n := t.x.Dim(0)
	perm := t.rng.Permutation(n).To(t.dev)
	for i := 0; i < n; i += t.batch {
		tensor.Scope(func() {
			idx := perm.Slice(tensor.S(i, min(i+t.batch, n)))
			t.step(tensor.Take(t.x, idx, 0), tensor.Take(t.y, idx, 0))
		})
	}
}

// step is one training step as a user writes it (PyTorch's order): forward, loss, clear
// the gradients, backward, update. The caller runs it in a tensor.Scope, which frees the
// step's temporaries when it ends, as PyTorch's reference counts free them.
func (t *trainer) step(x, y *tensor.Tensor) {
	loss := tensor.CrossEntropy(t.model.Forward(x), y)
	t.opt.ZeroGrad()
	autograd.Backward(loss)
	t.opt.Step()
	t.loss = tensor.Keep(loss)
}

// trainWarmup is the number of steps a training case of fewer steps per call runs before
// it is measured, so that the optimizer's state and the allocator's pools exist and the
// figures per step are the steady state's (measure's own warm-up call follows). An epoch
// case needs none: its first epoch, measure's warm-up, is dozens of steps.
const trainWarmup = 3

// measureTraining measures the training case c on d as measure does other cases (the
// median seconds per call), after a warm-up (trainWarmup), and returns beside it the heap
// allocations and the garbage collections per step over the measured calls (measure's
// warm-up batch and its samples), from runtime.MemStats.
func measureTraining(c Case, d device.Device, b Budget, sync func()) (float64, *StepStats) {
	call, steps := ops[c.Op].Train(c, d)
	for range trainWarmup / steps {
		call()
	}
	sync()
	calls := 0
	f := func() { call(); calls++ }
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	seconds := measure(f, sync, b)
	runtime.ReadMemStats(&m1)
	n := float64(calls * steps)
	return seconds, &StepStats{Allocs: float64(m1.Mallocs-m0.Mallocs) / n, GCs: float64(m1.NumGC-m0.NumGC) / n}
}
