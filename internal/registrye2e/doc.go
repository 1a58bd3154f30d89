// Package registrye2e holds the end-to-end tests of the registry in the
// OpenTelemetry Collector: real traffic, from the Go runtime's own OTLP
// export and from the official OpenTelemetry JavaScript SDK run with
// Node.js (tools/otlpjs), through the real bin/genolewm-otelcol and its
// genolewm_registry processor (tools/registryprocessor) to the file
// exporter, whose output the tests read back (internal/collectortest).
// The filter's payload corpus (internal/payloadtest) is replayed through
// the Collector in strict and lenient mode and must be judged exactly as
// the Go filter judges it. Without the collector binary, Node.js or
// tools/otlpjs/node_modules the tests skip, and under CI=true they fail.
package registrye2e
