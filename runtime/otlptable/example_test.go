package otlptable_test

import (
	"fmt"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/otlprules"
	"github.com/genolewm/obs/runtime/otlptable"
)

// The generated registry's rules, applied to an OTLP log record from
// another language: the deny-listed key is dropped (lenient mode), the
// registered keys stay.
func ExampleOf() {
	table, err := otlptable.Of(events.Registry())
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, err := otlprules.NewEngine(table, otlprules.Options{Mode: otlprules.Lenient})
	if err != nil {
		fmt.Println(err)
		return
	}
	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.SetEventName("training.metric")
	lr.SetSeverityNumber(plog.SeverityNumberInfo)
	lr.Attributes().PutStr("metric", "val_auroc")
	lr.Attributes().PutDouble("value", 0.91)
	lr.Attributes().PutStr("sample_id", "NA12878")
	engine.Logs(ld, otlprules.Discard)
	fmt.Println(lr.Attributes().AsRaw())
	// Output: map[metric:val_auroc value:0.91]
}
