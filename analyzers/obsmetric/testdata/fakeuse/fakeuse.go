// Package fakeuse makes metrics by hand with the designated constructor.
package fakeuse

import (
	"example.com/lintcase/fake"
	"github.com/genolewm/obs/generated/meters"
)

var ctor = fake.NewFamily // want `metric constructor fake.NewFamily used as a function value outside the registry compiler`

func handMade() *fake.Family {
	meters.DataCacheHit.Inc()
	d := &fake.Desc{Name: "geno_lewm.data.cache.hit", Kind: fake.CounterKind} // want `metric descriptor fake.Desc built outside generated code`
	return fake.NewFamily(d)                                                  // want `metric constructor fake.NewFamily called outside the registry compiler \(INV-OBS-2\)`
}
