// Package gen stands for generated code (the test designates it with -generated).
package gen

import "github.com/genolewm/obs/runtime/obsmetrics"

var name = "geno_lewm.data.cache.hit"

var (
	ok       = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "geno_lewm.data.cache.hit", Kind: obsmetrics.CounterKind})
	typo     = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "geno_lewm.data.cache.hits", Kind: obsmetrics.CounterKind})    // want `metric "geno_lewm.data.cache.hits" in a metric descriptor is not registered in embedded registry \(INV-OBS-2\): did you mean "geno_lewm.data.cache.hit"\?`
	unknown  = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "acme.requests", Kind: obsmetrics.CounterKind})                // want `metric "acme.requests" in a metric descriptor is not registered in embedded registry \(INV-OBS-2\): add it`
	wrongKnd = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "geno_lewm.training.loss.pred", Kind: obsmetrics.CounterKind}) // want `metric "geno_lewm.training.loss.pred" is registered as a gauge, but this descriptor makes a counter`
	dynamic  = obsmetrics.NewFamily(&obsmetrics.Desc{Name: name, Kind: obsmetrics.CounterKind})                           // want `metric name in a metric descriptor is not a compile-time constant`
)
