// Package otlprules applies a registry's rules to OTLP data (pdata logs,
// traces and metrics), in place: the rules of the Go redaction filter
// (runtime/internal/filter), in its order and with its names, on the
// attributes of records that any language sent. The registry-enforcing
// Collector processor (tools/registryprocessor) and `obsgen live-check
// -otlp` both run it.
//
// # The table
//
// A Table is a registry's rules, compiled from a Spec of plain data:
// runtime/otlptable reads one out of the compiled, sealed registry that
// generated code holds (events.Registry()), SpecFromRegistry out of the
// events.yaml and metrics.yaml a module keeps; for the same registry the
// two are equal (runtime/otlptable's tests). A Table is immutable, and
// nothing a caller holds can change what it allows.
//
// # The rules
//
// Log records: the event (EventName, or a configured attribute) must be
// registered, the severity the event's, the error code (genolewm.error_code)
// one registered for an error event and absent from any other record; each
// attribute passes the key rules (attrs.go: deny list, allowlist, type,
// size, DNA, value set); genolewm.step, .epoch, .phase and .duration_ms are
// the record's top-level fields; the body is empty or a scalar without
// DNA; required keys must be present. Spans: a registered span name, its
// allowlist on attributes and links, status messages that are error code
// names, span events named after registered events. Metrics: registered
// name, unit and kind, exactly the registered labels with values from
// their sets, the registered histogram bounds. Everywhere: resource and
// scope attributes carry no personal-data key, no bytes and no DNA, at any
// depth; no string holds DNA (internal/dna, the filter's rule).
//
// # Modes
//
// Strict refuses a record, span or data point that breaks any rule;
// Lenient drops the offending keys and refuses only what has no key to
// drop; Report changes nothing. Every finding goes to an Observer, which
// never receives a value: TrafficReport turns them into a live-check
// report (internal/livecheck's format), the processor into its own
// telemetry.
package otlprules
