package noprint

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/genolewm/obs/internal/analysisutil"
)

//go:embed doc.go
var doc string

// Analyzer is the no-free-text-print analyzer.
var Analyzer = &analysis.Analyzer{
	Name:      "noprint",
	Doc:       analysisutil.MustExtractDoc(doc, "noprint"),
	URL:       "https://pkg.go.dev/github.com/genolewm/obs/analyzers/noprint",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(printFunc)},
}

var (
	// The runtime's one writer of its own stderr lines (the crash and
	// signal reports) is exempt by default.
	exemptFlag = analysisutil.List{"github.com/genolewm/obs/runtime/internal/stderr"}
	mainsFlag  = true
	testsFlag  = true
)

func init() {
	Analyzer.Flags.Var(&exemptFlag, "exempt", "comma-separated import path patterns of packages that may print (a/b/... for a subtree, */cmd/... for any cmd folder)")
	Analyzer.Flags.BoolVar(&mainsFlag, "mains", mainsFlag, "exempt main packages (commands and example programs)")
	Analyzer.Flags.BoolVar(&testsFlag, "tests", testsFlag, "exempt _test.go files")
}

const fix = "log a registered event through the logger (the generated events package), or write diagnostics to an io.Writer the caller provides"

func run(pass *analysis.Pass) (any, error) {
	// Every package, exempt or not, says which of its variables, fields
	// and functions hold a print function: an instrumented package that
	// uses them prints.
	findPrintValues(pass)
	if mainsFlag && pass.Pkg.Name() == "main" || analysisutil.MatchAny(exemptFlag, analysisutil.PkgPath(pass.Pkg)) || analysisutil.IsGeneratedPackage(pass.Fset, pass.Files) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	reported := map[ast.Node]bool{}
	insp.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.Ident)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if testsFlag && strings.HasSuffix(pass.Fset.File(n.Pos()).Name(), "_test.go") {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			checkCall(pass, n, reported)
			checkFactCall(pass, n)
		case *ast.SelectorExpr:
			if reported[n] {
				return true
			}
			if v := stdStream(pass, n); v != "" {
				pass.Report(analysis.Diagnostic{
					Pos: n.Pos(), End: n.End(),
					Message: fmt.Sprintf("use of %s in an instrumented package: free-text output is forbidden (Principle 1); %s", v, fix),
				})
				return true
			}
			checkValue(pass, n, stack)
		case *ast.Ident:
			checkValue(pass, n, stack)
		}
		return true
	})
	return nil, nil
}

// stdStream returns "os.Stdout" or "os.Stderr" if e denotes one.
func stdStream(pass *analysis.Pass, e ast.Expr) string {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	v, _ := pass.TypesInfo.Uses[sel.Sel].(*types.Var)
	if v == nil || v.Pkg() == nil || v.Pkg().Path() != "os" || v.Parent() != v.Pkg().Scope() {
		return ""
	}
	if v.Name() == "Stdout" || v.Name() == "Stderr" {
		return "os." + v.Name()
	}
	return ""
}

func checkCall(pass *analysis.Pass, call *ast.CallExpr, reported map[ast.Node]bool) {
	report := func(format string, args ...any) {
		pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf(format, args...) + ": free-text output is forbidden in instrumented packages (Principle 1); " + fix,
		})
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		// Only a builtin ends here: a dot-imported fmt.Println is an
		// identifier too.
		if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok {
			if b.Name() == "print" || b.Name() == "println" {
				report("call of builtin %s", b.Name())
			}
			return
		}
	}
	fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	name := fn.Name()
	recv := fn.Type().(*types.Signature).Recv()
	switch fn.Pkg().Path() {
	case "fmt":
		switch name {
		case "Print", "Printf", "Println":
			report("call of fmt.%s (writes to os.Stdout)", name)
		case "Fprint", "Fprintf", "Fprintln":
			if len(call.Args) > 0 {
				if s := stdStream(pass, call.Args[0]); s != "" {
					reported[ast.Unparen(call.Args[0])] = true
					report("call of fmt.%s to %s", name, s)
				}
			}
		}
	case "log":
		if isLogPrint(name) {
			if recv == nil {
				report("call of log.%s", name)
			} else {
				report("call of (*log.Logger).%s", name)
			}
		}
	case "os":
		if recv != nil {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s := stdStream(pass, sel.X); s != "" {
					reported[ast.Unparen(sel.X)] = true
					report("call of %s.%s", s, name)
				}
			}
		}
	}
}

func isLogPrint(name string) bool {
	for _, p := range []string{"Print", "Fatal", "Panic"} {
		if name == p || name == p+"f" || name == p+"ln" {
			return true
		}
	}
	return name == "Output"
}
