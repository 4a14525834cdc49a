package tensor

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The API rule of the package doc, enforced on the package source: every exported
// function whose first parameter is a single *Tensor has a method of the same name on
// *Tensor (generic functions excepted: Go methods cannot have type parameters), and no
// exported package variable holds a func value (go doc shows no signature for one, and
// callers could reassign it).

// apiSource is the package's non-test source, parsed.
func apiSource(t *testing.T) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "tensor" {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		t.Fatal("no package source found")
	}
	return files
}

// isTensorPtr reports whether e is the type *Tensor.
func isTensorPtr(e ast.Expr) bool {
	s, ok := e.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == "Tensor"
}

// apiSurface returns the exported functions whose first parameter is a *Tensor, and the
// exported methods of *Tensor.
func apiSurface(files []*ast.File) (funcs []string, methods map[string]bool) {
	methods = map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv != nil {
				if len(fd.Recv.List) == 1 && isTensorPtr(fd.Recv.List[0].Type) {
					methods[fd.Name.Name] = true
				}
				continue
			}
			ps := fd.Type.Params.List
			if fd.Type.TypeParams != nil || len(ps) == 0 || !isTensorPtr(ps[0].Type) {
				continue
			}
			funcs = append(funcs, fd.Name.Name)
		}
	}
	sort.Strings(funcs)
	return funcs, methods
}

func TestAPIRuleFunctionsHaveMethods(t *testing.T) {
	funcs, methods := apiSurface(apiSource(t))
	if len(funcs) < 50 {
		t.Fatalf("found only %d functions of a *Tensor: is the parser reading the package?", len(funcs))
	}
	var missing []string
	for _, name := range funcs {
		if !methods[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("functions whose first parameter is a *Tensor without a method of the same name (the package doc's API rule; add them to methods.go): %s",
			strings.Join(missing, ", "))
	}
	t.Logf("%d functions of a *Tensor, %d without a method", len(funcs), len(missing))
}

func TestAPIRuleNoFuncVariables(t *testing.T) {
	files := apiSource(t)
	decls := map[string]*ast.FuncDecl{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				decls[fd.Name.Name] = fd
			}
		}
	}
	var bad []string
	n := 0
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !name.IsExported() {
						continue
					}
					n++
					if funcValued(vs, i, decls) {
						bad = append(bad, name.Name)
					}
				}
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("exported package variables holding functions (make them func declarations with doc comments): %s",
			strings.Join(bad, ", "))
	}
	t.Logf("%d exported variables, %d of them func values", n, len(bad))
}

// funcValued reports whether the i-th name of vs is a func value: declared with a func
// type, or initialised with a function literal, a package function's name, or a call of
// a package function that returns a func (the var Add = binOp(device.Add) pattern).
func funcValued(vs *ast.ValueSpec, i int, decls map[string]*ast.FuncDecl) bool {
	if _, ok := vs.Type.(*ast.FuncType); ok {
		return true
	}
	if i >= len(vs.Values) {
		return false
	}
	switch v := vs.Values[i].(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		return decls[v.Name] != nil
	case *ast.CallExpr:
		id, ok := v.Fun.(*ast.Ident)
		if !ok {
			if ix, isIndex := v.Fun.(*ast.IndexExpr); isIndex { // a generic helper
				id, ok = ix.X.(*ast.Ident)
			}
		}
		if fd := decls[identName(id, ok)]; fd != nil && fd.Type.Results != nil {
			for _, r := range fd.Type.Results.List {
				if _, isFunc := r.Type.(*ast.FuncType); isFunc {
					return true
				}
			}
		}
	}
	return false
}

func identName(id *ast.Ident, ok bool) string {
	if !ok || id == nil {
		return ""
	}
	return id.Name
}

// The element-wise functions stay usable as func values of their old types.
var (
	_ func(a, b any) *Tensor              = Add
	_ func(out *Tensor, a, b any) *Tensor = AddInto
	_ func(x *Tensor) *Tensor             = Exp
	_ func(out, x *Tensor) *Tensor        = ExpInto
)

