package obsevent

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
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

// Analyzer is the INV-OBS-1 analyzer.
var Analyzer = &analysis.Analyzer{
	Name:      "obsevent",
	Doc:       analysisutil.MustExtractDoc(doc, "obsevent"),
	URL:       "https://pkg.go.dev/github.com/genolewm/obs/analyzers/obsevent",
	Requires:  []*analysis.Analyzer{inspect.Analyzer, obsregistry.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(isWrapper)},
}

const logPkg = analysisutil.Module + "/runtime/observe"

var (
	emitFlag    = analysisutil.List{"(" + logPkg + ".Logger).Emit:1"}
	emitErrFlag = analysisutil.List{"(" + logPkg + ".Logger).EmitError:1:2"}
	beginFlag   = analysisutil.List{"(" + logPkg + ".Logger).Begin", "(" + logPkg + ".Logger).Commit"}
)

func init() {
	Analyzer.Flags.Var(&emitFlag, "emit", "comma-separated dynamic-path functions FUNC:NAMEARG (argument index of the event name, receiver excluded)")
	Analyzer.Flags.Var(&emitErrFlag, "emiterror", "comma-separated error-severity dynamic-path functions FUNC:NAMEARG:CODEARG")
	Analyzer.Flags.Var(&beginFlag, "begin", "comma-separated functions of the generated API (records written field by field); only obsgen-generated code and their own package may call them")
}

// isWrapper marks a function that passes its parameter NameParam as the
// event name to the logger. An error wrapper passes its parameter
// CodeParam as the error code, or, with CodeParam -1, the constant Code
// ("" when the code is not a constant: reported inside the wrapper).
type isWrapper struct {
	Error     bool
	NameParam int
	CodeParam int
	Code      string
}

func (*isWrapper) AFact() {}

func (w *isWrapper) String() string {
	switch {
	case !w.Error:
		return fmt.Sprintf("eventWrapper(name=%d)", w.NameParam)
	case w.CodeParam < 0 && w.Code != "":
		return fmt.Sprintf("eventWrapper(name=%d, code=%q, error)", w.NameParam, w.Code)
	}
	return fmt.Sprintf("eventWrapper(name=%d, code=%d, error)", w.NameParam, w.CodeParam)
}

// target is how a call reaches the logger.
type target struct {
	fn      *types.Func // nil until resolved in a package
	name    string      // for messages
	isErr   bool
	nameArg int
	codeArg int    // -1: none
	code    string // with codeArg -1: the code a wrapper always logs, if constant
	direct  bool
}

type config struct {
	targets  map[string]*target // by designation
	begin    map[string]bool
	resolved map[*types.Func]*target
}

func parseConfig() (*config, error) {
	c := &config{targets: map[string]*target{}, begin: map[string]bool{}, resolved: map[*types.Func]*target{}}
	parse := func(s string, isErr bool) error {
		parts := strings.Split(s, ":")
		want := 2
		if isErr {
			want = 3
		}
		if len(parts) != want {
			return fmt.Errorf("obsevent: bad designation %q: want FUNC:NAMEARG%s", s, map[bool]string{true: ":CODEARG"}[isErr])
		}
		t := &target{name: analysisutil.ShortName(parts[0]), isErr: isErr, codeArg: -1, direct: true}
		var err error
		if t.nameArg, err = strconv.Atoi(parts[1]); err != nil {
			return fmt.Errorf("obsevent: bad argument index in %q", s)
		}
		if isErr {
			if t.codeArg, err = strconv.Atoi(parts[2]); err != nil {
				return fmt.Errorf("obsevent: bad argument index in %q", s)
			}
		}
		c.targets[parts[0]] = t
		return nil
	}
	for _, s := range emitFlag {
		if err := parse(s, false); err != nil {
			return nil, err
		}
	}
	for _, s := range emitErrFlag {
		if err := parse(s, true); err != nil {
			return nil, err
		}
	}
	for _, s := range beginFlag {
		c.begin[s] = true
	}
	return c, nil
}

