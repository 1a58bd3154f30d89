package observe_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/observe"
)

// freeText is an out-of-set value: the free-text note a categorical key
// exists to keep out. It must never reach a written byte.
const freeText = "sample NA12878 looked like a founder variant"

// valueCase emits one inference.score.end or error record, typed or
// through the dynamic Emit, whose categorical key holds an out-of-set
// value.
type valueCase struct {
	name     string
	id       events.EventID
	key      string
	required bool
	emit     func(l observe.Logger) error
}

var valueCases = []valueCase{
	{"typed string", events.IDInferenceScoreEnd, "consequence", false, func(l observe.Logger) error {
		return events.InferenceScoreEnd{VariantID: "v-1f3a", Pathogenicity: events.InferenceScoreEndPathogenicityBenign,
			Consequence: events.InferenceScoreEndConsequence(freeText), Score: 0.1}.Log(context.Background(), l)
	}},
	{"typed required string", events.IDInferenceScoreEnd, "pathogenicity", true, func(l observe.Logger) error {
		return events.InferenceScoreEnd{VariantID: "v-1f3a", Pathogenicity: events.InferenceScoreEndPathogenicity(freeText), Score: 0.1}.Log(context.Background(), l)
	}},
	{"typed list element", events.IDError, "rules", false, func(l observe.Logger) error {
		return events.Error{ErrorCode: events.CodeIOErrorWriteFailed, Message: "disk full",
			Rules: []events.ErrorRules{events.ErrorRulesDna, events.ErrorRules(freeText)}}.Log(context.Background(), l)
	}},
	{"dynamic string", events.IDInferenceScoreEnd, "consequence", false, func(l observe.Logger) error {
		return l.Emit(context.Background(), "inference.score.end", map[string]any{"variant_id": "v-1f3a", "pathogenicity": "benign", "consequence": freeText, "score": 0.1})
	}},
	{"dynamic required string", events.IDInferenceScoreEnd, "pathogenicity", true, func(l observe.Logger) error {
		return l.Emit(context.Background(), "inference.score.end", map[string]any{"variant_id": "v-1f3a", "pathogenicity": freeText, "score": 0.1})
	}},
	{"dynamic list element", events.IDError, "rules", false, func(l observe.Logger) error {
		return l.EmitError(context.Background(), "error", "IOError.WriteFailed", map[string]any{"message": "disk full", "rules": []string{"dna", freeText}})
	}},
	{"dynamic []any list element", events.IDError, "rules", false, func(l observe.Logger) error {
		return l.EmitError(context.Background(), "error", "IOError.WriteFailed", map[string]any{"message": "disk full", "rules": []any{"size", freeText}})
	}},
	{"case matters", events.IDInferenceScoreEnd, "consequence", false, func(l observe.Logger) error {
		return l.Emit(context.Background(), "inference.score.end", map[string]any{"variant_id": "v-1f3a", "pathogenicity": "benign", "consequence": "Missense", "score": 0.1})
	}},
}

func valueCounter(id events.EventID) interface{ Value() uint64 } {
	return meters.ObservabilityRedactedKeys.With(id, meters.ObservabilityRedactedKeysRule(filter.RuleValue))
}

// TestValueRuleLenient: an out-of-set value is dropped with its key (a
// list with any out-of-set element whole), the record is written without
// it, and redacted_keys counts it under rule "value".
func TestValueRuleLenient(t *testing.T) {
	for _, tc := range valueCases {
		t.Run(tc.name, func(t *testing.T) {
			l, sink := newLogger(t, false, observe.Debug)
			c := valueCounter(tc.id)
			c0 := c.Value()
			err := tc.emit(l)
			lines := sink.take()
			if c.Value()-c0 != 1 {
				t.Errorf("redacted_keys{rule=value} +%d, want +1", c.Value()-c0)
			}
			noFreeText(t, lines)
			if tc.required {
				// A dropped required key leaves a record the schema would
				// refuse; what is written, if anything, holds no value.
				return
			}
			if err != nil {
				t.Fatalf("lenient returned %v", err)
			}
			if len(lines) != 1 {
				t.Fatalf("wrote %d records, want 1", len(lines))
			}
			data := decode(t, lines[0])["data"].(map[string]any)
			if _, ok := data[tc.key]; ok {
				t.Errorf("data.%s written: %s", tc.key, lines[0])
			}
			if data["variant_id"] == nil && data["message"] == nil {
				t.Errorf("the rest of the record was dropped: %s", lines[0])
			}
		})
	}
}

