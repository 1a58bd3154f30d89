package obsmetric

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/genolewm/obs/analyzers/obsconfig"
)

// Analyzer is the INV-OBS-2 analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "obsmetric",
	Doc:      "check that every metric is registered in METRICS (INV-OBS-2) and made only by generated code or the backend's owning runtime package",
	URL:      "https://pkg.go.dev/github.com/genolewm/obs/analyzers/obsmetric",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const metricsPkg = obsconfig.Module + "/runtime/obsmetrics"

var (
	registryFlag string
	ctorFlag     = obsconfig.List{metricsPkg + ".NewFamily"}
	descFlag     = metricsPkg + ".Desc"
	genFlag      obsconfig.List
	bynameFlag   = otelByName()
	backendsFlag = backends{
		{"github.com/prometheus/client_golang/...", []string{obsconfig.Module + "/runtime/obsprom", obsconfig.Module + "/runtime/promfile"}},
		{"go.opentelemetry.io/otel/metric/...", []string{obsconfig.Module + "/runtime/tracing"}},
		{"go.opentelemetry.io/otel/sdk/metric/...", []string{obsconfig.Module + "/runtime/tracing"}},
		{"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/...", []string{obsconfig.Module + "/runtime/tracing"}},
	}
)

func otelByName() obsconfig.List {
	var l obsconfig.List
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
	obsconfig.AddRegistryFlag(&Analyzer.Flags, &registryFlag)
	obsconfig.AddGeneratedFlag(&Analyzer.Flags, &genFlag)
	Analyzer.Flags.Var(&ctorFlag, "constructors", "comma-separated functions that create a metric from a descriptor; only generated code may call them")
	Analyzer.Flags.StringVar(&descFlag, "desc", descFlag, "the metric descriptor type, PKG.TYPE, whose Name field is a metric name")
	Analyzer.Flags.Var(&bynameFlag, "byname", "comma-separated FUNC:ARG of functions that make or look up a metric by the name in argument ARG (receiver excluded)")
	Analyzer.Flags.Var(&backendsFlag, "backends", "semicolon-separated IMPORTPATTERN=OWNER|OWNER: a metrics backend and the only packages that may import it")
}

func run(pass *analysis.Pass) (any, error) {
	reg, err := obsconfig.LoadRegistry(registryFlag)
	if err != nil {
		return nil, fmt.Errorf("obsmetric: %v", err)
	}
	byname := map[string]int{}
	for _, s := range bynameFlag {
		i := strings.LastIndexByte(s, ':')
		n, err := strconv.Atoi(s[i+1:])
		if i < 0 || err != nil {
			return nil, fmt.Errorf("obsmetric: bad -byname %q: want FUNC:ARG", s)
		}
		byname[s[:i]] = n
	}
	path := obsconfig.PkgPath(pass.Pkg)
	generated := obsconfig.MatchAny(genFlag, path)

	// Backend imports.
	for _, f := range pass.Files {
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			for _, b := range backendsFlag {
				if obsconfig.MatchPath(b.prefix, ip) && !obsconfig.MatchAny(b.owners, path) {
					pass.Report(analysis.Diagnostic{
						Pos: imp.Pos(), End: imp.End(),
						Message: fmt.Sprintf("import of metrics backend %s outside its owning package (%s) (INV-OBS-2): record metrics through the registered handles of generated/meters", ip, strings.Join(b.owners, ", ")),
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
			fn, _ := typeutil.Callee(pass.TypesInfo, n).(*types.Func)
			if fn == nil {
				return true
			}
			if i, ok := byname[obsconfig.FuncName(fn)]; ok && i < len(n.Args) {
				checkName(pass, reg, n.Args[i], "", fmt.Sprintf("passed to %s", fn.Name()))
			}
		case *ast.CompositeLit:
			checkDesc(pass, reg, n, generated)
		case *ast.SelectorExpr, *ast.Ident:
			fn, e, called := obsconfig.FuncRef(pass.TypesInfo, n, stack)
			if fn == nil || !ctorFlag.Has(obsconfig.FuncName(fn)) || generated || obsconfig.OwnPackage(pass, fn) {
				return true
			}
			what := "used as a function value"
			if called {
				what = "called"
			}
			pass.Report(analysis.Diagnostic{
				Pos: e.Pos(), End: e.End(),
				Message: fmt.Sprintf("metric constructor %s.%s %s outside generated code (INV-OBS-2): every metric comes from the registry; add it to metrics.yaml, regenerate, and use its handle in generated/meters", fn.Pkg().Name(), fn.Name(), what),
			})
		}
		return true
	})
	return nil, nil
}

// checkDesc checks a composite literal of the descriptor type.
func checkDesc(pass *analysis.Pass, reg *obsconfig.Names, lit *ast.CompositeLit, generated bool) {
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
	own := obsconfig.OwnPackage(pass, named.Obj())
	if !generated && !own {
		pass.Report(analysis.Diagnostic{
			Pos: lit.Pos(), End: lit.End(),
			Message: fmt.Sprintf("metric descriptor %s.%s built outside generated code (INV-OBS-2): metrics are declared in metrics.yaml and generated into generated/meters", named.Obj().Pkg().Name(), named.Obj().Name()),
		})
		return
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
	checkName(pass, reg, name, want, "in a metric descriptor")
}

// checkName checks that e is a constant registered metric name (of kind
// wantKind when not empty).
func checkName(pass *analysis.Pass, reg *obsconfig.Names, e ast.Expr, wantKind, where string) {
	name, ok := obsconfig.ConstString(pass.TypesInfo, e)
	if !ok {
		pass.Report(analysis.Diagnostic{
			Pos: e.Pos(), End: e.End(),
			Message: fmt.Sprintf("metric name %s is not a compile-time constant, so it cannot be checked against the registry (INV-OBS-2): use a registered metric's handle from generated/meters", where),
		})
		return
	}
	m := reg.Metrics[name]
	if m == nil {
		pass.Report(obsconfig.Unregistered(e, "metric", name,
			fmt.Sprintf("metric %q %s is not registered in %s (INV-OBS-2)", name, where, reg.Source),
			"add it to metrics.yaml and regenerate", reg.MetricNames()))
		return
	}
	if wantKind != "" && m.Kind != wantKind {
		pass.Report(analysis.Diagnostic{
			Pos: e.Pos(), End: e.End(),
			Message: fmt.Sprintf("metric %q is registered as a %s, but this descriptor makes a %s (INV-OBS-2): regenerate generated/meters from the registry", name, m.Kind, wantKind),
		})
	}
}
