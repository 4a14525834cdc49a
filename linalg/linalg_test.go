package linalg_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gotensor/gotensor/linalg"
	"github.com/gotensor/gotensor/tensor"
)

// Expected values in these tests were computed with NumPy 1.24 (Debian's python3-numpy).

// check compares got with want: dtype, shape and values within rtol (plus rtol as an
// absolute floor); NaN matches NaN.
func check(t *testing.T, got *tensor.Tensor, dt tensor.DType, shape []int, want []float64, rtol float64) {
	t.Helper()
	if got.DType() != dt {
		t.Errorf("dtype %v, want %v", got.DType(), dt)
	}
	if gs := got.Shape(); !slices.Equal(gs, shape) {
		t.Fatalf("shape %v, want %v", gs, shape)
	}
	g := tensor.ToSlice[float64](got)
	if len(g) != len(want) {
		t.Fatalf("%d values, want %d", len(g), len(want))
	}
	for i, w := range want {
		if !(g[i] == w || math.IsNaN(g[i]) && math.IsNaN(w) || math.Abs(g[i]-w) <= rtol*(1+math.Abs(w))) {
			t.Errorf("element %d: got %.17g, want %.17g", i, g[i], w)
		}
	}
}

// closeTo checks that got holds want's values (and shape) within tol.
func closeTo(t *testing.T, what string, got, want *tensor.Tensor, tol float64) {
	t.Helper()
	check(t, got, got.DType(), want.Shape(), tensor.ToSlice[float64](want), tol)
	if t.Failed() {
		t.Logf("in %s", what)
	}
}

var (
	matA  = tensor.FromSlice([]float64{4, -2, 1, 3, 6, -4, 2, 1, 8}, 3, 3)
	batch = tensor.FromSlice([]float64{1, 2, 3, 4, 2, 0, 0, 3}, 2, 2, 2)
	spd   = tensor.FromSlice([]float64{4, 2, 0.4, 2, 5, 1, 0.4, 1, 3}, 3, 3)
	m43   = tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0, 1}, 4, 3)
)

func TestDetInvSolve(t *testing.T) {
	tests := []struct {
		name  string
		got   func() *tensor.Tensor
		dt    tensor.DType
		shape []int
		want  []float64
	}{
		{"det", func() *tensor.Tensor { return linalg.Det(matA) }, tensor.Float64, []int{}, []float64{262.99999999999983}},
		{"det-f32", func() *tensor.Tensor { return linalg.Det(matA.AsType(tensor.Float32)) }, tensor.Float32, []int{}, []float64{263}},
		{"det-int", func() *tensor.Tensor { return linalg.Det(matA.AsType(tensor.Int64)) }, tensor.Float64, []int{}, []float64{263}},
		{"det-batched", func() *tensor.Tensor { return linalg.Det(batch) }, tensor.Float64, []int{2}, []float64{-2, 6}},
		{"det-singular", func() *tensor.Tensor { return linalg.Det(tensor.FromSlice([]float64{1, 2, 2, 4}, 2, 2)) }, tensor.Float64, []int{}, []float64{0}},
		{"det-empty", func() *tensor.Tensor { return linalg.Det(tensor.Zeros(tensor.Float64, 0, 0)) }, tensor.Float64, []int{}, []float64{1}},
		{"det-transposed", func() *tensor.Tensor { return linalg.Det(matA.T()) }, tensor.Float64, []int{}, []float64{263}},
		{"inv", func() *tensor.Tensor { return linalg.Inv(matA) }, tensor.Float64, []int{3, 3},
			[]float64{0.19771863117870722, 0.06463878326996197, 0.007604562737642592, -0.12167300380228137, 0.11406844106463879, 0.07224334600760458, -0.034220532319391636, -0.030418250950570346, 0.1140684410646388}},
		{"inv-batched", func() *tensor.Tensor { return linalg.Inv(batch) }, tensor.Float64, []int{2, 2, 2},
			[]float64{-2, 1, 1.5, -0.5, 0.5, 0, 0, 1.0 / 3}},
		{"inv-f32", func() *tensor.Tensor { return linalg.Inv(batch.AsType(tensor.Float32)) }, tensor.Float32, []int{2, 2, 2},
			[]float64{-2, 1, 1.5, -0.5, 0.5, 0, 0, 1.0 / 3}},
		{"inv-empty-batch", func() *tensor.Tensor { return linalg.Inv(tensor.Zeros(tensor.Float64, 0, 2, 2)) }, tensor.Float64, []int{0, 2, 2}, nil},
		{"solve-vector", func() *tensor.Tensor { return linalg.Solve(matA, tensor.FromSlice([]float64{12, -25, 32})) }, tensor.Float64, []int{3}, []float64{1, -2, 4}},
		{"solve-matrix", func() *tensor.Tensor {
			return linalg.Solve(matA, tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2))
		}, tensor.Float64, []int{3, 2}, []float64{0.4296577946768061, 0.6996197718631179, 0.5817490494296578, 0.6463878326996197, 0.4448669201520913, 0.49429657794676807}},
		{"solve-batched-vector", func() *tensor.Tensor { return linalg.Solve(batch, tensor.FromSlice([]float64{1, 1})) }, tensor.Float64, []int{2, 2},
			[]float64{-1, 1, 0.5, 1.0 / 3}},
		{"solve-broadcast-b", func() *tensor.Tensor {
			return linalg.Solve(batch.Slice(0), tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2, 1))
		}, tensor.Float64, []int{3, 2, 1}, []float64{0, 0.5, -2, 2.5, -4, 4.5}},
		{"solve-f32", func() *tensor.Tensor {
			return linalg.Solve(matA.AsType(tensor.Float32), tensor.FromSlice([]float32{12, -25, 32}))
		}, tensor.Float32, []int{3}, []float64{1, -2, 4}},
		{"solve-mixed", func() *tensor.Tensor {
			return linalg.Solve(matA.AsType(tensor.Float32), tensor.FromSlice([]float64{12, -25, 32}))
		}, tensor.Float64, []int{3}, []float64{1, -2, 4}},
	}
	for _, tc := range tests {
		tol := 1e-12
		if tc.dt == tensor.Float32 {
			tol = 1e-6
		}
		t.Run(tc.name, func(t *testing.T) { check(t, tc.got(), tc.dt, tc.shape, tc.want, tol) })
	}
}

