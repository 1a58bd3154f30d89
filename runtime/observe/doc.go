// Package observe wires the observability layer for a host program: from a
// resolved obsconfig.Config it opens the default file sink (and the stderr
// rendering when asked), builds the logger over the registry's event table,
// starts the metrics exporter, and, only when OTEL_EXPORTER_OTLP_ENDPOINT
// is set, tracing. Close flushes and stops everything within a deadline.
//
//	cfg, err := obsconfig.Load(flag.CommandLine, os.Args[1:], nil)
//	s, err := observe.Start(ctx, cfg, observe.Options{Diagnostics: os.Stderr})
//	defer s.Close()
//	events.TrainingRunStart{Model: "lewm-s"}.Log(ctx, s.Log)
package observe
