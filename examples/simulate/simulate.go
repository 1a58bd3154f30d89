package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/observe"
	"github.com/genolewm/obs/runtime/variantid"
)

// simulate drives every canonical event and metric at least once.
func simulate(ctx context.Context, s *observe.Session, steps int) error {
	if err := train(ctx, s, steps); err != nil {
		return err
	}
	if err := evaluate(ctx, s); err != nil {
		return err
	}
	if err := infer(ctx, s); err != nil {
		return err
	}
	if err := plan(ctx, s); err != nil {
		return err
	}
	return verify(ctx, s)
}

// errs collects the first error of a sequence of Log calls.
type errs struct{ err error }

func (e *errs) add(err error) {
	if e.err == nil {
		e.err = err
	}
}

func train(ctx context.Context, s *observe.Session, steps int) error {
	var e errs
	log := s.Log.WithPhase("phase1")
	e.add(events.TrainingRunStart{
		Model: "lewm-s", ConfigHash: "9f2c1e0b7d4a4c55", Seed: 17, NumParams: 48_000_000,
		Devices: 1, Precision: "bf16", MaxSteps: int64(steps), Tags: []string{"simulated", "ci"},
	}.Log(ctx, log))
	start := time.Now()
	const epochs = 3
	perEpoch := steps / epochs
	for epoch := 0; epoch < epochs; epoch++ {
		elog := log.WithEpoch(int64(epoch))
		var sum float64
		for i := 0; i < perEpoch; i++ {
			step := int64(epoch*perEpoch + i)
			// Each step runs inside a training.step span (exported only
			// when OTEL_EXPORTER_OTLP_ENDPOINT is set); records logged
			// with sctx carry its trace_id and span_id.
			sctx, span := s.StartSpan(ctx, "training.step")
			span.SetInt("step", step)
			loss := 2.5*math.Exp(-float64(step)/200) + 0.1
			span.SetFloat("loss_pred", loss)
			sum += loss
			durMS := 40 + float64(step%7)
			meters.TrainingStepDuration.Observe(durMS)
			meters.TrainingLossPred.Set(loss)
			meters.TrainingLossReg.Set(loss / 10)
			// The session's step, once the step's metrics are set: crash
			// records carry it, and with -wandb-project the W&B run
			// charts the metrics at it.
			s.SetStep(step)
			e.add(events.TrainingStep{
				LossPred: loss, LossReg: loss / 10, LR: 3e-4, GradNorm: 1.1,
				BatchSize: 64, Tokens: 64 * 512, Throughput: 1600,
			}.Log(sctx, elog.WithStep(step).WithDurationMS(int64(durMS))))
			cache(sctx, s, step)
			span.End()
		}
		// The collapse monitor, once an epoch.
		collapse(epoch)
		e.add(events.TrainingEpochEnd{Steps: int64(perEpoch), LossPredMean: sum / float64(perEpoch), LossRegMean: sum / float64(perEpoch) / 10, ValLoss: sum / float64(perEpoch) * 1.05}.Log(ctx, elog))
		e.add(events.TrainingMetric{Metric: "val_auroc", Value: 0.81 + 0.02*float64(epoch)}.Log(ctx, elog))
		e.add(events.TrainingCheckpointWrite{CheckpointID: fmt.Sprintf("ckpt-e%d", epoch), Digest: "3b8e5d1f9a0c4e7b", SizeBytes: 192 << 20, WriteMS: 850}.Log(ctx, elog))
		e.add(events.DataShardWrite{ShardID: fmt.Sprintf("shard-%03d", epoch), Records: 4096, SizeBytes: 64 << 20, Digest: "e4f1a2b3c4d5e6f7"}.Log(ctx, elog))
		meters.DataEncodeDuration.Observe(0.8)
	}
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionPredVarPerDim)
	e.add(events.TrainingCollapseAlert{Criterion: "pred_var_per_dim", Value: 0.0003, Threshold: 0.001, WindowSteps: 100}.Log(ctx, log))

	e.add(events.TrainingRunEnd{Status: "completed", StepsCompleted: int64(steps), EpochsCompleted: epochs, WallTimeS: time.Since(start).Seconds(), FinalLossPred: 0.1}.Log(ctx, log))
	return e.err
}

// collapse sets the collapse monitor's gauges, drifting towards collapse.
func collapse(epoch int) {
	d := float64(epoch)
	meters.TrainingCollapsePredCosMean.Set(0.95 + 0.01*d)
	meters.TrainingCollapsePredL2Mean.Set(0.04 - 0.01*d)
	meters.TrainingCollapseTargetVarPerDim.Set(0.0006 - 0.0001*d)
	meters.TrainingCollapsePredVarPerDim.Set(0.0005 - 0.0001*d)
	meters.TrainingCollapsePredTargetCorr.Set(0.97 + 0.01*d)
	meters.TrainingCollapsePairwisePredDistMean.Set(0.03 - 0.01*d)
	meters.TrainingCollapseKLReg.Set(0.3 + 0.05*d)
}

