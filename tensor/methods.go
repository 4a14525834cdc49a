package tensor

// The API rule (see the package doc): every function whose first parameter is a single
// *Tensor has a method of the same name that forwards to it, so that x.Op(args...) is
// Op(x, args...). These are the forwarding methods not kept beside their function;
// TestAPIRuleFunctionsHaveMethods finds any that is missing.

// Element-wise ops with one operand (unary.go): x.Tanh(), out.ExpInto(x).

// Tanh returns Tanh(t).
func (t *Tensor) Tanh() *Tensor { return Tanh(t) }

// Sin returns Sin(t).
func (t *Tensor) Sin() *Tensor { return Sin(t) }

// Cos returns Cos(t).
func (t *Tensor) Cos() *Tensor { return Cos(t) }

// Square returns Square(t).
func (t *Tensor) Square() *Tensor { return Square(t) }

// Floor returns Floor(t).
func (t *Tensor) Floor() *Tensor { return Floor(t) }

// Ceil returns Ceil(t).
func (t *Tensor) Ceil() *Tensor { return Ceil(t) }

// Sign returns Sign(t).
func (t *Tensor) Sign() *Tensor { return Sign(t) }

// Log1p returns Log1p(t).
func (t *Tensor) Log1p() *Tensor { return Log1p(t) }

// Expm1 returns Expm1(t).
func (t *Tensor) Expm1() *Tensor { return Expm1(t) }

// Sigmoid returns Sigmoid(t).
func (t *Tensor) Sigmoid() *Tensor { return Sigmoid(t) }

// ReLU returns ReLU(t).
func (t *Tensor) ReLU() *Tensor { return ReLU(t) }

// IsNaN returns IsNaN(t).
func (t *Tensor) IsNaN() *Tensor { return IsNaN(t) }

// IsFinite returns IsFinite(t).
func (t *Tensor) IsFinite() *Tensor { return IsFinite(t) }

// IsInf returns IsInf(t).
func (t *Tensor) IsInf() *Tensor { return IsInf(t) }

// LogicalNot returns LogicalNot(t).
func (t *Tensor) LogicalNot() *Tensor { return LogicalNot(t) }

// Reciprocal returns Reciprocal(t).
func (t *Tensor) Reciprocal() *Tensor { return Reciprocal(t) }

// NegInto writes Neg(x) into t and returns t: NegInto(t, x).
func (t *Tensor) NegInto(x *Tensor) *Tensor { return NegInto(t, x) }

// AbsInto writes Abs(x) into t and returns t: AbsInto(t, x).
func (t *Tensor) AbsInto(x *Tensor) *Tensor { return AbsInto(t, x) }

// ExpInto writes Exp(x) into t and returns t: ExpInto(t, x).
func (t *Tensor) ExpInto(x *Tensor) *Tensor { return ExpInto(t, x) }

// LogInto writes Log(x) into t and returns t: LogInto(t, x).
func (t *Tensor) LogInto(x *Tensor) *Tensor { return LogInto(t, x) }

// SqrtInto writes Sqrt(x) into t and returns t: SqrtInto(t, x).
func (t *Tensor) SqrtInto(x *Tensor) *Tensor { return SqrtInto(t, x) }

// TanhInto writes Tanh(x) into t and returns t: TanhInto(t, x).
func (t *Tensor) TanhInto(x *Tensor) *Tensor { return TanhInto(t, x) }

// SinInto writes Sin(x) into t and returns t: SinInto(t, x).
func (t *Tensor) SinInto(x *Tensor) *Tensor { return SinInto(t, x) }

// CosInto writes Cos(x) into t and returns t: CosInto(t, x).
func (t *Tensor) CosInto(x *Tensor) *Tensor { return CosInto(t, x) }

// SquareInto writes Square(x) into t and returns t: SquareInto(t, x).
func (t *Tensor) SquareInto(x *Tensor) *Tensor { return SquareInto(t, x) }

