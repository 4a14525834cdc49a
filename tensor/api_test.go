package tensor

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
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
