package random_test

import (
	"fmt"

	"github.com/gotensor/gotensor/random"
	"github.com/gotensor/gotensor/tensor"
)

// Ported notebook code: np.random.seed(42); x = np.random.randn(2, 3).
func Example() {
	random.Seed(42)
	x := random.Randn(2, 3)
	fmt.Println(x.Shape())
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](x))
	// Output:
	// [2 3]
	// [0.496714 -0.138264 0.647689 1.523030 -0.234153 -0.234137]
}

func ExampleSeed() {
	random.Seed(0)
	fmt.Printf("%.8f\n", tensor.ToSlice[float64](random.Rand(3)))
	fmt.Println(tensor.ToSlice[int64](random.RandInt(0, 10, 5)))
	// Output:
	// [0.54881350 0.71518937 0.60276338]
	// [3 7 9 3 5]
}

func ExampleNew() {
	r := random.New(42) // np.random.RandomState(42)
	fmt.Println(tensor.ToSlice[int64](r.Permutation(10)))
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](r.Normal(5, 2, 3)))
	// Output:
	// [8 1 5 0 7 2 9 4 3 6]
	// [5.558083 7.021031 3.838244]
}

func ExampleNewGenerator() {
	g := random.NewGenerator(42) // np.random.default_rng(42)
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](g.Random(3)))
	fmt.Printf("%.6f\n", tensor.ToSlice[float64](g.StandardNormal(3)))
	fmt.Println(tensor.ToSlice[int64](g.Integers(0, 10, 5)))
	// Output:
	// [0.773956 0.438878 0.858598]
	// [0.940565 -1.951035 -1.302180]
	// [7 7 7 7 5]
}

func ExampleGenerator_Choice() {
	g := random.NewGenerator(1)
	fmt.Println(tensor.ToSlice[int64](g.Choice(5, true, []float64{0.1, 0.2, 0.3, 0.25, 0.15}, 6)))
	fmt.Println(tensor.ToSlice[int64](g.Choice(10, false, nil, 4)))
	// Output:
	// [2 4 1 4 2 2]
	// [4 1 6 2]
}