// FloorInto writes Floor(x) into t and returns t: FloorInto(t, x).
func (t *Tensor) FloorInto(x *Tensor) *Tensor { return FloorInto(t, x) }

// CeilInto writes Ceil(x) into t and returns t: CeilInto(t, x).
func (t *Tensor) CeilInto(x *Tensor) *Tensor { return CeilInto(t, x) }

// SignInto writes Sign(x) into t and returns t: SignInto(t, x).
func (t *Tensor) SignInto(x *Tensor) *Tensor { return SignInto(t, x) }

// Log1pInto writes Log1p(x) into t and returns t: Log1pInto(t, x).
func (t *Tensor) Log1pInto(x *Tensor) *Tensor { return Log1pInto(t, x) }

// Expm1Into writes Expm1(x) into t and returns t: Expm1Into(t, x).
func (t *Tensor) Expm1Into(x *Tensor) *Tensor { return Expm1Into(t, x) }

// SigmoidInto writes Sigmoid(x) into t and returns t: SigmoidInto(t, x).
func (t *Tensor) SigmoidInto(x *Tensor) *Tensor { return SigmoidInto(t, x) }

// ReLUInto writes ReLU(x) into t and returns t: ReLUInto(t, x).
func (t *Tensor) ReLUInto(x *Tensor) *Tensor { return ReLUInto(t, x) }

// Clip returns Clip(t, lo, hi).
func (t *Tensor) Clip(lo, hi any) *Tensor { return Clip(t, lo, hi) }

// ClipInto writes Clip(x, lo, hi) into t and returns t: ClipInto(t, x, lo, hi).
func (t *Tensor) ClipInto(x *Tensor, lo, hi any) *Tensor { return ClipInto(t, x, lo, hi) }

// Round returns Round(t, decimals).
func (t *Tensor) Round(decimals int) *Tensor { return Round(t, decimals) }

// Element-wise ops with two operands whose first may be a Go number, so that the API rule
// does not ask for their methods; they have them, as Add, Sub, Mul, Div and Pow do in
// binary.go.

// FloorDiv returns t // o: FloorDiv(t, o).
func (t *Tensor) FloorDiv(o any) *Tensor { return FloorDiv(t, o) }

// Mod returns t % o: Mod(t, o).
func (t *Tensor) Mod(o any) *Tensor { return Mod(t, o) }

// Maximum returns the element-wise maximum of t and o: Maximum(t, o).
func (t *Tensor) Maximum(o any) *Tensor { return Maximum(t, o) }

// Minimum returns the element-wise minimum of t and o: Minimum(t, o).
func (t *Tensor) Minimum(o any) *Tensor { return Minimum(t, o) }

// Greater returns t > o: Greater(t, o).
func (t *Tensor) Greater(o any) *Tensor { return Greater(t, o) }

// GreaterEqual returns t >= o: GreaterEqual(t, o).
func (t *Tensor) GreaterEqual(o any) *Tensor { return GreaterEqual(t, o) }

// Less returns t < o: Less(t, o).
func (t *Tensor) Less(o any) *Tensor { return Less(t, o) }

// LessEqual returns t <= o: LessEqual(t, o).
func (t *Tensor) LessEqual(o any) *Tensor { return LessEqual(t, o) }

// Equal returns t == o: Equal(t, o).
func (t *Tensor) Equal(o any) *Tensor { return Equal(t, o) }

// NotEqual returns t != o: NotEqual(t, o).
func (t *Tensor) NotEqual(o any) *Tensor { return NotEqual(t, o) }

// LogicalAnd returns t && o: LogicalAnd(t, o).
func (t *Tensor) LogicalAnd(o any) *Tensor { return LogicalAnd(t, o) }

// LogicalOr returns t || o: LogicalOr(t, o).
func (t *Tensor) LogicalOr(o any) *Tensor { return LogicalOr(t, o) }

// Element-wise ops with two operands (binary.go): x.Maximum(y), out.AddInto(a, b).

