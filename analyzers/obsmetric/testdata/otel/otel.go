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

// counterMaker is the Meter's Int64Counter, declared by the user.
type counterMaker interface {
	Int64Counter(name string, options ...metric.Int64CounterOption) (metric.Int64Counter, error)
}

func indirect(m metric.Meter, c counterMaker, opts []metric.Int64CounterOption) {
	_, _ = c.Int64Counter("no.such.metric")                         // want `metric "no.such.metric" passed to Int64Counter is not registered`
	_, _ = metric.Meter.Int64Counter(m, "no.such.metric")           // want `metric "no.such.metric" passed to Int64Counter is not registered`
	_, _ = metric.Meter.Int64Counter(m, "geno_lewm.data.cache.hit") // ok: the receiver is argument 0
	_, _ = m.Int64Counter("geno_lewm.data.cache.hit", opts...)      // ok: the name is before the spread
	f := m.Int64Counter                                             // want `metric.Meter.Int64Counter used as a function value`
	_, _ = f("no.such.metric")
}

// generic reaches Int64Counter through a type parameter.
func generic[M interface {
	Int64Counter(string, ...metric.Int64CounterOption) (metric.Int64Counter, error)
}](m M) {
	_, _ = m.Int64Counter("no.such.metric") // want `metric "no.such.metric" passed to Int64Counter is not registered`
}
