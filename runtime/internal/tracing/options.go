package tracing

import (
	"io"

	"os"
	"strings"
	"time"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// EndpointEnv is the variable that turns OTLP export on (INV-OBS-5).
const EndpointEnv = "OTEL_EXPORTER_OTLP_ENDPOINT"

// Options configure Setup. The zero value is usable: export then depends
// on the environment only.
type Options struct {
	// Registry is the compiled registry whose spans and metrics are
	// exported; required when export is on.
	Registry *schema.Registry
	// ServiceName is the resource's service.name; empty means
	// OTEL_SERVICE_NAME, then "geno-lewm".
	ServiceName string
	// RunID is the run id of every log record; it becomes the resource
	// attribute run_id so spans and records can be joined.
	RunID string
	// Endpoint, when not empty, overrides OTEL_EXPORTER_OTLP_ENDPOINT (a
	// command-line flag); it must carry a scheme (http:// is plaintext).
	Endpoint string
	// Diagnostics receives one-line reports about export (the first
	// failure, drops at Shutdown); nil discards them. Never stdout.
	Diagnostics io.Writer
	// ShutdownTimeout bounds Shutdown when its context has no earlier
	// deadline (default 5 s).
	ShutdownTimeout time.Duration
	// MetricInterval is the metric export period; zero leaves the SDK
	// default (OTEL_METRIC_EXPORT_INTERVAL, else 60 s).
	MetricInterval time.Duration
	// MaxQueueSize bounds the span queue; zero leaves the SDK default
	// (OTEL_BSP_MAX_QUEUE_SIZE, else 2048).
	MaxQueueSize int
	// BatchTimeout is the longest a span waits in the queue; zero leaves
	// the SDK default (OTEL_BSP_SCHEDULE_DELAY, else 5 s).
	BatchTimeout time.Duration
	// LogQueueSize bounds the log sink's queue, in records; zero means
	// 2048. A full queue drops records, counted (Stats).
	LogQueueSize int
	// Rank, in a multi-process run, becomes the resource attributes rank,
	// world_size and (when LocalWorldSize is set) local_rank of every
	// span, metric and log record. The caller has checked it.
	Rank filter.Rank
}

const (
	defaultServiceName     = "geno-lewm"
	defaultShutdownTimeout = 5 * time.Second
	// exportTimeout bounds one batch export, retries included, so a hung
	// collector holds the export goroutine for at most this long.
	exportTimeout = 10 * time.Second
)

// endpoint returns the OTLP endpoint that enables export, or "" when
// export is off.
func (o *Options) endpoint() string {
	if v, _ := os.LookupEnv("OTEL_SDK_DISABLED"); strings.EqualFold(strings.TrimSpace(v), "true") {
		return ""
	}
	if v := strings.TrimSpace(o.Endpoint); v != "" {
		return v
	}
	v, _ := os.LookupEnv(EndpointEnv)
	return strings.TrimSpace(v)
}

func (o *Options) serviceName() string {
	if o.ServiceName != "" {
		return o.ServiceName
	}
	if v := strings.TrimSpace(os.Getenv("OTEL_SERVICE_NAME")); v != "" {
		return v
	}
	return defaultServiceName
}

// Enabled reports whether Setup with these options would export, without
// creating anything.
func (o Options) Enabled() bool { return o.endpoint() != "" }
