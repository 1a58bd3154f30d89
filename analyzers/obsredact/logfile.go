package obsredact

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/genolewm/obs/internal/analysisutil"
)

// The run's log file is written only by the file sink, behind the filter.
// Code that opens it for writing itself bypasses the filter as surely as
// a call of WriteRecord, so a write-capable open (os.OpenFile with a flag
// that is not read-only, os.Create, os.WriteFile, os.Truncate, and the
// destination of os.Rename, os.Link and os.Symlink) is reported when its
// path is the log file's: derived from the session's log path (-logpath),
// or from the log directory (-logdir) and the run id (-runid) with no
// other text than separators and the ".jsonl" suffix (so another file in
// the log directory, such as "<run id>.pprof", is not reported).
//
// A path is followed through the function's variables (all their
// assignments), string concatenation, filepath.Join, path.Join,
// fmt.Sprintf and conversions, and into the package's own functions that
// compute it; not through other packages' functions, fields or globals.

var (
	logPathFlag = analysisutil.List{"(" + observePkg + ".Session).LogPath"}
	logDirFlag  = analysisutil.List{"(" + observePkg + ".Config).LogDir"}
	runIDFlag   = analysisutil.List{"(" + observePkg + ".Config).RunID", "(" + observePkg + ".Logger).RunID"}
)

const observePkg = analysisutil.Module + "/runtime/observe"

func init() {
	Analyzer.Flags.Var(&logPathFlag, "logpath", "comma-separated fields or methods, (PKG.Type).Name, whose value is the run's log file path")
	Analyzer.Flags.Var(&logDirFlag, "logdir", "comma-separated fields or methods whose value is the log directory")
	Analyzer.Flags.Var(&runIDFlag, "runid", "comma-separated fields or methods whose value is the run id (the log file is DIR/RUNID.jsonl)")
}

// pathLabels says what a path expression is made of.
type pathLabels struct {
	logPath, dir, runID bool
	other               bool // text other than separators and ".jsonl"
}

func (a *pathLabels) add(b pathLabels) {
	a.logPath = a.logPath || b.logPath
	a.dir = a.dir || b.dir
	a.runID = a.runID || b.runID
	a.other = a.other || b.other
}

func (a pathLabels) isLogFile() bool { return a.logPath || a.dir && a.runID && !a.other }

type logFileChecker struct {
	pass              *analysis.Pass
	logPath, dir, run map[types.Object]bool
	decls             map[*types.Func]*ast.FuncDecl
}

func (c *checker) checkLogFileWrites() {
	pass := c.pass
	if analysisutil.MatchAny(protectedFlag, analysisutil.PkgPath(pass.Pkg)) {
		return // the runtime owns its files
	}
	lc := &logFileChecker{pass: pass, logPath: resolveMembers(pass.Pkg, logPathFlag), dir: resolveMembers(pass.Pkg, logDirFlag),
		run: resolveMembers(pass.Pkg, runIDFlag), decls: map[*types.Func]*ast.FuncDecl{}}
	if len(lc.logPath) == 0 && (len(lc.dir) == 0 || len(lc.run) == 0) {
		return // the package cannot reach the log file's path
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func); fn != nil {
					lc.decls[fn] = fd
				}
			}
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				arg, what := writeTarget(pass, call)
				if arg == nil {
					return true
				}
				if l := lc.labels(arg, fd, nil, 0); l.isLogFile() {
					pass.Report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(),
						Message: fmt.Sprintf("%s on the run's log file bypasses the redaction filter (INV-OBS-3): only the file sink writes it, with what the filter let through; log through the logger, or write your own file elsewhere", what),
					})
				}
				return true
			})
		}
	}
}

// resolveMembers resolves designations of fields and methods.
func resolveMembers(pkg *types.Package, ds []string) map[types.Object]bool {
	out := map[types.Object]bool{}
	for _, d := range ds {
		ref, err := analysisutil.ParseMethod(d)
		if err != nil {
			continue
		}
		p := analysisutil.FindPackage(pkg, ref.Pkg)
		if p == nil {
			continue
		}
		tn, _ := p.Scope().Lookup(ref.Type).(*types.TypeName)
		if tn == nil {
			continue
		}
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), false, p, ref.Method); obj != nil {
			out[obj] = true
		}
	}
	return out
}

