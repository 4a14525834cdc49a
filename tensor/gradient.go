package tensor

// Finite differences: Diff and Gradient, composed of views and element-wise ops on the
// input's device, as np.diff and np.gradient. Gradient's coefficients for coordinate
// spacing depend only on the coordinates, so they are computed on the host in the
// coordinates' dtype, as NumPy computes them, and uploaded.

import (
	"slices"

	"github.com/gotensor/gotensor/device"
)

// Diff is the n-th discrete difference along axis (default -1), as np.diff(x, n, axis):
// x[1:] - x[:-1] repeated n times (NotEqual for bool, as NumPy), so the axis shrinks by
// n (to no less than 0); x's dtype (unsigned values wrap). n = 0 returns x itself; a
// negative n and a 0-d x are Value errors.
func Diff(x *Tensor, n int, axis ...int) *Tensor {
	x.must("Diff")
	ax := -1
	switch len(axis) {
	case 0:
	case 1:
		ax = axis[0]
	default:
		fail(Value, "Diff", "takes at most one axis, got %v", axis)
	}
	return diff("Diff", x, n, ax, nil, nil)
}

// DiffWith is Diff of x with before joined in front of it and after behind it along axis
// first, as np.diff(x, n, axis, prepend=before, append=after): each is nil (nothing), a
// Go number or 0-d tensor (repeated across the other dimensions, with length 1 along
// axis), or a tensor of x's rank that matches x's shape except along axis. The join
// promotes dtypes as Concatenate does (a Go int is int64 and a Go float float64, as
// Python's numbers in NumPy).
func DiffWith(x *Tensor, n, axis int, before, after any) *Tensor {
	x.must("DiffWith")
	return diff("DiffWith", x, n, axis, before, after)
}

// Diff is the n-th discrete difference along axis (see the function Diff).
func (t *Tensor) Diff(n int, axis ...int) *Tensor { return Diff(t, n, axis...) }

// DiffWith is Diff with values joined before and after (see the function DiffWith).
func (t *Tensor) DiffWith(n, axis int, before, after any) *Tensor {
	return DiffWith(t, n, axis, before, after)
}

func diff(op string, x *Tensor, n, axis int, before, after any) *Tensor {
	if n == 0 {
		return x
	}
	if n < 0 {
		fail(Value, op, "order must be non-negative but got %d", n)
	}
	if len(x.shape) == 0 {
		fail(Value, op, "diff requires a tensor of at least one dimension, got shape ()")
	}
	ax := normAxis(op, axis, len(x.shape))
	parts := []*Tensor{x}
	if before != nil {
		parts = append([]*Tensor{diffPad(op, x, ax, before)}, parts...)
	}
	if after != nil {
		parts = append(parts, diffPad(op, x, ax, after))
	}
	a := x
	if len(parts) > 1 {
		a = Concatenate(parts, ax)
	}
	for range n {
		m := max(a.shape[ax]-1, 0)
		hi, lo := recordWindow(a, ax, min(1, a.shape[ax]), m), recordWindow(a, ax, 0, m)
		if a.dtype == Bool {
			a = NotEqual(hi, lo)
		} else {
			a = Sub(hi, lo)
		}
	}
	return a
}

// diffPad turns a prepend or append value into a tensor on x's device: a number or 0-d
// tensor is broadcast to x's shape with length 1 along axis.
func diffPad(op string, x *Tensor, axis int, v any) *Tensor {
	t, ok := v.(*Tensor)
	if !ok {
		o := asOperand(op, v)
		t = o.tensor(o.dtype())
	}
	t.must(op)
	if len(t.shape) == 0 {
		shape := slices.Clone(x.shape)
		shape[axis] = 1
		t = t.To(x.Device()).BroadcastTo(shape...)
	}
	return t
}

