package obsredact

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/genolewm/obs/internal/analysisutil"
)

//go:embed doc.go
var doc string

// Analyzer is the per-package INV-OBS-3 analyzer.
var Analyzer = &analysis.Analyzer{
	Name:      "obsredact",
	Doc:       analysisutil.MustExtractDoc(doc, "obsredact"),
	URL:       "https://pkg.go.dev/github.com/genolewm/obs/analyzers/obsredact",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(reflectsOn)},
}

const filterPkg = analysisutil.Module + "/runtime/internal/filter"

var (
	sinkFlag      = "(" + filterPkg + ".Sink).WriteRecord"
	filterFlag    = analysisutil.List{"(*" + filterPkg + ".Filter).Emit"}
	redactionFlag = analysisutil.List{"(*" + filterPkg + ".Filter).finish"}
	protectedFlag = analysisutil.List{analysisutil.Module + "/runtime/..."}
	// The runtime is the trusted base that the filter belongs to.
	unsafeFlag = analysisutil.List{analysisutil.Module + "/runtime/..."}
)

func init() {
	Analyzer.Flags.StringVar(&sinkFlag, "sink", sinkFlag, "the sink interface method, (PKG.Interface).Method")
	Analyzer.Flags.Var(&filterFlag, "filter", "comma-separated redaction filter functions: the only functions that may call a sink method")
	Analyzer.Flags.Var(&redactionFlag, "redaction", "comma-separated redaction steps: inside a filter one must dominate every sink call, which must receive its first result")
	Analyzer.Flags.Var(&protectedFlag, "protected", "comma-separated import path patterns that //go:linkname must not target")
	Analyzer.Flags.Var(&unsafeFlag, "unsafe", "comma-separated import path patterns of packages allowed to use unsafe, cgo, assembly and package plugin (the trusted base)")
}

type checker struct {
	pass     *analysis.Pass
	sinkName string
	sinkSig  *types.Signature // nil when the sink interface is not reachable
	sinkDesc string
}

// maySink reports whether fn may be a sink method: a method with the
// sink method's name and its signature, or one that an instantiation of
// type parameters makes the sink's (interface{ WriteRecord(R) error }),
// whatever the receiver. Where the sink interface is not reachable, no
// signature can be the sink's but a generic one.
func (c *checker) maySink(fn *types.Func) bool {
	if fn == nil || fn.Name() != c.sinkName {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if c.sinkSig != nil {
		return analysisutil.MayMatch(fn, c.sinkName, c.sinkSig)
	}
	return mentionsTypeParam(sig)
}

// mentionsTypeParam reports whether a parameter or result of sig has a
// type parameter in its type.
func mentionsTypeParam(sig *types.Signature) bool {
	found := false
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if found || depth > 16 {
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.TypeParam:
			found = true
		case *types.Pointer:
			walk(t.Elem(), depth+1)
		case *types.Slice:
			walk(t.Elem(), depth+1)
		case *types.Array:
			walk(t.Elem(), depth+1)
		case *types.Chan:
			walk(t.Elem(), depth+1)
		case *types.Map:
			walk(t.Key(), depth+1)
			walk(t.Elem(), depth+1)
		case *types.Named:
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i), depth+1)
			}
		case *types.Signature:
			for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
				for i := 0; i < tup.Len(); i++ {
					walk(tup.At(i).Type(), depth+1)
				}
			}
		}
	}
	walk(sig, 0)
	return found
}