func run(pass *analysis.Pass) (any, error) {
	cfg, err := parseConfig()
	if err != nil {
		return nil, err
	}
	found := pass.ResultOf[obsregistry.Analyzer].(*obsregistry.Result)
	reg := found.Names // nil: no registry to check names against
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	r := newResolver(pass, cfg)

	// Pass 1: find wrappers, to a fixed point (wrappers may call each
	// other in any order).
	var decls []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				decls = append(decls, fd)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fd := range decls {
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || r.local[fn] != nil {
				continue
			}
			if w := findWrapper(pass, fd, fn, r); w != nil {
				r.addLocal(fn, w)
				pass.ExportObjectFact(fn, w)
				changed = true
			}
		}
	}

	// Generated code is the registry: nothing in it is checked. Its
	// wrappers (pass 1) still are, at their callers.
	if found.Generated {
		return nil, nil
	}

	// Pass 2: check every call and every other reference.
	var stack []ast.Node
	insp.Nodes([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.Ident)(nil)}, func(n ast.Node, push bool) bool {
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
			if begin := r.begin(c.Fn); begin != nil {
				if !analysisutil.OwnPackage(pass, begin) {
					pass.Report(analysis.Diagnostic{
						Pos: n.Pos(), End: n.End(),
						Message: fmt.Sprintf("%s%s writes a record field by field and is for code generated by obsgen only: log a typed event (events.X{...}.Log(ctx, logger)) or use Emit with a registered name", analysisutil.ShortName(analysisutil.FuncName(begin)), through(c, begin)),
					})
				}
				return true
			}
			if t := r.targetOf(c.Fn); t != nil {
				if t.direct && analysisutil.OwnPackage(pass, t.fn) {
					// The logger's own package (and its tests) exercises
					// the run-time checks that back this analyzer.
					return true
				}
				checkCall(pass, reg, n, c, t, enclosingFunc(pass, stack), r.local)
			}
		case *ast.SelectorExpr, *ast.Ident:
			checkValueUse(pass, r, n, stack)
		}
		return true
	})
	return nil, nil
}

// through names the interface or type parameter an abstract call goes
// through, for messages: "" for a call of the method itself.
func through(c analysisutil.Callee, reached *types.Func) string {
	if !c.Abstract || c.Fn == reached {
		return ""
	}
	return fmt.Sprintf(" (called through %s)", types.TypeString(c.Via, func(p *types.Package) string { return p.Name() }))
}

// resolver finds the logger entry point or wrapper that a function,
// concrete or abstract, can reach.
type resolver struct {
	pass  *analysis.Pass
	cfg   *config
	local map[*types.Func]*isWrapper
	// methods are the entry points and wrappers that are methods: an
	// interface or type-parameter call with the same name and a
	// signature that can be theirs may reach them.
	methods     []methodTarget
	beginMethod []*types.Func
}

type methodTarget struct {
	fn *types.Func
	t  *target
}

func newResolver(pass *analysis.Pass, cfg *config) *resolver {
	r := &resolver{pass: pass, cfg: cfg, local: map[*types.Func]*isWrapper{}}
	for d, t := range cfg.targets {
		if fn := analysisutil.LookupFunc(pass.Pkg, d); fn != nil {
			t := *t
			t.fn = fn
			cfg.resolved[fn] = &t
			if isMethod(fn) {
				r.methods = append(r.methods, methodTarget{fn, &t})
			}
		}
	}
	for d := range cfg.begin {
		if fn := analysisutil.LookupFunc(pass.Pkg, d); fn != nil && isMethod(fn) {
			r.beginMethod = append(r.beginMethod, fn)
		}
	}
	for _, f := range pass.AllObjectFacts() {
		if w, ok := f.Fact.(*isWrapper); ok {
			if fn, ok := f.Object.(*types.Func); ok && isMethod(fn) {
				r.methods = append(r.methods, methodTarget{fn, wrapperTarget(fn, w)})
			}
		}
	}
	// A stable order: the first match names the finding.
	sort.Slice(r.methods, func(i, j int) bool {
		return analysisutil.FuncName(r.methods[i].fn) < analysisutil.FuncName(r.methods[j].fn)
	})
	return r
}

