// Package obsconfig holds what the obslint analyzers share: the registry
// (embedded by default, from files with -registry), designations of
// functions and packages written as strings so that another code base can
// name its own, and small matching helpers.
package obsconfig

import (
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/genolewm/obs/registry"
)

// Module is this repository's module path; the defaults designate its
// packages.
const Module = "github.com/genolewm/obs"

// Event is what the analyzers need to know about a registered event.
type Event struct {
	Name     string
	Severity string
	Codes    map[string]bool
}

// Metric is what the analyzers need to know about a registered metric.
type Metric struct {
	Name string
	Kind string
}

// Names is the part of a registry the analyzers check against.
type Names struct {
	Source     string // "embedded" or the files it was read from
	Events     map[string]*Event
	Metrics    map[string]*Metric
	ErrorCodes map[string]bool
}

// EventNames returns the registered event names.
func (n *Names) EventNames() []string {
	out := make([]string, 0, len(n.Events))
	for k := range n.Events {
		out = append(out, k)
	}
	return out
}

// MetricNames returns the registered metric names.
func (n *Names) MetricNames() []string {
	out := make([]string, 0, len(n.Metrics))
	for k := range n.Metrics {
		out = append(out, k)
	}
	return out
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Names{}
)

// LoadRegistry returns the registry named by spec: "" for the one embedded
// in package registry; a directory holding events.yaml and metrics.yaml;
// or "EVENTS.yaml,METRICS.yaml". Results are cached per spec.
func LoadRegistry(spec string) (*Names, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if n, ok := cache[spec]; ok {
		return n, nil
	}
	var (
		r   *registry.Registry
		err error
		src = "embedded registry"
	)
	if spec == "" {
		r, err = registry.Default()
	} else {
		var ev, me string
		if i := strings.IndexByte(spec, ','); i >= 0 {
			ev, me = spec[:i], spec[i+1:]
		} else if st, serr := os.Stat(spec); serr == nil && st.IsDir() {
			ev, me = filepath.Join(spec, "events.yaml"), filepath.Join(spec, "metrics.yaml")
		} else {
			return nil, fmt.Errorf("-registry %q: want a directory holding events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml", spec)
		}
		src = ev + " and " + me
		r, err = registry.LoadFiles(ev, me)
	}
	if err != nil {
		return nil, fmt.Errorf("loading the registry (%s): %v", src, err)
	}
	n := &Names{
		Source:     src,
		Events:     map[string]*Event{},
		Metrics:    map[string]*Metric{},
		ErrorCodes: map[string]bool{},
	}
	for _, c := range r.ErrorCodes {
		n.ErrorCodes[c.Code] = true
	}
	for _, e := range r.Events {
		ev := &Event{Name: e.Name, Severity: e.Severity, Codes: map[string]bool{}}
		for _, c := range e.ErrorCodes {
			ev.Codes[c.Value] = true
		}
		n.Events[e.Name] = ev
	}
	for _, m := range r.Metrics {
		n.Metrics[m.Name] = &Metric{Name: m.Name, Kind: m.Kind}
	}
	cache[spec] = n
	return n, nil
}

// AddRegistryFlag defines -registry on fs, the registry spec that
// LoadRegistry reads, for an analyzer that checks names against the
// registry; suite.SetFlag sets it on every such analyzer at once.
func AddRegistryFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "registry", "", "registry to check against: a directory with events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml (default: the embedded registry)")
}

// AddGeneratedFlag defines -generated on fs: the import path patterns of
// generated packages, by default this module's generated/ tree.
func AddGeneratedFlag(fs *flag.FlagSet, p *List) {
	*p = List{Module + "/generated/..."}
	fs.Var(p, "generated", "comma-separated import path patterns (a/b/... for a subtree) of generated packages")
}

// List is a comma-separated flag value.
type List []string

func (l *List) String() string { return strings.Join(*l, ",") }

// Set replaces the list.
func (l *List) Set(s string) error {
	*l = nil
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l = append(*l, f)
		}
	}
	return nil
}

// Has reports whether s is in the list.
func (l List) Has(s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// MatchPath reports whether the import path p matches pattern: "a/b"
// matches exactly, "a/b/..." matches a/b and everything below it, and a
// leading "*/" matches any leading path elements (so "*/cmd/..." matches
// every package under any cmd folder).
func MatchPath(pattern, p string) bool {
	if rest, ok := strings.CutPrefix(pattern, "*/"); ok {
		if MatchPath(rest, p) {
			return true
		}
		for i := 0; i < len(p); i++ {
			if p[i] == '/' && MatchPath(rest, p[i+1:]) {
				return true
			}
		}
		return false
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == base || strings.HasPrefix(p, base+"/")
	}
	return p == pattern
}

// MatchAny reports whether p matches any of the patterns.
func MatchAny(patterns []string, p string) bool {
	for _, pat := range patterns {
		if MatchPath(pat, p) {
			return true
		}
	}
	return false
}

// FuncName is the designation of fn: types.Func.FullName of its generic
// origin, such as "(*example.com/redact.Filter).Emit",
// "(example.com/redact.Sink).WriteRecord" or "example.com/obsmetrics.NewFamily".
func FuncName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	return fn.Origin().FullName()
}

