// Command obsgraph is the whole-program check of INV-OBS-3: the redaction
// filter is the only path from the logger to a sink.
//
// It loads every package of the main module (of every module of the
// workspace), whatever packages the command line names, with everything
// they import (golang.org/x/tools/go/packages); builds SSA for the whole
// program, generic instances included; builds the call graph with CHA;
// removes the redaction filter from the graph; and searches, backwards
// from the sink methods, for any function that still reaches one. None may
// remain. When one does, it prints a witness, each function on the path
// and the call site that leads to the next, and exits 1. The search is a
// breadth-first search over the graph's edges: linear in its size.
//
// Usage:
//
//	obsgraph [flags] [packages]   (default ./...)
//
// The packages named are loaded in addition to the module's: the verdict
// for ./... and for any narrower pattern is the same.
//
// Flags designate the code base's own API, with defaults for this
// repository:
//
//	-entry     import paths whose exported functions and methods are logger
//	           entry points, where a witness starts first (runtime/observe)
//	-generated also make every loaded obsgen-generated package an entry
//	           package, found by its files' header wherever it lives (on)
//	-sink      the sink interface method, (PKG.Interface).Method; every
//	           concrete method with its name and signature, generic
//	           instances included, is a sink method
//	           ((runtime/internal/filter.Sink).WriteRecord, observe.Sink)
//	-filter    the redaction filter, removed from the graph
//	           ((*runtime/internal/filter.Filter).Emit)
//	-tests     include test packages
//	-v         print statistics and the entry packages
//
// In a module that has adopted the runtime, the defaults need no change:
// the module's own generated packages are entry points by their header.
//
// # Roots
//
// Every function of the program is a root, not only the logger's entry
// points: the user's own functions, the callbacks that the Go runtime
// calls without a call edge (time.AfterFunc, runtime.SetFinalizer,
// runtime.AddCleanup), function values stored where the runtime or a
// library calls them, and functions reached only by reflection. So the check proves that no function but the filter
// has a path to a sink: the per-package rule of obsredact, over the whole
// program and through every call the graph resolves. A witness starts, if
// it can, at a logger entry point, then at a function of the module, and
// keeps to the module's code.
//
// The graph is CHA's, not refined by VTA: VTA keeps only the types that
// flow from a function's callers, and a root may be called by the runtime
// with any value of its parameter types (a function that no caller reaches
// would keep no call at all). CHA resolves an interface call to every
// method of that name and signature and a call of a function value to
// every function of that signature; with the sink's signature made of the
// runtime's own types, this over-approximation adds no path to a sink.
//
// # Soundness model
//
// The proof holds for the program the call graph describes. It assumes
// what a call graph cannot see, and each assumption is checked by an
// analyzer of cmd/obslint (obsredact) in every package of the module:
//
//   - No reflective call of a sink method. A reflect.Value.Method,
//     MethodByName or Methods lookup (or reflect.Type's) on a value that may
//     be a sink, followed through SSA and across packages by facts
//     (including the standard library's, such as text/template's Execute),
//     is reported; so is any lookup whose value cannot be followed.
//   - No unsafe outside the trusted runtime (-obsredact.unsafe): an
//     unsafe.Pointer can forge a record or call a method through a forged
//     function pointer. Reported in every package, whether or not it can
//     name a sink type, since a sink reaches any package as an interface
//     value.
//   - No cgo and no assembly outside the runtime: C and assembly code can
//     call any function and write any memory. import "C" and functions
//     without a body (other than //go:linkname declarations) are reported.
//     An //export function is a root like any other.
//   - No //go:linkname into the protected packages (runtime/...): a pull or
//     a push of the filter's internals is reported. Other pulls are a call
//     of a bodiless declaration, which the graph does not follow; what they
//     reach in the module is a root anyway, and the linker refuses pulls
//     of the standard library's internals (-checklinkname, Go 1.23+).
//   - No code loaded at run time: imports of package plugin are reported.
//   - Dependencies outside the module (the standard library, third-party
//     modules) are in the graph, so their calls count, but obsredact's
//     reports apply to the module's packages: a dependency is trusted not
//     to use unsafe, assembly or cgo against the filter. Its reflective
//     lookups on its parameters are summarized by facts and checked at the
//     module's calls; a lookup on a value it stored earlier is not.
//
// Test packages are outside the program unless -tests is given: tests may
// call a sink directly to test it.
package main
