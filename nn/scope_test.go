package nn_test

import (
	"testing"

	"github.com/gotensor/gotensor/nn"
	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// TestScopeModuleState checks that a model built, converted and trained inside
// tensor.Scope keeps its parameters and buffers (BatchNorm's running statistics) after
// the scope, with the values they had in it.
func TestScopeModuleState(t *testing.T) {
	var model *nn.Sequential
	var before map[string][]float64
	tensor.Scope(func() {
		g := random.NewGenerator(1)
		model = nn.NewSequential(nn.NewLinear(4, 6, true, g), nn.NewBatchNorm1d(6, nn.BatchNormConfig{}), nn.NewReLU())
		model.AsType(tensor.Float64) // replaces every parameter and buffer
		x := g.StandardNormal(8, 4)
		model.Forward(x).Sum() // updates the running statistics, in training mode
		before = map[string][]float64{}
		for _, e := range model.StateDict() {
			before[e.Name] = tensor.ToSlice[float64](e.Tensor)
		}
	})
	if len(before) != 7 {
		t.Fatalf("%d entries in the state dict, want 7", len(before))
	}
	for _, e := range model.StateDict() {
		got := tensor.ToSlice[float64](e.Tensor) // a freed tensor would be an error here
		for i := range got {
			if got[i] != before[e.Name][i] {
				t.Fatalf("%s[%d] = %v after the scope, %v in it", e.Name, i, got[i], before[e.Name][i])
			}
		}
	}
}
