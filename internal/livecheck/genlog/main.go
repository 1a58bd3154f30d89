// Command genlog writes a large JSON Lines log through the real logger and
// redaction filter, for measuring live-check:
//
//	go run ./internal/livecheck/genlog -size 1GiB -o /tmp/big.jsonl
//
// The mix is what a training and scoring run writes most: training.step,
// inference.score.start/end, cache hits, with a few run, eval and error
// records. Every record is valid, so the measurement covers the full
// check of each record, not an early exit.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// bufSink is a sink with a large buffer: the point is to write 1 GiB
// quickly, not to test the file sink.
type bufSink struct {
	mu sync.Mutex
	w  *bufio.Writer
	n  int64
}

func (s *bufSink) WriteRecord(r *observe.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := r.Bytes()
	s.n += int64(len(b))
	_, err := s.w.Write(b)
	return err
}

func main() {
	size := flag.String("size", "1GiB", "stop after this many bytes (suffix KiB, MiB or GiB)")
	out := flag.String("o", "", "output file (required)")
	flag.Parse()
	limit, err := parseSize(*size)
	if err != nil || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: genlog -size 1GiB -o FILE")
		os.Exit(2)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
	sink := &bufSink{w: bufio.NewWriterSize(f, 1<<20)}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-perf-0", Level: observe.Debug, LogEvery: 1, Sinks: []observe.Sink{sink}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	must(events.TrainingRunStart{Model: "lewm-s", ConfigHash: "9f2c1e0b7d4a4c55", Seed: 17, NumParams: 48000000, Tags: []string{"perf"}}.Log(ctx, l))
	for i := int64(0); sink.n < limit; i++ {
		step := l.WithStep(i).WithEpoch(i / 10000).WithPhase("phase1").WithDurationMS(40 + i%17)
		must(events.TrainingStep{LossPred: 2.6 - float64(i%1000)/1000, LossReg: 0.26, LR: 0.0003, GradNorm: 1.1, BatchSize: 64, Tokens: 32768, Throughput: 1600.5}.Log(ctx, step))
		id := "v-" + strconv.FormatInt(i*7919%1000003, 16)
		must(events.InferenceScoreStart{VariantID: id, Model: "lewm-s"}.Log(ctx, l))
		must(events.InferenceScoreEnd{VariantID: id, Pathogenicity: "likely_benign", Consequence: "missense", Score: 0.12, LatencyMS: 3.5}.Log(ctx, l))
		must(events.DataCacheHit{Cache: "encoded_windows", KeyHash: "ab12cd34"}.Log(ctx, l))
		if i%1000 == 0 {
			must(events.EvalRunEnd{Benchmark: "clinvar-smoke", Score: 0.91, Baseline: 0.9, NumExamples: 512, Passed: true, Scores: map[string]float64{"auroc": 0.91, "auprc": 0.7}}.Log(ctx, l))
			must(events.Error{ErrorCode: events.CodeIOErrorWriteFailed, Message: "disk full", Component: "promfile"}.Log(ctx, l))
		}
	}
	if err := sink.w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
}

// must stops the generator on a refused or failed record: the perf log
// must hold exactly what the logger writes.
func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suf, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suf) {
			s, mult = strings.TrimSuffix(s, suf), m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}