func TestSlogDet(t *testing.T) {
	sign, ld := linalg.SlogDet(matA)
	check(t, sign, tensor.Float64, []int{}, []float64{1}, 0)
	check(t, ld, tensor.Float64, []int{}, []float64{5.572154032177764}, 1e-14)
	sign, ld = linalg.SlogDet(batch)
	check(t, sign, tensor.Float64, []int{2}, []float64{-1, 1}, 0)
	check(t, ld, tensor.Float64, []int{2}, []float64{math.Log(2), math.Log(6)}, 1e-14)
	sign, ld = linalg.SlogDet(tensor.Zeros(tensor.Float64, 2, 2))
	check(t, sign, tensor.Float64, []int{}, []float64{0}, 0)
	check(t, ld, tensor.Float64, []int{}, []float64{math.Inf(-1)}, 0)
}

func TestCholesky(t *testing.T) {
	l := linalg.Cholesky(spd)
	check(t, l, tensor.Float64, []int{3, 3}, []float64{2, 0, 0, 1, 2, 0, 0.2, 0.4, 1.6733200530681511}, 1e-14)
	// Only the lower triangle is read.
	upperJunk := spd.Copy()
	upperJunk.SetAt(99, 0, 2)
	closeTo(t, "lower only", linalg.Cholesky(upperJunk), l, 1e-14)
	lb := linalg.Cholesky(tensor.Stack([]*tensor.Tensor{spd, tensor.Eye(tensor.Float64, 3, 0, 0)}, 0))
	closeTo(t, "batched", lb.Slice(0), l, 1e-14)
	closeTo(t, "batched eye", lb.Slice(1), tensor.Eye(tensor.Float64, 3, 0, 0), 0)
}

