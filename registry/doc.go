// Package registry loads and validates the event and metric registries
// (registry/events.yaml and registry/metrics.yaml), the single source of
// truth from which cmd/obsgen generates the typed API, the redaction
// allowlists and the docs.
//
// Parsing is strict: an unknown key, a value of the wrong YAML type or a
// broken rule is an error that names the file, line and column and says
// how to fix it. Load reports every problem it finds, not only the first.
package registry
