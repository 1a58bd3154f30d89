// Package use is user code of that module: checked, with no flag, against
// the registry of its generated package.
package use

import (
	"example.com/lintcase/app/events"
	"go.opentelemetry.io/otel/metric" // want `import of metrics backend`
)

func instruments(m metric.Meter) {
	_ = events.Registry()
	_, _ = m.Int64Counter("app.jobs.done")
	_, _ = m.Int64Counter("app.jobs.dnoe")            // want `metric "app.jobs.dnoe" passed to Int64Counter is not registered in the registry of example.com/lintcase/app/events \(INV-OBS-2\): did you mean "app.jobs.done"\?`
	_, _ = m.Int64Counter("geno_lewm.data.cache.hit") // want `metric "geno_lewm.data.cache.hit" passed to Int64Counter is not registered in the registry of example.com/lintcase/app/events`
}