// celsius and count are named types over Go's basic types.
type (
	celsius float64
	count   int
)

func TestFromSliceInt(t *testing.T) {
	data := []int{1, -2, 3, 1 << 30, -(1 << 30), 6}
	if strconv.IntSize == 64 {
		data[3] <<= 12 // beyond int32 where int has 64 bits
		data[4] <<= 12
	}
	x := FromSlice(data, 2, 3)
	if x.DType() != Int64 || !slices.Equal(x.Shape(), []int{2, 3}) {
		t.Fatalf("FromSlice([]int) = %v %v, want int64 (2,3)", x.DType(), x.Shape())
	}
	for i, v := range data {
		if got := x.IntAt(i/3, i%3); got != int64(v) {
			t.Errorf("element %d = %d, want %d", i, got, v)
		}
	}
	data[0] = 100
	shared := x.IntAt(0, 0) == 100
	if want := strconv.IntSize == 64; shared != want {
		t.Errorf("FromSlice([]int) shares the slice: %v, want %v on a %d-bit int", shared, want, strconv.IntSize)
	}
	if s := Scalar(7); s.DType() != Int64 || s.NDim() != 0 || s.Int() != 7 {
		t.Errorf("Scalar(7) = %v", s)
	}
	if e := FromSlice([]int{}); e.DType() != Int64 || e.Size() != 0 {
		t.Errorf("FromSlice([]int{}) = %v", e)
	}
	if e := FromSlice([]int(nil)); e.DType() != Int64 || e.Size() != 0 {
		t.Errorf("FromSlice([]int(nil)) = %v", e)
	}

	// Named types share their base type's memory.
	c := []celsius{20.5, 30}
	xc := FromSlice(c)
	c[1] = 31
	if xc.DType() != Float64 || xc.At(1) != 31 {
		t.Errorf("FromSlice([]celsius) = %v %v, want float64 sharing", xc.DType(), xc)
	}
	n := []count{4, 5}
	if xn := FromSlice(n); xn.DType() != Int64 || xn.IntAt(1) != 5 {
		t.Errorf("FromSlice([]count) = %v", xn)
	}
	if err := Try(func() { FromSlice([]int{1, 2, 3}, 2, 2) }); KindOf(err) != Shape {
		t.Errorf("FromSlice([]int) of a wrong shape: %v, want a Shape error", err)
	}
}

