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
// type parameter constrained by one), and every method with its name whose
// signature an instantiation of type parameters makes the sink's
// (interface{ WriteRecord(R) error }, in any package, even one that cannot
// name the sink's types). No function other than the designated filter
// (-filter, default (*runtime/internal/filter.Filter).Emit) may refer to a
// sink method: not by a call, a call through an interface or a type
// parameter, a method value, a method expression, a closure, nor in a go
// or defer statement. This includes sinks that forward to other sinks: a
// composite sink must be built as a list of sinks given to the logger.
//
// Inside the filter, each sink call must be dominated (in the function's
// control-flow graph, as the lostcancel pass computes it) by the call of
// the redaction step (-redaction, default
// (*runtime/internal/filter.Filter).finish), and its record argument must
// be the variable that received the step's first result, never assigned
// again.
//
// Reflection is checked by value flow, in every package, whether or not
// it can name a sink type. A reflective method lookup
// (reflect.Value.Method, MethodByName, Methods and the same methods of
// reflect.Type) is the only way reflection makes a sink method callable:
// Value.Call and CallSlice run only what a lookup or a Go method value
// made, and FieldByName, Field, Elem, Index and the other navigations
// only reach a component. Each lookup's value is followed back through the
// function's SSA form (variables, phis, conversions to and from
// interfaces, closures' captured variables, navigations, and results of
// the package's own functions, followed into their bodies) to where it
// came from:
//
//   - a value of a static type: reported when the type has a sink method
//     or, after a navigation, when any component of it (fields, elements,
//     keys) has one or is an interface or a type parameter;
//   - a parameter of interface type (any, io.Writer; not one with the
//     sink method), reflect.Value or a type parameter: recorded in a fact
//     on the function (reflectsOn), which makes each of its calls, in
//     any package, a lookup on the argument, checked the same way there;
//     so a helper package that never imports the runtime is checked where
//     a sink is handed to it, and the standard library's own lookups
//     (text/template's Execute, reflect.Value.Methods) are summarized too;
//   - anything else (a field, a global, a map element, a result of
//     another package's function): not provable, reported.
//
// A lookup by a constant name other than the sink method's is harmless
// whatever the value. A lookup method used as a function value
// (v.MethodByName) is reported: what it looks up cannot be followed.
//
// Also reported, in every package outside -unsafe (default the runtime,
// the trusted base): any use of unsafe other than the constants Sizeof,
// Alignof and Offsetof, cgo (import "C"), functions without a body
// (assembly) other than //go:linkname declarations, and imports of
// package plugin, since each can call a sink or forge a record outside
// the call graph; and, in every package, //go:linkname directives that
// target the protected packages (-protected, default
// github.com/genolewm/obs/runtime/...). These are the assumptions of the
// whole-program check, cmd/obsgraph.
//
// Writing the run's log file directly bypasses the filter too: outside
// the protected packages, a write-capable open (os.OpenFile with a flag
// that is not read-only, os.Create, os.WriteFile, os.Truncate, and the
// destination of os.Rename, os.Link and os.Symlink) is reported when its
// path is the log file's: derived from the session's log path (-logpath,
// default observe.Session.LogPath), or from the log directory (-logdir,
// observe.Config.LogDir) and the run id (-runid, observe.Config.RunID and
// observe.Logger.RunID) with no other text than separators and the
// ".jsonl" suffix, through variables, concatenation, filepath.Join,
// fmt.Sprintf and the package's own functions. Other files in the log
// directory, and reading the log, are fine.
//
// obsgen-generated packages are exempt: they write records through the
// logger only.
//
// The whole-program counterpart, cmd/obsgraph, proves on the call graph
// that no function reaches a sink once the filter is removed; the checks
// above are its assumptions (docs/soundness.md).
package obsredact