func run(pass *analysis.Pass) (any, error) {
	if analysisutil.IsGeneratedPackage(pass.Fset, pass.Files) {
		return nil, nil // generated code writes through the logger only
	}
	ref, err := analysisutil.ParseMethod(sinkFlag)
	if err != nil {
		return nil, fmt.Errorf("obsredact: -sink: %v", err)
	}
	c := &checker{pass: pass, sinkName: ref.Method, sinkDesc: path.Base(ref.Pkg) + "." + ref.Type + "." + ref.Method}
	if _, m := analysisutil.LookupInterfaceMethod(pass.Pkg, ref); m != nil {
		c.sinkSig = m.Type().(*types.Signature)
		c.sinkDesc = m.Pkg().Name() + "." + ref.Type + "." + ref.Method
	}
	c.checkImportsAndDirectives()
	c.checkLogFileWrites()
	// Only a package that refers to a method of the sink method's name,
	// or to a reflective lookup, has selectors to check.
	named, lookups := false, false
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok {
			named = named || fn.Name() == c.sinkName
			lookups = lookups || isLookupMethod(fn)
		}
	}
	if named || lookups {
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		insp.WithStack([]ast.Node{(*ast.SelectorExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
			if push {
				c.checkSelector(n.(*ast.SelectorExpr), stack)
			}
			return true
		})
	}
	c.checkReflection()
	if c.sinkSig == nil {
		return nil, nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func); fn != nil && filterFlag.Has(analysisutil.FuncName(fn)) {
				c.checkFilter(fd)
			}
		}
	}
	return nil, nil
}

// checkSelector reports a reference to a sink method outside the filter's
// own straight-line calls.
func (c *checker) checkSelector(sel *ast.SelectorExpr, stack []ast.Node) {
	pass := c.pass
	fn, _ := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
	if fn != nil && isLookupMethod(fn) {
		if call, ok := stack[len(stack)-2].(*ast.CallExpr); !ok || ast.Unparen(call.Fun) != sel {
			pass.Report(analysis.Diagnostic{
				Pos: sel.Pos(), End: sel.End(),
				Message: fmt.Sprintf("reflective method lookup %s used as a function value: what it looks up cannot be followed, and it can reach sink method %s and bypass the redaction filter (INV-OBS-3); call it directly", analysisutil.ShortName(analysisutil.FuncName(fn)), c.sinkDesc),
			})
		}
		return
	}
	if !c.maySink(fn) {
		return
	}
	var (
		decl    *ast.FuncDecl
		closure bool
		stmt    string
	)
	call, _ := stack[len(stack)-2].(*ast.CallExpr)
	isCall := call != nil && ast.Unparen(call.Fun) == sel
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			closure = true
		case *ast.FuncDecl:
			decl = n
		case *ast.GoStmt:
			if isCall && n.Call == call && !closure {
				stmt = "go"
			}
		case *ast.DeferStmt:
			if isCall && n.Call == call && !closure {
				stmt = "defer"
			}
		}
		if decl != nil {
			break
		}
	}
	encl := "package-level code"
	inFilter := false
	if decl != nil {
		if dfn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func); dfn != nil {
			encl = dfn.Name()
			if r := decl.Recv; r != nil && len(r.List) > 0 {
				recv := types.ExprString(r.List[0].Type)
				if strings.HasPrefix(recv, "*") {
					recv = "(" + recv + ")"
				}
				encl = recv + "." + encl
			}
			inFilter = filterFlag.Has(analysisutil.FuncName(dfn))
		}
	}
	how := "call of"
	if s := pass.TypesInfo.Selections[sel]; s != nil {
		switch s.Kind() {
		case types.MethodVal:
			if !isCall {
				how = "method value of"
			} else if _, ok := types.Unalias(s.Recv()).(*types.TypeParam); ok {
				how = "call through type parameter " + types.TypeString(s.Recv(), nil) + " of"
			} else if types.IsInterface(s.Recv()) {
				how = "interface call of"
			}
		case types.MethodExpr:
			how = "method expression of"
		}
	}
	where := ""
	switch {
	case closure:
		where = " (in a closure)"
	case stmt != "":
		where = " (in a " + stmt + " statement)"
	}
	if inFilter && isCall && !closure && stmt == "" {
		return // checked by checkFilter
	}
	what := fmt.Sprintf("%s sink method %s%s in %s", how, c.sinkDesc, where, encl)
	if inFilter {
		pass.Report(analysis.Diagnostic{
			Pos: sel.Pos(), End: sel.End(),
			Message: fmt.Sprintf("%s escapes the filter's straight-line control flow, so it cannot be shown to follow the redaction step (INV-OBS-3): call the sink directly in the filter, after %s", what, redactionName()),
		})
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: sel.Pos(), End: sel.End(),
		Message: fmt.Sprintf("%s bypasses the redaction filter (INV-OBS-3): only %s may call a sink; give the sink to the logger (observe.Options.ExtraSinks or LoggerOptions.Sinks) and log through it", what, filterName()),
	})
}