func TestArray(t *testing.T) {
	type u16 uint16
	cases := []struct {
		name  string
		v     any
		dt    DType
		shape []int
		want  []float64
	}{
		{"int scalar", 3, Int64, []int{}, []float64{3}},
		{"float scalar", 2.5, Float64, []int{}, []float64{2.5}},
		{"bool scalar", true, Bool, []int{}, []float64{1}},
		{"int8 scalar", int8(-3), Int32, []int{}, []float64{-3}},
		{"[]int", []int{1, 2, 3}, Int64, []int{3}, []float64{1, 2, 3}},
		{"[][]float64", [][]float64{{1, 2}, {3, 4}}, Float64, []int{2, 2}, []float64{1, 2, 3, 4}},
		{"[][][]float32", [][][]float32{{{1}, {2}}, {{3}, {4}}}, Float32, []int{2, 2, 1}, []float64{1, 2, 3, 4}},
		{"[][]int", [][]int{{1, 2, 3}, {4, 5, 6}}, Int64, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"[][]bool", [][]bool{{true}, {false}}, Bool, []int{2, 1}, []float64{1, 0}},
		{"[][]uint8", [][]uint8{{255, 0}}, Uint8, []int{1, 2}, []float64{255, 0}},
		{"[]int16", []int16{-1, 2}, Int32, []int{2}, []float64{-1, 2}},
		{"[]uint16 named", []u16{65535}, Int32, []int{1}, []float64{65535}},
		{"[]uint32", []uint32{4294967295}, Int64, []int{1}, []float64{4294967295}},
		{"[]uint64", []uint64{1 << 62}, Int64, []int{1}, []float64{1 << 62}},
		{"[]int32", []int32{7}, Int32, []int{1}, []float64{7}},
		{"[]int64", []int64{-7}, Int64, []int{1}, []float64{-7}},
		{"[]celsius", []celsius{1.5}, Float64, []int{1}, []float64{1.5}},
		{"Go arrays", [2][3]uint8{{1, 2, 3}, {4, 5, 6}}, Uint8, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"slice of arrays", [][2]float32{{1, 2}, {3, 4}}, Float32, []int{2, 2}, []float64{1, 2, 3, 4}},
		{"[]any int float", []any{1, 2.5}, Float64, []int{2}, []float64{1, 2.5}},
		{"[]any bool int", []any{true, 1}, Int64, []int{2}, []float64{1, 1}},
		{"[]any uint8 int32", []any{uint8(1), int32(-1)}, Int32, []int{2}, []float64{1, -1}},
		{"[]any float32 int", []any{float32(1), 2}, Float64, []int{2}, []float64{1, 2}},
		{"[]any float32 uint8", []any{float32(1), uint8(2)}, Float32, []int{2}, []float64{1, 2}},
		{"[]any of slices", []any{[]float32{1, 2}, []float64{3, 4}}, Float64, []int{2, 2}, []float64{1, 2, 3, 4}},
		{"[][]any", [][]any{{1, 2}, {3, int64(4)}}, Int64, []int{2, 2}, []float64{1, 2, 3, 4}},
		{"empty []any", []any{}, Float64, []int{0}, nil},
		{"empty [][]float32", [][]float32{}, Float32, []int{0}, nil},
		{"empty rows", [][]int{{}, {}}, Int64, []int{2, 0}, nil},
		{"nested empty", [][][]bool{{{}}}, Bool, []int{1, 1, 0}, nil},
		{"NaN and Inf", []float64{math.NaN(), math.Inf(-1)}, Float64, []int{2}, []float64{math.NaN(), math.Inf(-1)}},
		{"int64 extremes", []int64{math.MinInt64, math.MaxInt64}, Int64, []int{2}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := Array(c.v)
			if x.DType() != c.dt || !slices.Equal(x.Shape(), c.shape) {
				t.Fatalf("Array(%v) = %v %v, want %v %v", c.v, x.DType(), x.Shape(), c.dt, c.shape)
			}
			if c.want != nil {
				got := ToSlice[float64](x.AsType(Float64))
				for i := range got {
					if got[i] != c.want[i] && !(math.IsNaN(got[i]) && math.IsNaN(c.want[i])) {
						t.Fatalf("Array(%v) = %v, want %v", c.v, got, c.want)
					}
				}
			}
		})
	}
	ext := Array([]int64{math.MinInt64, math.MaxInt64})
	if ext.IntAt(0) != math.MinInt64 || ext.IntAt(1) != math.MaxInt64 {
		t.Errorf("Array of int64 extremes = %v", ext)
	}

	// Array copies, FromSlice shares.
	src := [][]float64{{1, 2}}
	a := Array(src)
	src[0][0] = 9
	if a.At(0, 0) != 1 {
		t.Error("Array shares its input; want a copy")
	}
	b := Array(a)
	a.SetAt(5, 0, 1)
	if b.At(0, 1) != 2 {
		t.Error("Array(*Tensor) shares its input; want a copy")
	}
}