// cache simulates the window cache: hits and misses are sampled 1/1000 in
// the log and counted exactly in the metrics.
func cache(ctx context.Context, s *observe.Session, step int64) {
	for i := int64(0); i < 4; i++ {
		key := fmt.Sprintf("%08x", (step*4+i)*2654435761%(1<<32))
		if (step+i)%5 == 0 {
			meters.DataCacheMiss.Inc()
			_ = events.DataCacheMiss{Cache: "encoded_windows", KeyHash: key}.Log(ctx, s.Log)
		} else {
			meters.DataCacheHit.Inc()
			_ = events.DataCacheHit{Cache: "encoded_windows", KeyHash: key}.Log(ctx, s.Log)
		}
	}
}

func evaluate(ctx context.Context, s *observe.Session) error {
	var e errs
	e.add(events.EvalRunStart{Benchmark: "clinvar-smoke", SuiteVersion: "2026.05", NumExamples: 512}.Log(ctx, s.Log))
	e.add(events.EvalRunEnd{Benchmark: "clinvar-smoke", Score: 0.79, Baseline: 0.82, NumExamples: 512, Passed: false,
		Scores: map[string]float64{"auroc": 0.79, "auprc": 0.61}}.Log(ctx, s.Log))
	// The error record of this run: a smoke regression.
	e.add(events.EvalRegression{ErrorCode: events.CodeEvalErrorRegression, Benchmark: "clinvar-smoke", Metric: "auroc", Score: 0.79, Baseline: 0.82, Tolerance: 0.01}.Log(ctx, s.Log))
	return e.err
}

func infer(ctx context.Context, s *observe.Session) error {
	var e errs
	ids := variantid.NewRandom()
	variants := []struct {
		chrom    string
		pos      int64
		ref, alt string
	}{{"chr17", 43094464, "G", "A"}, {"chr13", 32340300, "C", "T"}, {"chr7", 117559590, "ATCT", "A"}}
	classes := map[string]int64{}
	for i, v := range variants {
		id := ids.ID(v.chrom, v.pos, v.ref, v.alt)
		vctx, span := s.StartSpan(ctx, "inference.score")
		span.SetString("model", "lewm-s")
		e.add(events.InferenceScoreStart{VariantID: id, Model: "lewm-s"}.Log(vctx, s.Log))
		class := []events.InferenceScoreEndPathogenicity{
			events.InferenceScoreEndPathogenicityPathogenic,
			events.InferenceScoreEndPathogenicityBenign,
			events.InferenceScoreEndPathogenicityUncertain,
		}[i]
		classes[string(class)]++
		lat := 3.5 + float64(i)
		meters.InferenceScoreDuration.Observe(lat)
		e.add(events.InferenceScoreEnd{VariantID: id, Pathogenicity: class, Consequence: events.InferenceScoreEndConsequenceMissense, Score: 0.3 * float64(i+1), LatencyMS: lat}.Log(vctx, s.Log))
		span.End()
	}
	meters.InferenceBatchThroughput.Set(850)
	e.add(events.InferenceBatchEnd{Variants: int64(len(variants)), Failed: 0, Throughput: 850, Classes: classes}.Log(ctx, s.Log))

	// Redaction in action: a batch summary keyed by the variants' alt
	// sequences instead of by class (a plausible bug). The map key holds
	// bases, so strict redaction refuses the record and writes a sanitized
	// error record (InternalError.InvariantViolation) instead.
	err := s.Log.Emit(ctx, "inference.batch.end", map[string]any{
		"variants": 1,
		"classes":  map[string]any{"ACGTACGTACGTACGTACGTACGT": 1},
	})
	var iv *observe.InvariantViolation
	if s.Config.Strict && !errors.As(err, &iv) {
		return fmt.Errorf("expected the redaction filter to refuse a payload with bases, got %v", err)
	}

	// The fail-closed network guard.
	e.add(events.InferenceNetworkBlocked{ErrorCode: events.CodeInferenceErrorNetworkBlocked, Guard: events.InferenceNetworkBlockedGuardEgressDeny, Protocol: events.InferenceNetworkBlockedProtocolTcp, Port: 443}.Log(ctx, s.Log))
	return e.err
}

func plan(ctx context.Context, s *observe.Session) error {
	for i := 0; i < 5; i++ {
		_, span := s.StartSpan(ctx, "planning.cem.iter")
		meters.PlanningCemIterDuration.Observe(12 + float64(i))
		meters.PlanningCemCalls.Add(64)
		span.End()
	}
	return nil
}

func verify(ctx context.Context, s *observe.Session) error {
	var e errs
	e.add(events.ProvenanceReceiptWrite{ReceiptID: "rcpt-0001", Artifact: "ckpt-e2", Digest: "3b8e5d1f9a0c4e7b", Algorithm: "sha256"}.Log(ctx, s.Log))
	e.add(events.ProvenanceVerifyStart{Artifact: "shard-001", Receipts: 2}.Log(ctx, s.Log))
	meters.ProvenanceVerifyDuration.Observe(42)
	e.add(events.ProvenanceVerifyMismatch{ErrorCode: events.CodeProvenanceErrorHashMismatch, Artifact: "shard-001", ExpectedDigest: "e4f1a2b3c4d5e6f7", ActualDigest: "e4f1a2b3c4d5e6f8", Algorithm: "sha256"}.Log(ctx, s.Log))
	e.add(events.ProvenanceVerifyEnd{Artifact: "shard-001", OK: false, Verified: 1, Failed: 1}.Log(ctx, s.Log))
	return e.err
}
