// Command obsgen generates the typed observability API and its docs from
// a module's registry, as stringer does for constants. From the directory
// that holds events.yaml and metrics.yaml:
//
//	//go:generate go run github.com/genolewm/obs/cmd/obsgen
//
// reads ./events.yaml and ./metrics.yaml, merges the runtime's core
// registry into them (package registry), validates the whole, and writes
// beside that directory:
//
//	../generated/events/events.go      typed event structs, the compiled registry, allowlists, error codes
//	../generated/meters/meters.go      typed metric handles
//	../docs/api/log-events.md          event reference
//	../docs/api/metrics.md             metric reference, with Prometheus names
//	../docs/api/log-record.schema.json JSON Schema (2020-12) of a log record
//
// The module is the nearest go.mod above the registry directory; the
// import paths of the generated packages follow from its module path, so
// they must be inside it (layout.go). -registry DIR, -events FILE,
// -metrics FILE, -events-out DIR, -meters-out DIR and -docs-out DIR move
// the inputs and outputs; run from a repository root with no events.yaml,
// obsgen reads registry/ when that holds one (make check-generated); -root
// DIR is the older spelling of -registry DIR/registry. -core OUTDIR
// generates the runtime's own copy of the core registry instead.
//
// Output is deterministic. On any registry error it prints every problem as
// file:line:column, exits 1 and writes nothing. With -check it writes
// nothing and exits 1 if any output differs from the files on disk.
//
// In this repository it runs from go generate (see generated/generate.go).
//
// Two subcommands guard the registry as a public contract:
//
//	obsgen diff [-base REV | -base-events F -base-metrics F] [-format text|json|markdown]
//	obsgen live-check [-format text|json] [-full-coverage] FILE|DIR...
//	obsgen live-check -otlp ADDR [-max-records N] [-timeout D] [-format text|json] [-full-coverage]
//
// diff classifies every change against the last release as MAJOR, MINOR
// or PATCH and fails on a MAJOR change without a new major version
// (internal/regdiff); live-check checks the .jsonl logs and .prom metrics
// of a real run against the registry (internal/livecheck), or, with
// -otlp, the OTLP/gRPC traffic it receives on a loopback address, with
// the registry processor's rules (internal/otlprules), until a signal,
// N records or the timeout stops it.
package main
