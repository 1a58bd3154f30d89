package obsmetric

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/genolewm/obs/internal/analysisutil"
	"github.com/genolewm/obs/internal/analysisutil/obsregistry"
)

//go:embed doc.go
var doc string

// Analyzer is the INV-OBS-2 analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "obsmetric",
	Doc:      analysisutil.MustExtractDoc(doc, "obsmetric"),
	URL:      "https://pkg.go.dev/github.com/genolewm/obs/analyzers/obsmetric",
	Requires: []*analysis.Analyzer{inspect.Analyzer, obsregistry.Analyzer},
	Run:      run,
}

const (
	metricPkg = analysisutil.Module + "/runtime/internal/metric"
	promOwner = analysisutil.Module + "/runtime/internal/promexport"
	otelOwner = analysisutil.Module + "/runtime/internal/tracing"
	schemaPkg = analysisutil.Module + "/runtime/internal/schema"
)

var (
	ctorFlag     = analysisutil.List{metricPkg + ".NewFamily"}
	descFlag     = metricPkg + ".Desc"
	ownersFlag   = analysisutil.List{schemaPkg}
	bynameFlag   = otelByName()
	backendsFlag = backends{
		{"github.com/prometheus/client_golang/...", []string{promOwner}},
		{"go.opentelemetry.io/otel/metric/...", []string{otelOwner}},
		{"go.opentelemetry.io/otel/sdk/metric/...", []string{otelOwner}},
		{"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/...", []string{otelOwner}},
	}
)

func otelByName() analysisutil.List {
	var l analysisutil.List
	for _, n := range []string{"Int64", "Float64"} {
		for _, k := range []string{"Counter", "UpDownCounter", "Histogram", "Gauge", "ObservableCounter", "ObservableUpDownCounter", "ObservableGauge"} {
			l = append(l, "(go.opentelemetry.io/otel/metric.Meter)."+n+k+":0")
		}
	}
	return l
}

type backend struct {
	prefix string
	owners []string
}

// backends is the -backends flag: PREFIX=OWNER|OWNER;PREFIX=OWNER.
type backends []backend

func (b *backends) String() string {
	var parts []string
	for _, x := range *b {
		parts = append(parts, x.prefix+"="+strings.Join(x.owners, "|"))
	}
	return strings.Join(parts, ";")
}

func (b *backends) Set(s string) error {
	*b = nil
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("bad backend %q: want IMPORTPATTERN=OWNER|OWNER", part)
		}
		*b = append(*b, backend{prefix: k, owners: strings.Split(v, "|")})
	}
	return nil
}

func init() {
	Analyzer.Flags.Var(&ctorFlag, "constructors", "comma-separated functions that create a metric from a descriptor; only their own package and -owners may call them")
	Analyzer.Flags.StringVar(&descFlag, "desc", descFlag, "the metric descriptor type, PKG.TYPE, whose Name field is a metric name; only its own package and -owners may build one")
	Analyzer.Flags.Var(&ownersFlag, "owners", "comma-separated import path patterns of the packages, besides the constructors' own, that may create metrics (the registry compiler)")
	Analyzer.Flags.Var(&bynameFlag, "byname", "comma-separated FUNC:ARG of functions that make or look up a metric by the name in argument ARG (receiver excluded)")
	Analyzer.Flags.Var(&backendsFlag, "backends", "semicolon-separated IMPORTPATTERN=OWNER|OWNER: a metrics backend and the only packages that may import it")
}

