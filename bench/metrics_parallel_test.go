package bench

import (
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
)

// The parallel benchmarks run GOMAXPROCS goroutines (b.RunParallel) on the
// same series: run them with -cpu 2 for two goroutines contending on one
// cache line, the worst case of a hot metric.

// parallel runs body in b.RunParallel; body is a named function for the
// reason given in the package comment.
func parallel(body func(*testing.PB)) func(*testing.B) {
	return func(b *testing.B) { b.RunParallel(body) }
}

func BenchmarkCounterAddParallel(b *testing.B) {
	b.Run("obs", parallel(obsCounterAddPar))
	b.Run("client_golang", parallel(promCounterAddPar))
}

func BenchmarkGaugeSetParallel(b *testing.B) {
	b.Run("obs", parallel(obsGaugeSetPar))
	b.Run("client_golang", parallel(promGaugeSetPar))
}

func BenchmarkHistogramObserveParallel(b *testing.B) {
	b.Run("obs", parallel(obsHistogramObservePar))
	b.Run("client_golang", parallel(promHistogramObservePar))
}

func BenchmarkLabelledCounterParallel(b *testing.B) {
	b.Run("obs", parallel(obsLabelledCounterPar))
	b.Run("client_golang", parallel(promLabelledCounterPar))
}

func BenchmarkLabelledCounter2Parallel(b *testing.B) {
	b.Run("obs", parallel(obsLabelledCounter2Par))
	b.Run("client_golang", parallel(promLabelledCounter2Par))
}

func obsCounterAddPar(pb *testing.PB) {
	for pb.Next() {
		meters.DataCacheHit.Add(1)
	}
}

func promCounterAddPar(pb *testing.PB) {
	for pb.Next() {
		promCounter.Add(1)
	}
}

func obsGaugeSetPar(pb *testing.PB) {
	v := 0.0
	for pb.Next() {
		meters.TrainingLossPred.Set(v)
		v++
	}
}

func promGaugeSetPar(pb *testing.PB) {
	v := 0.0
	for pb.Next() {
		promGauge.Set(v)
		v++
	}
}

func obsHistogramObservePar(pb *testing.PB) {
	for i := 0; pb.Next(); i++ {
		meters.TrainingStepDuration.Observe(stepMs[i&15])
	}
}

func promHistogramObservePar(pb *testing.PB) {
	for i := 0; pb.Next(); i++ {
		promHist.Observe(stepMs[i&15])
	}
}

func obsLabelledCounterPar(pb *testing.PB) {
	for pb.Next() {
		meters.ErrorsRaised.Inc(events.CodeIOErrorWriteFailed)
	}
}

func promLabelledCounterPar(pb *testing.PB) {
	for pb.Next() {
		promErrorsChild.Inc()
	}
}

func obsLabelledCounter2Par(pb *testing.PB) {
	for pb.Next() {
		meters.ObservabilityRedactedKeys.Add(events.IDTrainingStep, meters.ObservabilityRedactedKeysRuleDna, 1)
	}
}

func promLabelledCounter2Par(pb *testing.PB) {
	for pb.Next() {
		promKeysChild.Add(1)
	}
}
