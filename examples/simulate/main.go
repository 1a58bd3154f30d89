// Command simulate runs a small simulated GenoLeWM session (training,
// evaluation, inference and provenance) through the real observability
// API, writing ${GENO_LEWM_LOG_DIR}/{run_id}.jsonl. It shows one redaction
// in action (a payload carrying bases is refused and replaced by a
// sanitized error record) and one error record, then prints where its
// files are and how many records of each event it wrote.
//
//	GENO_LEWM_LOG_DIR=out/example GENO_LEWM_LOG_LEVEL=debug go run ./examples/simulate
//
// With -wandb-project NAME it also writes an offline W&B run (under
// WANDB_DIR, default the current folder), which `wandb sync DIR` uploads:
//
//	go run ./examples/simulate -wandb-project demo
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

func main() {
	// observe.Main first, so that even a crash before the logger exists
	// leaves a sanitized record (INV-OBS-6).
	observe.Main(run)
}

func run() int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	steps := fs.Int("steps", 600, "training steps to simulate")
	cfg, err := observe.LoadConfig(fs, os.Args[1:], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		return 2
	}
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{Diagnostics: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		return 1
	}
	simErr := simulate(ctx, s, *steps)
	if simErr != nil {
		s.SetExitCode(1) // the W&B run shows as failed
	}
	if err := s.Close(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "simulate: closing:", err)
		return 1
	}
	if simErr != nil {
		fmt.Fprintln(os.Stderr, "simulate:", simErr)
		return 1
	}
	return report(s)
}

// report prints the log file and a per-event count, read back from disk.
func report(s *observe.Session) int {
	f, err := os.Open(s.LogPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		return 1
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec struct {
			Event string `json:"event"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			fmt.Fprintln(os.Stderr, "simulate: log line is not JSON:", err)
			return 1
		}
		counts[rec.Event]++
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Printf("run %s\nlogs:    %s\nmetrics: %s\n", s.Config.RunID, s.LogPath, s.MetricsPath)
	if s.WandBDir != "" {
		fmt.Printf("W&B:     %s (offline run; upload it with: wandb sync %s)\n", s.WandBDir, s.WandBDir)
	}
	fmt.Printf("records by event (%d events seen):\n", len(names))
	for _, n := range names {
		fmt.Printf("  %-28s %6d\n", n, counts[n])
	}
	return 0
}
