package observe_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/genimpl"
	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/observe"
)

// validValue returns a value of kind k that passes every rule.
// validFor is a valid value of field f: one of its values for a
// categorical key.
func validFor(f schema.Field) any {
	switch {
	case f.Values != nil && f.Kind == schema.StringList:
		return []string{f.Values[len(f.Values)-1], f.Values[0]}
	case f.Values != nil:
		return f.Values[0]
	}
	return validValue(f.Kind)
}

func validValue(k schema.Kind) any {
	switch k {
	case schema.Int:
		return 42
	case schema.Float:
		return 0.5
	case schema.String:
		return "ok-value"
	case schema.Bool:
		return true
	case schema.IntList:
		return []int64{1, 2}
	case schema.FloatList:
		return []float64{0.25}
	case schema.StringList:
		return []string{"a", "b"}
	case schema.BoolList:
		return []bool{true}
	case schema.IntMap:
		return map[string]int64{"x": 1}
	case schema.FloatMap:
		return map[string]float64{"x": 1.5}
	case schema.StringMap:
		return map[string]string{"x": "y"}
	case schema.BoolMap:
		return map[string]bool{"x": false}
	}
	panic(k)
}

func payloadFor(ev *evView) map[string]any {
	p := map[string]any{}
	for _, f := range ev.Fields {
		p[f.Name] = validFor(f)
	}
	return p
}

func emit(l interface {
	Emit(context.Context, string, map[string]any) error
	EmitError(context.Context, string, string, map[string]any) error
}, ev *evView, data map[string]any) error {
	if ev.Severity == observe.Error {
		return l.EmitError(context.Background(), ev.Name, events.Registry().CodeName(ev.Codes[0]), data)
	}
	return l.Emit(context.Background(), ev.Name, data)
}

// TestEveryEvent runs each registered event through the filter four ways:
// a clean payload is written whole at the registered severity; an extra
// key, a denied key and DNA are each dropped and counted (non-strict), or
// refuse the record and write a sanitized error record instead (strict).
func TestEveryEvent(t *testing.T) {
	for _, ev := range allEvents() {
		t.Run(ev.Name, func(t *testing.T) {
			l, sink := newLogger(t, true, observe.Debug)
			if err := emit(l, ev, payloadFor(ev)); err != nil {
				t.Fatalf("clean payload: %v", err)
			}
			lines := sink.take()
			if len(lines) != 1 {
				t.Fatalf("clean payload wrote %d records", len(lines))
			}
			rec := decode(t, lines[0])
			if rec["event"] != ev.Name || rec["severity"] != ev.Severity.String() || rec["ts"] != "2026-05-20T15:42:01.123Z" || rec["run_id"] != "run-2026-05-20-h100-0" {
				t.Errorf("header: %v", rec)
			}
			_, hasCode := rec["error_code"]
			if hasCode != (ev.Severity == observe.Error) {
				t.Errorf("error_code present=%v on a %s record", hasCode, ev.Severity)
			}
			data := rec["data"].(map[string]any)
			if len(data) != len(ev.Fields) {
				t.Errorf("data has %d keys, want all %d", len(data), len(ev.Fields))
			}

			bad := map[string]map[string]any{
				"allowlist": withKey(payloadFor(ev), "not_registered_key", 1),
				"deny":      withKey(payloadFor(ev), "genotype", "0/1"),
				"type":      withKey(payloadFor(ev), ev.Fields[0].Name, []byte("raw")),
			}
			if i := firstString(ev); i >= 0 {
				bad["dna"] = withKey(payloadFor(ev), ev.Fields[i].Name, "x"+strings.Repeat("ACGT", 6))
			}
			for rule, p := range bad {
				// Strict: refused, replaced by a sanitized error record. A
				// fresh logger each time: one_in sampling counts per logger.
				l, sink := newLogger(t, true, observe.Debug)
				err := emit(l, ev, p)
				var iv *observe.InvariantViolation
				if !errors.As(err, &iv) || iv.Event != ev.Name {
					t.Errorf("%s: strict returned %v, want an InvariantViolation", rule, err)
				}
				lines := sink.take()
				if len(lines) != 1 {
					t.Fatalf("%s: strict wrote %d records, want 1 error record", rule, len(lines))
				}
				er := decode(t, lines[0])
				if er["event"] != "error" || er["error_code"] != "InternalError.InvariantViolation" {
					t.Errorf("%s: strict wrote %v", rule, er)
				}
				// The rule that tripped comes first; "required" follows when
				// the dropped key was a required one.
				if d := er["data"].(map[string]any); !strings.HasPrefix(fmt.Sprint(d["rules"]), "["+rule) || d["source_event"] != ev.Name {
					t.Errorf("%s: violation record data %v", rule, d)
				}
				if strings.Contains(string(lines[0]), "not_registered_key") || strings.Contains(string(lines[0]), "genotype") || strings.Contains(string(lines[0]), "ACGTACGT") {
					t.Errorf("%s: violation record names a dropped key or value: %s", rule, lines[0])
				}
			}

			// Non-strict: written without the offending key.
			for rule, p := range bad {
				ln, lsink := newLogger(t, false, observe.Debug)
				if err := emit(ln, ev, p); err != nil {
					t.Errorf("%s: non-strict returned %v", rule, err)
				}
				lines := lsink.take()
				if len(lines) != 1 {
					t.Fatalf("%s: non-strict wrote %d records", rule, len(lines))
				}
				d := decode(t, lines[0])["data"].(map[string]any)
				if len(d) != len(ev.Fields)-btoi(rule == "type" || rule == "dna") {
					t.Errorf("%s: data keeps %d keys: %v", rule, len(d), d)
				}
				if _, ok := d["not_registered_key"]; ok {
					t.Errorf("unregistered key written")
				}
				if _, ok := d["genotype"]; ok {
					t.Errorf("denied key written")
				}
			}
		})
	}
}

