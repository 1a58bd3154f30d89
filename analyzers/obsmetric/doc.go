// Package obsmetric defines an Analyzer that enforces INV-OBS-2: every
// metric name is registered in METRICS (registry/metrics.yaml).
//
// # Analyzer obsmetric
//
// obsmetric: check that every metric is registered and created only by generated code
//
// Metrics are used through the typed handles of generated/meters, which
// exist only for registered metrics. The analyzer reports every other way
// to make a metric:
//
//   - a call to a metric constructor (-constructors, default
//     obsmetrics.NewFamily) or use of it as a function value, outside the
//     generated packages (-generated) and the package that declares it;
//   - a composite literal of the metric descriptor type (-desc, default
//     obsmetrics.Desc) outside those packages;
//   - in a descriptor literal anywhere, a Name that is not a constant, not
//     registered (with a "did you mean" suggested fix), or registered with
//     another kind;
//   - a call to a function that makes or looks up a metric by name
//     (-byname FUNC:ARG, by default the OpenTelemetry Meter instrument
//     constructors) whose name is not a registered constant;
//   - an import of a metrics backend outside the runtime packages that own
//     it (-backends PREFIX=OWNER|OWNER;..., by default
//     prometheus/client_golang (which creates metrics; the exposition
//     parsers of prometheus/common and client_model create none) owned by
//     runtime/obsprom and runtime/promfile, and the OpenTelemetry metric API
//     and SDK owned by runtime/tracing).
//
// -registry selects the registry (default: the embedded one).
package obsmetric