func isMethod(fn *types.Func) bool { return fn.Type().(*types.Signature).Recv() != nil }

func (r *resolver) addLocal(fn *types.Func, w *isWrapper) {
	r.local[fn] = w
	if isMethod(fn) {
		r.methods = append(r.methods, methodTarget{fn, wrapperTarget(fn, w)})
	}
}

func wrapperTarget(fn *types.Func, w *isWrapper) *target {
	return &target{fn: fn, name: fn.Name(), isErr: w.Error, nameArg: w.NameParam, codeArg: w.CodeParam, code: w.Code}
}

// targetOf returns how a call of fn reaches the logger, or nil. For an
// interface method (a call through an interface or a type parameter) it
// is the first entry point or wrapper method the call may reach.
func (r *resolver) targetOf(fn *types.Func) *target {
	if fn == nil {
		return nil
	}
	if t := r.direct(fn); t != nil {
		return t
	}
	if isAbstract(fn) {
		for _, m := range r.methods {
			if analysisutil.MayMatch(fn, m.fn.Name(), m.fn.Type().(*types.Signature)) {
				return m.t
			}
		}
	}
	return nil
}

// direct is targetOf without abstract matching.
func (r *resolver) direct(fn *types.Func) *target {
	if t := r.cfg.resolved[fn.Origin()]; t != nil {
		return t
	}
	if t := r.cfg.targets[analysisutil.FuncName(fn)]; t != nil {
		t := *t
		t.fn = fn.Origin()
		return &t
	}
	w := r.local[fn.Origin()]
	if w == nil {
		var f isWrapper
		if fn.Pkg() != nil && fn.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(fn.Origin(), &f) {
			w = &f
		}
	}
	if w == nil {
		return nil
	}
	return wrapperTarget(fn, w)
}

// begin returns the generated-code-only function a call of fn may reach.
func (r *resolver) begin(fn *types.Func) *types.Func {
	if r.cfg.begin[analysisutil.FuncName(fn)] {
		return fn
	}
	if isAbstract(fn) {
		for _, b := range r.beginMethod {
			if analysisutil.MayMatch(fn, b.Name(), b.Type().(*types.Signature)) {
				return b
			}
		}
	}
	return nil
}

func isAbstract(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// checkValueUse reports a method value, method expression or function
// value of a logger entry point or a wrapper, concrete or reached through
// an interface: a call through it escapes this check.
func checkValueUse(pass *analysis.Pass, r *resolver, n ast.Node, stack []ast.Node) {
	fn, e, called := analysisutil.FuncRef(pass.TypesInfo, n, stack)
	if fn == nil || called {
		return
	}
	var reached *types.Func
	if b := r.begin(fn); b != nil {
		reached = b
	} else if t := r.targetOf(fn); t != nil {
		reached = t.fn
	} else {
		return
	}
	if analysisutil.OwnPackage(pass, reached) {
		return
	}
	name := analysisutil.ShortName(analysisutil.FuncName(reached))
	if reached != fn.Origin() {
		name = fmt.Sprintf("%s, which can reach %s,", analysisutil.ShortName(analysisutil.FuncName(fn)), name)
	}
	pass.Report(analysis.Diagnostic{
		Pos: e.Pos(), End: e.End(),
		Message: fmt.Sprintf("%s used as a function value: the event name of a call through it cannot be checked against the registry; call it directly with a registered constant name", name),
	})
}

func enclosingFunc(pass *analysis.Pass, stack []ast.Node) *types.Func {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			return nil
		case *ast.FuncDecl:
			fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
			return fn
		}
	}
	return nil
}

