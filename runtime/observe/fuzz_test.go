package observe_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// FuzzFilter feeds arbitrary strings, bytes and numbers through the typed
// and the dynamic paths of a few events: whatever the input, every line is
// valid JSON, carries no DNA run and only allowlisted keys. The seed corpus
// holds the known hard cases.
func FuzzFilter(f *testing.F) {
	f.Add("ok", "ACGTACGTACGTACGTACGTACGT", []byte("raw"), 1.5, int64(7), false)
	f.Add("\xff\xfe invalid utf-8", "x", []byte{}, 0.0, int64(-1), true)
	f.Add("quote \" backslash \\ newline \n tab \t nul \x00", "nnnnnnnnnnnnnnnnnnnn", []byte(nil), math.Copysign(0, -1), int64(1)<<62, false)
	f.Add("\u2028\u2029 emoji 🧬", "acgtnACGTNacgtnACGTN-suffix", []byte("ACGT"), 1e308, int64(0), true)
	f.Fuzz(func(t *testing.T, s1, s2 string, b []byte, x float64, n int64, strict bool) {
		l, sink := newLogger(t, strict, observe.Debug)
		ctx := context.Background()
		_ = events.InferenceScoreEnd{VariantID: s1, Pathogenicity: events.InferenceScoreEndPathogenicity(s2), Consequence: events.InferenceScoreEndConsequence(b), Score: x}.Log(ctx, l)
		_ = events.TrainingRunStart{Model: s1, ConfigHash: s2, Seed: n, Tags: []string{s1, s2, string(b)}}.Log(ctx, l)
		_ = events.EvalRunEnd{Benchmark: s1, Score: x, Scores: map[string]float64{s2: x, s1: -x}}.Log(ctx, l)
		_ = events.InferenceBatchEnd{Variants: n, Classes: map[string]int64{s1: n, "Sample_ID": 1}}.Log(ctx, l)
		_ = l.WithPhase(s2).Emit(ctx, "training.metric", map[string]any{"metric": s1, "value": x, s2: b, "genotype": s1})
		_ = l.Emit(ctx, "eval.run.end", map[string]any{"benchmark": b, "scores": map[string]any{s1: x, s2: map[string]any{"deep": s1}}})
		for _, line := range sink.take() {
			rec := decode(t, line)
			allStrings(rec, func(s string) {
				if hasDNA(s) {
					t.Fatalf("DNA in record: %s", line)
				}
			})
			ev := lookup(rec["event"].(string))
			for k, v := range rec["data"].(map[string]any) {
				if ev.FieldIndex(k) < 0 {
					t.Fatalf("key %q not allowlisted: %s", k, line)
				}
				if m, ok := v.(map[string]any); ok {
					for mk := range m {
						if events.Registry().Denied(strings.ToLower(mk)) {
							t.Fatalf("denied map key %q written: %s", mk, line)
						}
					}
				}
			}
		}
	})
}
