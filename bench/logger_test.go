package bench

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// The ten values of one training step: step, epoch and phase at the top
// level, seven data keys. Every library writes the same ten values with a
// timestamp and a level.
const (
	step      = 12345
	epoch     = 2
	phase     = "phase1"
	lossPred  = 0.4123
	lossReg   = 0.0412
	lr        = 3e-4
	gradNorm  = 1.07
	batchSize = 64
	tokens    = 32768
	tput      = 1612.5
)

// discard is a sink that writes to io.Discard, as the peers do.
type discard struct{}

func (discard) WriteRecord(r *observe.Record) error {
	_, err := io.Discard.Write(r.Bytes())
	return err
}

func newObs(b *testing.B, level observe.Severity, s observe.Sink) observe.Logger {
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-2026-05-20-h100-0", Level: level,
		Strict: true, LogEvery: 1, Sinks: []observe.Sink{s}})
	if err != nil {
		b.Fatal(err)
	}
	return l.WithPhase(phase)
}

// obsStep logs one step. The phase logger is derived once per run, as a
// training loop does (and as zerolog's sub-logger below is); step and epoch
// are set per record.
func obsStep(ctx context.Context, l observe.Logger) error {
	return events.TrainingStep{LossPred: lossPred, LossReg: lossReg, LR: lr, GradNorm: gradNorm,
		BatchSize: batchSize, Tokens: tokens, Throughput: tput}.Log(ctx, l.WithStep(step).WithEpoch(epoch))
}

// BenchmarkTenFields: one typed 10-value event, redaction on, encoded to
// io.Discard, beside zerolog, zap and slog doing the same.
func BenchmarkTenFields(b *testing.B) {
	ctx := context.Background()
	b.Run("obs", func(b *testing.B) {
		l := newObs(b, observe.Debug, discard{})
		b.ReportAllocs()
		for b.Loop() {
			if err := obsStep(ctx, l); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("zerolog", func(b *testing.B) {
		zl := zerolog.New(io.Discard).With().Timestamp().Str("phase", phase).Logger()
		b.ReportAllocs()
		for b.Loop() {
			zl.Debug().Str("event", "training.step").Str("run_id", "run-2026-05-20-h100-0").
				Int64("step", step).Int64("epoch", epoch).
				Float64("loss_pred", lossPred).Float64("loss_reg", lossReg).Float64("lr", lr).Float64("grad_norm", gradNorm).
				Int64("batch_size", batchSize).Int64("tokens", tokens).Float64("throughput", tput).Send()
		}
	})
	b.Run("zap", func(b *testing.B) {
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
		zl := zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.DebugLevel))
		b.ReportAllocs()
		for b.Loop() {
			zl.Debug("training.step", zap.String("run_id", "run-2026-05-20-h100-0"),
				zap.Int64("step", step), zap.Int64("epoch", epoch), zap.String("phase", phase),
				zap.Float64("loss_pred", lossPred), zap.Float64("loss_reg", lossReg), zap.Float64("lr", lr), zap.Float64("grad_norm", gradNorm),
				zap.Int64("batch_size", batchSize), zap.Int64("tokens", tokens), zap.Float64("throughput", tput))
		}
	})
	b.Run("slog", func(b *testing.B) {
		sl := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
		b.ReportAllocs()
		for b.Loop() {
			sl.LogAttrs(ctx, slog.LevelDebug, "training.step", slog.String("run_id", "run-2026-05-20-h100-0"),
				slog.Int64("step", step), slog.Int64("epoch", epoch), slog.String("phase", phase),
				slog.Float64("loss_pred", lossPred), slog.Float64("loss_reg", lossReg), slog.Float64("lr", lr), slog.Float64("grad_norm", gradNorm),
				slog.Int64("batch_size", batchSize), slog.Int64("tokens", tokens), slog.Float64("throughput", tput))
		}
	})
}

// BenchmarkDisabled: a record below the threshold, and one sampled out,
// beside zerolog's disabled level with the same fields.
func BenchmarkDisabled(b *testing.B) {
	ctx := context.Background()
	b.Run("obs-below-threshold", func(b *testing.B) {
		l := newObs(b, observe.Info, discard{})
		b.ReportAllocs()
		for b.Loop() {
			obsStep(ctx, l)
		}
	})
	b.Run("obs-sampled-out", func(b *testing.B) {
		l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "r", Level: observe.Debug, Strict: true, LogEvery: 100, Sinks: []observe.Sink{discard{}}})
		if err != nil {
			b.Fatal(err)
		}
		l = l.WithPhase(phase)
		b.ReportAllocs()
		for b.Loop() {
			obsStep(ctx, l) // step 12345 is not a multiple of 100
		}
	})
	b.Run("zerolog-disabled", func(b *testing.B) {
		zl := zerolog.New(io.Discard).Level(zerolog.InfoLevel).With().Timestamp().Str("phase", phase).Logger()
		b.ReportAllocs()
		for b.Loop() {
			zl.Debug().Str("event", "training.step").Str("run_id", "run-2026-05-20-h100-0").
				Int64("step", step).Int64("epoch", epoch).
				Float64("loss_pred", lossPred).Float64("loss_reg", lossReg).Float64("lr", lr).Float64("grad_norm", gradNorm).
				Int64("batch_size", batchSize).Int64("tokens", tokens).Float64("throughput", tput).Send()
		}
	})
}

// BenchmarkFileSink: the file sink end to end against a bare write(2) of
// the same line to an O_APPEND file. The timed region includes Close, so
// the records still queued when the loop ends are written and synced
// inside it; the bare side syncs too.
func BenchmarkFileSink(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	b.Run("obs", func(b *testing.B) {
		// The session's own file sink, as a program gets it.
		cfg := observe.DefaultConfig()
		cfg.LogDir, cfg.RunID, cfg.Level, cfg.LogEvery = dir, "run-bench", observe.Debug, 1
		sess, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer sess.Close(ctx)
		l := sess.Log
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := obsStep(ctx, l); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if l.WriteErrors() != 0 {
			b.Fatalf("%d write errors", l.WriteErrors())
		}
	})
	b.Run("bare-write", func(b *testing.B) {
		var line []byte
		capture := captureSink{dst: &line}
		if err := obsStep(ctx, newObs(b, observe.Debug, capture)); err != nil {
			b.Fatal(err)
		}
		f, err := os.OpenFile(filepath.Join(dir, "bare.jsonl"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := f.Write(line); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	})
}

type captureSink struct{ dst *[]byte }

func (c captureSink) WriteRecord(r *observe.Record) error {
	*c.dst = append([]byte(nil), r.Bytes()...)
	return nil
}
