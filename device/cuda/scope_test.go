package cuda_test

import (
	"testing"

	"github.com/gotensor/gotensor/autograd"
	"github.com/gotensor/gotensor/device/cuda"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// TestScopeGivesBack checks that tensor.Scope gives GPU memory back to the caching
// allocator as it gives CPU memory back to the recycler: when the scope ends, with no
// garbage collection, so that a loop's next iteration reuses the blocks and the driver
// is not asked for more; and that a kept tensor keeps its block and its values.
func TestScopeGivesBack(t *testing.T) {
	d := cuda.DeviceUnderTest(t)
	x := tensor.Arange(tensor.Float32, 0, 1<<16, 1).To(d)
	base := d.Stats()
	var driver int64
	var kept *tensor.Tensor
	for i := range 10 {
		tensor.Scope(func() {
			y := x.Add(x).Mul(2) // two blocks of 256 KiB, and the sum's
			if got, want := y.Sum().Item(), 4*float64(1<<16-1)*(1<<16)/2; got != want {
				t.Fatalf("iteration %d: sum %v, want %v", i, got, want)
			}
			if i == 9 {
				kept = tensor.Keep(y.Slice(tensor.S(tensor.None, tensor.None, -1)))
			}
		})
		s := d.Stats()
		if i < 9 && s.Allocated != base.Allocated {
			t.Fatalf("iteration %d: %d bytes allocated after the scope, %d before it", i, s.Allocated, base.Allocated)
		}
		if i == 0 {
			driver = s.Driver
		} else if s.Driver != driver {
			t.Fatalf("iteration %d: %d driver allocations since the first iteration: blocks not reused", i, s.Driver-driver)
		}
	}
	s := d.Stats()
	if s.Reuses-base.Reuses < 9*2 {
		t.Errorf("%d reuses from the cache over 10 iterations of 3 blocks: want at least 18", s.Reuses-base.Reuses)
	}
	if s.Allocated <= base.Allocated {
		t.Errorf("the kept tensor's block was given back")
	}
	if got := kept.Slice(tensor.S(0, 1)).Item(); got != 4*float64(1<<16-1) {
		t.Errorf("the kept reversed view starts with %v", got)
	}
}

// TestScopeTrainingCUDA runs Adam steps on the device, each in a tensor.Scope, and
// checks that they compute what the same steps compute without scopes: on the device the
// optimizer keeps its state in tensors made at the first Step, inside a scope, which the
// scope must not free.
func TestScopeTrainingCUDA(t *testing.T) {
	d := cuda.DeviceUnderTest(t)
	run := func(scoped bool) [][]float32 {
		g := random.NewGenerator(5)
		x := g.StandardNormal(16, 8).AsType(tensor.Float32).To(d)
		labels := g.Integers(0, 3, 16).To(d)
		w := g.StandardNormal(8, 3).Mul(0.1).AsType(tensor.Float32).To(d).RequiresGrad()
		b := tensor.Zeros(tensor.Float32, 3).To(d).RequiresGrad()
		opt := autograd.NewAdam([]*tensor.Tensor{w, b}, autograd.Adam{LR: 0.01})
		step := func() {
			loss := tensor.CrossEntropy(x.MatMul(w).Add(b), labels)
			opt.ZeroGrad()
			autograd.Backward(loss)
			opt.Step()
		}
		for range 4 {
			if scoped {
				tensor.Scope(step)
			} else {
				step()
			}
		}
		return [][]float32{tensor.ToSlice[float32](w), tensor.ToSlice[float32](b)}
	}
	want, got := run(false), run(true)
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("parameter %d, element %d: %v in scopes, %v without", i, j, got[i][j], want[i][j])
			}
		}
	}
}