// GradientOptions are the options of Gradient, NumPy's arguments. The zero value is unit
// spacing along every axis with first-order edges.
type GradientOptions struct {
	// Spacing is nil (1 along every axis), one Go number or 0-d tensor (the spacing
	// along every axis), or one entry per axis of Axes: a Go number or 0-d tensor (a
	// uniform spacing) or a 1-D tensor of the coordinates of the samples along that
	// axis, as long as it (np.gradient's varargs). A 0-d tensor is read as a Go
	// float64 (NumPy keeps a 0-d float32 array's dtype in its arithmetic).
	Spacing []any
	// Axes are the axes to differentiate along (nil: every axis), in the order of the
	// results.
	Axes []int
	// EdgeOrder is the order of the one-sided differences at the boundaries: 1 (also
	// when 0) or 2.
	EdgeOrder int
}

// axisSpacing is the spacing along one axis: uniform (h), or the differences of the
// coordinates (d); dt is the coordinates' dtype (float32 or float64; float64 for a Go
// number), the dtype NumPy's scalar arithmetic with h runs in.
type axisSpacing struct {
	h  float64
	d  []float64
	dt DType
}

// coef is a coefficient of a boundary difference and the dtype NumPy computes it in.
type coef struct {
	v  float64
	dt DType
}

// Gradient is the gradient of f by second-order central differences in the interior and
// one-sided differences of order EdgeOrder at the boundaries, as np.gradient(f,
// *spacing, axis, edge_order): one tensor per axis, in the order of the axes (a slice
// even for one axis, where NumPy returns the array itself; an empty slice for a 0-d f).
// The results have f's dtype, float64 for integer f; a bool f is a Value error (NumPy's
// boolean subtract), as are an axis shorter than EdgeOrder + 1, an EdgeOrder above 2
// and a count of spacings that is neither 0, 1 nor the count of axes. Coordinates that
// are not 1-D or not as long as their axis are Shape errors.
//
// It is composed of views, element-wise ops and copies into the result on f's device;
// the coefficients of coordinate spacing are computed on the host in the coordinates'
// dtype (float64 for integer coordinates) and uploaded.
func Gradient(f *Tensor, opts ...GradientOptions) []*Tensor {
	const op = "Gradient"
	f = untrack(f.must(op))
	var o GradientOptions
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		fail(Value, op, "takes at most one GradientOptions, got %d", len(opts))
	}
	axes := gradientAxes(op, f, o.Axes)
	dx := gradientSpacing(op, f, axes, o.Spacing)
	edge := o.EdgeOrder
	if edge == 0 {
		edge = 1
	}
	if edge < 1 || edge > 2 {
		fail(Value, op, "edge order %d is not supported: want 1 or 2", edge)
	}
	if f.dtype == Bool {
		fail(Value, op, "the gradient of a bool tensor is a boolean subtract, which NumPy refuses: AsType first")
	}
	if !f.dtype.IsFloat() {
		f = f.as(Float64)
	}
	outs := make([]*Tensor, len(axes))
	for i, ax := range axes {
		if f.shape[ax] < edge+1 {
			fail(Value, op, "axis %d of length %d is too short for a gradient of edge order %d: want at least %d elements",
				ax, f.shape[ax], edge, edge+1)
		}
		outs[i] = gradientAlong(op, f, ax, dx[i], edge)
	}
	return outs
}

// Gradient is the gradient of t along its axes (see the function Gradient).
func (t *Tensor) Gradient(opts ...GradientOptions) []*Tensor { return Gradient(t, opts...) }

func gradientAxes(op string, f *Tensor, given []int) []int {
	r := len(f.shape)
	if given == nil {
		axes := make([]int, r)
		for i := range axes {
			axes[i] = i
		}
		return axes
	}
	axes := make([]int, len(given))
	seen := make([]bool, r)
	for i, a := range given {
		a = normAxis(op, a, r)
		if seen[a] {
			fail(Value, op, "repeated axis %d in %v", a, given)
		}
		seen[a] = true
		axes[i] = a
	}
	return axes
}

