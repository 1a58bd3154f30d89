// Package ranktest runs the example program as the ranks of one
// multi-process run, as torchrun starts them (4 processes sharing a run id
// and a log dir, each with RANK, WORLD_SIZE, LOCAL_RANK and
// LOCAL_WORLD_SIZE), and checks what they leave behind with real
// consumers: node_exporter's textfile collector for the metrics files,
// live-check for everything, and an OpenTelemetry Collector for OTLP.
package ranktest