func TestArrayErrors(t *testing.T) {
	self := []any{nil}
	self[0] = self
	cases := []struct {
		name string
		v    any
		kind Kind
		msg  string
	}{
		{"ragged rows", [][]int{{1, 2}, {3}}, Shape, "v[1] has length 1 where v[0] has length 2"},
		{"ragged depth 3", [][][]int{{{1}, {2}}, {{1}, {2, 3}}}, Shape, "v[1][1] has length 2"},
		{"sequence beside number", []any{1, []int{2}}, Shape, "v[1] is a sequence"},
		{"number beside sequence", []any{[]int{2}, 1}, Shape, "v[1] is a number"},
		{"empty beside full", []any{[]int{}, []int{1}}, Shape, "v[1] has length 1"},
		{"nil", nil, Value, "nil"},
		{"nil element", []any{1, nil}, Value, "v[1] is nil"},
		{"string", []string{"a"}, Value, "type string"},
		{"string leaf in any", []any{1, "a"}, Value, "v[1] has type string"},
		{"complex", complex(1, 2), Value, "complex128"},
		{"tensor leaf", []any{Ones(Float64, 2)}, Value, "*tensor.Tensor"},
		{"uint64 beyond int64", []uint64{1 << 63}, Value, "9223372036854775808"},
		{"nil tensor", (*Tensor)(nil), Value, "nil"},
		{"self-containing", self, Value, "rank"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Try(func() { Array(c.v) })
			if KindOf(err) != c.kind || !strings.Contains(fmt.Sprint(err), c.msg) || !strings.Contains(fmt.Sprint(err), "tensor.Array") {
				t.Errorf("Array(%s): %v (kind %v), want a %v error containing %q", c.name, err, KindOf(err), c.kind, c.msg)
			}
		})
	}
}

func TestGoScalarOperands(t *testing.T) {
	f32 := FromSlice([]float32{1.5, -2})
	i32 := FromSlice([]int32{1, -2})
	u8 := FromSlice([]uint8{1, 200})
	cases := []struct {
		name string
		x    *Tensor
		v    any
		same any // the same number as a type asOperand always took
		dt   DType
	}{
		{"int8", i32, int8(-3), -3, Int32},
		{"int16", i32, int16(300), 300, Int32},
		{"uint", u8, uint(5), 5, Uint8},
		{"uint16", i32, uint16(65535), 65535, Int32},
		{"uint32", f32, uint32(7), 7, Float32},
		{"uint64", u8, uint64(55), 55, Uint8},
		{"uintptr", i32, uintptr(9), 9, Int32},
		{"named float", f32, celsius(0.5), 0.5, Float32},
		{"named int", u8, count(3), 3, Uint8},
		{"named float on ints", i32, celsius(0.5), 0.5, Float64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, want := Add(c.x, c.v), Add(c.x, c.same)
			if got.DType() != c.dt || !ArrayEqual(got, want) {
				t.Errorf("Add(%v, %T(%v)) = %v, want %v of dtype %v", c.x, c.v, c.v, got, want, c.dt)
			}
			if got := Mul(c.v, c.x); !ArrayEqual(got, Mul(c.same, c.x)) {
				t.Errorf("Mul(%T, x) = %v", c.v, got)
			}
			if got := Where(Greater(c.x, 0), c.v, c.x); !ArrayEqual(got, Where(Greater(c.x, 0), c.same, c.x)) {
				t.Errorf("Where with %T = %v", c.v, got)
			}
		})
	}
	if got := Add(int8(2), uint16(3)); got.DType() != Int64 || got.Int() != 5 {
		t.Errorf("Add(int8, uint16) = %v, want int64 5", got)
	}
	x := Zeros(Int32, 3)
	MaskAssign(x, FromSlice([]bool{true, false, true}), int16(-4))
	if !ArrayEqual(x, FromSlice([]int32{-4, 0, -4})) {
		t.Errorf("MaskAssign with an int16 = %v", x)
	}

	errs := []struct {
		name string
		f    func()
	}{
		{"uint8 + uint16(300)", func() { Add(u8, uint16(300)) }},
		{"uint8 + int8(-1)", func() { Sub(u8, int8(-1)) }},
		{"int32 + uint32(1<<31)", func() { Add(i32, uint32(1<<31)) }},
		{"uint64 beyond int64", func() { Add(f32, uint64(1<<63)) }},
		{"uint64 beyond int64, both scalars", func() { Add(uint64(1<<63), 1) }},
		{"string", func() { Add(f32, "1") }},
		{"complex", func() { Add(f32, complex(1, 0)) }},
		{"nil operand", func() { Add(f32, nil) }},
	}
	for _, e := range errs {
		if err := Try(e.f); KindOf(err) != Value {
			t.Errorf("%s: %v, want a Value error", e.name, err)
		}
	}
}

