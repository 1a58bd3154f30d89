// Command adopt is a module that uses the GenoLeWM observability runtime
// with a registry of its own: it starts a session through the crash
// wrapper and logs its own events.
//
//	GENO_LEWM_LOG_DIR=out go run .
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"example.com/adopt/generated/events"
	"example.com/adopt/generated/meters"

	"github.com/genolewm/obs/runtime/observe"
)

func main() { observe.Main(run) }

func run() int {
	cfg, err := observe.LoadConfig(flag.CommandLine, os.Args[1:], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "adopt:", err)
		return 2
	}
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{Diagnostics: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "adopt:", err)
		return 1
	}
	if err := job(ctx, s.Log); err != nil {
		fmt.Fprintln(os.Stderr, "adopt:", err)
	}
	if err := s.Close(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "adopt: closing:", err)
		return 1
	}
	fmt.Println(s.LogPath)
	return 0
}

func job(ctx context.Context, l observe.Logger) error {
	if err := (events.AppJobStart{JobID: "job-7f3a", Shards: 4}).Log(ctx, l); err != nil {
		return err
	}
	meters.JobsRecords.Add(1200)
	// A key the registry does not list for app.job.end, and a value
	// holding bases: strict redaction refuses the record and writes a
	// sanitized error record instead, counted in redacted_keys under this
	// module's own event name.
	err := l.Emit(ctx, "app.job.end", map[string]any{"job_id": "job-7f3a", "records": 1200, "note": "ACGTACGTACGTACGTACGTACGT"})
	var iv *observe.InvariantViolation
	if err != nil && !errors.As(err, &iv) {
		return err
	}
	return (events.AppJobEnd{JobID: "job-7f3a", Records: 1200, OK: true}).Log(ctx, l)
}
