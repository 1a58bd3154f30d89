// Package bad builds metric descriptors by hand. It imports this
// repository's generated meters, so it is checked against that registry.
package bad

import (
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/genimpl"
)

var name = "geno_lewm.data.cache.hit"

var (
	registered = &genimpl.MetricDesc{Name: "geno_lewm.data.cache.hit", Kind: genimpl.CounterKind}     // want `metric descriptor metric.Desc \(genimpl.MetricDesc\) built outside generated code \(INV-OBS-2\)`
	typo       = &genimpl.MetricDesc{Name: "geno_lewm.data.cache.hits", Kind: genimpl.CounterKind}    // want `built outside generated code` `metric "geno_lewm.data.cache.hits" in a metric descriptor is not registered in the registry of github.com/genolewm/obs/generated/events \(INV-OBS-2\): did you mean "geno_lewm.data.cache.hit"\?`
	unknown    = &genimpl.MetricDesc{Name: "acme.requests", Kind: genimpl.CounterKind}                // want `built outside generated code` `metric "acme.requests" in a metric descriptor is not registered in the registry of github.com/genolewm/obs/generated/events \(INV-OBS-2\): add it`
	wrongKind  = &genimpl.MetricDesc{Name: "geno_lewm.training.loss.pred", Kind: genimpl.CounterKind} // want `built outside generated code` `metric "geno_lewm.training.loss.pred" is registered as a gauge, but this descriptor makes a counter`
	dynamic    = &genimpl.MetricDesc{Name: name, Kind: genimpl.CounterKind}                           // want `built outside generated code` `metric name in a metric descriptor is not a compile-time constant`
	nameless   = &genimpl.MetricDesc{Kind: genimpl.GaugeKind}                                         // want `built outside generated code` `metric descriptor without a Name`
	elided     = []genimpl.MetricDesc{{Name: "geno_lewm.data.cache.miss", Kind: genimpl.CounterKind}} // want `metric descriptor metric.Desc built outside generated code`
)

func legit() {
	meters.DataCacheHit.Inc()
	meters.TrainingStepDuration.Observe(12)
}
