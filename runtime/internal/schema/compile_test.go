package schema_test

import (
	"testing"

	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// TestCoreCompiles: the runtime's own core registry passes its own checks.
func TestCoreCompiles(t *testing.T) {
	r := schema.Compile(core.Spec(), core.Spec())
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if r.Lookup("error") == nil || r.Code("InternalError.Panic") == 0 || !r.Denied("Sample_ID") {
		t.Error("the core registry lacks the error event, a crash code or a deny key")
	}
	if schema.PeakRSS(r) == nil {
		t.Error("the core registry has no peak-RSS gauge")
	}
}