// filterName and redactionName name the first designated filter and
// redaction step, for messages.
func filterName() string {
	if len(filterFlag) == 0 {
		return "the redaction filter"
	}
	return analysisutil.ShortName(filterFlag[0])
}

func redactionName() string {
	if len(redactionFlag) == 0 {
		return "(none designated)"
	}
	return analysisutil.ShortName(redactionFlag[0])
}

// checkImportsAndDirectives reports, outside the trusted packages of
// -unsafe, what lets code act outside the call graph: unsafe (other than
// the constants Sizeof, Alignof and Offsetof), cgo, functions implemented
// in assembly, and package plugin; and, everywhere, //go:linkname into
// protected packages.
//
// They are reported in every package, not only where the sink interface
// is visible: a sink reaches any package as an interface value, and unsafe
// or C code can call its methods or forge a record there.
func (c *checker) checkImportsAndDirectives() {
	pass := c.pass
	trusted := analysisutil.MatchAny(unsafeFlag, analysisutil.PkgPath(pass.Pkg))
	const cgoMsg = "cgo: C code can write any memory and call any Go function, which the whole-program check does not see, so it can bypass the redaction filter (INV-OBS-3); move it out of the program, or allow this package with -obsredact.unsafe after review"
	cgoReported := false
	for _, f := range pass.Files {
		own, processed := cgoFile(f)
		if own {
			continue // written by cmd/cgo: its unsafe and linknames are cgo's
		}
		if !trusted && processed && !cgoReported {
			// A file that cmd/cgo rewrote (its import "C" is gone): the
			// package clause maps back to the user's file.
			cgoReported = true
			pass.Report(analysis.Diagnostic{Pos: f.Package, End: f.Name.End(), Message: cgoMsg})
		}
		if !trusted {
			for _, imp := range f.Imports {
				switch imp.Path.Value {
				case `"C"`:
					if !cgoReported {
						cgoReported = true
						pass.Report(analysis.Diagnostic{Pos: imp.Pos(), End: imp.End(), Message: cgoMsg})
					}
				case `"plugin"`:
					pass.Report(analysis.Diagnostic{
						Pos: imp.Pos(), End: imp.End(),
						Message: "package plugin loads code that the whole-program check does not see, which can call a sink and bypass the redaction filter (INV-OBS-3); link it into the program instead, or allow this package with -obsredact.unsafe after review",
					})
				}
			}
			linknamed := map[string]bool{}
			for _, cg := range f.Comments {
				for _, cm := range cg.List {
					if rest, ok := strings.CutPrefix(cm.Text, "//go:linkname "); ok {
						if fields := strings.Fields(rest); len(fields) > 0 {
							linknamed[fields[0]] = true
						}
					}
				}
			}
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil && !linknamed[fd.Name.Name] {
					pass.Report(analysis.Diagnostic{
						Pos: fd.Pos(), End: fd.Name.End(),
						Message: fmt.Sprintf("function %s has no body: it is implemented in assembly, which can call any function and is not in the whole-program check's call graph, so it can bypass the redaction filter (INV-OBS-3); write it in Go, or allow this package with -obsredact.unsafe after review", fd.Name.Name),
					})
				}
			}
			importsUnsafe := false
			for _, imp := range f.Imports {
				if imp.Path.Value == `"unsafe"` {
					importsUnsafe = true
					if imp.Name != nil && imp.Name.Name == "." {
						pass.Report(analysis.Diagnostic{
							Pos: imp.Pos(), End: imp.End(),
							Message: "dot import of unsafe: its uses cannot be told from the constants Sizeof, Alignof and Offsetof, and unsafe can forge a filtered record or call a sink through a forged pointer (INV-OBS-3); import it by name, or allow this package with -obsredact.unsafe after review",
						})
					}
				}
			}
			// Only a file that imports unsafe can use it.
			ast.Inspect(f, func(n ast.Node) bool {
				if !importsUnsafe {
					return false
				}
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				obj := pass.TypesInfo.Uses[sel.Sel]
				if obj == nil || obj.Pkg() != types.Unsafe {
					return true
				}
				switch obj.Name() {
				case "Sizeof", "Alignof", "Offsetof":
					return true // compile-time constants: nothing to forge
				}
				pass.Report(analysis.Diagnostic{
					Pos: sel.Pos(), End: sel.End(),
					Message: fmt.Sprintf("use of unsafe.%s: it can forge a filtered record, call a sink through a forged pointer or reach the filter's unexported state, bypassing redaction (INV-OBS-3); remove it, or allow this package with -obsredact.unsafe after review", obj.Name()),
				})
				return true
			})
		}
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				rest, ok := strings.CutPrefix(cm.Text, "//go:linkname ")
				if !ok {
					continue
				}
				fields := strings.Fields(rest)
				if len(fields) < 2 {
					continue
				}
				target := fields[1]
				if i := strings.LastIndexByte(target, '.'); i >= 0 {
					// The target is path.name or path.(*T).m: cut at the first
					// dot after the last slash.
					slash := strings.LastIndexByte(target, '/')
					if j := strings.IndexByte(target[slash+1:], '.'); j >= 0 {
						target = target[:slash+1+j]
					}
				}
				if analysisutil.MatchAny(protectedFlag, target) {
					pass.Report(analysis.Diagnostic{
						Pos: cm.Pos(), End: cm.End(),
						Message: fmt.Sprintf("//go:linkname into protected package %s can reach the redaction filter's internals and bypass it (INV-OBS-3): use the package's exported API", target),
					})
				}
			}
		}
	}
}