// AddInto writes Add(a, b) into t and returns t: AddInto(t, a, b).
func (t *Tensor) AddInto(a any, b any) *Tensor { return AddInto(t, a, b) }

// SubInto writes Sub(a, b) into t and returns t: SubInto(t, a, b).
func (t *Tensor) SubInto(a any, b any) *Tensor { return SubInto(t, a, b) }

// MulInto writes Mul(a, b) into t and returns t: MulInto(t, a, b).
func (t *Tensor) MulInto(a any, b any) *Tensor { return MulInto(t, a, b) }

// DivInto writes Div(a, b) into t and returns t: DivInto(t, a, b).
func (t *Tensor) DivInto(a any, b any) *Tensor { return DivInto(t, a, b) }

// FloorDivInto writes FloorDiv(a, b) into t and returns t: FloorDivInto(t, a, b).
func (t *Tensor) FloorDivInto(a any, b any) *Tensor { return FloorDivInto(t, a, b) }

// ModInto writes Mod(a, b) into t and returns t: ModInto(t, a, b).
func (t *Tensor) ModInto(a any, b any) *Tensor { return ModInto(t, a, b) }

// PowInto writes Pow(a, b) into t and returns t: PowInto(t, a, b).
func (t *Tensor) PowInto(a any, b any) *Tensor { return PowInto(t, a, b) }

// MaximumInto writes Maximum(a, b) into t and returns t: MaximumInto(t, a, b).
func (t *Tensor) MaximumInto(a any, b any) *Tensor { return MaximumInto(t, a, b) }

// MinimumInto writes Minimum(a, b) into t and returns t: MinimumInto(t, a, b).
func (t *Tensor) MinimumInto(a any, b any) *Tensor { return MinimumInto(t, a, b) }

// GreaterInto writes Greater(a, b) into t and returns t: GreaterInto(t, a, b).
func (t *Tensor) GreaterInto(a any, b any) *Tensor { return GreaterInto(t, a, b) }

// GreaterEqualInto writes GreaterEqual(a, b) into t and returns t: GreaterEqualInto(t, a, b).
func (t *Tensor) GreaterEqualInto(a any, b any) *Tensor { return GreaterEqualInto(t, a, b) }

// LessInto writes Less(a, b) into t and returns t: LessInto(t, a, b).
func (t *Tensor) LessInto(a any, b any) *Tensor { return LessInto(t, a, b) }

// LessEqualInto writes LessEqual(a, b) into t and returns t: LessEqualInto(t, a, b).
func (t *Tensor) LessEqualInto(a any, b any) *Tensor { return LessEqualInto(t, a, b) }

// EqualInto writes Equal(a, b) into t and returns t: EqualInto(t, a, b).
func (t *Tensor) EqualInto(a any, b any) *Tensor { return EqualInto(t, a, b) }

// NotEqualInto writes NotEqual(a, b) into t and returns t: NotEqualInto(t, a, b).
func (t *Tensor) NotEqualInto(a any, b any) *Tensor { return NotEqualInto(t, a, b) }

// LogicalAndInto writes LogicalAnd(a, b) into t and returns t: LogicalAndInto(t, a, b).
func (t *Tensor) LogicalAndInto(a any, b any) *Tensor { return LogicalAndInto(t, a, b) }

// LogicalOrInto writes LogicalOr(a, b) into t and returns t: LogicalOrInto(t, a, b).
func (t *Tensor) LogicalOrInto(a any, b any) *Tensor { return LogicalOrInto(t, a, b) }

// Where returns Where(t, x, y).
func (t *Tensor) Where(x any, y any) *Tensor { return Where(t, x, y) }

// Reductions (reduce.go).

// Prod returns Prod(t, axes...).
func (t *Tensor) Prod(axes ...int) *Tensor { return Prod(t, axes...) }

// All returns All(t, axes...).
func (t *Tensor) All(axes ...int) *Tensor { return All(t, axes...) }