func run(pass *analysis.Pass) (any, error) {
	found := pass.ResultOf[obsregistry.Analyzer].(*obsregistry.Result)
	if found.Generated {
		return nil, nil // generated code is the registry
	}
	reg := found.Names // nil: no registry to check names against
	bn := byName{byDesignation: map[string]*bynameFunc{}}
	for _, s := range bynameFlag {
		i := strings.LastIndexByte(s, ':')
		n, err := strconv.Atoi(s[i+1:])
		if i < 0 || err != nil {
			return nil, fmt.Errorf("obsmetric: bad -byname %q: want FUNC:ARG", s)
		}
		b := &bynameFunc{arg: n, fn: analysisutil.LookupFunc(pass.Pkg, s[:i])}
		bn.byDesignation[s[:i]] = b
		if b.fn != nil && b.fn.Type().(*types.Signature).Recv() != nil {
			bn.methods = append(bn.methods, b)
		}
	}
	path := analysisutil.PkgPath(pass.Pkg)
	owner := analysisutil.MatchAny(ownersFlag, path)

	// Backend imports.
	for _, f := range pass.Files {
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			for _, b := range backendsFlag {
				if analysisutil.MatchPath(b.prefix, ip) && !analysisutil.MatchAny(b.owners, path) {
					pass.Report(analysis.Diagnostic{
						Pos: imp.Pos(), End: imp.End(),
						Message: fmt.Sprintf("import of metrics backend %s outside its owning package (%s) (INV-OBS-2): record metrics through the registered handles of the generated meters package", ip, strings.Join(b.owners, ", ")),
					})
				}
			}
		}
	}

	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var stack []ast.Node
	insp.Nodes([]ast.Node{(*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.SelectorExpr)(nil), (*ast.Ident)(nil)}, func(n ast.Node, push bool) bool {
		if !push {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.CallExpr:
			c, ok := analysisutil.ResolveCall(pass.TypesInfo, n)
			if !ok {
				return true
			}
			if b := bn.of(c.Fn); b != nil {
				where := fmt.Sprintf("passed to %s", c.Fn.Name())
				if arg, st := analysisutil.Arg(pass.TypesInfo, n, c, b.arg); st == analysisutil.ArgOK {
					checkName(pass, reg, arg, "", where)
				} else {
					pass.Report(analysis.Diagnostic{
						Pos: n.Pos(), End: n.End(),
						Message: fmt.Sprintf("metric name %s cannot be read off the call (a spread or multi-value argument), so it cannot be checked against the registry (INV-OBS-2): pass a registered constant name", where),
					})
				}
			}
		case *ast.CompositeLit:
			checkDesc(pass, reg, n, owner)
		case *ast.SelectorExpr, *ast.Ident:
			fn, e, called := analysisutil.FuncRef(pass.TypesInfo, n, stack)
			if fn == nil {
				return true
			}
			if b := bn.of(fn); b != nil && !called {
				pass.Report(analysis.Diagnostic{
					Pos: e.Pos(), End: e.End(),
					Message: fmt.Sprintf("%s used as a function value: the metric name of a call through it cannot be checked against the registry (INV-OBS-2); call it directly with a registered constant name", analysisutil.ShortName(analysisutil.FuncName(b.fn))),
				})
				return true
			}
			if !ctorFlag.Has(analysisutil.FuncName(fn)) || owner || analysisutil.OwnPackage(pass, fn) {
				return true
			}
			what := "used as a function value"
			if called {
				what = "called"
			}
			pass.Report(analysis.Diagnostic{
				Pos: e.Pos(), End: e.End(),
				Message: fmt.Sprintf("metric constructor %s.%s %s outside the registry compiler (INV-OBS-2): every metric comes from the registry; add it to metrics.yaml, regenerate, and use its handle in the generated meters package", fn.Pkg().Name(), fn.Name(), what),
			})
		}
		return true
	})
	return nil, nil
}

// bynameFunc is a -byname function: its argument arg is a metric name.
type bynameFunc struct {
	fn  *types.Func // nil when the package cannot reach it
	arg int
}

type byName struct {
	byDesignation map[string]*bynameFunc
	methods       []*bynameFunc
}

