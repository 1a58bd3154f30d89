package gen_test

import (
	"testing"

	"github.com/genolewm/obs/runtime/obsmetrics"
)

// The external tests of a generated package count as that package: no
// diagnostic here.
func TestFamily(t *testing.T) {
	_ = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "geno_lewm.data.cache.hit", Kind: obsmetrics.CounterKind})
}