// Any returns Any(t, axes...).
func (t *Tensor) Any(axes ...int) *Tensor { return Any(t, axes...) }

// Var returns Var(t, axes...).
func (t *Tensor) Var(axes ...int) *Tensor { return Var(t, axes...) }

// VarDdof returns VarDdof(t, ddof, axes...).
func (t *Tensor) VarDdof(ddof int, axes ...int) *Tensor { return VarDdof(t, ddof, axes...) }

// StdDdof returns StdDdof(t, ddof, axes...).
func (t *Tensor) StdDdof(ddof int, axes ...int) *Tensor { return StdDdof(t, ddof, axes...) }

// ArgMin returns ArgMin(t, axis...).
func (t *Tensor) ArgMin(axis ...int) *Tensor { return ArgMin(t, axis...) }

// Indexing (index.go).

// MaskSelect returns MaskSelect(t, mask).
func (t *Tensor) MaskSelect(mask *Tensor) *Tensor { return MaskSelect(t, mask) }

// MaskAssign returns MaskAssign(t, mask, value).
func (t *Tensor) MaskAssign(mask *Tensor, value any) *Tensor { return MaskAssign(t, mask, value) }

// IndexArrays returns IndexArrays(t, idx...).
func (t *Tensor) IndexArrays(idx ...*Tensor) *Tensor { return IndexArrays(t, idx...) }

// OneHot returns OneHot(t, classes).
func (t *Tensor) OneHot(classes int) *Tensor { return OneHot(t, classes) }

// Joining and splitting (join.go).

// SplitAt returns SplitAt(t, indices, axis).
func (t *Tensor) SplitAt(indices []int, axis int) []*Tensor { return SplitAt(t, indices, axis) }

// RepeatEach returns RepeatEach(t, repeats, axis).
func (t *Tensor) RepeatEach(repeats []int, axis int) *Tensor { return RepeatEach(t, repeats, axis) }

// Products (matmul.go).

// Dot returns Dot(t, b).
func (t *Tensor) Dot(b *Tensor) *Tensor { return Dot(t, b) }

// Outer returns Outer(t, b).
func (t *Tensor) Outer(b *Tensor) *Tensor { return Outer(t, b) }

// Machine-learning helpers (ml.go).

// Softmax returns Softmax(t, axis).
func (t *Tensor) Softmax(axis int) *Tensor { return Softmax(t, axis) }

// LogSoftmax returns LogSoftmax(t, axis).
func (t *Tensor) LogSoftmax(axis int) *Tensor { return LogSoftmax(t, axis) }

// CrossEntropy returns CrossEntropy(t, labels).
func (t *Tensor) CrossEntropy(labels *Tensor) *Tensor { return CrossEntropy(t, labels) }

// MSE returns MSE(t, yPred).
func (t *Tensor) MSE(yPred *Tensor) *Tensor { return MSE(t, yPred) }

// MAE returns MAE(t, yPred).
func (t *Tensor) MAE(yPred *Tensor) *Tensor { return MAE(t, yPred) }

// RMSE returns RMSE(t, yPred).
func (t *Tensor) RMSE(yPred *Tensor) *Tensor { return RMSE(t, yPred) }

// Accuracy returns Accuracy(t, predictions).
func (t *Tensor) Accuracy(predictions *Tensor) *Tensor { return Accuracy(t, predictions) }

// Normalize returns Normalize(t, axis).
func (t *Tensor) Normalize(axis int) *Tensor { return Normalize(t, axis) }

// Standardize returns Standardize(t, axis).
func (t *Tensor) Standardize(axis int) *Tensor { return Standardize(t, axis) }

// Sorting and comparison (sort.go).

// Unique returns Unique(t).
func (t *Tensor) Unique() *Tensor { return Unique(t) }

// UniqueCounts returns UniqueCounts(t).
func (t *Tensor) UniqueCounts() (values, counts *Tensor) { return UniqueCounts(t) }