// writeTarget returns the path argument of a call that can write a file,
// and what the call is; nil when it cannot write.
func writeTarget(pass *analysis.Pass, call *ast.CallExpr) (ast.Expr, string) {
	fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "os" || fn.Type().(*types.Signature).Recv() != nil {
		return nil, ""
	}
	what := "os." + fn.Name()
	switch fn.Name() {
	case "Create", "WriteFile", "Truncate":
		if len(call.Args) > 0 {
			return call.Args[0], what
		}
	case "OpenFile":
		if len(call.Args) < 2 {
			return nil, ""
		}
		if tv, ok := pass.TypesInfo.Types[call.Args[1]]; ok && tv.Value != nil {
			if v, ok := constant.Int64Val(tv.Value); ok && v&int64(os.O_WRONLY|os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_TRUNC) == 0 {
				return nil, "" // read-only
			}
		}
		return call.Args[0], what
	case "Rename", "Link", "Symlink":
		if len(call.Args) > 1 {
			return call.Args[1], what
		}
	}
	return nil, ""
}

// labels returns what e, in fd (env maps the parameters of an inlined fd
// to its call's arguments, in the caller), is made of.
func (lc *logFileChecker) labels(e ast.Expr, fd *ast.FuncDecl, env map[*types.Var]argIn, depth int) pathLabels {
	var out pathLabels
	if depth > 8 {
		return out
	}
	info := lc.pass.TypesInfo
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String && !separatorsAndSuffix(constant.StringVal(tv.Value)) {
			out.other = true
		}
		return out
	}
	switch x := e.(type) {
	case *ast.SelectorExpr:
		lc.member(info.Uses[x.Sel], &out)
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		if v == nil {
			return out
		}
		if a, ok := env[v]; ok {
			return lc.labels(a.e, a.fd, a.env, depth+1)
		}
		for _, rhs := range assignmentsTo(info, fd.Body, v) {
			out.add(lc.labels(rhs, fd, env, depth+1))
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			out.add(lc.labels(x.X, fd, env, depth+1))
			out.add(lc.labels(x.Y, fd, env, depth+1))
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return lc.labels(x.Args[0], fd, env, depth+1) // a conversion
		}
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil {
			return out
		}
		if lc.member(fn, &out) {
			return out
		}
		switch analysisutil.FuncName(fn) {
		case "path/filepath.Join", "path.Join", "fmt.Sprintf", "path/filepath.Clean", "path.Clean", "path/filepath.Abs", "strings.Join":
			for _, a := range x.Args {
				out.add(lc.labels(a, fd, env, depth+1))
			}
			return out
		}
		callee := lc.decls[fn.Origin()]
		if callee == nil {
			return out
		}
		// A function of this package: its results, with its parameters
		// standing for the call's arguments.
		inner := map[*types.Var]argIn{}
		sig := fn.Type().(*types.Signature)
		for i := 0; i < sig.Params().Len() && i < len(x.Args); i++ {
			inner[sig.Params().At(i)] = argIn{x.Args[i], fd, env}
		}
		ast.Inspect(callee.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
				out.add(lc.labels(r.Results[0], callee, inner, depth+1))
			}
			return true
		})
	}
	return out
}

// argIn is an argument expression in the function that holds it.
type argIn struct {
	e   ast.Expr
	fd  *ast.FuncDecl
	env map[*types.Var]argIn
}

// member adds the label of a designated field or method.
func (lc *logFileChecker) member(obj types.Object, out *pathLabels) bool {
	if obj == nil {
		return false
	}
	if f, ok := obj.(*types.Func); ok {
		obj = f.Origin()
	}
	switch {
	case lc.logPath[obj]:
		out.logPath = true
	case lc.dir[obj]:
		out.dir = true
	case lc.run[obj]:
		out.runID = true
	default:
		return false
	}
	return true
}

// separatorsAndSuffix reports whether s, a piece of a path (a format's
// verbs removed), is only separators and the log file's ".jsonl" suffix.
func separatorsAndSuffix(s string) bool {
	s = strings.NewReplacer("%s", "", "%v", "").Replace(s)
	s = strings.Replace(s, ".jsonl", "", 1)
	return strings.Trim(s, `/\`) == ""
}

// assignmentsTo returns every expression assigned to v in body.
func assignmentsTo(info *types.Info, body *ast.BlockStmt, v *types.Var) []ast.Expr {
	var out []ast.Expr
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if is(l) {
						out = append(out, n.Rhs[i])
						if n.Tok == token.ADD_ASSIGN {
							out = append(out, l)
						}
					}
				}
			} else if len(n.Rhs) == 1 {
				for i, l := range n.Lhs {
					if is(l) && i == 0 {
						out = append(out, n.Rhs[0]) // p, err := f(): the first result
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == v && i < len(n.Values) {
					out = append(out, n.Values[i])
				}
			}
		}
		return true
	})
	return out
}