// spacingScalar reads a Go number or 0-d tensor, reporting false for anything else.
func spacingScalar(op string, v any) (float64, bool) {
	if t, ok := v.(*Tensor); ok {
		if len(t.must(op).shape) != 0 {
			return 0, false
		}
		return t.Item(), true
	}
	return asOperand(op, v).s.F, true
}

func gradientSpacing(op string, f *Tensor, axes []int, spacing []any) []axisSpacing {
	dx := make([]axisSpacing, len(axes))
	switch {
	case len(spacing) == 0:
		for i := range dx {
			dx[i] = axisSpacing{h: 1, dt: Float64}
		}
	case len(spacing) == 1 && isScalarSpacing(spacing[0]):
		h, _ := spacingScalar(op, spacing[0])
		for i := range dx {
			dx[i] = axisSpacing{h: h, dt: Float64}
		}
	case len(spacing) == len(axes):
		for i, s := range spacing {
			if h, ok := spacingScalar(op, s); ok {
				dx[i] = axisSpacing{h: h, dt: Float64}
				continue
			}
			dx[i] = coordinateSpacing(op, f, s.(*Tensor), f.shape[axes[i]])
		}
	default:
		fail(Value, op, "%d spacings for %d axes: want none, one, or one per axis", len(spacing), len(axes))
	}
	return dx
}

func isScalarSpacing(v any) bool {
	t, ok := v.(*Tensor)
	return !ok || t == nil || len(t.shape) == 0
}

// coordinateSpacing is the spacing of 1-D coordinates c (on f's device) along an axis of
// length n: their differences in c's dtype (float64 for integers), reduced to a uniform
// h when all are equal, as NumPy does.
func coordinateSpacing(op string, f, c *Tensor, n int) axisSpacing {
	if len(c.shape) != 1 {
		fail(Shape, op, "coordinates of shape %s: want a scalar or a 1-D tensor", shapeStr(c.shape))
	}
	if c.shape[0] != n {
		fail(Shape, op, "%d coordinates for an axis of length %d", c.shape[0], n)
	}
	if c.dtype == Bool {
		fail(Value, op, "bool coordinates: want numbers")
	}
	deviceOf(op, f, c)
	if n < 2 {
		fail(Index, op, "coordinates of length %d have no spacing", n)
	}
	sp := axisSpacing{dt: Float64}
	if c.dtype == Float32 {
		sp.dt = Float32
		v := ToSlice[float32](c)
		for i := 1; i < n; i++ {
			sp.d = append(sp.d, float64(v[i]-v[i-1]))
		}
	} else {
		v := ToSlice[float64](c.as(Float64))
		for i := 1; i < n; i++ {
			sp.d = append(sp.d, v[i]-v[i-1])
		}
	}
	for _, d := range sp.d {
		if d != sp.d[0] {
			return sp
		}
	}
	return axisSpacing{h: sp.d[0], dt: sp.dt}
}

