package observe_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/observe"
)

// README:begin (the README's "Instrumenting code" is this text; TestReadmeSnippet keeps them equal)

// A program wraps its main, so that even a crash before the logger exists
// leaves a sanitized record:
//
//	func main() { observe.Main(func() int { return run(os.Args[1:]) }) }
func run(args []string) int {
	cfg, err := observe.LoadConfig(flag.NewFlagSet("train", flag.ContinueOnError), args, nil) // defaults < env < flags
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{Diagnostics: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close(ctx)

	log := s.Log.WithPhase("phase1") // derive once; a Logger is a small value
	for step := int64(0); step < 300; step++ {
		loss, ms := 2.5/float64(step+1), 41.5
		// Only registered keys exist as fields, with their registered types;
		// the severity (debug) and the sampling (1 in log_every) come from the registry.
		if err := (events.TrainingStep{LossPred: loss, LR: 3e-4}).Log(ctx, log.WithStep(step)); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		meters.TrainingStepDuration.Observe(ms) // ms; exposed to Prometheus in seconds
	}
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionKLReg) // typed label values
	_ = events.EvalRegression{ErrorCode: events.CodeEvalErrorRegression, Benchmark: "clinvar-smoke", Metric: "auroc", Score: 0.81, Baseline: 0.9}.Log(ctx, s.Log)
	// Data only known at run time: a registered, constant name and a
	// payload; every redaction rule applies.
	_ = s.Log.Emit(ctx, "training.metric", map[string]any{"metric": "val_auroc", "value": 0.91})
	return 0
}

// README:end

// Example runs the README's program against a temporary log directory and
// counts what it wrote.
func Example() {
	dir, err := os.MkdirTemp("", "genolewm-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	fmt.Println("exit", run([]string{"-log-dir", dir, "-run-id", "run-example-0", "-log-level", "debug"}))
	data, err := os.ReadFile(filepath.Join(dir, "run-example-0.jsonl"))
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Count(string(data), `"event":"training.step"`), "training.step records (1 in 100 steps)")
	fmt.Println(strings.Count(string(data), `"error_code":"EvalError.Regression"`), "eval regression")
	// Output:
	// exit 0
	// 3 training.step records (1 in 100 steps)
	// 1 eval regression
}

// printSink prints each record's event and data: any Sink receives only
// records that passed the redaction filter.
type printSink struct{}

func (printSink) WriteRecord(r *observe.Record) error {
	fmt.Printf("%s %s\n", r.Event().Name(), r.Data())
	return nil
}

// A logger over a sink of one's own, here in non-strict mode: a key that
// the event does not register, a personal-data key and a value holding
// bases are dropped, and the rest is written.
func ExampleNewLogger() {
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-example-1", Level: observe.Debug, Sinks: []observe.Sink{printSink{}},
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	_ = l.Emit(ctx, "data.shard.write", map[string]any{
		"shard_id": "shard-0042",
		"records":  1000,
		"note":     "free text is not registered",
		"genotype": "0/1",
		"digest":   "TTGACCATGCAAGTCCGTAGGCTTAGC",
	})
	// Output:
	// data.shard.write {"shard_id":"shard-0042","records":1000}
}

// Strict mode (the default) refuses the whole record instead and writes a
// sanitized error record naming the event and the rules, never the keys
// or values.
func ExampleLogger_Emit_strict() {
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-example-2", Strict: true, Sinks: []observe.Sink{printSink{}},
	})
	if err != nil {
		panic(err)
	}
	err = l.Emit(context.Background(), "data.shard.write", map[string]any{"shard_id": "s1", "genotype": "0/1"})
	fmt.Println(err != nil)
	// Output:
	// error {"component":"redact","source_event":"data.shard.write","rules":["deny"],"dropped_keys":1}
	// true
}

// Configuration: defaults, then GENO_LEWM_* variables, then flags. An
// invalid value is an error that names the variable or flag, never the
// value.
func ExampleLoadConfig() {
	env := map[string]string{"GENO_LEWM_LOG_LEVEL": "warn", "GENO_LEWM_RUN_ID": "run-" + strings.Repeat("ACGT", 6)}
	getenv := func(k string) string { return env[k] }
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	cfg, err := observe.LoadConfig(fs, []string{"-run-id", "run-2026-05-20-h100-0"}, getenv)
	fmt.Println(cfg.Level, cfg.RunID, err)

	_, err = observe.LoadConfig(flag.NewFlagSet("train", flag.ContinueOnError), nil, getenv)
	fmt.Println(err)
	// Output:
	// warn run-2026-05-20-h100-0 <nil>
	// observe: environment variable GENO_LEWM_RUN_ID holds a DNA sequence; choose another run id
}
