// Package obsconfig reads the observability configuration: defaults, then
// environment variables (GENO_LEWM_*, OTEL_EXPORTER_OTLP_ENDPOINT), then
// command-line flags registered on the host program's flag.FlagSet, each
// overriding the one before. An invalid value is an error at start-up that
// names the variable or flag, never a silent default.
package obsconfig
