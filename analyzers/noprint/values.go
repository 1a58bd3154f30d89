package noprint

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/genolewm/obs/internal/analysisutil"
)

// printFunc marks an exported variable, struct field or function of a
// package that holds (a field: is set to; a function: returns) a print
// function, such as fmt.Println. An instrumented package that uses it
// prints, whether or not the package that made it may print.
type printFunc struct {
	Via string // the print function, e.g. "fmt.Println"
}

func (*printFunc) AFact() {}

func (f *printFunc) String() string { return "printFunc(" + f.Via + ")" }

// bannedFunc names fn if every call of it prints free text: fmt.Print,
// Printf and Println, and the print functions of package log and of
// *log.Logger. (fmt.Fprint* print only to the writer they are given, which
// is checked at the call.)
func bannedFunc(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	name := fn.Name()
	recv := fn.Type().(*types.Signature).Recv()
	switch fn.Pkg().Path() {
	case "fmt":
		if recv == nil && (name == "Print" || name == "Printf" || name == "Println") {
			return "fmt." + name
		}
	case "log":
		if isLogPrint(name) {
			if recv == nil {
				return "log." + name
			}
			return "(*log.Logger)." + name
		}
	}
	return ""
}

// findPrintValues follows print functions used as values through the
// package's assignments, variable declarations, composite literals,
// arguments of its own functions and return statements, to a fixed point,
// and exports a printFunc fact for each exported variable, field and
// function that ends up holding one.
func findPrintValues(pass *analysis.Pass) {
	imported := map[types.Object]bool{}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*printFunc); ok {
			imported[f.Object] = true
		}
	}
	seeded := false
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && bannedFunc(fn) != "" || imported[obj] {
			seeded = true
			break
		}
	}
	if !seeded {
		return // nothing here can hold a print function
	}

	held := map[types.Object]string{} // this package's objects, locals included
	valueOf := func(e ast.Expr) string { return heldValue(pass, held, e) }

	type site struct {
		to   types.Object
		from ast.Expr
	}
	var sites []site
	add := func(to types.Object, from ast.Expr) {
		if to != nil && from != nil {
			sites = append(sites, site{to, from})
		}
	}
	lhsObject := func(e ast.Expr) types.Object {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return originOf(pass.TypesInfo.ObjectOf(x))
		case *ast.SelectorExpr:
			return originOf(pass.TypesInfo.Uses[x.Sel])
		}
		return nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if fn, _ := pass.TypesInfo.Defs[d.Name].(*types.Func); fn != nil && d.Body != nil {
					ast.Inspect(d.Body, inspectSite(pass, fn, lhsObject, add))
				}
			case *ast.GenDecl:
				ast.Inspect(d, inspectSite(pass, nil, lhsObject, add))
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range sites {
			if held[s.to] != "" {
				continue
			}
			if via := valueOf(s.from); via != "" {
				held[s.to] = via
				changed = true
			}
		}
	}
	for obj, via := range held {
		if obj.Pkg() != pass.Pkg || !obj.Exported() {
			continue
		}
		switch o := obj.(type) {
		case *types.Var:
			if !o.IsField() && o.Parent() != pass.Pkg.Scope() {
				continue // a local or a parameter
			}
		case *types.Func:
		default:
			continue
		}
		pass.ExportObjectFact(obj, &printFunc{Via: via})
	}
}

// inspectSite returns an ast.Inspect visitor that records, inside the body
// of fn (nil at package level), every place where a value flows into an
// object: an assignment, a variable declaration, a struct literal's field,
// an argument of a function of this package, a return of fn.
func inspectSite(pass *analysis.Pass, fn *types.Func, lhsObject func(ast.Expr) types.Object, add func(types.Object, ast.Expr)) func(ast.Node) bool {
	inLit := 0
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			// A literal's returns are not fn's; its assignments still
			// count.
			inLit++
			ast.Inspect(n.Body, visit)
			inLit--
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(lhsObject(n.Lhs[i]), n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					add(originOf(pass.TypesInfo.Defs[n.Names[i]]), n.Values[i])
				}
			}
		case *ast.CompositeLit:
			st := structOf(pass.TypesInfo.TypeOf(n))
			if st == nil {
				return true
			}
			for i, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						add(originOf(pass.TypesInfo.Uses[id]), kv.Value)
					}
				} else if i < st.NumFields() {
					add(st.Field(i).Origin(), el)
				}
			}
		case *ast.CallExpr:
			callee, _ := typeutil.Callee(pass.TypesInfo, n).(*types.Func)
			if callee == nil || callee.Pkg() != pass.Pkg {
				return true
			}
			sig := callee.Origin().Type().(*types.Signature)
			for i, a := range n.Args {
				if n := sig.Params().Len(); i < n && (!sig.Variadic() || i < n-1) {
					add(sig.Params().At(i), a)
				}
			}
		case *ast.ReturnStmt:
			if inLit == 0 && fn != nil {
				for _, r := range n.Results {
					add(fn.Origin(), r)
				}
			}
		}
		return true
	}
	return visit
}

