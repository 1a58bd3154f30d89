// Package obsevent defines an Analyzer that enforces INV-OBS-1: every
// event that reaches the logger is registered in EVENTS (registry/events.yaml).
//
// # Analyzer obsevent
//
// obsevent: check that logged event names are registered
//
// Typed events (events.TrainingStep{...}.Log(ctx, l)) are registered by
// construction. On the dynamic path, obslog.Logger.Emit and EmitError,
// the event name must be a compile-time constant string that names a
// registered event; otherwise the registry cannot be checked and the call
// is reported. A near-miss name ("training.stpe") gets a suggested fix to
// the registered name.
//
// Severity: an event's severity is the one it is registered at. Emit of an
// error-severity event (which needs an error code), and EmitError of an
// event that is not registered at severity error, are reported; so is an
// error code that is not registered or not allowed for the event.
//
// Wrappers: a function that passes one of its string parameters, unchanged,
// as the event name to Emit, EmitError or another wrapper is itself a
// wrapper (an object fact, as the printf pass does for printf wrappers), and
// its callers are checked as if they called the logger, in any package.
//
// The generated API's entry point, Logger.Begin, takes a hand-made event
// descriptor; it may only be called from the generated packages
// (-generated) and the logger's own package. Method values of Emit,
// EmitError and Begin are reported: a call through them cannot be checked.
//
// Flags: -registry (default: the registry embedded in
// github.com/genolewm/obs/registry), -emit, -emiterror, -begin and
// -generated designate the functions and packages, so that another code
// base can adopt the analyzer.
package obsevent
