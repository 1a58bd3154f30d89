package registryprocessor_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/genolewm/obs/tools/registryprocessor"
)

// The processor in strict mode, as a Collector builds it: of two records,
// the unregistered one is refused and the registered one passes.
func ExampleNewFactory() {
	f := registryprocessor.NewFactory()
	cfg := f.CreateDefaultConfig() // mode: strict, the compiled registry
	sink := &consumertest.LogsSink{}
	ctx := context.Background()
	p, err := f.CreateLogs(ctx, processortest.NewNopSettings(f.Type()), cfg, sink)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Start(ctx, componenttest.NewNopHost()); err != nil {
		fmt.Println(err)
		return
	}
	defer p.Shutdown(ctx)

	ld := plog.NewLogs()
	records := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, event := range []string{"training.metric", "app.started"} {
		lr := records.AppendEmpty()
		lr.SetEventName(event)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		lr.Attributes().PutStr("metric", "val_auroc")
		lr.Attributes().PutDouble("value", 0.91)
	}
	if err := p.ConsumeLogs(ctx, ld); err != nil {
		fmt.Println(err)
		return
	}
	passed := sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	fmt.Println(passed.Len(), passed.At(0).EventName())
	// Output: 1 training.metric
}
