package cpu

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// optimSizes are the lengths the optimizer tests run: every length to 70 (all tails of
// both vector widths) and one past two grains, which the workers split.
func optimSizes() []int {
	var ns []int
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	return append(ns, 4*optGrain+13)
}

// optimData is n random values of T with NaN, infinities, zeros of both signs,
// subnormals and huge values sprinkled in; nonneg makes the ordinary values
// non-negative (second moments).
func optimData[T float](rng *rand.Rand, n int, nonneg bool) []T {
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e-40, -1e-310, 3e38, -1e300}
	s := make([]T, n)
	for i := range s {
		if rng.Intn(12) == 0 {
			s[i] = T(specials[rng.Intn(len(specials))])
			continue
		}
		x := rng.NormFloat64() * math.Pow(10, float64(rng.Intn(7)-4))
		if nonneg {
			x = math.Abs(x)
		}
		s[i] = T(x)
	}
	return s
}

// optDiff reports the first index where a and b differ in bits (all NaNs are one
// value: the kernels do not promise NaN payloads), or -1.
func optDiff[T float](a, b []T) int {
	for i := range a {
		if a[i] != a[i] && b[i] != b[i] {
			continue
		}
		if a[i] != b[i] || math.Signbit(float64(a[i])) != math.Signbit(float64(b[i])) {
			return i
		}
	}
	return -1
}

// clones returns a copy of each slice (nil stays nil).
func clones[T float](ss ...[]T) [][]T {
	out := make([][]T, len(ss))
	for k, s := range ss {
		if s != nil {
			out[k] = append([]T{}, s...)
		}
	}
	return out
}

// compareState fails on the first slice of got that differs from want.
func compareState[T float](t *testing.T, what string, names []string, got, want [][]T) {
	t.Helper()
	for k := range got {
		if i := optDiff(got[k], want[k]); i >= 0 {
			t.Fatalf("%s: %s[%d] = %v, Go loop %v", what, names[k], i, got[k][i], want[k][i])
		}
	}
}

// optimStepCase is one optimizer variant: step runs the exported step (kernels, tail,
// split) and ref the Go loop on state slices p, g and three more (nil where unused).
type optimStepCase[T float] struct {
	name  string
	state int // state slices used (1..3)
	nils  [3]bool
	step  func(s [][]T)
	ref   func(s [][]T)
	grain int
}

func adamCases[T float]() []optimStepCase[T] {
	base := AdamCoef[T]{Decay: T(1 - 1e-3*1e-2), Beta1: 0.9, OMB1: T(1 - 0.9), Beta2: 0.999, OMB2: T(1 - 0.999),
		BC2Sqrt: T(math.Sqrt(1 - math.Pow(0.999, 3))), Eps: 1e-8, NegStep: T(-1e-3 / (1 - math.Pow(0.9, 3)))}
	var cs []optimStepCase[T]
	for _, v := range []struct {
		name                string
		wd                  T
		decoupled, max, ams bool
	}{
		{"adam", 0, false, false, false},
		{"adam/l2", 0.1, false, false, false},
		{"adamw", 1e-2, true, false, false},
		{"adam/amsgrad", 0, false, false, true},
		{"adam/maximize", 0, false, true, false},
		{"adam/l2+amsgrad+maximize", 0.25, false, true, true},
		{"adamw/amsgrad+maximize", 1e-2, true, true, true},
	} {
		c := base
		c.WD, c.Decoupled, c.Maximize = v.wd, v.decoupled, v.max
		cs = append(cs, optimStepCase[T]{name: v.name, state: 3, nils: [3]bool{false, false, !v.ams},
			step: func(s [][]T) { AdamStep(s[0], s[1], s[2], s[3], s[4], c) },
			ref:  func(s [][]T) { adamGo(s[0], s[1], s[2], s[3], s[4], c) }})
	}
	return cs
}