func TestQR(t *testing.T) {
	for _, x := range []*tensor.Tensor{m43, m43.T(), tensor.Stack([]*tensor.Tensor{m43, m43.Mul(2.0)}, 0)} {
		for _, mode := range []linalg.QRMode{linalg.QRReduced, linalg.QRComplete} {
			q, r := linalg.QR(x, mode)
			closeTo(t, "Q R = A", tensor.MatMul(q, r), x, 1e-12)
			k := q.Dim(-1)
			eye := tensor.Eye(tensor.Float64, k, 0, 0)
			closeTo(t, "QᵀQ = I", tensor.MatMul(q.SwapAxes(-1, -2), q), eye.BroadcastTo(append(q.Shape()[:q.NDim()-2], k, k)...), 1e-12)
			closeTo(t, "R upper", r, triu(r), 0)
			_, r2 := linalg.QR(x, linalg.QRROnly)
			if mode == linalg.QRReduced {
				closeTo(t, "r mode", r2, r, 0)
			}
		}
	}
	_, r := linalg.QR(m43, linalg.QRReduced)
	check(t, r, tensor.Float64, []int{3, 3}, []float64{-8.18535277187245, -9.529216659791809, -11.972605546917912, 0, 1.4812257933030573, 1.2897748404271518, 0, 0, 0.9965928350693491}, 1e-12)
	q, r := linalg.QR(m43, linalg.QRComplete)
	if !slices.Equal(q.Shape(), []int{4, 4}) || !slices.Equal(r.Shape(), []int{4, 3}) {
		t.Errorf("complete: shapes %v %v", q.Shape(), r.Shape())
	}
	q, r = linalg.QR(tensor.Zeros(tensor.Float64, 2, 0), linalg.QRComplete)
	closeTo(t, "empty complete Q", q, tensor.Eye(tensor.Float64, 2, 0, 0), 0)
	if !slices.Equal(r.Shape(), []int{2, 0}) {
		t.Errorf("empty R shape %v", r.Shape())
	}
}

// triu zeroes the elements below the diagonal of the last two dimensions.
func triu(x *tensor.Tensor) *tensor.Tensor {
	m, n := x.Dim(-2), x.Dim(-1)
	rows := tensor.Arange(tensor.Int64, 0, float64(m), 1).Reshape(m, 1)
	cols := tensor.Arange(tensor.Int64, 0, float64(n), 1).Reshape(1, n)
	return tensor.Where(tensor.GreaterEqual(cols, rows), x, 0.0)
}

func TestSVD(t *testing.T) {
	sv := []float64{17.45089558463664, 0.9869391657365876, 0.7015656613921292}
	check(t, linalg.SVDVals(m43), tensor.Float64, []int{3}, sv, 1e-13)
	check(t, linalg.SVDVals(m43.T()), tensor.Float64, []int{3}, sv, 1e-13)
	check(t, linalg.SVDVals(m43.AsType(tensor.Float32)), tensor.Float32, []int{3}, sv, 1e-6)
	check(t, linalg.SVDVals(batch), tensor.Float64, []int{2, 2}, []float64{5.464985704219043, 0.36596619062625746, 3, 2}, 1e-13)
	for _, x := range []*tensor.Tensor{m43, m43.T(), batch} {
		for _, full := range []bool{false, true} {
			u, s, vh := linalg.SVD(x, full)
			closeTo(t, "S", s, linalg.SVDVals(x), 1e-13)
			m, n, k := x.Dim(-2), x.Dim(-1), s.Dim(-1)
			if full && (u.Dim(-1) != m || vh.Dim(-2) != n) || !full && (u.Dim(-1) != k || vh.Dim(-2) != k) {
				t.Fatalf("full=%v: shapes %v %v %v", full, u.Shape(), s.Shape(), vh.Shape())
			}
			us := tensor.Mul(u.Slice(tensor.Ellipsis, tensor.S(0, k)), s.ExpandDims(-2))
			closeTo(t, "U S Vh = A", tensor.MatMul(us, vh.Slice(tensor.Ellipsis, tensor.S(0, k), tensor.S())), x, 1e-12)
			closeTo(t, "UᵀU = I", tensor.MatMul(u.SwapAxes(-1, -2), u), eyeLike(u.Dim(-1), u), 1e-12)
			closeTo(t, "Vh Vhᵀ = I", tensor.MatMul(vh, vh.SwapAxes(-1, -2)), eyeLike(vh.Dim(-2), vh), 1e-12)
		}
	}
}

// eyeLike is the k×k identity broadcast to x's batch shape.
func eyeLike(k int, x *tensor.Tensor) *tensor.Tensor {
	return tensor.Eye(tensor.Float64, k, 0, 0).BroadcastTo(append(x.Shape()[:x.NDim()-2], k, k)...)
}