// gradientAlong is one of Gradient's results: f's derivative along axis.
func gradientAlong(op string, f *Tensor, axis int, sp axisSpacing, edge int) *Tensor {
	n := f.shape[axis]
	at := func(lo, k int) *Tensor { return axisWindow(f, axis, lo, k, 1) }
	out := alloc(op, f.Device(), f.dtype, f.shape)
	set := func(lo, k int, v *Tensor) { copyInto(op, axisWindow(out, axis, lo, k, 1), v) }
	uniform := sp.d == nil
	if n > 2 {
		if uniform {
			set(1, n-2, Div(Sub(at(2, n-2), at(0, n-2)), 2.0*sp.h))
		} else {
			a, b, c := interiorCoefficients(sp)
			shape := make([]int, len(f.shape))
			for k := range shape {
				shape[k] = 1
			}
			shape[axis] = n - 2
			coef := func(v *Tensor) *Tensor { return v.Reshape(shape...).To(f.Device()) }
			set(1, n-2, Add(Add(Mul(coef(a), at(0, n-2)), Mul(coef(b), at(1, n-2))), Mul(coef(c), at(2, n-2))))
		}
	}
	// NumPy indexes the boundary elements with integers: for a 1-D f they are scalars,
	// and its scalar arithmetic runs in the wider of f's and the coefficient's dtypes;
	// for more dimensions they are arrays, and the coefficient takes f's dtype.
	scalars := len(f.shape) == 1
	widen := func(t *Tensor, dt DType) *Tensor {
		if scalars {
			return t.as(device.ResultType(t.dtype, dt))
		}
		return t
	}
	if edge == 1 {
		h0, hn := sp.h, sp.h
		if !uniform {
			h0, hn = sp.d[0], sp.d[len(sp.d)-1]
		}
		set(0, 1, Div(widen(Sub(at(1, 1), at(0, 1)), sp.dt), h0))
		set(n-1, 1, Div(widen(Sub(at(n-1, 1), at(n-2, 1)), sp.dt), hn))
		return out
	}
	var c [6]coef
	if uniform {
		h := sp.h
		c = [6]coef{{-1.5 / h, Float64}, {2. / h, Float64}, {-0.5 / h, Float64}, {0.5 / h, Float64}, {-2. / h, Float64}, {1.5 / h, Float64}}
	} else if sp.dt == Float32 {
		c = edgeCoefficients[float32](sp.d, Float32)
	} else {
		c = edgeCoefficients[float64](sp.d, Float64)
	}
	three := func(lo int, a, b, cc coef) *Tensor {
		term := func(k int, c coef) *Tensor { return Mul(widen(at(lo+k, 1), c.dt), c.v) }
		return Add(Add(term(0, a), term(1, b)), term(2, cc))
	}
	set(0, 1, three(0, c[0], c[1], c[2]))
	set(n-1, 1, three(n-3, c[3], c[4], c[5]))
	return out
}

// interiorCoefficients are np.gradient's weights of f[i-1], f[i] and f[i+1] for
// coordinate spacing, computed in the coordinates' dtype.
func interiorCoefficients(sp axisSpacing) (a, b, c *Tensor) {
	if sp.dt == Float32 {
		return interior[float32](sp.d)
	}
	return interior[float64](sp.d)
}

func interior[T float32 | float64](d []float64) (*Tensor, *Tensor, *Tensor) {
	m := len(d) - 1
	a, b, c := make([]T, m), make([]T, m), make([]T, m)
	for i := range m {
		dx1, dx2 := T(d[i]), T(d[i+1])
		a[i] = T(-dx2 / T(dx1*T(dx1+dx2)))
		b[i] = T(T(dx2-dx1) / T(dx1*dx2))
		c[i] = T(dx1 / T(dx2*T(dx1+dx2)))
	}
	return FromSlice(a), FromSlice(b), FromSlice(c)
}

// edgeCoefficients are np.gradient's second-order one-sided weights at the first and
// last elements for coordinate spacing, with NumPy's scalar arithmetic: in the
// coordinates' dtype T (dt), and in float64 where a Python float takes part.
func edgeCoefficients[T float32 | float64](d []float64, dt DType) [6]coef {
	dx1, dx2 := T(d[0]), T(d[1])
	a0 := -float64(float64(2*float64(dx1))+float64(dx2)) / float64(T(dx1*T(dx1+dx2)))
	b0 := float64(T(T(dx1+dx2) / T(dx1*dx2)))
	c0 := float64(T(-dx1 / T(dx2*T(dx1+dx2))))
	dx1, dx2 = T(d[len(d)-2]), T(d[len(d)-1])
	an := float64(T(dx2 / T(dx1*T(dx1+dx2))))
	bn := float64(T(-T(dx2+dx1) / T(dx1*dx2)))
	cn := float64(float64(2*float64(dx2))+float64(dx1)) / float64(T(dx2*T(dx1+dx2)))
	return [6]coef{{a0, Float64}, {b0, dt}, {c0, dt}, {an, dt}, {bn, dt}, {cn, Float64}}
}
