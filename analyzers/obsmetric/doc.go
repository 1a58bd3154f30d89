// Package obsmetric defines an Analyzer that enforces INV-OBS-2: every
// metric is registered in the module's registry (its metrics.yaml).
//
// # Analyzer obsmetric
//
// obsmetric: check that every metric is registered (INV-OBS-2) and made only by the registry compiler or the backend's owning runtime package
//
// Metrics are used through the typed handles of the generated meters
// package, which exist only for registered metrics; their series are
// created when the registry is compiled. The analyzer reports every other
// way to make a metric:
//
//   - a call to a metric constructor (-constructors, default
//     runtime/internal/metric.NewFamily) or use of it as a function value,
//     outside the package that declares it and the packages of -owners
//     (default runtime/internal/schema, the registry compiler);
//   - a composite literal of the metric descriptor type (-desc, default
//     runtime/internal/metric.Desc, which generated code reaches as
//     genimpl.MetricDesc) outside those packages; its Name is then
//     checked too: not a constant, not registered (with a "did you mean"
//     suggested fix), or registered with another kind;
//   - a call to a function that makes or looks up a metric by name
//     (-byname FUNC:ARG, by default the OpenTelemetry Meter instrument
//     constructors) whose name is not a registered constant. Calls are
//     resolved as obsevent resolves them: through any interface or type
//     parameter whose method has the designated method's name and a
//     signature that can be its own, and as method expressions (the
//     receiver is argument 0); a name that cannot be read off the call (a
//     spread or multi-value argument) is reported, and so is a method
//     value or other function value of such a function;
//   - an import of a metrics backend outside the runtime packages that own
//     it (-backends PREFIX=OWNER|OWNER;..., by default
//     prometheus/client_golang (which creates metrics; the exposition
//     parsers of prometheus/common and client_model create none) owned by
//     runtime/internal/promexport, and the OpenTelemetry metric API, SDK
//     and OTLP metric exporters owned by runtime/internal/tracing).
//
// The registry: no flag is needed. Each package is checked against the
// registry of the obsgen-generated events package it depends on, directly
// or not (the nearest by import path when it sees several); -registry
// overrides it for every package (see
// github.com/genolewm/obs/internal/analysisutil/obsregistry). A package
// that sees no registry has nothing to check names against: its constant
// metric names are not reported, while every other check still applies.
// obsgen-generated packages are exempt from every check.
package obsmetric
