// Package otel makes OpenTelemetry instruments by name.
package otel

import (
	"github.com/genolewm/obs/generated/meters"
	"go.opentelemetry.io/otel/metric" // want `import of metrics backend go.opentelemetry.io/otel/metric outside its owning package \(github.com/genolewm/obs/runtime/internal/tracing\)`
)

func instruments(m metric.Meter, dyn string) {
	meters.DataCacheMiss.Inc()
	_, _ = m.Int64Counter("geno_lewm.data.cache.hit")
	_, _ = m.Float64Histogram("geno_lewm.training.step.durations") // want `metric "geno_lewm.training.step.durations" passed to Float64Histogram is not registered .*did you mean "geno_lewm.training.step.duration"\?`
	_, _ = m.Int64Counter(dyn)                                     // want `metric name passed to Int64Counter is not a compile-time constant`
}