func withKey(p map[string]any, k string, v any) map[string]any { p[k] = v; return p }

func firstString(ev *evView) int {
	for i, f := range ev.Fields {
		if f.Kind == schema.String {
			return i
		}
	}
	return -1
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestMissingRequiredKey: a dynamic payload without a required key is
// refused in strict mode (it would not match the schema) and written as
// is otherwise.
func TestMissingRequiredKey(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	err := l.Emit(ctx, "training.metric", map[string]any{"value": 1.0}) // metric is required
	var iv *observe.InvariantViolation
	if !errors.As(err, &iv) || fmt.Sprint(iv.Result.Rules()) != "[required]" {
		t.Errorf("strict: %v", err)
	}
	if d := decode(t, sink.take()[0])["data"].(map[string]any); fmt.Sprint(d["rules"]) != "[required]" || d["dropped_keys"].(interface{ String() string }).String() != "0" {
		t.Errorf("violation record: %v", d)
	}
	ln, lsink := newLogger(t, false, observe.Debug)
	if err := ln.Emit(ctx, "training.metric", map[string]any{"value": 1.0}); err != nil {
		t.Errorf("non-strict: %v", err)
	}
	if n := len(lsink.take()); n != 1 {
		t.Errorf("non-strict wrote %d records", n)
	}
}

func TestUnregisteredEvent(t *testing.T) {
	l, sink := newLogger(t, true, observe.Debug)
	err := l.Emit(context.Background(), "training.stepp", nil)
	if !errors.Is(err, observe.ErrUnregisteredEvent) || strings.Contains(err.Error(), "training.stepp") {
		t.Errorf("err = %v, want ErrUnregisteredEvent, not repeating the name", err)
	}
	if n := len(sink.take()); n != 0 {
		t.Errorf("an unregistered event wrote %d records", n)
	}
}

func TestForeignDescriptorRefused(t *testing.T) {
	l, sink := newLogger(t, true, observe.Debug)
	// The same event name, from another compiled registry.
	other := genimpl.NewRegistry(core.Spec())
	w := l.Begin(context.Background(), other.Lookup("error"), other.Code("InternalError.Panic"))
	if err := l.Commit(context.Background(), w); !errors.Is(err, filter.ErrForeignEvent) {
		t.Errorf("Commit of a hand-built descriptor = %v", err)
	}
	if n := len(sink.take()); n != 0 {
		t.Errorf("a hand-built descriptor wrote %d records", n)
	}
}

func TestErrorCodeRules(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	// Missing code on an error event: refused.
	err := events.EvalRegression{Benchmark: "b", Metric: "m"}.Log(ctx, l)
	var iv *observe.InvariantViolation
	if !errors.As(err, &iv) {
		t.Errorf("error record without a code: %v", err)
	}
	// A code registered, but not for this event: refused.
	err = events.EvalRegression{ErrorCode: events.CodeInternalErrorPanic, Benchmark: "b", Metric: "m"}.Log(ctx, l)
	if !errors.As(err, &iv) {
		t.Errorf("error record with another event's code: %v", err)
	}
	sink.take()
	if err := (events.EvalRegression{ErrorCode: events.CodeEvalErrorRegression, Benchmark: "b", Metric: "m"}).Log(ctx, l); err != nil {
		t.Fatal(err)
	}
	if rec := decode(t, sink.take()[0]); rec["error_code"] != "EvalError.Regression" || rec["severity"] != "error" {
		t.Errorf("record: %v", rec)
	}
	// Not strict: a wrong code is still refused (there is no key to drop).
	ln, lsink := newLogger(t, false, observe.Debug)
	if err := (events.EvalRegression{Benchmark: "b", Metric: "m"}).Log(ctx, ln); !errors.As(err, &iv) {
		t.Errorf("non-strict error record without a code: %v", err)
	}
	if lines := lsink.take(); len(lines) != 1 || decode(t, lines[0])["error_code"] != "InternalError.InvariantViolation" {
		t.Errorf("non-strict: want only the sanitized violation record, got %q", lines)
	}
	// Dynamic path: an unregistered code is an error before anything is built.
	if err := l.EmitError(ctx, "eval.regression", "EvalError.Nope", nil); err == nil {
		t.Error("unregistered error code accepted")
	}
}

func TestTypedRecordLayout(t *testing.T) {
	l, sink := newLogger(t, true, observe.Debug)
	err := events.TrainingStep{LossPred: 0.25, LR: 3e-4, GradNorm: 1, BatchSize: 64}.Log(context.Background(),
		l.WithStep(12300).WithEpoch(2).WithPhase("phase1").WithDurationMS(412))
	if err != nil {
		t.Fatal(err)
	}
	got := string(sink.take()[0])
	want := `{"ts":"2026-05-20T15:42:01.123Z","severity":"debug","event":"training.step","run_id":"run-2026-05-20-h100-0","step":12300,"epoch":2,"phase":"phase1","duration_ms":412,"data":{"loss_pred":0.25,"loss_reg":0,"lr":0.0003,"grad_norm":1,"batch_size":64,"tokens":0,"throughput":0}}` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
