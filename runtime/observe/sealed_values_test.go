package observe_test

import (
	"context"
	"strings"
	"testing"

	"github.com/genolewm/obs/runtime/observe"

	"github.com/genolewm/obs/generated/events"
)

// TestAccessorsReturnValueCopies extends TestAccessorsReturnCopies to
// value sets: the Values of a field returned by Event.Field are a copy,
// so writing into them (or appending) changes neither the registry nor
// what the filter lets through.
func TestAccessorsReturnValueCopies(t *testing.T) {
	reg := events.Registry()
	ev := reg.Lookup("inference.score.end")
	i := ev.FieldIndex("pathogenicity")
	if i < 0 {
		t.Fatal("inference.score.end has no pathogenicity")
	}
	f := ev.Field(i)
	if len(f.Values) == 0 || f.Values[0] != "benign" {
		t.Fatalf("pathogenicity values %v; update the test", f.Values)
	}
	f.Values[0] = freeText
	f.Values = append(f.Values[:1], freeText)
	f.Values = nil
	g := ev.Field(i)
	g.Values[len(g.Values)-1] = freeText

	if h := ev.Field(i); h.Values[0] != "benign" || h.Values[len(h.Values)-1] != "pathogenic" || h.Allows(freeText) || !h.Allows("benign") {
		t.Errorf("a changed copy changed the registry: %v", h.Values)
	}
	l, sink := newLogger(t, false, observe.Debug)
	ctx := context.Background()
	for _, v := range []string{freeText, "benign", "pathogenic"} {
		if err := l.Emit(ctx, "inference.score.end", map[string]any{"variant_id": "v", "pathogenicity": v, "consequence": "missense"}); err != nil && v != freeText {
			t.Fatal(err)
		}
	}
	lines := sink.take()
	noFreeText(t, lines)
	var kept []string
	for _, line := range lines {
		if d, _ := decode(t, line)["data"].(map[string]any); d["pathogenicity"] != nil {
			kept = append(kept, d["pathogenicity"].(string))
		}
	}
	if strings.Join(kept, ",") != "benign,pathogenic" {
		t.Errorf("kept %v, want benign and pathogenic only", kept)
	}
}