// cgoFile reports whether f was written by cmd/cgo: wholly (own: its
// _cgo_gotypes.go, with no //line directive back to a user's file) or as
// the rewrite of a user's file (processed).
func cgoFile(f *ast.File) (own, processed bool) {
	if !ast.IsGenerated(f) {
		return false, false
	}
	byCgo, lines := false, false
	for _, g := range f.Comments {
		for _, c := range g.List {
			if g.Pos() < f.Package && strings.Contains(c.Text, "Code generated by cmd/cgo") {
				byCgo = true
			}
			lines = lines || strings.HasPrefix(c.Text, "//line ")
		}
	}
	return byCgo && !lines, byCgo && lines
}

// checkFilter checks, in the filter's body, that every direct sink call
// is dominated by the redaction step and receives its first result.
func (c *checker) checkFilter(fd *ast.FuncDecl) {
	pass := c.pass
	g := cfg.New(fd.Body, func(*ast.CallExpr) bool { return true })
	blockOf := func(pos token.Pos) (*cfg.Block, int) {
		var best *cfg.Block
		bi, bestLen := -1, token.Pos(1<<62)
		for _, b := range g.Blocks {
			if !b.Live {
				continue
			}
			for i, n := range b.Nodes {
				if n.Pos() <= pos && pos < n.End() && n.End()-n.Pos() < bestLen {
					best, bi, bestLen = b, i, n.End()-n.Pos()
				}
			}
		}
		return best, bi
	}
	dom := dominators(g)

	// The redaction calls and the variables receiving their first result.
	type step struct {
		b   *cfg.Block
		i   int
		rec *types.Var
	}
	var steps []step
	var sinkCalls []*ast.CallExpr
	// addStep records rhs if it is a redaction call whose first result
	// goes to lhs (rec, err := step(...) or var rec, err = step(...)).
	addStep := func(lhs ast.Expr, rhs []ast.Expr) {
		if len(rhs) != 1 {
			return
		}
		call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
		if !ok {
			return
		}
		if fn := typeutil.StaticCallee(pass.TypesInfo, call); fn != nil && redactionFlag.Has(analysisutil.FuncName(fn)) {
			b, i := blockOf(call.Pos())
			var v *types.Var
			if id, ok := lhs.(*ast.Ident); ok {
				v, _ = pass.TypesInfo.ObjectOf(id).(*types.Var)
			}
			steps = append(steps, step{b, i, v})
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			addStep(n.Lhs[0], n.Rhs)
		case *ast.ValueSpec:
			addStep(n.Names[0], n.Values)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if fn, _ := pass.TypesInfo.Uses[sel.Sel].(*types.Func); c.maySink(fn) {
					sinkCalls = append(sinkCalls, n)
				}
			}
		}
		return true
	})
	for _, call := range sinkCalls {
		b, i := blockOf(call.Pos())
		var argVar *types.Var
		if len(call.Args) == 1 {
			if id, ok := ast.Unparen(call.Args[0]).(*ast.Ident); ok {
				argVar, _ = pass.TypesInfo.Uses[id].(*types.Var)
			}
		}
		// The call must follow some redaction step on every path and pass
		// the result of one such step.
		dominated, passesResult := false, false
		for _, s := range steps {
			if s.b == nil || b == nil {
				continue
			}
			if s.b == b && s.i < i || s.b != b && dom[b.Index][s.b.Index] {
				dominated = true
				passesResult = passesResult || argVar != nil && argVar == s.rec
			}
		}
		if !dominated {
			pass.Report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("sink call in the filter is not dominated by the redaction step %s (INV-OBS-3): some path reaches the sink without redaction; call %s first on every path", redactionName(), redactionName()),
			})
			continue
		}
		if !passesResult || reassigned(pass, fd.Body, argVar) {
			pass.Report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("sink call in the filter does not pass the record returned by the redaction step %s (INV-OBS-3): pass that result variable, unmodified", redactionName()),
			})
		}
	}
}