func TestEigh(t *testing.T) {
	want := []float64{2.256472221147988, 2.901971219300918, 6.841556559551096}
	check(t, linalg.EigvalsH(spd), tensor.Float64, []int{3}, want, 1e-13)
	check(t, linalg.EigvalsH(spd.AsType(tensor.Float32)), tensor.Float32, []int{3}, want, 1e-6)
	// Only the lower triangle is read, as NumPy's UPLO="L".
	lower := tensor.FromSlice([]float64{2, 100, 100, 1, 3, 100, 0.5, -1, 4}, 3, 3)
	check(t, linalg.EigvalsH(lower), tensor.Float64, []int{3}, []float64{1.059550439799313, 3.3175444385565522, 4.622905121644135}, 1e-13)
	x := tensor.Stack([]*tensor.Tensor{spd, tensor.Add(matA, matA.T())}, 0)
	w, v := linalg.Eigh(x)
	closeTo(t, "values", w, linalg.EigvalsH(x), 1e-13)
	closeTo(t, "A V = V diag(w)", tensor.MatMul(x, v), tensor.Mul(v, w.ExpandDims(-2)), 1e-12)
	closeTo(t, "VᵀV = I", tensor.MatMul(v.SwapAxes(-1, -2), v), eyeLike(3, v), 1e-12)
}

func TestEig(t *testing.T) {
	e := tensor.FromSlice([]float64{1, 2, 0, -2, 1, 0, 0, 0, 3}, 3, 3)
	wr, wi, vr, vi := linalg.Eig(e)
	check(t, wr, tensor.Float64, []int{3}, []float64{1, 1, 3}, 1e-14)
	check(t, wi, tensor.Float64, []int{3}, []float64{2, -2, 0}, 1e-14)
	eigCheck(t, e, wr, wi, vr, vi)
	wr2, wi2 := linalg.Eigvals(e)
	closeTo(t, "Eigvals re", wr2, wr, 0)
	closeTo(t, "Eigvals im", wi2, wi, 0)

	sym := tensor.FromSlice([]float64{2, 1, 1, 3}, 2, 2)
	wr, wi, vr, vi = linalg.Eig(sym)
	check(t, wr, tensor.Float64, []int{2}, []float64{1.381966011250105, 3.618033988749895}, 1e-14)
	check(t, wi, tensor.Float64, []int{2}, []float64{0, 0}, 0)
	eigCheck(t, sym, wr, wi, vr, vi)

	b := tensor.Stack([]*tensor.Tensor{matA, e}, 0)
	wr, wi, vr, vi = linalg.Eig(b)
	eigCheck(t, b, wr, wi, vr, vi)
}

// eigCheck verifies A v = λ v in complex arithmetic: A (vr + i vi) = (wr + i wi)(vr + i vi).
func eigCheck(t *testing.T, a, wr, wi, vr, vi *tensor.Tensor) {
	t.Helper()
	lr, li := wr.ExpandDims(-2), wi.ExpandDims(-2)
	closeTo(t, "re(A v)", tensor.MatMul(a, vr), tensor.Sub(tensor.Mul(vr, lr), tensor.Mul(vi, li)), 1e-12)
	closeTo(t, "im(A v)", tensor.MatMul(a, vi), tensor.Add(tensor.Mul(vr, li), tensor.Mul(vi, lr)), 1e-12)
	norms := tensor.Sum(tensor.Add(tensor.Square(vr), tensor.Square(vi)), -2)
	closeTo(t, "unit vectors", norms, tensor.OnesLike(wr), 1e-12)
}

