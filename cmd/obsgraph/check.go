package main

import (
	"fmt"
	"go/token"
	"go/types"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/callgraph"
	"golang.org/x/tools/go/callgraph/cha"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/genolewm/obs/internal/analysisutil"
)

// Config designates what to check.
type Config struct {
	Dir string // working directory for loading ("" is the current one)
	// Patterns are loaded together with every package of the main
	// module(s) (all workspace modules): the verdict does not depend on
	// them.
	Patterns []string
	// Entries are packages whose exported functions are logger entry
	// points: the preferred start of a witness. Every function is a root.
	Entries analysisutil.List
	// Generated makes every loaded obsgen-generated package (found by its
	// files' header, wherever it lives) an entry package too: the typed
	// events of any module's registry are logger entry points.
	Generated bool
	Sink      string            // (PKG.Interface).Method
	Filter    analysisutil.List // filter functions, removed from the graph
	Tests     bool
}

// DefaultConfig designates this repository's runtime: the logger of
// runtime/observe and every generated package are the entry points, the
// sink is the filter's Sink interface (observe.Sink), and the filter is
// the filter's Emit.
func DefaultConfig() Config {
	const filter = analysisutil.Module + "/runtime/internal/filter"
	return Config{
		Entries:   analysisutil.List{analysisutil.Module + "/runtime/observe"},
		Generated: true,
		Sink:      "(" + filter + ".Sink).WriteRecord",
		Filter:    analysisutil.List{"(*" + filter + ".Filter).Emit"},
	}
}

// Result is the outcome of a check.
type Result struct {
	Witness *Witness // nil when no path exists

	Sinks []*ssa.Function
	// Modules are the main modules, all of whose packages were loaded.
	Modules []string
	// Reaching are the functions (roots) from which a path reaches a
	// sink without the filter, sorted.
	Reaching []string
	// EntryPackages are the packages whose functions were entry points:
	// those of Config.Entries that were loaded, and the generated ones.
	EntryPackages                     []string
	Packages, Functions, Edges, Roots int
	EntryCount, FilterCount           int
	Load, CHA, VTA, Search            time.Duration
}

// Step is one function on a witness path and the call site from which
// the next function is called.
type Step struct {
	Func *ssa.Function
	Site token.Position // invalid for the last step
}

// Witness is a call path from a root to a sink method that avoids the
// filter.
type Witness struct {
	Steps []Step
	Root  RootKind
}

// RootKind says why the first function of a witness is a root; every
// function is one, and a witness starts at the best kind that has a path.
type RootKind int

const (
	EntryRoot    RootKind = iota // an exported function of a logger entry package
	ModuleRoot                   // a function of a main module
	ExternalRoot                 // a function of another module or the standard library
)

func (k RootKind) String() string {
	switch k {
	case EntryRoot:
		return "logger entry point"
	case ModuleRoot:
		return "function"
	}
	return "dependency function"
}

// Print writes the witness, one function per line.
func (w *Witness) Print(out io.Writer) {
	fmt.Fprintf(out, "INV-OBS-3 violated: a call path reaches sink method %s from %s %s without going through the redaction filter:\n",
		w.Steps[len(w.Steps)-1].Func, w.Root, w.Steps[0].Func)
	if w.Root != EntryRoot {
		fmt.Fprintf(out, "(every function is a root: the Go runtime, reflection and callbacks such as time.AfterFunc or runtime.SetFinalizer can call it without a call edge)\n")
	}
	for i, s := range w.Steps {
		pos := s.Func.Prog.Fset.Position(s.Func.Pos())
		fmt.Fprintf(out, "  %d. %s (%s)\n", i+1, s.Func, pos)
		if s.Site.IsValid() {
			fmt.Fprintf(out, "       calls at %s\n", s.Site)
		}
	}
	fmt.Fprintf(out, "Fix: send records only through the logger; only the filter may call a sink.\n")
}