// paramIndex returns the index of the parameter of fn that e names, if e
// is a parameter never assigned in body, else -1.
func paramIndex(pass *analysis.Pass, fn *types.Func, body *ast.BlockStmt, e ast.Expr) int {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, _ := pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return -1
	}
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			if body != nil && assigned(pass, body, v) {
				return -1
			}
			return i
		}
	}
	return -1
}

// assigned reports whether v is assigned or has its address taken in body.
func assigned(pass *analysis.Pass, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && pass.TypesInfo.ObjectOf(id) == v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		case *ast.RangeStmt:
			found = found || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)
		}
		return !found
	})
	return found
}

// findWrapper reports whether fd passes one of its parameters as the event
// name to a logger entry point or another wrapper.
func findWrapper(pass *analysis.Pass, fd *ast.FuncDecl, fn *types.Func, r *resolver) *isWrapper {
	var w *isWrapper
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if w != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		c, ok := analysisutil.ResolveCall(pass.TypesInfo, call)
		if !ok || c.Fn.Origin() == fn {
			return true
		}
		t := r.targetOf(c.Fn)
		if t == nil {
			return true
		}
		arg, st := analysisutil.Arg(pass.TypesInfo, call, c, t.nameArg)
		if st != analysisutil.ArgOK {
			return true
		}
		ni := paramIndex(pass, fn, fd.Body, arg)
		if ni < 0 {
			return true
		}
		w = &isWrapper{Error: t.isErr, NameParam: ni, CodeParam: -1}
		switch {
		case !t.isErr:
		case t.codeArg < 0:
			w.Code = t.code // a wrapper of a wrapper with a fixed code
		default:
			if carg, st := analysisutil.Arg(pass.TypesInfo, call, c, t.codeArg); st == analysisutil.ArgOK {
				if w.CodeParam = paramIndex(pass, fn, fd.Body, carg); w.CodeParam < 0 {
					w.Code, _ = analysisutil.ConstString(pass.TypesInfo, carg)
				}
			}
		}
		return false
	})
	return w
}

// unprovable describes why an argument cannot be read off a call.
func unprovable(st analysisutil.ArgStatus) string {
	switch st {
	case analysisutil.ArgSpread:
		return "is inside a spread variadic argument (xs...)"
	case analysisutil.ArgTuple:
		return "comes from a multi-value call f(g())"
	}
	return "is missing"
}

