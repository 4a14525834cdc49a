package main

import (
	"runtime/debug"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
)

// gonumPeer runs the cases gonum has in this process: floats.AddTo for add and add_out,
// floats.Sum for sum (float64 only: package floats has no float32 forms), and gonum's own
// BLAS, gonum.Implementation{} named explicitly (not whatever blas64.Use installed), for
// matmul (Dgemm, Sgemm) and bmm (a loop of Sgemm over the batch). It answers 0 ("cannot
// run") for every other case. Allocating ops allocate their result with make, as
// gotensor's do; inputs rotate as gotensor's (Case.Copies).
type gonumPeer struct{ b Budget }

func newGonum(*config) Peer { return &gonumPeer{} }

// Name implements Peer.
func (p *gonumPeer) Name() string { return "gonum" }

// Start implements Peer: gonum is linked in, so it is always there.
func (p *gonumPeer) Start(b Budget) (string, error) {
	p.b = b
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "gonum.org/v1/gonum" {
				v = m.Version
			}
		}
	}
	return "gonum " + v + " (in process; BLAS: gonum.Implementation)", nil
}

// Close implements Peer.
func (p *gonumPeer) Close() error { return nil }

// Measure implements Peer.
func (p *gonumPeer) Measure(c Case) (float64, error) {
	f := gonumCall(c)
	if f == nil {
		return 0, nil
	}
	return measure(f, func() {}, p.b), nil
}

// gonumCall returns gonum's call for c, or nil where gonum lacks the op.
func gonumCall(c Case) func() {
	impl := gonum.Implementation{}
	n := int(c.size())
	switch {
	case c.DType == "float64" && c.Op == "add":
		return rotating(c, func(k int) func() {
			a, b := values[float64](c, k, 1), values[float64](c, k, 2)
			return func() { floats.AddTo(make([]float64, n), a, b) }
		})
	case c.DType == "float64" && c.Op == "add_out":
		return rotating(c, func(k int) func() {
			a, b, o := values[float64](c, k, 1), values[float64](c, k, 2), values[float64](c, k, 3)
			return func() { floats.AddTo(o, a, b) }
		})
	case c.DType == "float64" && c.Op == "sum":
		return rotating(c, func(k int) func() {
			a := values[float64](c, k, 1)
			return func() { gonumSink = floats.Sum(a) }
		})
	case c.Op == "matmul" && len(c.Shape) == 2 && c.DType == "float64":
		m := c.Shape[0]
		a, b := values[float64](c, 0, 1), values[float64](c, 0, 2)
		return func() {
			impl.Dgemm(blas.NoTrans, blas.NoTrans, m, m, m, 1, a, m, b, m, 0, make([]float64, n), m)
		}
	case (c.Op == "matmul" || c.Op == "bmm") && len(c.Shape) >= 2 && c.DType == "float32":
		m := c.Shape[len(c.Shape)-1]
		if c.Shape[len(c.Shape)-2] != m {
			return nil
		}
		a, b := values[float32](c, 0, 1), values[float32](c, 0, 2)
		return func() { sgemmBatch(make([]float32, n), a, b, m) }
	}
	return nil
}

// sgemmBatch sets out = a @ b for each m×m matrix of the batches a, b and out (C order,
// the same length), one gonum Sgemm per matrix.
func sgemmBatch(out, a, b []float32, m int) {
	impl := gonum.Implementation{}
	for i := 0; i < len(out); i += m * m {
		impl.Sgemm(blas.NoTrans, blas.NoTrans, m, m, m, 1, a[i:], m, b[i:], m, 0, out[i:], m)
	}
}

// gonumSink keeps floats.Sum's result alive.
var gonumSink float64
