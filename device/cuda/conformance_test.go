package cuda_test

import (
	"math"
	"testing"

	"github.com/gotensor/gotensor/device"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/internal/conformance"
	"github.com/gotensor/gotensor/tensor"
)

// TestConformance runs NumPy's recorded answers through tensor on the GPU, or without
// one on the emulator: the whole path from tensor's dispatch to the kernels. Failures are
// compared with the CPU's: a case that fails on the CPU too is the CPU's business.
func TestConformance(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cpuFails := map[string]bool{}
	for _, f := range conformance.Run(conformance.NumPyCases, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	before := g.Launches()
	r := conformance.Run(conformance.NumPyCases, g)
	t.Logf("%s on %s, %d kernels launched", r.Summary(), g.Name(), g.Launches()-before)
	if g.Launches()-before < int64(r.Ran) {
		t.Errorf("%d kernels for %d cases: the cases did not run on the GPU", g.Launches()-before, r.Ran)
	}
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
}

// TestBreadthConformance runs the breadth families' recorded NumPy answers on the GPU,
// or without one on the emulator. Functions without a CUDA kernel compute on the host and
// move their result, so launches are not counted; failures the CPU shares are the CPU's.
func TestBreadthConformance(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	cases := conformance.BreadthCases()
	cpuFails := map[string]bool{}
	for _, f := range conformance.Run(cases, device.CPU()).Failures {
		cpuFails[f.ID] = true
	}
	r := conformance.Run(cases, g)
	t.Logf("%s on %s", r.Summary(), g.Name())
	for _, f := range r.Failures {
		if cpuFails[f.ID] {
			t.Logf("%s: fails on the CPU too: %s", f.ID, f.Why)
			continue
		}
		t.Errorf("%s: %s", f.ID, f.Why)
	}
	for _, op := range r.UnsupportedOps() {
		t.Errorf("op %s: %d cases without a handler", op, r.Ops[op].Unsupported)
	}
}

// TestFusedFallbacks runs the tensor ops whose CPU kernels are fused (FMA, CrossEntropy)
// on the GPU, which composes them from other kernels, against the CPU.
func TestFusedFallbacks(t *testing.T) {
	g := cuda.DeviceUnderTest(t)
	a := tensor.Linspace(tensor.Float64, -3, 3, 70, true).Reshape(7, 10)
	b := tensor.Linspace(tensor.Float64, 0.5, 2, 10, true)
	c := tensor.Cos(a)
	want := tensor.FMA(a, b, c)
	got := tensor.FMA(a.To(g), b.To(g), c.To(g))
	if got.Device() != g {
		t.Fatalf("FMA of GPU tensors ran on %s", got.Device().Name())
	}
	if !tensor.AllClose(got.CPU(), want, 1e-15, 1e-15) {
		t.Fatalf("FMA on %s:\n%v\nwant\n%v", g.Name(), got.CPU(), want)
	}
	into := tensor.Zeros(tensor.Float32, 7, 10).To(g)
	tensor.FMAInto(into, a.To(g), 2.0, 1.0)
	if !tensor.AllClose(into.CPU(), a.Mul(2).Add(1).AsType(tensor.Float32), 1e-6, 1e-6) {
		t.Fatalf("FMAInto on %s: %v", g.Name(), into.CPU())
	}
	labels := tensor.FromSlice([]int64{0, 3, 9, 1, 5, 5, 2})
	wantCE := tensor.CrossEntropy(a, labels).Item()
	if gotCE := tensor.CrossEntropy(a.To(g), labels.To(g)).Item(); math.Abs(gotCE-wantCE) > 1e-13 {
		t.Fatalf("CrossEntropy on %s: %v, want %v", g.Name(), gotCE, wantCE)
	}
}