func checkCall(pass *analysis.Pass, reg *analysisutil.Names, call *ast.CallExpr, c analysisutil.Callee, t *target, encl *types.Func, local map[*types.Func]*isWrapper) {
	name := t.name + through(c, t.fn)
	via := name
	if !t.direct {
		via += " (a wrapper of the logger)"
	}
	arg, st := analysisutil.Arg(pass.TypesInfo, call, c, t.nameArg)
	if st != analysisutil.ArgOK {
		pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("event name passed to %s %s, so it cannot be proven registered (INV-OBS-1): pass the name as its own constant argument", via, unprovable(st)),
		})
		return
	}
	// codeArg is the error code argument, or nil (reported here when it
	// cannot be read off the call).
	codeArg := func() ast.Expr {
		if !t.isErr || t.codeArg < 0 {
			return nil
		}
		carg, st := analysisutil.Arg(pass.TypesInfo, call, c, t.codeArg)
		if st != analysisutil.ArgOK {
			pass.Report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("error code passed to %s %s, so it cannot be checked against the registry: pass the code as its own constant argument", name, unprovable(st)),
			})
		}
		return carg
	}
	evName, ok := analysisutil.ConstString(pass.TypesInfo, arg)
	if !ok {
		// Inside a wrapper, its own name parameter is checked at callers;
		// so is its error code, if a parameter or a constant.
		if encl != nil {
			if w := local[encl]; w != nil && paramIndex(pass, encl, nil, arg) == w.NameParam {
				if carg := codeArg(); carg != nil && w.CodeParam < 0 {
					if _, ok := analysisutil.ConstString(pass.TypesInfo, carg); ok {
						return
					}
					pass.Report(analysis.Diagnostic{
						Pos: carg.Pos(), End: carg.End(),
						Message: fmt.Sprintf("error code passed to %s is not a compile-time constant or a parameter of %s, so it cannot be checked against the codes of the events it logs", t.name, encl.Name()),
					})
				}
				return
			}
		}
		pass.Report(analysis.Diagnostic{
			Pos: arg.Pos(), End: arg.End(),
			Message: fmt.Sprintf("event name passed to %s is not a compile-time constant, so it cannot be checked against the registry (INV-OBS-1): use a registered constant name or a typed event of the generated events package", via),
		})
		return
	}
	if reg == nil {
		// Nothing to check the name against; the code can still be
		// required to be a constant.
		if carg := codeArg(); carg != nil {
			if _, ok := analysisutil.ConstString(pass.TypesInfo, carg); !ok && !isCodeParam(pass, encl, local, carg) {
				pass.Report(analysis.Diagnostic{
					Pos: carg.Pos(), End: carg.End(),
					Message: fmt.Sprintf("error code passed to %s is not a compile-time constant, so it cannot be checked against the registry", t.name),
				})
			}
		}
		return
	}
	ev := reg.Events[evName]
	if ev == nil {
		pass.Report(analysisutil.Unregistered(arg, "event", evName,
			fmt.Sprintf("event %q passed to %s is not registered in the %s (INV-OBS-1)", evName, name, reg.Source),
			"register it in events.yaml or use a registered event", reg.EventNames()))
		return
	}
	switch {
	case !t.isErr && ev.Severity == "error":
		pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("event %q is registered at severity error and needs an error code, but %s logs without one: use EmitError with one of its codes (%s), or its typed event", evName, name, codes(ev)),
		})
	case t.isErr && ev.Severity != "error":
		pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("event %q is registered at severity %s, but %s logs it as an error: use Emit, or its typed event", evName, ev.Severity, name),
		})
	case t.isErr && t.codeArg >= 0:
		carg := codeArg()
		if carg == nil {
			return
		}
		code, ok := analysisutil.ConstString(pass.TypesInfo, carg)
		if !ok {
			if isCodeParam(pass, encl, local, carg) {
				return
			}
			pass.Report(analysis.Diagnostic{
				Pos: carg.Pos(), End: carg.End(),
				Message: fmt.Sprintf("error code passed to %s is not a compile-time constant, so it cannot be checked against event %q's codes (%s)", name, evName, codes(ev)),
			})
			return
		}
		if !ev.Codes[code] {
			pass.Report(analysis.Diagnostic{
				Pos: carg.Pos(), End: carg.End(),
				Message: fmt.Sprintf("error code %q is not allowed for event %q: registered codes are %s", code, evName, codes(ev)),
			})
		}
	case t.isErr && t.code != "" && !ev.Codes[t.code]:
		pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(),
			Message: fmt.Sprintf("%s logs error code %q, which is not allowed for event %q: registered codes are %s", name, t.code, evName, codes(ev)),
		})
	}
}

// isCodeParam reports whether carg is the code parameter of encl, a
// wrapper that passes its code through: checked at its callers.
func isCodeParam(pass *analysis.Pass, encl *types.Func, local map[*types.Func]*isWrapper, carg ast.Expr) bool {
	if encl == nil {
		return false
	}
	w := local[encl]
	return w != nil && w.CodeParam >= 0 && paramIndex(pass, encl, nil, carg) == w.CodeParam
}

func codes(ev *analysisutil.Event) string {
	var cs []string
	for c := range ev.Codes {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	if len(cs) == 0 {
		return "none"
	}
	return strings.Join(cs, ", ")
}