// ShortName turns a designation such as "(*a/b/redact.Filter).Emit" into
// "redact.Filter.Emit", for messages.
func ShortName(d string) string {
	d = strings.NewReplacer("(", "", ")", "", "*", "").Replace(d)
	if i := strings.LastIndexByte(d[:max(0, strings.LastIndexByte(d, '.'))], '/'); i >= 0 {
		d = d[i+1:]
	}
	return d
}

// PkgPath is p's import path, with the _test suffix of an external test
// package removed: a package's external tests are treated as the package.
func PkgPath(p *types.Package) string {
	return strings.TrimSuffix(p.Path(), "_test")
}

// OwnPackage reports whether pass analyzes obj's package or its external
// test package.
func OwnPackage(pass *analysis.Pass, obj types.Object) bool {
	return obj.Pkg() != nil && PkgPath(pass.Pkg) == obj.Pkg().Path()
}

// ConstString returns the value of e if it is a string constant.
func ConstString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// FuncRef resolves n, the last node of stack (an inspector stack holding
// at least the CallExpr and SelectorExpr nodes), when it is a reference to
// a function or method: the function, the expression that refers to it
// (the whole selector for pkg.F or x.M), and whether that expression is
// the function of a call. It returns nil for anything else, and for the
// Sel identifier of a selector, which is resolved with the selector.
func FuncRef(info *types.Info, n ast.Node, stack []ast.Node) (fn *types.Func, e ast.Expr, called bool) {
	var id *ast.Ident
	switch n := n.(type) {
	case *ast.SelectorExpr:
		id, e = n.Sel, n
	case *ast.Ident:
		if len(stack) >= 2 {
			if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == n {
				return nil, nil, false
			}
		}
		id, e = n, n
	default:
		return nil, nil, false
	}
	if fn, _ = info.Uses[id].(*types.Func); fn == nil {
		return nil, nil, false
	}
	if len(stack) >= 2 {
		call, ok := stack[len(stack)-2].(*ast.CallExpr)
		called = ok && ast.Unparen(call.Fun) == e
	}
	return fn, e, called
}

// Unregistered is the diagnostic for a constant name, at e, that the
// registry lacks: what is "event" or "metric", msg says what is wrong,
// remedy how to fix it. When a registered name is close to it, the remedy
// is to use that name instead, with a fix if e is a string literal.
func Unregistered(e ast.Expr, what, name, msg, remedy string, registered []string) analysis.Diagnostic {
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Message: msg + ": " + remedy}
	near, ok := Nearest(name, registered)
	if !ok {
		return d
	}
	d.Message = fmt.Sprintf("%s: did you mean %q?", msg, near)
	if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Replace with registered %s %q", what, near),
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(near))}},
		}}
	}
	return d
}

// MethodRef is a parsed method designation "(pkg.T).M" or "(*pkg.T).M".
type MethodRef struct {
	Pkg, Type, Method string
}

// ParseMethod parses a method designation.
func ParseMethod(s string) (MethodRef, error) {
	bad := fmt.Errorf("%q: want a method designation such as (example.com/pkg.Type).Method", s)
	if !strings.HasPrefix(s, "(") {
		return MethodRef{}, bad
	}
	i := strings.Index(s, ").")
	if i < 0 {
		return MethodRef{}, bad
	}
	recv := strings.TrimPrefix(s[1:i], "*")
	dot := strings.LastIndexByte(recv, '.')
	if dot < 0 {
		return MethodRef{}, bad
	}
	return MethodRef{Pkg: recv[:dot], Type: recv[dot+1:], Method: s[i+2:]}, nil
}

// LookupInterfaceMethod finds the designated method of an interface type
// among pkg and its transitive imports; it returns nil when the package is
// not reachable from pkg (then nothing in pkg can call the method).
func LookupInterfaceMethod(pkg *types.Package, ref MethodRef) (*types.Interface, *types.Func) {
	p := FindPackage(pkg, ref.Pkg)
	if p == nil {
		return nil, nil
	}
	obj, _ := p.Scope().Lookup(ref.Type).(*types.TypeName)
	if obj == nil {
		return nil, nil
	}
	iface, _ := obj.Type().Underlying().(*types.Interface)
	if iface == nil {
		return nil, nil
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if m := iface.Method(i); m.Name() == ref.Method {
			return iface, m
		}
	}
	return nil, nil
}

// FindPackage returns the package with the given path among pkg and its
// transitive imports, or nil.
func FindPackage(pkg *types.Package, path string) *types.Package {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) *types.Package
	walk = func(p *types.Package) *types.Package {
		if p == nil || seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == path {
			return p
		}
		for _, q := range p.Imports() {
			if r := walk(q); r != nil {
				return r
			}
		}
		return nil
	}
	return walk(pkg)
}

// Nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a plausible typo (at most a third of s's length).
func Nearest(s string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein(s, c)
		if bestD < 0 || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len(s)/3) {
		return "", false
	}
	return best, true
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