func TestLstsqPinvRank(t *testing.T) {
	a := tensor.FromSlice([]float64{1, 1, 1, 2, 1, 3, 1, 4, 1, 5}, 5, 2)
	y := tensor.FromSlice([]float64{1.1, 1.9, 3.2, 3.9, 5.1})
	x, res, rank, s := linalg.Lstsq(a, y, linalg.DefaultRcond)
	check(t, x, tensor.Float64, []int{2}, []float64{0.04, 1}, 1e-13)
	check(t, res, tensor.Float64, []int{1}, []float64{0.072}, 1e-13)
	check(t, s, tensor.Float64, []int{2}, []float64{7.69121313410482, 0.9193696350073228}, 1e-13)
	if rank != 2 {
		t.Errorf("rank %d, want 2", rank)
	}
	y2 := tensor.Stack([]*tensor.Tensor{y, tensor.Square(y)}, 1)
	x, res, _, _ = linalg.Lstsq(a, y2, linalg.DefaultRcond)
	check(t, x, tensor.Float64, []int{2, 2}, []float64{0.04, -7.104, 1, 6.12}, 1e-13)
	check(t, res, tensor.Float64, []int{2}, []float64{0.072, 19.18632}, 1e-12)

	def := tensor.FromSlice([]float64{1, 2, 3, 2, 4, 6, 1, 0, 1, 0, 1, 1}, 4, 3)
	x, res, rank, _ = linalg.Lstsq(def, tensor.FromSlice([]float64{1, 2, 3, 4}), linalg.DefaultRcond)
	check(t, x, tensor.Float64, []int{3}, []float64{0.6666666666666667, -0.25641025641025655, 0.41025641025641013}, 1e-12)
	check(t, res, tensor.Float64, []int{0}, nil, 0)
	if rank != 2 {
		t.Errorf("deficient rank %d, want 2", rank)
	}

	p := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	check(t, linalg.Pinv(p, linalg.DefaultRcond), tensor.Float64, []int{2, 3},
		[]float64{-1.3333333333333337, -0.3333333333333329, 0.6666666666666665, 1.0833333333333337, 0.333333333333333, -0.4166666666666665}, 1e-13)
	check(t, linalg.Pinv(def, linalg.DefaultRcond), tensor.Float64, []int{3, 4},
		[]float64{0, 0, 0.6666666666666672, -0.33333333333333354, 0.03846153846153874, 0.07692307692307682, -0.5256410256410257, 0.28205128205128205, 0.03846153846153837, 0.0769230769230769, 0.14102564102564102, -0.05128205128205129}, 1e-13)
	closeTo(t, "batched pinv", linalg.Pinv(tensor.Stack([]*tensor.Tensor{p, p}, 0), -1).Slice(1), linalg.Pinv(p, -1), 0)

	ranks := []struct {
		name string
		x    *tensor.Tensor
		tol  float64
		want []float64
	}{
		{"deficient", def, -1, []float64{2}},
		{"full", matA, -1, []float64{3}},
		{"batched", tensor.Stack([]*tensor.Tensor{matA, tensor.Ones(tensor.Float64, 3, 3)}, 0), -1, []float64{3, 1}},
		{"tol", tensor.FromSlice([]float64{1, 0, 0, 1e-9}, 2, 2), 1e-6, []float64{1}},
		{"vector", tensor.FromSlice([]float64{0, 2}), -1, []float64{1}},
		{"zero-vector", tensor.Zeros(tensor.Float32, 3), -1, []float64{0}},
	}
	for _, tc := range ranks {
		r := linalg.MatrixRank(tc.x, tc.tol)
		shape := tc.x.Shape()
		if len(shape) >= 2 {
			shape = shape[:len(shape)-2]
		} else {
			shape = []int{}
		}
		t.Run("rank-"+tc.name, func(t *testing.T) { check(t, r, tensor.Int64, shape, tc.want, 0) })
	}
}

