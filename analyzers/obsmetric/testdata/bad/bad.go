// Package bad makes metrics by hand.
package bad

import (
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/obsmetrics"
)

var ctor = obsmetrics.NewFamily // want `metric constructor obsmetrics.NewFamily used as a function value outside generated code`

func handMade() *obsmetrics.Family {
	d := &obsmetrics.Desc{Name: "geno_lewm.data.cache.hit", Kind: obsmetrics.CounterKind} // want `metric descriptor obsmetrics.Desc built outside generated code`
	return obsmetrics.NewFamily(d)                                                        // want `metric constructor obsmetrics.NewFamily called outside generated code`
}

func legit() {
	meters.DataCacheHit.Inc()
	meters.TrainingStepDuration.Observe(12)
	for _, f := range meters.Families {
		_ = f.Desc().Name
	}
}