// of returns the -byname function that a call of fn reaches: fn itself,
// or for an interface method (a call through a user's interface or a
// type parameter) one with its name and a signature it can have.
func (b byName) of(fn *types.Func) *bynameFunc {
	if f := b.byDesignation[analysisutil.FuncName(fn)]; f != nil {
		if f.fn == nil {
			return &bynameFunc{fn: fn, arg: f.arg}
		}
		return f
	}
	if recv := fn.Type().(*types.Signature).Recv(); recv == nil || !types.IsInterface(recv.Type()) {
		return nil
	}
	for _, m := range b.methods {
		if analysisutil.MayMatch(fn, m.fn.Name(), m.fn.Type().(*types.Signature)) {
			return m
		}
	}
	return nil
}

// checkDesc checks a composite literal of the descriptor type: outside its
// owners it is reported, and its name is checked as well, so that the
// report says whether the metric exists at all.
func checkDesc(pass *analysis.Pass, reg *analysisutil.Names, lit *ast.CompositeLit, owner bool) {
	t := pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path()+"."+named.Obj().Name() != descFlag {
		return
	}
	own := owner || analysisutil.OwnPackage(pass, named.Obj())
	if !own {
		what := named.Obj().Pkg().Name() + "." + named.Obj().Name()
		if lit.Type != nil {
			if written := types.ExprString(lit.Type); written != what {
				what += " (" + written + ")" // an alias such as genimpl.MetricDesc
			}
		}
		pass.Report(analysis.Diagnostic{
			Pos: lit.Pos(), End: lit.End(),
			Message: fmt.Sprintf("metric descriptor %s built outside generated code (INV-OBS-2): metrics are declared in metrics.yaml and generated into the meters package", what),
		})
	}
	var name, kind ast.Expr
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch k, _ := kv.Key.(*ast.Ident); {
		case k == nil:
		case k.Name == "Name":
			name = kv.Value
		case k.Name == "Kind":
			kind = kv.Value
		}
	}
	if name == nil {
		if !own {
			pass.Report(analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Message: "metric descriptor without a Name (INV-OBS-2): every metric must carry its registered name"})
		}
		return
	}
	want := ""
	if kind != nil {
		// The generated Kind constants are named <kind>Kind, e.g. CounterKind.
		if sel, ok := ast.Unparen(kind).(*ast.SelectorExpr); ok {
			want = strings.ToLower(strings.TrimSuffix(sel.Sel.Name, "Kind"))
		} else if id, ok := ast.Unparen(kind).(*ast.Ident); ok {
			want = strings.ToLower(strings.TrimSuffix(id.Name, "Kind"))
		}
	}
	if reg != nil || !own {
		checkName(pass, reg, name, want, "in a metric descriptor")
	}
}

// checkName checks that e is a constant registered metric name (of kind
// wantKind when not empty). With no registry only constness is checked.
func checkName(pass *analysis.Pass, reg *analysisutil.Names, e ast.Expr, wantKind, where string) {
	name, ok := analysisutil.ConstString(pass.TypesInfo, e)
	if !ok {
		pass.Report(analysis.Diagnostic{
			Pos: e.Pos(), End: e.End(),
			Message: fmt.Sprintf("metric name %s is not a compile-time constant, so it cannot be checked against the registry (INV-OBS-2): use a registered metric's handle from the generated meters package", where),
		})
		return
	}
	if reg == nil {
		return
	}
	m := reg.Metrics[name]
	if m == nil {
		pass.Report(analysisutil.Unregistered(e, "metric", name,
			fmt.Sprintf("metric %q %s is not registered in the %s (INV-OBS-2)", name, where, reg.Source),
			"add it to metrics.yaml and regenerate", reg.MetricNames()))
		return
	}
	if wantKind != "" && m.Kind != wantKind {
		pass.Report(analysis.Diagnostic{
			Pos: e.Pos(), End: e.End(),
			Message: fmt.Sprintf("metric %q is registered as a %s, but this descriptor makes a %s (INV-OBS-2): use its generated handle, which has the registered kind", name, m.Kind, wantKind),
		})
	}
}
