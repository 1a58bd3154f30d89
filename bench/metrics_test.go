// Package bench holds benchmarks that compare the observability layer
// with the libraries it competes with. They live in their own module so
// that benchmark-only dependencies stay out of the main module.
//
// The metric benchmarks (metrics_*_test.go) record through the generated
// handles of generated/meters and through prometheus/client_golang's
// equivalents, in the same run; see docs/perf.md, "## Metrics".
//
// Loop bodies are named functions looping over b.N: the generated handles
// are inlined at every real call site, and the compiler (Go 1.26) neither
// inlines calls inside a b.Loop body nor, here, inside function literals
// passed to b.Run, so either would measure a call that programs never
// make.
package bench

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
)

// client_golang counterparts of the handles under test, with the same
// buckets and label sets; registered nowhere, as registration does not
// change the recording path.
var (
	promCounter = prometheus.NewCounter(prometheus.CounterOpts{Name: "bench_cache_hit_total", Help: "h"})
	promGauge   = prometheus.NewGauge(prometheus.GaugeOpts{Name: "bench_loss_pred", Help: "h"})
	promHist    = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "bench_step_duration_ms", Help: "h",
		Buckets: meters.TrainingStepDuration.Upper(),
	})
	promErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "bench_errors_total", Help: "h"}, []string{"code"})
	promKeys   = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "bench_redacted_keys_total", Help: "h"}, []string{"event", "rule"})
	// The cached children: what a careful client_golang user does.
	promErrorsChild = promErrors.WithLabelValues("IOError.WriteFailed")
	promKeysChild   = promKeys.WithLabelValues("training.step", "dna")
)

// stepMs are observations spread over all buckets of
// training.step.duration, +Inf included; both libraries see the same ones.
var stepMs = [16]float64{3, 12, 30, 70, 180, 400, 800, 2000, 4000, 8000, 20000, 45000, 9, 24, 260, 990}

func BenchmarkCounterAdd(b *testing.B) {
	b.Run("obs", obsCounterAdd)
	b.Run("client_golang", promCounterAdd)
}

func BenchmarkGaugeSet(b *testing.B) {
	b.Run("obs", obsGaugeSet)
	b.Run("client_golang", promGaugeSet)
}

func BenchmarkHistogramObserve(b *testing.B) {
	b.Run("obs", obsHistogramObserve)
	b.Run("client_golang", promHistogramObserve)
}

// BenchmarkLabelledCounter: ours through the typed handle on every call
// (label value to series on each update), client_golang through a cached
// child.
func BenchmarkLabelledCounter(b *testing.B) {
	b.Run("obs", obsLabelledCounter)
	b.Run("client_golang", promLabelledCounter)
}

// BenchmarkLabelledCounter2 is the same with two labels (22 x 4 series).
func BenchmarkLabelledCounter2(b *testing.B) {
	b.Run("obs", obsLabelledCounter2)
	b.Run("client_golang", promLabelledCounter2)
}

func obsCounterAdd(b *testing.B) {
	for range b.N {
		meters.DataCacheHit.Add(1)
	}
}

func promCounterAdd(b *testing.B) {
	for range b.N {
		promCounter.Add(1)
	}
}

func obsGaugeSet(b *testing.B) {
	v := 0.0
	for range b.N {
		meters.TrainingLossPred.Set(v)
		v++
	}
}

func promGaugeSet(b *testing.B) {
	v := 0.0
	for range b.N {
		promGauge.Set(v)
		v++
	}
}

func obsHistogramObserve(b *testing.B) {
	for i := range b.N {
		meters.TrainingStepDuration.Observe(stepMs[i&15])
	}
}

func promHistogramObserve(b *testing.B) {
	for i := range b.N {
		promHist.Observe(stepMs[i&15])
	}
}

func obsLabelledCounter(b *testing.B) {
	for range b.N {
		meters.ErrorsRaised.Inc(events.CodeIOErrorWriteFailed)
	}
}

func promLabelledCounter(b *testing.B) {
	for range b.N {
		promErrorsChild.Inc()
	}
}

func obsLabelledCounter2(b *testing.B) {
	for range b.N {
		meters.ObservabilityRedactedKeys.Add(events.IDTrainingStep, meters.ObservabilityRedactedKeysRuleDna, 1)
	}
}

func promLabelledCounter2(b *testing.B) {
	for range b.N {
		promKeysChild.Add(1)
	}
}
