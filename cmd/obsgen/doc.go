// Command obsgen generates the typed observability API and its docs from
// the registries, as stringer does for constants:
//
//	obsgen [-root DIR] [-check]
//
// reads DIR/registry/events.yaml and DIR/registry/metrics.yaml, validates
// them, and writes
//
//	generated/events/events.go      typed event structs, EVENTS table, allowlists, error codes
//	generated/meters/meters.go      typed metric handles, METRICS table
//	docs/api/log-events.md          event reference
//	docs/api/metrics.md             metric reference, with Prometheus names
//	docs/api/log-record.schema.json JSON Schema (2020-12) of a log record
//
// Output is deterministic. On any registry error it prints every problem as
// file:line:column, exits 1 and writes nothing. With -check it writes
// nothing and exits 1 if any output differs from the committed files.
//
// It runs from go generate (see generated/generate.go).
//
// Two subcommands guard the registry as a public contract:
//
//	obsgen diff [-base REV | -base-events F -base-metrics F] [-format text|json|markdown]
//	obsgen live-check [-format text|json] [-full-coverage] FILE|DIR...
//
// diff classifies every change against the last release as MAJOR, MINOR
// or PATCH and fails on a MAJOR change without a new major version
// (internal/regdiff); live-check checks the .jsonl logs and .prom metrics
// of a real run against the registry (internal/livecheck).
package main
