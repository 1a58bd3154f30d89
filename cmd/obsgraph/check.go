package main

import (
	"fmt"
	"go/token"
	"go/types"
	"io"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/callgraph"
	"golang.org/x/tools/go/callgraph/cha"
	"golang.org/x/tools/go/callgraph/vta"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/genolewm/obs/internal/analysisutil"
)

// Config designates what to check.
type Config struct {
	Dir      string // working directory for loading ("" is the current one)
	Patterns []string
	Entries  analysisutil.List // packages whose exported functions are entry points
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
	// EntryPackages are the packages whose functions were entry points:
	// those of Config.Entries that were loaded, and the generated ones.
	EntryPackages              []string
	Packages, Functions, Edges int
	EntryCount, FilterCount    int
	Load, CHA, VTA, Search     time.Duration
}

// Step is one function on a witness path and the call site from which
// the next function is called.
type Step struct {
	Func *ssa.Function
	Site token.Position // invalid for the last step
}

// Witness is a call path from an entry point to a sink method that avoids
// the filter.
type Witness struct {
	Steps []Step
}

// Print writes the witness, one function per line.
func (w *Witness) Print(out io.Writer) {
	fmt.Fprintf(out, "INV-OBS-3 violated: a call path reaches sink method %s from logger entry point %s without going through the redaction filter:\n",
		w.Steps[len(w.Steps)-1].Func, w.Steps[0].Func)
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
	pcfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: cfg.Dir, Tests: cfg.Tests}
	initial, err := packages.Load(pcfg, cfg.Patterns...)
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
	prog, pkgs := ssautil.AllPackages(initial, ssa.InstantiateGenerics)
	prog.Build()
	res.Load = time.Since(t0)
	res.Packages = len(prog.AllPackages())

	t1 := time.Now()
	cg := cha.CallGraph(prog)
	res.CHA = time.Since(t1)
	t2 := time.Now()
	all := ssautil.AllFunctions(prog)
	cg = vta.CallGraph(all, cg)
	cg.DeleteSyntheticNodes()
	res.VTA = time.Since(t2)
	res.Functions = len(all)

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
	var entries []*callgraph.Node
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
		if obj != nil && isSinkMethod(obj, ref.Method, sinkSig) {
			isSink[n] = true
			res.Sinks = append(res.Sinks, fn)
		}
		if fn.Pkg != nil && entryPkgs[fn.Pkg.Pkg.Path()] && fn.Parent() == nil && fn.Synthetic == "" && obj != nil && obj.Exported() && exportedRecv(obj) {
			entries = append(entries, n)
		}
	}
	// Iterate in a stable order so that the witness is deterministic.
	sort.Slice(entries, func(i, j int) bool { return entries[i].Func.String() < entries[j].Func.String() })
	sort.Slice(res.Sinks, func(i, j int) bool { return res.Sinks[i].String() < res.Sinks[j].String() })
	res.EntryCount = len(entries)
	seenPkg := map[string]bool{}
	for _, e := range entries {
		if p := e.Func.Pkg.Pkg.Path(); !seenPkg[p] {
			seenPkg[p] = true
			res.EntryPackages = append(res.EntryPackages, p)
		}
	}
	sort.Strings(res.EntryPackages)
	if len(entries) == 0 {
		what := fmt.Sprint(cfg.Entries)
		if cfg.Generated {
			what += " nor in any obsgen-generated package"
		}
		return nil, fmt.Errorf("no logger entry points found in %s", what)
	}
	if len(isSink) > 0 {
		res.Witness = search(entries, isSink)
	}
	res.Search = time.Since(t3)
	return res, nil
}

// isSinkMethod reports whether fn is a concrete method with the sink
// method's name and signature.
func isSinkMethod(fn *types.Func, name string, sig *types.Signature) bool {
	s := fn.Type().(*types.Signature)
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

// search is a breadth-first search from all entries at once; it returns
// a shortest path to a sink, or nil.
func search(entries []*callgraph.Node, isSink map[*callgraph.Node]bool) *Witness {
	prev := map[*callgraph.Node]*callgraph.Edge{}
	seen := map[*callgraph.Node]bool{}
	queue := append([]*callgraph.Node(nil), entries...)
	for _, e := range entries {
		seen[e] = true
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if isSink[n] {
			// Walk back to the entry, then reverse: each step carries the
			// call site of its call to the next one.
			var rev []Step
			for cur, site := n, (token.Position{}); ; {
				rev = append(rev, Step{Func: cur.Func, Site: site})
				e := prev[cur]
				if e == nil {
					break
				}
				site = token.Position{}
				if e.Site != nil {
					site = cur.Func.Prog.Fset.Position(e.Site.Pos())
				}
				cur = e.Caller
			}
			out := make([]Step, len(rev))
			for i := range rev {
				out[i] = rev[len(rev)-1-i]
			}
			return &Witness{Steps: out}
		}
		for _, e := range n.Out {
			if !seen[e.Callee] {
				seen[e.Callee] = true
				prev[e.Callee] = e
				queue = append(queue, e.Callee)
			}
		}
	}
	return nil
}
