package autograd

import (
	"runtime"
	"testing"

	"github.com/gotensor/gotensor/cpu"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// The autograd overhead benchmark of the autograd issue: a 784-256-10 MLP, batch 256,
// float32, forward + backward through autograd against the same forward with a
// hand-written backward made of the same tensor ops.
//
//	go test ./autograd -run '^$' -bench MLP -count 6

type mlp struct {
	x, w1, b1, w2, b2 *tensor.Tensor
	labels            *tensor.Tensor
}

func newMLP(track bool) *mlp {
	g := random.NewGenerator(7)
	f32 := func(scale float64, shape ...int) *tensor.Tensor {
		return g.StandardNormal(shape...).Mul(scale).AsType(tensor.Float32)
	}
	m := &mlp{
		x:  f32(1, 256, 784),
		w1: f32(0.05, 784, 256), b1: tensor.Zeros(tensor.Float32, 256),
		w2: f32(0.05, 256, 10), b2: tensor.Zeros(tensor.Float32, 10),
		labels: g.Integers(0, 10, 256),
	}
	if track {
		for _, p := range m.params() {
			p.RequiresGrad()
		}
	}
	return m
}

func (m *mlp) params() []*tensor.Tensor { return []*tensor.Tensor{m.w1, m.b1, m.w2, m.b2} }

// stepAutograd is forward + Backward; the gradients are cleared for the next step.
func (m *mlp) stepAutograd() {
	h := tensor.ReLU(m.x.MatMul(m.w1).Add(m.b1))
	loss := tensor.CrossEntropy(h.MatMul(m.w2).Add(m.b2), m.labels)
	Backward(loss)
	for _, p := range m.params() {
		p.ZeroGrad()
	}
}

// stepManual is the same forward and the gradients written out by hand with the same ops:
// dlogits = (softmax - onehot)/n, dW2 = hᵀ dlogits, dh = dlogits W2ᵀ masked by h > 0, ...
func (m *mlp) stepManual() (dw1, db1, dw2, db2 *tensor.Tensor) {
	pre := m.x.MatMul(m.w1).Add(m.b1)
	h := tensor.ReLU(pre)
	logits := h.MatMul(m.w2).Add(m.b2)
	_ = tensor.CrossEntropy(logits, m.labels)
	n := float32(m.x.Dim(0))
	d := tensor.Softmax(logits, -1)
	d = tensor.SubInto(d, d, tensor.OneHot(m.labels, 10))
	d = tensor.DivInto(d, d, n)
	dw2 = h.T().MatMul(d)
	db2 = d.Sum(0)
	dh := d.MatMul(m.w2.T())
	dh = tensor.MulInto(dh, dh, tensor.Greater(pre, float32(0)))
	dw1 = m.x.T().MatMul(dh)
	db1 = dh.Sum(0)
	return
}

func BenchmarkMLPAutograd(b *testing.B) {
	m := newMLP(true)
	m.stepAutograd()
	b.ReportAllocs()
	for b.Loop() {
		m.stepAutograd()
	}
}

func BenchmarkMLPManual(b *testing.B) {
	m := newMLP(false)
	m.stepManual()
	b.ReportAllocs()
	for b.Loop() {
		m.stepManual()
	}
}

// TestMLPManualMatchesAutograd: the hand-written backward of the benchmark is the
// gradient autograd computes, so the two benchmarks do the same work.
func TestMLPManualMatchesAutograd(t *testing.T) {
	m := newMLP(true)
	h := tensor.ReLU(m.x.MatMul(m.w1).Add(m.b1))
	Backward(tensor.CrossEntropy(h.MatMul(m.w2).Add(m.b2), m.labels))
	u := &mlp{x: m.x, w1: m.w1.Detach(), b1: m.b1.Detach(), w2: m.w2.Detach(), b2: m.b2.Detach(), labels: m.labels}
	dw1, db1, dw2, db2 := u.stepManual()
	for i, want := range []*tensor.Tensor{dw1, db1, dw2, db2} {
		if got := m.params()[i].Grad(); !tensor.AllClose(got, want, 1e-4, 1e-6) {
			t.Errorf("parameter %d: autograd and the hand-written gradient differ", i)
		}
	}
}

// TestMLPTrainingMemoryIsSteady: the heap in use after 1,000 training steps is within 5%
// (plus 1 MiB of slack for the runtime) of its value after 100, and so is the number of
// heap objects: autograd's graph and temporaries do not accumulate.
func TestMLPTrainingMemoryIsSteady(t *testing.T) {
	if testing.Short() || raceBuild {
		t.Skip("1,000 training steps: not in -short or under -race")
	}
	// The CPU recycler lends memory of dead results again; its free cache fills up to
	// cpu.CacheLimit over the first few hundred steps, and slabs of dead results stay
	// lent until it next scans, so it would hide what this test measures. Without it,
	// the heap after a collection is what the program keeps alive.
	limit := cpu.CacheLimit.Load()
	cpu.CacheLimit.Store(0)
	cpu.EmptyCache()
	defer cpu.CacheLimit.Store(limit)
	m := newMLP(true)
	lr := float32(0.01)
	step := func() {
		h := tensor.ReLU(m.x.MatMul(m.w1).Add(m.b1))
		Backward(tensor.CrossEntropy(h.MatMul(m.w2).Add(m.b2), m.labels))
		for _, p := range m.params() {
			p.Detach().SubInPlace(p.Grad().Mul(lr))
			p.ZeroGrad()
		}
	}
	heap := func() (live, objects uint64) {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("heap in use %d, objects %d", ms.HeapInuse, ms.HeapObjects)
		return ms.HeapInuse, ms.HeapObjects
	}
	for range 100 {
		step()
	}
	at100, obj100 := heap()
	for i := range 900 {
		step()
		if i%300 == 299 {
			heap()
		}
	}
	at1000, obj1000 := heap()
	if float64(at1000) > 1.05*float64(at100)+(1<<20) {
		t.Errorf("live heap grew from %d to %d bytes between step 100 and step 1000", at100, at1000)
	}
	if float64(obj1000) > 1.05*float64(obj100)+100 {
		t.Errorf("heap objects grew from %d to %d between step 100 and step 1000", obj100, obj1000)
	}
}
