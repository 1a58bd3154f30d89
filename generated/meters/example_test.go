package meters_test

import (
	"fmt"

	"github.com/genolewm/obs/generated/meters"
)

// Handles have only the methods of their kind; label values are typed and
// come from the registry's bounded sets.
func Example() {
	meters.DataCacheHit.Inc()
	meters.TrainingLossPred.Set(0.42)
	meters.TrainingStepDuration.Observe(412) // ms, as registered
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionKLReg)

	fmt.Println(meters.DataCacheHit.Value(), meters.TrainingLossPred.Value())
	_, count, sum := meters.TrainingStepDuration.Snapshot()
	fmt.Println(count, sum, meters.TrainingCollapseAlert.With(meters.TrainingCollapseAlertCriterionKLReg).Value())
	// Output:
	// 1 0.42
	// 1 412 1
}
