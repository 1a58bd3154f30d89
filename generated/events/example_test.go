package events_test

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

type stdoutSink struct{}

func (stdoutSink) WriteRecord(r *observe.Record) error {
	fmt.Printf("%s %s %s\n", r.Severity(), r.Event().Name(), r.Data())
	return nil
}

// A typed event has exactly its registered keys, with their types; Log
// writes it at the registered severity, through the redaction filter.
func ExampleInferenceScoreEnd_Log() {
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-2026-05-20-h100-0", Level: observe.Debug, Sinks: []observe.Sink{stdoutSink{}},
	})
	if err != nil {
		panic(err)
	}
	err = events.InferenceScoreEnd{
		VariantID:     "v1-3f9a0c5e2b7d41e8a6c09b1d2e4f6a8c",
		Pathogenicity: "likely_benign",
		Score:         0.12,
		LatencyMS:     3.5,
	}.Log(context.Background(), l)
	fmt.Println(err)
	// Output:
	// debug inference.score.end {"variant_id":"v1-3f9a0c5e2b7d41e8a6c09b1d2e4f6a8c","pathogenicity":"likely_benign","score":0.12,"latency_ms":3.5}
	// <nil>
}

// Registry is the compiled registry: it answers what is registered, and
// what the filter will drop.
func ExampleRegistry() {
	reg := events.Registry()
	fmt.Println(reg.Err(), reg.NumEvents(), reg.Lookup("training.step").Severity())
	fmt.Println(reg.Denied("genotype"), reg.Denied("Sample_ID"), reg.Lookup("training.stpe") == nil)
	// Output:
	// <nil> 24 debug
	// true true true
}
