// Package registryprocessor is an OpenTelemetry Collector processor,
// genolewm_registry, that enforces a GenoLeWM observability registry on
// OTLP logs, spans and metrics from any language: Python training
// scripts, notebooks and data loaders reach the same Collector as the Go
// runtime, and pass the same rules, from the same generated tables, as
// the Go redaction filter (runtime/internal/filter). The rules themselves
// are internal/otlprules; the table is read from the registry compiled
// into the binary (generated/events, through runtime/otlptable), or from
// the events.yaml and metrics.yaml that events_file and metrics_file name.
//
// # What passes
//
// A log record passes when its event (EventName, or the
// event_name_attribute when that is empty) is registered, its severity is
// the event's, its error code (genolewm.error_code) is one registered for
// an error event (and absent on any other record), and each attribute
// passes the filter's key rules: the deny list, the event's allowlist, the
// registered type, the size caps, the DNA rule and the value sets. The
// top-level fields travel as genolewm.step, .epoch, .phase and
// .duration_ms. The body is empty or a scalar without DNA. Resource and
// scope attributes carry no personal-data key, no DNA and no bytes.
//
// A span passes when its name is a registered span (the registry's ms
// histograms NAMESPACE.OP.duration) and its attributes pass the span's
// allowlist (plus error_code, a registered code); its status message is
// empty or a code name; its events are registered events with their keys;
// its links' attributes pass the span's allowlist; no string anywhere,
// trace states included, holds DNA.
//
// A metric passes when its name, unit (UCUM) and kind are registered; a
// data point when its labels are exactly the registered ones, each with a
// value from its set, and a histogram's bounds are the registered ones.
//
// # Modes
//
// strict (the default) refuses a whole record, span or data point that
// breaks any rule. lenient drops the offending keys, as the filter does
// when not strict, and refuses only what has no key to drop: an
// unregistered name, a wrong severity or error code, an unknown metric
// series. report changes nothing: it passes every record through as it
// came and rewrites a live-check report (the format of `obsgen
// live-check`: each finding with its position, then the coverage of the
// registry's events, spans and metrics) at report.path every
// report.interval and at shutdown.
//
// # Telemetry
//
// Every drop is counted in the Collector's own telemetry:
// otelcol_genolewm_registry_keys_dropped (keys) and
// otelcol_genolewm_registry_items_refused (records, spans and points), by
// signal, item and rule. The item is a registered event, span or metric
// name, or (unregistered), (resource) or (scope); the rule is one of
// otlprules.RuleNames. No attribute ever holds a key or a value that was
// sent. Enable the Collector's metrics (service.telemetry.metrics) to read
// them.
//
// # Configuration
//
// See Config and README.md; docs/collector/config.yaml runs it in strict
// mode on every pipeline.
package registryprocessor
