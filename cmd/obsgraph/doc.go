// Command obsgraph is the whole-program check of INV-OBS-3: the redaction
// filter is the only path from the logger to a sink.
//
// It loads the named packages and everything they import
// (golang.org/x/tools/go/packages), builds SSA for the whole program, builds
// the call graph with CHA (sound for interface and function-value calls)
// and refines it with VTA, removes the redaction filter from the graph,
// and searches for a path from any logger entry point to any sink method.
// None may remain. When one does, it prints a witness: each function on
// the path and the call site that leads to the next, and exits 1.
//
// Usage:
//
//	obsgraph [flags] [packages]   (default ./...)
//
// Flags designate the code base's own API, with defaults for this
// repository:
//
//	-entry     import paths whose exported functions and methods are logger
//	           entry points (runtime/observe)
//	-generated also make every loaded obsgen-generated package an entry
//	           package, found by its files' header wherever it lives (on)
//	-sink      the sink interface method, (PKG.Interface).Method; every
//	           concrete method with its name and signature is a sink method
//	           ((runtime/internal/filter.Sink).WriteRecord, observe.Sink)
//	-filter    the redaction filter, removed from the graph
//	           ((*runtime/internal/filter.Filter).Emit)
//	-tests     include test packages
//	-v         print statistics and the entry packages
//
// In a module that has adopted the runtime, the defaults need no change:
// the module's own generated packages are entry points by their header.
//
// Reflection, unsafe and //go:linkname are outside what a call graph can
// see; the obsredact analyzer reports them in every package.
package main
