// Package obsredact defines an Analyzer that enforces, within each
// package, INV-OBS-3: the redaction filter is the only path from the
// logger to a sink.
//
// # Analyzer obsredact
//
// obsredact: check that only the redaction filter calls a sink, after the redaction step, with its result (INV-OBS-3)
//
// A sink method is the method of the sink interface (-sink, default
// (runtime/internal/filter.Sink).WriteRecord, which users know as
// observe.Sink) and every method with its name and signature, on any type
// (so every implementation, any interface that re-declares it, and any
// type parameter constrained by one). No function other than the
// designated filter (-filter, default (*runtime/internal/filter.Filter).Emit)
// may refer to a sink method: not by a call, a call through an interface
// or a type parameter, a method value, a method expression, a closure, nor
// in a go or defer statement. This includes sinks that forward to other
// sinks: a composite sink must be built as a list of sinks given to the
// logger.
//
// Inside the filter, each sink call must be dominated (in the function's
// control-flow graph, as the lostcancel pass computes it) by the call of
// the redaction step (-redaction, default
// (*runtime/internal/filter.Filter).finish), and its record argument must
// be the variable that received the step's first result, never assigned
// again.
//
// Also reported, in every package: reflect calls that reach a sink method
// (MethodByName with the sink method's name, Method/MethodByName on the
// reflect.Value or reflect.Type of a sink); in packages that can see the
// sink interface, any use of unsafe other than the constants Sizeof,
// Alignof and Offsetof, outside the packages allowed by -unsafe; and
// //go:linkname directives that target the protected packages
// (-protected, default github.com/genolewm/obs/runtime/...).
//
// obsgen-generated packages are exempt: they write records through the
// logger only.
//
// The whole-program counterpart, cmd/obsgraph, proves on the call graph
// that no path from the logger reaches a sink once the filter is removed.
package obsredact