// ArrayEqual reports ArrayEqual(t, b).
func (t *Tensor) ArrayEqual(b *Tensor) bool { return ArrayEqual(t, b) }

// Constructors from a tensor (create.go): x.ZerosLike().

// EmptyLike returns EmptyLike(t).
func (t *Tensor) EmptyLike() *Tensor { return EmptyLike(t) }

// ZerosLike returns ZerosLike(t).
func (t *Tensor) ZerosLike() *Tensor { return ZerosLike(t) }

// OnesLike returns OnesLike(t).
func (t *Tensor) OnesLike() *Tensor { return OnesLike(t) }

// FullLike returns FullLike(t, v).
func (t *Tensor) FullLike(v any) *Tensor { return FullLike(t, v) }

// Fused multiply-add (fma.go).

// FMAInto writes FMA(a, b, c) into t and returns t: FMAInto(t, a, b, c).
func (t *Tensor) FMAInto(a any, b any, c any) *Tensor { return FMAInto(t, a, b, c) }

// Functions for the ops implemented as methods (views and copies), so that every op is
// also a function as the API rule asks: Reshape(x, 2, 3) is x.Reshape(2, 3).

// AsType returns a copy of x converted to dt (np.ndarray.astype): x.AsType(dt).
func AsType(x *Tensor, dt DType) *Tensor { return x.must("AsType").AsType(dt) }

// BroadcastTo returns a read-only view of x broadcast to shape (np.broadcast_to):
// x.BroadcastTo(shape...).
func BroadcastTo(x *Tensor, shape ...int) *Tensor { return x.must("BroadcastTo").BroadcastTo(shape...) }

// Contiguous returns x if it is C-contiguous, else a C-contiguous copy
// (np.ascontiguousarray): x.Contiguous().
func Contiguous(x *Tensor) *Tensor { return x.must("Contiguous").Contiguous() }

// Copy returns a C-contiguous copy of x with its own storage on x's device (np.copy):
// x.Copy().
func Copy(x *Tensor) *Tensor { return x.must("Copy").Copy() }

// Flatten returns a 1-D copy of x, always (np.ndarray.flatten): x.Flatten().
func Flatten(x *Tensor) *Tensor { return x.must("Flatten").Flatten() }

// Flip reverses x along the given axes, or all of them, as a view (np.flip):
// x.Flip(axes...).
func Flip(x *Tensor, axes ...int) *Tensor { return x.must("Flip").Flip(axes...) }

// Permute returns the view of x with its dimensions in the order axes
// (np.permute_dims, torch.permute): x.Permute(axes...).
func Permute(x *Tensor, axes ...int) *Tensor { return x.must("Permute").Permute(axes...) }

// Ravel returns x's elements as 1-D, a view when possible (np.ravel): x.Ravel().
func Ravel(x *Tensor) *Tensor { return x.must("Ravel").Ravel() }

// Reshape returns x with a new shape, one dimension of which may be -1, as a view when
// the strides allow it (np.reshape): x.Reshape(shape...).
func Reshape(x *Tensor, shape ...int) *Tensor { return x.must("Reshape").Reshape(shape...) }

// Slice returns x[specs...]: x.Slice(specs...). With ints, ranges, NewAxis and Ellipsis
// it is NumPy's basic indexing and returns a view; with index arrays (integer or bool
// tensors, []int, []bool) among specs it is advanced indexing and returns a new tensor.
func Slice(x *Tensor, specs ...any) *Tensor { return x.must("Slice").Slice(specs...) }

// Squeeze removes the given dimensions of size 1 from x, or all of them (np.squeeze):
// x.Squeeze(axes...).
func Squeeze(x *Tensor, axes ...int) *Tensor { return x.must("Squeeze").Squeeze(axes...) }

// Transpose reverses x's dimensions, or permutes them by axes, as a view
// (np.transpose): x.Transpose(axes...).
func Transpose(x *Tensor, axes ...int) *Tensor { return x.must("Transpose").Transpose(axes...) }
