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
//	           entry points (obslog, generated/events)
//	-sink      the sink interface method, (PKG.Interface).Method; every
//	           concrete method with its name and signature is a sink method
//	-filter    the redaction filter, removed from the graph
//	-tests     include test packages
//
// Reflection, unsafe and //go:linkname are outside what a call graph can
// see; the obsredact analyzer reports them in every package.
package main
