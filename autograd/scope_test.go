package autograd

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// TestScopeTrainingBits checks that training steps run in tensor.Scope compute exactly
// what they compute without it, with Adam (whose state is made at the first Step, inside
// a scope) and SGD: the scope frees only memory that no one reads again.
func TestScopeTrainingBits(t *testing.T) {
	for _, adam := range []bool{false, true} {
		run := func(scoped bool) ([]float64, []*tensor.Tensor) {
			q := newQuickstart()
			if adam {
				q.opt = NewAdam(q.params, Adam{LR: 1e-3})
			}
			var losses []float64
			for range 5 {
				if scoped {
					tensor.Scope(func() { losses = append(losses, q.step()) })
				} else {
					losses = append(losses, q.step())
				}
			}
			return losses, q.params
		}
		l0, p0 := run(false)
		l1, p1 := run(true)
		assert.Equal(t, l0, l1, "adam %v: losses", adam)
		for i := range p0 {
			require.Equal(t, tensor.ToSlice[float32](p0[i]), tensor.ToSlice[float32](p1[i]), "adam %v: parameter %d", adam, i)
			require.NotNil(t, p1[i].Grad(), "a leaf's gradient survives the scope")
			require.Equal(t, tensor.ToSlice[float32](p0[i].Grad()), tensor.ToSlice[float32](p1[i].Grad()))
		}
	}
}

// savedTwice is a Function whose Backward reads a tensor it saved: Keep must keep it.
type savedTwice struct{}

func (savedTwice) Forward(ctx *Context, in ...*tensor.Tensor) *tensor.Tensor {
	twice := in[0].Mul(2)
	ctx.SaveForBackward(twice)
	return in[0].Mul(in[0])
}

func (savedTwice) Backward(ctx *Context, g *tensor.Tensor) []*tensor.Tensor {
	return []*tensor.Tensor{g.Mul(ctx.Saved()[0])}
}

// TestScopeKeepGraph checks that a tensor kept out of a scope keeps its graph: Backward
// after the scope finds every saved tensor (results of ops, a custom Function's saved
// tensors, an index tensor of a Take) and gives the gradients it gives without a scope;
// and that a graph not kept is an error naming the misuse, not a wrong gradient.
func TestScopeKeepGraph(t *testing.T) {
	g := random.NewGenerator(3)
	x := g.StandardNormal(50, 40).RequiresGrad()
	idx := tensor.FromSlice([]int64{3, 1, 4, 1, 5})
	f := func() *tensor.Tensor {
		h := tensor.Tanh(x.MatMul(x.T())).Exp()                          // saves results of ops
		h = Apply(savedTwice{}, h)                                       // saves a tensor in its Context
		r := tensor.Take(h, idx.Add(int64(0)), 0)                        // an index made in the scope
		return r.Slice(tensor.S(tensor.None, tensor.None, -1)).T().Sum() // a reversed, transposed view
	}
	want := Grad([]*tensor.Tensor{f()}, []*tensor.Tensor{x})[0]

	var kept, lost *tensor.Tensor
	tensor.Scope(func() {
		kept = tensor.Keep(f())
		lost = f()
	})
	got := Grad([]*tensor.Tensor{kept}, []*tensor.Tensor{x})[0]
	assert.Equal(t, tensor.ToSlice[float64](want), tensor.ToSlice[float64](got))
	err := tensor.Try(func() { Grad([]*tensor.Tensor{lost}, []*tensor.Tensor{x}) })
	require.Error(t, err)
	assert.Equal(t, tensor.Value, tensor.KindOf(err))
	assert.Contains(t, err.Error(), "Scope")
}

// TestScopeDoubleBackward checks that a gradient made with CreateGraph inside a scope
// keeps its graph: differentiating it again after the scope gives the second derivative.
func TestScopeDoubleBackward(t *testing.T) {
	x := tensor.FromSlice([]float64{0.5, -1, 2}).RequiresGrad()
	tensor.Scope(func() {
		y := x.Mul(x).Mul(x).Sum() // sum(x^3)
		BackwardWith(y, Options{CreateGraph: true})
	})
	g := x.Grad() // 3x^2, with a graph
	x.SetGrad(nil)
	Backward(g.Sum())
	assert.Equal(t, []float64{3, -6, 12}, tensor.ToSlice[float64](x.Grad()), "6x")
}

// TestScopeSteadyState trains the quickstart MLP with each step in a tensor.Scope, as
// the allocation issue asks of a training loop: no collection started for dead buffers
// and at most one collection of any kind per 100 steps, and a heap that does not grow.
// It logs the figures docs/PERF.md reports.
func TestScopeSteadyState(t *testing.T) {
	if testing.Short() || raceBuild {
		t.Skip("1,100 training steps: not in -short or under -race")
	}
	q := newQuickstart()
	for range 100 {
		tensor.Scope(func() { q.step() })
	}
	s := measureSteps(1000, func() { tensor.Scope(func() { q.step() }) })
	t.Logf("1000 steps in scopes: %d collections (%d started by the recycler), %.1f per 100 steps; %.0f heap objects per step; live heap %+d bytes (heap in use %+d)",
		s.gcs, s.recycler, float64(s.gcs)/10, float64(s.mallocs)/1000, s.liveGrowth, s.heapGrowth)
	if s.recycler != 0 {
		t.Errorf("the recycler started %d collections: the scopes free every buffer", s.recycler)
	}
	if per100 := float64(s.gcs) / 10; per100 > 1 {
		t.Errorf("%.1f collections per 100 steps: want at most 1", per100)
	}
	if s.liveGrowth > 1<<20 {
		t.Errorf("the live heap grew by %d bytes over 1,000 steps", s.liveGrowth)
	}
	if !slices.Equal(q.params[0].Shape(), []int{784, 512}) {
		t.Fatal("the parameters changed shape")
	}
}