func TestErrors(t *testing.T) {
	sing := tensor.FromSlice([]float64{1, 2, 2, 4}, 2, 2)
	nonsq := tensor.Zeros(tensor.Float64, 2, 3)
	tests := []struct {
		name string
		f    func()
		kind tensor.Kind
	}{
		{"inv-singular", func() { linalg.Inv(sing) }, tensor.Singular},
		{"inv-singular-in-batch", func() {
			linalg.Inv(tensor.Stack([]*tensor.Tensor{matA.Slice(tensor.S(0, 2), tensor.S(0, 2)), sing}, 0))
		}, tensor.Singular},
		{"inv-nonsquare", func() { linalg.Inv(nonsq) }, tensor.Shape},
		{"inv-1d", func() { linalg.Inv(tensor.Zeros(tensor.Float64, 3)) }, tensor.Shape},
		{"det-nonsquare", func() { linalg.Det(tensor.Zeros(tensor.Float64, 4, 2, 3)) }, tensor.Shape},
		{"solve-singular", func() { linalg.Solve(sing, tensor.Ones(tensor.Float64, 2)) }, tensor.Singular},
		{"solve-nonsquare", func() { linalg.Solve(nonsq, tensor.Ones(tensor.Float64, 2)) }, tensor.Shape},
		{"solve-b-rows", func() { linalg.Solve(matA, tensor.Ones(tensor.Float64, 2)) }, tensor.Shape},
		{"solve-batch", func() { linalg.Solve(batch, tensor.Ones(tensor.Float64, 3, 2, 1)) }, tensor.Shape},
		{"cholesky-not-pd", func() { linalg.Cholesky(sing) }, tensor.Singular},
		{"cholesky-nonsquare", func() { linalg.Cholesky(nonsq) }, tensor.Shape},
		{"eigh-nonsquare", func() { linalg.Eigh(nonsq) }, tensor.Shape},
		{"eig-nonsquare", func() { linalg.Eig(nonsq) }, tensor.Shape},
		{"svdvals-nan", func() { linalg.SVDVals(nanEye()) }, tensor.Value},
		{"svd-inf", func() { linalg.SVD(infEye(), false) }, tensor.Value},
		{"eigvalsh-nan", func() { linalg.EigvalsH(nanEye()) }, tensor.Value},
		{"eigh-inf", func() { linalg.Eigh(infEye()) }, tensor.Value},
		{"eig-nan", func() { linalg.Eig(nanEye()) }, tensor.Value},
		{"eigvals-inf", func() { linalg.Eigvals(infEye()) }, tensor.Value},
		{"pinv-nan", func() { linalg.Pinv(nanEye(), -1) }, tensor.Value},
		{"rank-nan", func() { linalg.MatrixRank(nanEye(), -1) }, tensor.Value},
		{"lstsq-nan", func() { linalg.Lstsq(nanEye(), tensor.Ones(tensor.Float64, 3), -1) }, tensor.Value},
		{"norm2-nan", func() { linalg.Norm(nanEye(), linalg.P(2)) }, tensor.Value},
		{"qr-mode", func() { linalg.QR(nonsq, linalg.QRMode(7)) }, tensor.Value},
		{"lstsq-3d", func() { linalg.Lstsq(batch, tensor.Ones(tensor.Float64, 2), -1) }, tensor.Shape},
		{"lstsq-rows", func() { linalg.Lstsq(nonsq, tensor.Ones(tensor.Float64, 3), -1) }, tensor.Shape},
		{"nil", func() { linalg.Det(nil) }, tensor.Value},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tensor.Try(tc.f)
			if tensor.KindOf(err) != tc.kind {
				t.Fatalf("error %v, want kind %v", err, tc.kind)
			}
			t.Log(err)
		})
	}
}

// nanEye and infEye are 3×3 identities with a NaN or +Inf in the middle.
func nanEye() *tensor.Tensor { return eyeWith(math.NaN()) }
func infEye() *tensor.Tensor { return eyeWith(math.Inf(1)) }

func eyeWith(v float64) *tensor.Tensor {
	a := tensor.Eye(tensor.Float64, 3, 0, 0)
	a.SetAt(v, 1, 1)
	return a
}

func TestEmpty(t *testing.T) {
	e := tensor.Zeros(tensor.Float64, 0, 0)
	w := tensor.Zeros(tensor.Float64, 3, 0)
	shapes := []struct {
		name string
		got  *tensor.Tensor
		want []int
	}{
		{"inv", linalg.Inv(e), []int{0, 0}},
		{"eigvalsh", linalg.EigvalsH(e), []int{0}},
		{"svdvals", linalg.SVDVals(w), []int{0}},
		{"pinv", linalg.Pinv(w, -1), []int{0, 3}},
		{"cholesky", linalg.Cholesky(e), []int{0, 0}},
		{"rank", linalg.MatrixRank(w, -1), []int{}},
		{"det-batch", linalg.Det(tensor.Zeros(tensor.Float64, 0, 3, 3)), []int{0}},
		{"solve", linalg.Solve(e, tensor.Zeros(tensor.Float64, 0)), []int{0}},
	}
	for _, tc := range shapes {
		if !slices.Equal(tc.got.Shape(), tc.want) {
			t.Errorf("%s: shape %v, want %v", tc.name, tc.got.Shape(), tc.want)
		}
	}
	u, s, vh := linalg.SVD(w, true)
	closeTo(t, "full U", u, tensor.Eye(tensor.Float64, 3, 0, 0), 0)
	if !slices.Equal(s.Shape(), []int{0}) || !slices.Equal(vh.Shape(), []int{0, 0}) {
		t.Errorf("SVD shapes %v %v", s.Shape(), vh.Shape())
	}
	x, res, rank, _ := linalg.Lstsq(w, tensor.FromSlice([]float64{1, 2, 2}), -1)
	if !slices.Equal(x.Shape(), []int{0}) || rank != 0 {
		t.Errorf("Lstsq: x shape %v, rank %d", x.Shape(), rank)
	}
	check(t, res, tensor.Float64, []int{1}, []float64{9}, 0)
}
