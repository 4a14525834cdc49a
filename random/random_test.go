package random

import (
	"reflect"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/gotensor/gotensor/tensor"
)

// Small cases at the edges of NumPy's paths (32/64-bit switch-over, full ranges,
// per-dtype buffering, shuffles of 2-D arrays), with values from NumPy 1.24.
func TestEdges(t *testing.T) {
	R, G := New, NewGenerator
	for _, c := range []struct {
		name string
		got  *tensor.Tensor
		want any
	}{
		{"rs randint 0..2^32", R(7).RandInt(0, 1<<32, 6), []int64{327741615, 976413892, 3349725721, 1369975286, 1882953283, 4201435347}},
		{"rs randint 0..2^32+1", R(7).RandInt(0, 1<<32+1, 6), []int64{1322904761, 1133316631, 372560217, 1801189930, 68334472, 3731473840}},
		{"rs randint full int64", R(7).RandInt(-1<<63, 1<<63-1, 4), []int64{-7815732517915138876, 5163590386780219894, -1136149262272507693, 4122204982959224423}},
		{"rs randint uint8 0..256", R(7).RandIntAs(tensor.Uint8, 0, 256, 9), []uint8{175, 240, 136, 19, 196, 228, 50, 58, 25}},
		{"rs randint int32 full", R(7).RandIntAs(tensor.Int32, -1<<31, 1<<31, 5), []int32{-1819742033, -1171069756, 1202242073, -777508362, -264530365}},
		{"rs randint bool 0..1", R(7).RandIntAs(tensor.Bool, 0, 1, 5), []bool{false, false, false, false, false}},
		{"rs randint bool 1..2", R(7).RandIntAs(tensor.Bool, 1, 2, 3), []bool{true, true, true}},
		{"rng integers 0..2^32", G(7).Integers(0, 1<<32, 6), []int64{4058335883, 2684764585, 2938530453, 3853503932, 2483747170, 3331544671}},
		{"rng integers 0..2^32+1", G(7).Integers(0, 1<<32+1, 6), []int64{2684764586, 3853503933, 3331544672, 967257516, 1289204377, 3751883480}},
		{"rng integers full int64", G(7).Integers(-1<<63, 1<<63-1, 4), []int64{2307604057237572234, 7327301329031162516, 5085503372737050977, -5069032639539042495}},
		{"rng integers uint8 0..256", G(7).IntegersAs(tensor.Uint8, 0, 256, 9), []uint8{139, 74, 229, 241, 169, 65, 6, 160, 149}},
		{"rng integers int32 full", G(7).IntegersAs(tensor.Int32, -1<<31, 1<<31, 5), []int32{1910852235, 537280937, 791046805, 1706020284, 336263522}},
		{"rng integers uint8 5..17", G(7).IntegersAs(tensor.Uint8, 5, 17, 9), []uint8{11, 8, 15, 16, 12, 8, 5, 12, 11}},
		{"rs uniform reversed", R(7).Uniform(3, -1, 4), []float64{2.6947668425041713, -0.11967516896045849, 1.246363074236426, 0.10613928867623512}},
		{"rs choice noreplace", R(7).Choice(10, false, nil, 4), []int64{8, 5, 0, 2}},
		{"rng choice noreplace", G(7).Choice(10, false, nil, 4), []int64{6, 5, 9, 8}},
		{"rs rand 2d", R(7).Rand(2, 2), []float64{0.07630828937395717, 0.7799187922401146, 0.4384092314408935, 0.7234651778309412}},
		{"rs perm2d", R(3).PermutationOf(arange(12).Reshape(4, 3)), []float64{9, 10, 11, 3, 4, 5, 0, 1, 2, 6, 7, 8}},
		{"rng perm2d", G(3).PermutationOf(arange(12).Reshape(4, 3)), []float64{9, 10, 11, 6, 7, 8, 3, 4, 5, 0, 1, 2}},
		{"rs shuffle2d", shuffled(R(3).Shuffle, arange(12).Reshape(4, 3)), []float64{9, 10, 11, 3, 4, 5, 0, 1, 2, 6, 7, 8}},
		{"rng shuffle2d", shuffled(G(3).Shuffle, arange(12).Reshape(4, 3)), []float64{9, 10, 11, 6, 7, 8, 3, 4, 5, 0, 1, 2}},
		{"rs shuffle1d", shuffled(R(3).Shuffle, arange(7)), []float64{4, 6, 5, 3, 1, 0, 2}},
		{"rs shuffle strided", shuffled(R(3).Shuffle, arange(14).Slice(tensor.S(0, 14, 2))), []float64{8, 12, 10, 6, 2, 0, 4}},
	} {
		got := flat(c.got)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, NumPy gives %v", c.name, got, c.want)
		}
	}
}

func arange(n int) *tensor.Tensor {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i)
	}
	return tensor.FromSlice(v)
}

func shuffled(shuffle func(*tensor.Tensor), t *tensor.Tensor) *tensor.Tensor {
	shuffle(t)
	return t
}

func flat(t *tensor.Tensor) any {
	switch t.DType() {
	case tensor.Float64:
		return tensor.ToSlice[float64](t)
	case tensor.Int64:
		return tensor.ToSlice[int64](t)
	case tensor.Int32:
		return tensor.ToSlice[int32](t)
	case tensor.Uint8:
		return tensor.ToSlice[uint8](t)
	}
	return tensor.ToSlice[bool](t)
}