// reassigned reports whether v is assigned more than once (its defining
// assignment included) or has its address taken in body.
func reassigned(pass *analysis.Pass, body *ast.BlockStmt, v *types.Var) bool {
	n := 0
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && pass.TypesInfo.ObjectOf(id) == v
	}
	ast.Inspect(body, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.AssignStmt:
			for _, l := range node.Lhs {
				if is(l) {
					n++
				}
			}
		case *ast.UnaryExpr:
			if node.Op == token.AND && is(node.X) {
				n += 2
			}
		case *ast.RangeStmt:
			if node.Key != nil && is(node.Key) || node.Value != nil && is(node.Value) {
				n += 2
			}
		case *ast.ValueSpec:
			for _, name := range node.Names {
				if is(name) {
					n++
				}
			}
		}
		return true
	})
	return n != 1
}

// dominators returns dom[b][a]: block a dominates block b (live blocks).
func dominators(g *cfg.CFG) [][]bool {
	n := len(g.Blocks)
	preds := make([][]int, n)
	for _, b := range g.Blocks {
		if !b.Live {
			continue // an unreachable predecessor constrains nothing
		}
		for _, s := range b.Succs {
			preds[s.Index] = append(preds[s.Index], int(b.Index))
		}
	}
	dom := make([][]bool, n)
	for i := range dom {
		dom[i] = make([]bool, n)
		for j := range dom[i] {
			dom[i][j] = i != 0 || j == 0
		}
	}
	for changed := true; changed; {
		changed = false
		for i := 1; i < n; i++ {
			next := make([]bool, n)
			first := true
			for _, p := range preds[i] {
				if first {
					copy(next, dom[p])
					first = false
				} else {
					for j := range next {
						next[j] = next[j] && dom[p][j]
					}
				}
			}
			next[i] = true
			for j := range next {
				if next[j] != dom[i][j] {
					dom[i] = next
					changed = true
					break
				}
			}
		}
	}
	return dom
}