func TestGoScalarConstructors(t *testing.T) {
	cases := []struct {
		name string
		got  *Tensor
		want *Tensor
	}{
		{"Full int64 max", Full(Int64, int64(math.MaxInt64), 2), FromSlice([]int64{math.MaxInt64, math.MaxInt64})},
		{"Full int64 min+1", Full(Int64, int64(math.MinInt64+1), 1), FromSlice([]int64{math.MinInt64 + 1})},
		{"Full uint8 from uint16", Full(Uint8, uint16(255), 2), FromSlice([]uint8{255, 255})},
		{"Full float32 from named", Full(Float32, celsius(1.5), 1), FromSlice([]float32{1.5})},
		{"Full float64 from int8", Full(Float64, int8(-2), 1), FromSlice([]float64{-2})},
		{"Full bool from int", Full(Bool, 2, 1), FromSlice([]bool{true})},
		{"Full int32 from bool", Full(Int32, true, 1), FromSlice([]int32{1})},
		{"Full int32 truncates a float", Full(Int32, -2.7, 1), FromSlice([]int32{-2})},
		{"Full 0-d", Full(Float64, uint(3)), Scalar(3.0)},
		{"FullLike int16", FullLike(Zeros(Int32, 2), int16(-7)), FromSlice([]int32{-7, -7})},
		{"Fill uint32", Zeros(Int64, 2).Fill(uint32(1 << 31)), FromSlice([]int64{1 << 31, 1 << 31})},
		{"Fill view", Zeros(Float64, 2, 2).T().Fill(float32(0.5)), Full(Float64, 0.5, 2, 2)},
		{"Arange ints", Arange(Int64, 0, uint8(5), int16(2)), FromSlice([]int64{0, 2, 4})},
		{"Arange int variable", Arange(Float64, 1, count(3), 1), FromSlice([]float64{1, 2})},
		{"Linspace", Linspace(Float64, int16(0), uint8(1), 3, true), FromSlice([]float64{0, 0.5, 1})},
	}
	for _, c := range cases {
		if !ArrayEqual(c.got, c.want) || c.got.DType() != c.want.DType() {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	errs := []struct {
		name string
		f    func()
	}{
		{"Full uint8 from 256", func() { Full(Uint8, uint16(256), 1) }},
		{"Full int32 from int64", func() { Full(Int32, int64(1<<40), 1) }},
		{"Full uint64 beyond int64", func() { Full(Float64, uint64(1<<63), 1) }},
		{"Full tensor value", func() { Full(Float64, Ones(Float64), 1) }},
		{"Full nil value", func() { Full(Float64, nil, 1) }},
		{"Full string", func() { Full(Float64, "1", 1) }},
		{"FullLike out of range", func() { FullLike(Zeros(Uint8, 1), -1) }},
		{"Fill out of range", func() { Zeros(Int32, 1).Fill(uint32(1 << 31)) }},
		{"Arange tensor bound", func() { Arange(Float64, 0, Ones(Float64), 1) }},
		{"Linspace nil bound", func() { Linspace(Float64, nil, 1, 3, true) }},
	}
	for _, e := range errs {
		if err := Try(e.f); KindOf(err) != Value {
			t.Errorf("%s: %v, want a Value error", e.name, err)
		}
	}
}

func TestClipBounds(t *testing.T) {
	nan := math.NaN()
	f := FromSlice([]float64{-3, -0.5, 0.5, 3, nan})
	i := FromSlice([]int64{-3, 0, 3, math.MaxInt64})
	u := FromSlice([]uint8{0, 100, 255})
	f32 := FromSlice([]float32{-1, 2})
	cases := []struct {
		name string
		got  *Tensor
		want *Tensor
	}{
		{"float bounds", Clip(f, -1, 1), FromSlice([]float64{-1, -0.5, 0.5, 1, nan})},
		{"nil lo", Clip(f, nil, 1), FromSlice([]float64{-3, -0.5, 0.5, 1, nan})},
		{"nil hi", Clip(f, 0, nil), FromSlice([]float64{0, 0, 0.5, 3, nan})},
		{"NaN scalar is no bound", Clip(f, nan, 0), FromSlice([]float64{-3, -0.5, 0, 0, nan})},
		{"int8 and uint16 bounds", Clip(i, int8(-1), uint16(2)), FromSlice([]int64{-1, 0, 2, 2})},
		{"named bounds", Clip(f32, celsius(0), count(1)), FromSlice([]float32{0, 1})},
		{"float bounds beyond uint8 give float64", Clip(u, -5.0, 300.0), FromSlice([]float64{0, 100, 255})},
		{"float bounds give float64 for ints", Clip(i, -1.5, 2.5), FromSlice([]float64{-1.5, 0, 2.5, 2.5})},
		{"float lo above uint8", Clip(u, 300.0, nil), FromSlice([]float64{300, 300, 300})},
		{"float hi below int64", Clip(i, nil, -1e19), FromSlice([]float64{-1e19, -1e19, -1e19, -1e19})},
		{"int32 and float32 bounds", Clip(FromSlice([]int32{1, 5}), 2, float32(4.5)), FromSlice([]float64{2, 4.5})},
		{"bool with int bounds", Clip(FromSlice([]bool{true, false}), 0, 1), FromSlice([]int64{1, 0})},
		{"bool with a float bound", Clip(FromSlice([]bool{true, false}), 0.5, nil), FromSlice([]float64{1, 0.5})},
		{"uint8 and a tensor bound and 300", Clip(u, FromSlice([]int32{1}), 300), FromSlice([]int32{1, 100, 255})},
		{"int64 bound beyond float64", Clip(i, int64(1<<60+1), nil), FromSlice([]int64{1<<60 + 1, 1<<60 + 1, 1<<60 + 1, math.MaxInt64})},
		{"int64 max bound", Clip(i, nil, int64(math.MaxInt64)), i},
		{"float bound at int64's top", Clip(i, nil, float64(1<<63)), FromSlice([]float64{-3, 0, 3, 1 << 63})},
		{"tensor bounds", Clip(f, FromSlice([]float64{0, 0, 0, 0, 0}), FromSlice([]float64{1})), FromSlice([]float64{0, 0, 0.5, 1, nan})},
		{"tensor NaN propagates", Clip(FromSlice([]float64{1, 2}), FromSlice([]float64{nan, 0}), nil), FromSlice([]float64{nan, 2})},
		{"tensor lo above hi gives hi", Clip(FromSlice([]float64{5}), FromSlice([]float64{3}), 1), FromSlice([]float64{1})},
		{"tensor bound promotes", Clip(FromSlice([]int32{1, 5}), FromSlice([]float64{1.5}), nil), FromSlice([]float64{1.5, 5})},
		{"tensor bound broadcasts", Clip(Zeros(Float64, 2), nil, FromSlice([]float64{-1, -2, -3}, 3, 1)), FromSlice([]float64{-1, -1, -2, -2, -3, -3}, 3, 2)},
		{"method", f.Clip(-1, nil), FromSlice([]float64{-1, -0.5, 0.5, 3, nan})},
	}
	for _, c := range cases {
		if !slices.Equal(c.got.Shape(), c.want.Shape()) || c.got.DType() != c.want.DType() || !sameValues(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	out := Zeros(Float64, 3, 2)
	if r := ClipInto(out, Zeros(Float64, 2), nil, FromSlice([]float64{-1, -2, -3}, 3, 1)); r != out || out.At(2, 1) != -3 {
		t.Errorf("ClipInto with a tensor bound = %v", r)
	}
	if r := out.ClipInto(Full(Float64, 5, 3, 2), 0, 1); r != out || out.At(0, 0) != 1 {
		t.Errorf("out.ClipInto = %v", r)
	}
	errs := []struct {
		name string
		kind Kind
		f    func()
	}{
		{"no bound", Value, func() { Clip(f, nil, nil) }},
		{"int bound beyond uint8", Value, func() { Clip(u, 0, 300) }},
		{"negative int bound for uint8", Value, func() { Clip(u, -1, 10) }},
		{"ClipInto float bound into ints", Value, func() { ClipInto(Zeros(Int64, 2), Zeros(Int64, 2), 0.5, nil) }},
		{"uint64 beyond int64", Value, func() { Clip(f, 0, uint64(1<<63)) }},
		{"string bound", Value, func() { Clip(f, "0", 1) }},
		{"tensor bound shape", Shape, func() { Clip(f, Zeros(Float64, 2), nil) }},
		{"ClipInto shape", Shape, func() { ClipInto(Zeros(Float64, 2), Zeros(Float64, 2), FromSlice([]float64{0, 0, 0}, 3, 1), nil) }},
		{"ClipInto cast", Value, func() { ClipInto(Zeros(Int64, 2), Zeros(Int64, 2), Zeros(Float64, 2), nil) }},
	}
	for _, e := range errs {
		if err := Try(e.f); KindOf(err) != e.kind {
			t.Errorf("%s: %v, want a %v error", e.name, err, e.kind)
		}
	}
}

func TestMethodsForward(t *testing.T) {
	x := FromSlice([]float64{0.25, -1.5, 2, 0}, 2, 2)
	y := FromSlice([]float64{1, 2})
	mask := FromSlice([]bool{true, false, false, true}, 2, 2)
	cases := []struct {
		name     string
		fn, meth *Tensor
	}{
		{"Tanh", Tanh(x), x.Tanh()},
		{"Maximum", Maximum(x, y), x.Maximum(y)},
		{"LogicalOr", LogicalOr(x, 0), x.LogicalOr(0)},
		{"ArgMin", ArgMin(x, 1), x.ArgMin(1)},
		{"Var", Var(x), x.Var()},
		{"Prod", Prod(x, 0), x.Prod(0)},
		{"All", All(x), x.All()},
		{"Any", Any(x, -1), x.Any(-1)},
		{"Round", Round(x, 0), x.Round(0)},
		{"Where", Where(mask, x, 7), mask.Where(x, 7)},
		{"Softmax", Softmax(x, 1), x.Softmax(1)},
		{"MaskSelect", MaskSelect(x, mask), x.MaskSelect(mask)},
		{"Reshape", Reshape(x, 4), x.Reshape(4)},
		{"Transpose", Transpose(x), x.T()},
		{"Squeeze", Squeeze(Zeros(Float64, 1, 2)), Zeros(Float64, 2)},
		{"Flip", Flip(x, 0), x.Flip(0)},
		{"Slice", Slice(x, 1), x.Slice(1)},
		{"AsType", AsType(x, Int32), x.AsType(Int32)},
		{"BroadcastTo", BroadcastTo(y, 3, 2), y.BroadcastTo(3, 2)},
		{"Copy", Copy(x), x},
		{"Contiguous", Contiguous(x.T()), x.T()},
		{"Flatten", Flatten(x), x.Ravel()},
		{"Ravel", Ravel(x.T()), x.T().Flatten()},
		{"Permute", Permute(x, 1, 0), x.T()},
		{"ZerosLike", x.ZerosLike(), Zeros(Float64, 2, 2)},
		{"SubInto", Zeros(Float64, 2, 2).SubInto(x, y), Sub(x, y)},
		{"SqrtInto", Zeros(Float64, 2).SqrtInto(y), Sqrt(y)},
	}
	for _, c := range cases {
		if c.fn.DType() != c.meth.DType() || !ArrayEqual(c.fn, c.meth) {
			t.Errorf("%s: function %v, method %v", c.name, c.fn, c.meth)
		}
	}
	if !x.ArrayEqual(x.Copy()) {
		t.Error("x.ArrayEqual(x.Copy()) is false")
	}
	if Copy(x).SharesMemory(x) || !Reshape(x, 4).SharesMemory(x) {
		t.Error("Copy shares memory or Reshape of a contiguous tensor copies")
	}
}

// sameValues reports whether a and b hold the same values, NaN equal to NaN; integers
// compare exactly.
func sameValues(a, b *Tensor) bool {
	if a.DType().IsFloat() {
		return All(IsClose(a, b, 0, 0, true)).Bool()
	}
	return ArrayEqual(a, b)
}