func TestState(t *testing.T) {
	r := New(5)
	r.Randn(1)
	s := r.State()
	if s.Pos != 4 || !s.HasGauss || s.CachedGaussian != -0.33087015189408764 ||
		!reflect.DeepEqual(s.Key[:3], []uint32{4081643083, 713234725, 1676298141}) {
		t.Errorf("state after randn(1) of seed 5: pos %d, gauss %v %v, key %v...", s.Pos, s.HasGauss, s.CachedGaussian, s.Key[:3])
	}
	a := tensor.ToSlice[float64](r.Randn(5))
	r.SetState(s)
	if b := tensor.ToSlice[float64](r.Randn(5)); !reflect.DeepEqual(a, b) {
		t.Errorf("after SetState: %v, want %v", b, a)
	}

	g := NewGenerator(5)
	g.Integers(0, 10, 1)
	want := PCG64State{0x22cbe10227ce2abd, 0x36600fa99f2b8273, 0xaf6f7b8c936ab4a4, 0x4f020b7b2d10234d, true, 3457461230}
	if gs := g.State(); gs != want {
		t.Errorf("PCG64 state after integers(0, 10, 1) of seed 5: %+v, want %+v", gs, want)
	}
	x := tensor.ToSlice[float64](g.StandardNormal(5))
	g.SetState(want)
	if y := tensor.ToSlice[float64](g.StandardNormal(5)); !reflect.DeepEqual(x, y) {
		t.Errorf("after SetState: %v, want %v", y, x)
	}
}

func TestSeedSequence(t *testing.T) {
	for _, c := range []struct {
		got, want []uint32
	}{
		{NewSeedSequence(1 << 40).GenerateState(4), []uint32{1156586168, 3687319657, 379171754, 2819766752}},
		{NewSeedSequence(1, 1<<40).GenerateState(4), []uint32{2946415092, 616684486, 2452353942, 773258859}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("generate_state: %v, NumPy gives %v", c.got, c.want)
		}
	}
	ss := NewSeedSequence(9)
	ch := ss.Spawn(2)
	got := [][]uint32{ch[0].GenerateState(2), ch[1].GenerateState(2), ss.Spawn(1)[0].GenerateState(2)}
	want := [][]uint32{{747784396, 1383338171}, {4053640108, 2240889770}, {1988026542, 3319553207}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spawned states: %v, NumPy gives %v", got, want)
	}
}

// TestErrors checks that misuse is a Value-kind *tensor.Error, as NumPy's ValueError.
func TestErrors(t *testing.T) {
	cases := map[string]func(){
		"seed -1":            func() { New(-1) },
		"empty array seed":   func() { NewFromArray(nil) },
		"negative rng seed":  func() { NewGenerator(-3) },
		"randint low=high":   func() { New(0).RandInt(3, 3, 2) },
		"randint uint8 256":  func() { New(0).RandIntAs(tensor.Uint8, 0, 257) },
		"randint float":      func() { New(0).RandIntAs(tensor.Float64, 0, 2) },
		"integers low>high":  func() { NewGenerator(0).Integers(5, 1) },
		"normal scale<0":     func() { New(0).Normal(0, -1, 3) },
		"uniform overflow":   func() { New(0).Uniform(-1e308, 1e308, 3) },
		"negative shape":     func() { New(0).Rand(2, -1) },
		"negative perm":      func() { NewGenerator(0).Permutation(-1) },
		"choice too many":    func() { New(0).Choice(3, false, nil, 4) },
		"choice p sum":       func() { NewGenerator(0).Choice(3, true, []float64{0.5, 0.6, 0}, 2) },
		"choice p negative":  func() { New(0).Choice(2, true, []float64{1.5, -0.5}, 2) },
		"choice p size":      func() { New(0).Choice(3, true, []float64{0.5, 0.5}, 2) },
		"choice p nonzero":   func() { New(0).Choice(3, false, []float64{0.5, 0.5, 0}, 3) },
		"choice empty":       func() { New(0).Choice(0, true, nil, 1) },
		"set state pos":      func() { New(0).SetState(MT19937State{Pos: 625}) },
		"random dtype int64": func() { NewGenerator(0).RandomAs(tensor.Int64, 2) },
		"shuffle 0-d":        func() { New(0).Shuffle(tensor.Scalar(1.0)) },
	}
	if strconv.IntSize == 64 { // a 32-bit int cannot hold 2^32
		var seed uint64 = 1 << 32
		cases["seed 2^32"] = func() { New(int(seed)) }
	}
	for name, f := range cases {
		err := tensor.Try(f)
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if tensor.KindOf(err) != tensor.Value {
			t.Errorf("%s: %v is kind %v, want value", name, err, tensor.KindOf(err))
		}
	}
}

// TestConcurrent draws from one RandomState on several goroutines: the draws are those
// of one stream, split between the callers.
func TestConcurrent(t *testing.T) {
	const workers, per = 8, 500
	r := New(11)
	var mu sync.Mutex
	var got []float64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per/50; i++ {
				v := tensor.ToSlice[float64](r.Randn(50))
				mu.Lock()
				got = append(got, v...)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	want := tensor.ToSlice[float64](New(11).Randn(workers * per))
	sort.Float64s(got)
	sort.Float64s(want)
	if !reflect.DeepEqual(got, want) {
		t.Error("concurrent draws are not a partition of the sequential stream")
	}
}

func TestDefaultStream(t *testing.T) {
	Seed(42)
	a := tensor.ToSlice[float64](Randn(3))
	Seed(42)
	b := tensor.ToSlice[float64](New(42).Randn(3))
	if !reflect.DeepEqual(a, b) {
		t.Errorf("Seed(42); Randn(3) = %v, want %v", a, b)
	}
	if got := Rand().Shape(); len(got) != 0 {
		t.Errorf("Rand() has shape %v, want a 0-d tensor", got)
	}
}
