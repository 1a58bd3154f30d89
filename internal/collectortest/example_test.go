package collectortest_test

import (
	"fmt"

	"github.com/genolewm/obs/internal/collectortest"
)

// testdata/out.jsonl is what bin/genolewm-otelcol's file exporter wrote
// for one log record and one counter sent by the OpenTelemetry Go SDK.
func ExampleReadOutput() {
	out, err := collectortest.ReadOutput("testdata/out.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range out.LogRecords() {
		fmt.Println("log:", r.EventName, r.SeverityNumber, r.SeverityText, r.Attributes, "rank", r.Resource["rank"])
	}
	for _, p := range out.MetricPoints() {
		fmt.Println("metric:", p.Name, p.Type, p.Temporality, p.IntValue, "rank", p.Resource["rank"])
	}
	// Output:
	// log: data.batch_loaded 9 INFO map[batch_size:32] rank 3
	// metric: data.samples Sum Cumulative 32 rank 3
}