// Check loads the program and searches for a path from an entry point to
// a sink method that does not pass through the filter.
func Check(cfg Config) (*Result, error) {
	ref, err := analysisutil.ParseMethod(cfg.Sink)
	if err != nil {
		return nil, fmt.Errorf("-sink: %v", err)
	}
	res := &Result{}
	t0 := time.Now()
	mods, err := mainModules(cfg.Dir)
	if err != nil {
		return nil, err
	}
	res.Modules = mods
	patterns := append([]string(nil), cfg.Patterns...)
	for _, m := range mods {
		patterns = append(patterns, m+"/...")
	}
	pcfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: cfg.Dir, Tests: cfg.Tests}
	initial, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(initial, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading packages:\n\t%s", strings.Join(errs, "\n\t"))
	}
	entryPkgs := map[string]bool{}
	for _, e := range cfg.Entries {
		entryPkgs[e] = true
	}
	if cfg.Generated {
		packages.Visit(initial, nil, func(p *packages.Package) {
			if analysisutil.IsGeneratedPackage(p.Fset, p.Syntax) {
				entryPkgs[p.PkgPath] = true
			}
		})
	}
	inModule := map[string]bool{} // package paths of the main modules
	packages.Visit(initial, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main {
			inModule[p.PkgPath] = true
		}
	})
	prog, pkgs := ssautil.AllPackages(initial, ssa.InstantiateGenerics)
	prog.Build()
	res.Load = time.Since(t0)
	res.Packages = len(prog.AllPackages())

	// CHA, not refined by VTA: VTA keeps only the types that flow from a
	// function's callers, and here every function is a root, which the
	// runtime or reflection can call with any value its parameter types
	// allow (a function no caller reaches has no flows at all, and VTA
	// would drop its calls).
	t1 := time.Now()
	cg := cha.CallGraph(prog)
	cg.DeleteSyntheticNodes()
	res.CHA = time.Since(t1)
	res.Functions = len(ssautil.AllFunctions(prog))

	// The sink method's signature, from the interface.
	var sinkSig *types.Signature
	for _, p := range pkgs {
		if p == nil {
			continue
		}
		if _, m := analysisutil.LookupInterfaceMethod(p.Pkg, ref); m != nil {
			sinkSig = m.Type().(*types.Signature)
			break
		}
	}
	if sinkSig == nil {
		return nil, fmt.Errorf("sink interface %s not found among the loaded packages and their imports", cfg.Sink)
	}

	t3 := time.Now()
	isSink := map[*callgraph.Node]bool{}
	type root struct {
		n    *callgraph.Node
		kind RootKind
		name string
	}
	var roots []root
	for fn, n := range cg.Nodes {
		if fn == nil {
			continue
		}
		res.Edges += len(n.Out)
		obj, _ := fn.Object().(*types.Func)
		if obj != nil && cfg.Filter.Has(analysisutil.FuncName(obj)) {
			res.FilterCount++
			// Remove the filter: no path may go through it.
			cg.DeleteNode(n)
			continue
		}
		if obj != nil && isSinkMethod(fn, ref.Method, sinkSig) {
			isSink[n] = true
			res.Sinks = append(res.Sinks, fn)
		}
		kind := ExternalRoot
		if fn.Pkg != nil && inModule[fn.Pkg.Pkg.Path()] {
			kind = ModuleRoot
		}
		if fn.Pkg != nil && entryPkgs[fn.Pkg.Pkg.Path()] && fn.Parent() == nil && fn.Synthetic == "" && obj != nil && obj.Exported() && exportedRecv(obj) {
			kind = EntryRoot
			res.EntryCount++
			res.EntryPackages = append(res.EntryPackages, fn.Pkg.Pkg.Path())
		}
		roots = append(roots, root{n, kind, fn.String()})
	}
	// Stable order, best kind first, so that the witness is deterministic
	// and starts where a reader expects: the logger, then the module.
	sort.Slice(roots, func(i, j int) bool {
		if roots[i].kind != roots[j].kind {
			return roots[i].kind < roots[j].kind
		}
		return roots[i].name < roots[j].name
	})
	sort.Slice(res.Sinks, func(i, j int) bool { return res.Sinks[i].String() < res.Sinks[j].String() })
	slices.Sort(res.EntryPackages)
	res.EntryPackages = slices.Compact(res.EntryPackages)
	res.Roots = len(roots)
	if len(isSink) > 0 {
		next := reachSinks(cg, isSink)
		// The witness: a path that stays in the module's own code (CHA
		// also gives the runtime's function-value calls an edge to every
		// function of their signature, a true but unhelpful path), from
		// the best kind of root, the shortest, the first by name.
		local := func(fn *ssa.Function) bool {
			return fn.Pkg != nil && (inModule[fn.Pkg.Pkg.Path()] || entryPkgs[fn.Pkg.Pkg.Path()])
		}
		var best *root
		bestLocal, bestLen := false, 0
		for i := range roots {
			r := &roots[i]
			if next[r.n] == nil {
				continue
			}
			res.Reaching = append(res.Reaching, r.name)
			isLocal, n := true, 0
			for cur := r.n; next[cur] != nil; cur = next[cur].Callee {
				isLocal = isLocal && local(cur.Func)
				n++
			}
			if best == nil || isLocal && !bestLocal || isLocal == bestLocal && (r.kind < best.kind || r.kind == best.kind && n < bestLen) {
				best, bestLocal, bestLen = r, isLocal, n
			}
		}
		if best != nil {
			res.Witness = witness(best.n, best.kind, next)
		}
		slices.Sort(res.Reaching)
	}
	res.Search = time.Since(t3)
	return res, nil
}