func sgdCases[T float]() []optimStepCase[T] {
	var cs []optimStepCase[T]
	for _, v := range []struct {
		name string
		c    SGDCoef[T]
		mom  bool
	}{
		{"sgd", SGDCoef[T]{NegLR: -1e-3}, false},
		{"sgd/wd+maximize", SGDCoef[T]{NegLR: -0.1, WD: 0.01, Maximize: true}, false},
		{"sgd/momentum/first", SGDCoef[T]{NegLR: -0.1, Momentum: 0.9, Damp1: 0.9, First: true}, true},
		{"sgd/momentum", SGDCoef[T]{NegLR: -0.1, Momentum: 0.9, Damp1: 0.9}, true},
		{"sgd/nesterov+wd+maximize", SGDCoef[T]{NegLR: -0.1, Momentum: 0.9, Damp1: 1, WD: 0.01, Nesterov: true, Maximize: true}, true},
		{"sgd/nesterov/first", SGDCoef[T]{NegLR: -0.1, Momentum: 0.9, Damp1: 1, Nesterov: true, First: true}, true},
	} {
		c := v.c
		cs = append(cs, optimStepCase[T]{name: v.name, state: 1, nils: [3]bool{!v.mom},
			step: func(s [][]T) { SGDStep(s[0], s[1], s[2], c) },
			ref:  func(s [][]T) { sgdGo(s[0], s[1], s[2], c) }})
	}
	return cs
}

func rmspropCases[T float]() []optimStepCase[T] {
	base := RMSpropCoef[T]{Alpha: 0.99, OMA: T(1 - 0.99), Eps: 1e-8, NegLR: -1e-2}
	var cs []optimStepCase[T]
	for _, v := range []struct {
		name                  string
		wd, mom               T
		centered, useMom, max bool
	}{
		{"rmsprop", 0, 0, false, false, false},
		{"rmsprop/wd+maximize", 0.1, 0, false, false, true},
		{"rmsprop/centered", 0, 0, true, false, false},
		{"rmsprop/momentum", 0, 0.9, false, true, false},
		{"rmsprop/centered+momentum+wd", 0.1, 0.9, true, true, false},
	} {
		c := base
		c.WD, c.Momentum, c.Maximize = v.wd, v.mom, v.max
		cs = append(cs, optimStepCase[T]{name: v.name, state: 3, nils: [3]bool{false, !v.useMom, !v.centered},
			step: func(s [][]T) { RMSpropStep(s[0], s[1], s[2], s[3], s[4], c) },
			ref:  func(s [][]T) { rmspropGo(s[0], s[1], s[2], s[3], s[4], c) }})
	}
	return cs
}

// testOptimSteps runs each case on random data of every size and compares the
// exported step's bits with the Go loop's.
func testOptimSteps[T float](t *testing.T, cases []optimStepCase[T]) {
	names := []string{"p", "g", "state0", "state1", "state2"}
	rng := rand.New(rand.NewSource(7))
	for _, c := range cases {
		t.Run(fmt.Sprintf("%T/%s", T(0), c.name), func(t *testing.T) {
			for _, n := range optimSizes() {
				s := make([][]T, 5)
				s[0], s[1] = optimData[T](rng, n, false), optimData[T](rng, n, false)
				for k := 0; k < c.state; k++ {
					if !c.nils[k] {
						s[2+k] = optimData[T](rng, n, k > 0)
					}
				}
				got, want := clones(s...), clones(s...)
				c.step(got)
				c.ref(want)
				compareState(t, fmt.Sprintf("n=%d", n), names, got, want)
				for _, k := range []int{2, 3, 4} {
					if (got[k] == nil) != (s[k] == nil) {
						t.Fatalf("state %d nil-ness changed", k)
					}
				}
			}
		})
	}
}