// TestValueRuleStrict: strict refuses the record; the violation record
// names rule "value", never the key's value.
func TestValueRuleStrict(t *testing.T) {
	for _, tc := range valueCases {
		t.Run(tc.name, func(t *testing.T) {
			l, sink := newLogger(t, true, observe.Debug)
			c := valueCounter(tc.id)
			c0 := c.Value()
			err := tc.emit(l)
			var iv *observe.InvariantViolation
			if !errors.As(err, &iv) {
				t.Fatalf("strict returned %v, want an InvariantViolation", err)
			}
			if rules := iv.Result.Rules(); len(rules) == 0 || rules[0] != "value" || iv.Result.Dropped[filter.RuleValue] != 1 {
				t.Errorf("rules %v, value count %d; want value first, 1", rules, iv.Result.Dropped[filter.RuleValue])
			}
			if strings.Contains(err.Error(), freeText) || strings.Contains(err.Error(), "Missense") {
				t.Errorf("the error quotes the value: %v", err)
			}
			if c.Value()-c0 != 1 {
				t.Errorf("redacted_keys{rule=value} +%d, want +1", c.Value()-c0)
			}
			lines := sink.take()
			if len(lines) != 1 {
				t.Fatalf("strict wrote %d records, want the violation record", len(lines))
			}
			rec := decode(t, lines[0])
			d := rec["data"].(map[string]any)
			if rec["error_code"] != "InternalError.InvariantViolation" || !strings.HasPrefix(fmt.Sprint(d["rules"]), "[value") {
				t.Errorf("violation record %s", lines[0])
			}
			noFreeText(t, lines)
		})
	}
}

// TestValueRuleKeepsEveryRegisteredValue: each value of each categorical
// key of the two events passes, typed and dynamic, strict, unchanged.
func TestValueRuleKeepsEveryRegisteredValue(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	paths := []events.InferenceScoreEndPathogenicity{events.InferenceScoreEndPathogenicityBenign, events.InferenceScoreEndPathogenicityLikelyBenign,
		events.InferenceScoreEndPathogenicityUncertain, events.InferenceScoreEndPathogenicityLikelyPathogenic, events.InferenceScoreEndPathogenicityPathogenic}
	for _, p := range paths {
		if err := (events.InferenceScoreEnd{VariantID: "v", Pathogenicity: p, Consequence: events.InferenceScoreEndConsequenceMissense}).Log(ctx, l); err != nil {
			t.Errorf("typed %s: %v", p, err)
		}
		if err := l.Emit(ctx, "inference.score.end", map[string]any{"variant_id": "v", "pathogenicity": string(p), "consequence": "missense"}); err != nil {
			t.Errorf("dynamic %s: %v", p, err)
		}
	}
	all := []events.ErrorRules{events.ErrorRulesAllowlist, events.ErrorRulesType, events.ErrorRulesDeny, events.ErrorRulesDna,
		events.ErrorRulesSize, events.ErrorRulesValue, events.ErrorRulesErrorCode, events.ErrorRulesRequired}
	if err := (events.Error{ErrorCode: events.CodeIOErrorWriteFailed, Message: "m", Rules: all}).Log(ctx, l); err != nil {
		t.Errorf("typed rules: %v", err)
	}
	lines := sink.take()
	if len(lines) != 2*len(paths)+1 {
		t.Fatalf("wrote %d records, want %d", len(lines), 2*len(paths)+1)
	}
	for i, p := range paths {
		for _, line := range lines[2*i : 2*i+2] {
			d := decode(t, line)["data"].(map[string]any)
			if d["pathogenicity"] != string(p) || d["consequence"] != "missense" {
				t.Errorf("pathogenicity %s: %s", p, line)
			}
		}
	}
	if d := decode(t, lines[len(lines)-1])["data"].(map[string]any); fmt.Sprint(d["rules"]) != "[allowlist type deny dna size value error_code required]" {
		t.Errorf("rules: %v", d["rules"])
	}
}

func noFreeText(t *testing.T, lines [][]byte) {
	t.Helper()
	for _, line := range lines {
		for _, leak := range []string{freeText, "NA12878", "founder", "Missense"} {
			if strings.Contains(string(line), leak) {
				t.Errorf("the value reached a written record: %s", line)
			}
		}
	}
}
