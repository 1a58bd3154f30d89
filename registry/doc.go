// Package registry loads and validates the event and metric registries,
// the single source of truth from which cmd/obsgen generates the typed
// API, the redaction allowlists and the docs.
//
// A registry comes in two parts. Each module (this repository, or any
// module that adopts the runtime) has its own pair of files, here
// registry/events.yaml and registry/metrics.yaml. The runtime owns a core
// registry, embedded from registry/core/: the personal-data deny list, the
// error event, the error codes the runtime raises itself, and the
// redacted_keys and errors.raised counters. Parse, LoadFiles and Default
// merge the core into the module's registry before validating, so every
// rule runs on the whole:
//
//   - events: the module's, then the core's;
//   - metrics: the module's, then the core's;
//   - error codes: the core's, then the module's;
//   - deny keys: the core's, then the module's (IsCoreDenyKey tells them
//     apart; events, metrics and error codes carry a Core flag);
//   - the core error event carries its own codes followed by every module
//     error code that no module event lists, in module order, so that
//     every code has an event that can carry it.
//
// A module item named like a core item (event, metric, error code, deny
// key, or a metric with a core metric's Prometheus name) is an error that
// gives both positions. The merged Version is the module's; CoreVersion is
// the core's, which moves independently. Core returns the core alone, and
// ParseStandalone loads files as they are, for registries written before
// the core was split out.
//
// A module's events file may leave out deny_keys and error_codes, and its
// metrics file may hold no metrics.
//
// Parsing is strict: an unknown key, a value of the wrong YAML type or a
// broken rule is an error that names the file, line and column and says
// how to fix it. Load reports every problem it finds, not only the first.
package registry