func originOf(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Var:
		return o.Origin()
	case *types.Func:
		return o.Origin()
	}
	return obj
}

func structOf(t types.Type) *types.Struct {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// heldValue is the print function that the value of e is, or holds:
// a print function itself, a variable or field holding one, a call of a
// function returning one, or a conversion of one.
func heldValue(pass *analysis.Pass, held map[types.Object]string, e ast.Expr) string {
	var obj types.Object
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		obj = pass.TypesInfo.Uses[x]
	case *ast.SelectorExpr:
		obj = pass.TypesInfo.Uses[x.Sel]
	case *ast.CallExpr:
		if tv, ok := pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return heldValue(pass, held, x.Args[0])
		}
		if fn, _ := typeutil.Callee(pass.TypesInfo, x).(*types.Func); fn != nil {
			return heldBy(pass, held, fn.Origin())
		}
	}
	switch o := obj.(type) {
	case *types.Func:
		return bannedFunc(o)
	case *types.Var:
		return heldBy(pass, held, o.Origin())
	}
	return ""
}

// heldBy is the print function obj holds: found in this package, or a
// fact of the package that declares it.
func heldBy(pass *analysis.Pass, held map[types.Object]string, obj types.Object) string {
	if via := held[obj]; via != "" {
		return via
	}
	if obj.Pkg() != nil && obj.Pkg() != pass.Pkg {
		var f printFunc
		if pass.ImportObjectFact(obj, &f) {
			return f.Via
		}
	}
	return ""
}

// checkValue reports, in an instrumented package, a print function used
// as a value (p := fmt.Println, a parameter, a struct field), and any read
// of another package's variable or field that holds one.
func checkValue(pass *analysis.Pass, n ast.Node, stack []ast.Node) {
	if fn, e, called := analysisutil.FuncRef(pass.TypesInfo, n, stack); fn != nil {
		if via := bannedFunc(fn); via != "" && !called {
			pass.Report(analysis.Diagnostic{
				Pos: e.Pos(), End: e.End(),
				Message: fmt.Sprintf("%s used as a function value: a call through it prints free text, which is forbidden in instrumented packages (Principle 1); %s", via, fix),
			})
		}
		return
	}
	var (
		e   ast.Expr
		obj types.Object
	)
	switch n := n.(type) {
	case *ast.Ident:
		if len(stack) >= 2 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == n {
				return // resolved with its selector
			}
		}
		e, obj = n, pass.TypesInfo.Uses[n]
	case *ast.SelectorExpr:
		e, obj = n, pass.TypesInfo.Uses[n.Sel]
	default:
		return
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg() == pass.Pkg || isAssigned(e, stack) {
		return
	}
	var f printFunc
	if !pass.ImportObjectFact(v.Origin(), &f) {
		return
	}
	what := fmt.Sprintf("%s.%s, which holds %s", v.Pkg().Name(), v.Name(), f.Via)
	if v.IsField() {
		what = fmt.Sprintf("field %s, which package %s sets to %s", v.Name(), v.Pkg().Name(), f.Via)
	}
	pass.Report(analysis.Diagnostic{
		Pos: e.Pos(), End: e.End(),
		Message: fmt.Sprintf("use of %s: a call through it prints free text, which is forbidden in instrumented packages (Principle 1); %s", what, fix),
	})
}

// checkFactCall reports a call of another package's function that
// returns a print function.
func checkFactCall(pass *analysis.Pass, call *ast.CallExpr) {
	fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
		return
	}
	var f printFunc
	if !pass.ImportObjectFact(fn.Origin(), &f) {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(),
		Message: fmt.Sprintf("call of %s, which returns %s: a call through its result prints free text, which is forbidden in instrumented packages (Principle 1); %s", analysisutil.ShortName(analysisutil.FuncName(fn)), f.Via, fix),
	})
}

// isAssigned reports whether e, the last node of stack, is written to:
// the left-hand side of an assignment.
func isAssigned(e ast.Expr, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if ast.Unparen(l) == e {
			return true
		}
	}
	return false
}