// mainModules lists the main modules of dir: the module, or every module
// of its workspace.
func mainModules(dir string) ([]string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}}")
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the main module of %q (go list -m): %v: %s; run obsgraph inside a module that uses the runtime", dirName(dir), err, strings.TrimSpace(stderr.String()))
	}
	var mods []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" && l != "command-line-arguments" {
			mods = append(mods, l)
		}
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("no main module in %q: run obsgraph inside a module that uses the runtime", dirName(dir))
	}
	return mods, nil
}

func dirName(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// isSinkMethod reports whether fn is a concrete method with the sink
// method's name and signature (an instance's own signature, so that a
// generic type instantiated to a sink is one).
func isSinkMethod(fn *ssa.Function, name string, sig *types.Signature) bool {
	s := fn.Signature
	if fn.Name() != name || s.Recv() == nil || types.IsInterface(s.Recv().Type()) {
		return false
	}
	return types.Identical(types.NewSignatureType(nil, nil, nil, s.Params(), s.Results(), s.Variadic()),
		types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()))
}

func exportedRecv(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Exported()
	}
	return true
}

// reachSinks returns, for every node from which a path of at least one
// edge reaches a sink, the first edge of a shortest such path: a
// breadth-first search backwards from the callers of sinks, linear in the
// size of the graph.
func reachSinks(cg *callgraph.Graph, isSink map[*callgraph.Node]bool) map[*callgraph.Node]*callgraph.Edge {
	next := map[*callgraph.Node]*callgraph.Edge{}
	var queue []*callgraph.Node
	// Sinks in a stable order, so that the witness is deterministic.
	sinks := make([]*callgraph.Node, 0, len(isSink))
	for n := range isSink {
		sinks = append(sinks, n)
	}
	sort.Slice(sinks, func(i, j int) bool { return sinks[i].Func.String() < sinks[j].Func.String() })
	for _, s := range sinks {
		for _, e := range s.In {
			if next[e.Caller] == nil {
				next[e.Caller] = e
				queue = append(queue, e.Caller)
			}
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range n.In {
			if next[e.Caller] == nil {
				next[e.Caller] = e
				queue = append(queue, e.Caller)
			}
		}
	}
	return next
}

// witness follows next from root to a sink: every node on the way has a
// next edge but the sink at the end.
func witness(root *callgraph.Node, kind RootKind, next map[*callgraph.Node]*callgraph.Edge) *Witness {
	w := &Witness{Root: kind}
	for cur := root; ; {
		e := next[cur]
		if e == nil {
			w.Steps = append(w.Steps, Step{Func: cur.Func})
			return w
		}
		site := token.Position{}
		if e.Site != nil {
			site = cur.Func.Prog.Fset.Position(e.Site.Pos())
		}
		w.Steps = append(w.Steps, Step{Func: cur.Func, Site: site})
		cur = e.Callee // a sink, or a node nearer one
	}
}