// TestOptimKernels checks AdamStep, SGDStep and RMSpropStep (the AVX2 kernels where the
// CPU has them, the Go loop on the tail, the split over the workers on the large size)
// against the Go loops bit for bit, each variant, on data with NaN, infinities and
// signed zeros.
func TestOptimKernels(t *testing.T) {
	testOptimSteps(t, adamCases[float32]())
	testOptimSteps(t, adamCases[float64]())
	testOptimSteps(t, sgdCases[float32]())
	testOptimSteps(t, sgdCases[float64]())
	testOptimSteps(t, rmspropCases[float32]())
	testOptimSteps(t, rmspropCases[float64]())
}

// TestOptimSplit checks that splitting an update over the workers in chunks of any size
// gives the bits of one pass on the calling goroutine.
func TestOptimSplit(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	c := AdamCoef[float32]{Beta1: 0.9, OMB1: 0.1, Beta2: 0.999, OMB2: 1 - 0.999, BC2Sqrt: 0.05, Eps: 1e-8, NegStep: -0.01, WD: 0.1}
	for _, n := range []int{0, 1, 17, 64, 1000, 4099} {
		for _, grain := range []int{1, 16, 100, n / 3, n + 1} {
			s := [][]float32{optimData[float32](rng, n, false), optimData[float32](rng, n, false),
				optimData[float32](rng, n, false), optimData[float32](rng, n, true), optimData[float32](rng, n, true)}
			got, want := clones(s...), clones(s...)
			j := getOptJob[float32]()
			j.kind, j.s, j.adam = kindAdam, [5][]float32{got[0], got[1], got[2], got[3], got[4]}, c
			j.run(n, max(grain, 1))
			adamGo(want[0], want[1], want[2], want[3], want[4], c)
			compareState(t, fmt.Sprintf("n=%d grain=%d", n, grain), []string{"p", "g", "m", "v", "vmax"}, got, want)
		}
	}
}

// TestOptimLengths checks that slices of the wrong length panic with the op's name.
func TestOptimLengths(t *testing.T) {
	p := make([]float64, 5)
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"adam g", func() { AdamStep(p, p[:4], p, p, nil, AdamCoef[float64]{}) }, "cpu.AdamStep: len(g) is 4, want len(p) = 5"},
		{"adam m nil", func() { AdamStep(p, p, nil, p, nil, AdamCoef[float64]{}) }, "cpu.AdamStep: len(m) is 0"},
		{"adam vmax", func() { AdamStep(p, p, p, p, p[:1], AdamCoef[float64]{}) }, "len(vmax) is 1"},
		{"sgd buf", func() { SGDStep(p, p, p[:2], SGDCoef[float64]{}) }, "cpu.SGDStep: len(buf) is 2"},
		{"rmsprop v", func() { RMSpropStep(p, p, nil, nil, nil, RMSpropCoef[float64]{}) }, "cpu.RMSpropStep: len(v) is 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, ok := r.(string); !ok || !strings.Contains(s, c.want) {
					t.Fatalf("panic %v, want one containing %q", r, c.want)
				}
			}()
			c.f()
		})
	}
}

// TestOptimAllocs checks that a step allocates nothing, split or not.
func TestOptimAllocs(t *testing.T) {
	for _, n := range []int{100, 4 * optGrain} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		c := AdamCoef[float32]{Beta1: 0.9, OMB1: 0.1, Beta2: 0.999, OMB2: 1 - 0.999, BC2Sqrt: 0.05, Eps: 1e-8, NegStep: -0.01}
		AdamStep(p, g, m, v, nil, c)
		if a := testing.AllocsPerRun(50, func() { AdamStep(p, g, m, v, nil, c) }); a != 0 {
			t.Errorf("AdamStep on %d elements allocates %v times, want 0", n, a)
		}
		sc := SGDCoef[float32]{NegLR: -1e-3}
		if a := testing.AllocsPerRun(50, func() { SGDStep(p, g, nil, sc) }); a != 0 {
			t.Errorf("SGDStep on %d elements allocates %v times, want 0", n, a)
		}
	}
}
