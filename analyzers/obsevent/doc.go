// Package obsevent defines an Analyzer that enforces INV-OBS-1: every
// event that reaches the logger is registered in the module's registry
// (its events.yaml), at the severity it is logged with.
//
// # Analyzer obsevent
//
// obsevent: check that logged event names are registered (INV-OBS-1) and logged at their registered severity
//
// Typed events (events.TrainingStep{...}.Log(ctx, l)) are registered by
// construction. On the dynamic path, observe.Logger.Emit and EmitError,
// the event name must be a compile-time constant string that names a
// registered event; otherwise the registry cannot be checked and the call
// is reported. A near-miss name ("training.stpe") gets a suggested fix to
// the registered name.
//
// Severity: an event's severity is the one it is registered at. Emit of an
// error-severity event (which needs an error code), and EmitError of an
// event that is not registered at severity error, are reported; so is an
// error code that is not registered or not allowed for the event, or that
// is not a compile-time constant.
//
// Wrappers: a function that passes one of its string parameters, unchanged,
// as the event name to Emit, EmitError or another wrapper is itself a
// wrapper (an object fact, as the printf pass does for printf wrappers), and
// its callers are checked as if they called the logger, in any package.
//
// Calls are resolved by what they can reach, not by how they are spelt:
// a direct call, a method expression (whose receiver is argument 0, so
// the name is the argument after it), and a call through any interface or
// type parameter whose method has the name of an entry point or wrapper
// method and a signature that is, or can be instantiated to, its own (a
// user-declared interface, an interface embedded in a struct, a generic
// interface, a constraint) are all checked as calls of it. A name that
// cannot be read off the call, because it lies inside a variadic spread
// (f(ctx, kv...) when the name is a variadic element) or comes from a
// multi-value call (l.Emit(args())), is reported.
//
// The generated API's entry points, Logger.Begin and Logger.Commit, write a
// record field by field from a compiled event descriptor; they may only be
// called from obsgen-generated code and the logger's own package. Method
// values, method expressions and other function values of Emit,
// EmitError, Begin, Commit and of every wrapper, or of an interface method
// that can reach them, are reported: a call through them cannot be checked.
//
// The registry: no flag is needed. Each package is checked against the
// registry of the obsgen-generated events package it depends on, directly
// or not (the nearest by import path when it sees several); -registry
// overrides it for every package (see
// github.com/genolewm/obs/internal/analysisutil/obsregistry). A package
// that sees no registry has nothing to check names against: its constant
// names, severities and error codes are not reported, while non-constant
// names and codes, wrappers and the generated-code-only entry points still
// are. obsgen-generated packages are exempt from every check.
//
// Flags: -emit, -emiterror and -begin designate the functions, so that
// another code base can adopt the analyzer.
package obsevent
