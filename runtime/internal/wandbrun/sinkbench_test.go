package wandbrun_test

import (
	"context"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
	"github.com/genolewm/obs/runtime/observe"
)

// BenchmarkRecordCost is what the W&B sink adds to a logging call, for a
// record it forwards (training.step, every step kept: one history row per
// record) and for one it does not (data.shard.write), beside a logger
// without it (docs/perf.md, "W&B sink").
func BenchmarkRecordCost(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		wandb bool
		step  bool
	}{{"training.step/no-sink", false, true}, {"training.step/wandb", true, true},
		{"data.shard.write/no-sink", false, false}, {"data.shard.write/wandb", true, false}} {
		b.Run(c.name, func(b *testing.B) {
			var sinks []observe.Sink
			var s *wandbrun.Sink
			if c.wandb {
				var err error
				s, err = wandbrun.Open(wandbrun.Options{Registry: events.Registry(), Dir: b.TempDir(), Project: "bench", ID: "run-bench"})
				if err != nil {
					b.Fatal(err)
				}
				sinks = append(sinks, s)
			}
			l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-bench", Level: observe.Debug, LogEvery: 1, Strict: true, Sinks: sinks})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if c.step {
					_ = events.TrainingStep{LossPred: 0.25, LossReg: 0.01, LR: 3e-4, GradNorm: 1.1, BatchSize: 64, Tokens: 32768, Throughput: 1600}.Log(ctx, l.WithStep(int64(i)))
				} else {
					_ = events.DataShardWrite{ShardID: "shard-001", Records: 4096, SizeBytes: 1 << 26, Digest: "e4f1a2b3"}.Log(ctx, l)
				}
			}
			b.StopTimer()
			_ = l.Close()
		})
	}
}
