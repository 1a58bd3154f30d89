package registry

import (
	"errors"
	"strings"
	"testing"
)

// okValueEvents is okEvents with a categorical string and a categorical
// list[string], one value a line so that each refusal has its own line.
var okValueEvents = strings.Replace(okEvents, `      - {name: tags, type: "list[string]", description: Tags.}
`, `      - {name: tags, type: "list[string]", description: Tags.}
      - name: verdict
        type: string
        description: Outcome.
        values:
          - {value: passed, description: Every check held.}
          - {value: failed, description: A check failed.}
      - name: splits
        type: "list[string]"
        description: Splits scored.
        values:
          - {value: train, description: Training split.}
          - {value: held_out_2, description: Held-out split.}
`, 1)

func TestValueSetsValid(t *testing.T) {
	if !strings.Contains(okValueEvents, "verdict") {
		t.Fatal("okEvents changed shape; update okValueEvents")
	}
	r, err := Parse("events.yaml", []byte(okValueEvents), "metrics.yaml", []byte(okMetrics))
	if err != nil {
		t.Fatal(err)
	}
	ev := r.Event("eval.run.end")
	if got := strings.Join(ev.Field("verdict").ValueStrings(), ","); got != "passed,failed" {
		t.Errorf("verdict values %s", got)
	}
	if got := strings.Join(ev.Field("splits").ValueStrings(), ","); got != "train,held_out_2" {
		t.Errorf("splits values %s", got)
	}
	if ev.Field("tags").ValueStrings() != nil {
		t.Error("an open key has values")
	}
	if v := ev.Field("verdict").Values[1]; v.Pos.Line != 19 || v.Description != "A check failed." {
		t.Errorf("value failed at line %d, description %q", v.Pos.Line, v.Description)
	}
}

// TestValueSetRejections: each refusal of a value set names file:line of
// what is wrong, with a hint.
func TestValueSetRejections(t *testing.T) {
	rep := func(old, new string) string {
		if !strings.Contains(okValueEvents, old) {
			t.Fatalf("test registry lacks %q", old)
		}
		return strings.Replace(okValueEvents, old, new, 1)
	}
	cases := []struct {
		name, events string
		wantPos      string
		wantInMsg    string
	}{
		{"values on an int key", rep("{name: score, type: float, description: Headline score.}", "{name: score, type: int, description: Headline score., values: [{value: one, description: One.}]}"), "events.yaml:12:", "values on a int key"},
		{"values on a float key", rep("{name: score, type: float, description: Headline score.}", "{name: score, type: float, description: Headline score., values: [{value: one, description: One.}]}"), "events.yaml:12:", "values on a float key"},
		{"values on a bool key", rep("{name: score, type: float, description: Headline score.}", "{name: score, type: bool, description: Headline score., values: [{value: one, description: One.}]}"), "events.yaml:12:", "values on a bool key"},
		{"values on a map[string] key", rep(`        type: string
        description: Outcome.`, `        type: "map[string]"
        description: Outcome.`), "events.yaml:18:", "values on a map[string] key"},
		{"values on a list[int] key", rep(`        type: "list[string]"
        description: Splits scored.`, `        type: "list[int]"
        description: Splits scored.`), "events.yaml:24:", "values on a list[int] key"},
		{"empty value set", rep(`        values:
          - {value: passed, description: Every check held.}
          - {value: failed, description: A check failed.}
`, "        values: []\n"), "events.yaml:17:", "value set is empty"},
		{"duplicate value", rep("{value: failed, description: A check failed.}", "{value: passed, description: A check failed.}"), "events.yaml:19:", `value "passed" is listed twice`},
		{"duplicate list value", rep("{value: held_out_2, description: Held-out split.}", "{value: train, description: Held-out split.}"), "events.yaml:25:", `value "train" is listed twice`},
		{"upper case", rep("{value: failed,", "{value: Failed,"), "events.yaml:19:", "not a plain lowercase word"},
		{"space", rep("{value: failed,", `{value: "not passed",`), "events.yaml:19:", "not a plain lowercase word"},
		{"hyphen", rep("{value: held_out_2,", "{value: held-out,"), "events.yaml:25:", "not a plain lowercase word"},
		{"leading digit", rep("{value: failed,", `{value: "2failed",`), "events.yaml:19:", "not a plain lowercase word"},
		{"empty value", rep("{value: failed,", `{value: "",`), "events.yaml:19:", "not a plain lowercase word"},
		{"too long", rep("{value: failed,", "{value: "+strings.Repeat("x", 65)+","), "events.yaml:19:", "not a plain lowercase word"},
		{"missing description", rep("{value: failed, description: A check failed.}", "{value: failed}"), "events.yaml:19:", `value "failed" has no description`},
		{"blank description", rep("{value: failed, description: A check failed.}", `{value: failed, description: "  "}`), "events.yaml:19:", `value "failed" has no description`},
		{"multi-line description", rep("{value: failed, description: A check failed.}", `{value: failed, description: "A check\nfailed."}`), "events.yaml:19:", "multi-line description"},
		{"DNA value", rep("{value: failed,", "{value: acgtacgtacgtacgtacgtac,"), "events.yaml:19:", "DNA"},
		{"RNA value", rep("{value: held_out_2,", "{value: acguacguacguacguacguac,"), "events.yaml:25:", "DNA"},
		{"DNA split by underscores", rep("{value: held_out_2,", "{value: "+strings.Repeat("a_c_g_t_", 5)+"x,"), "events.yaml:25:", "DNA"},
		{"unknown key in a value", rep("{value: failed, description: A check failed.}", "{value: failed, description: A check failed., colour: red}"), "events.yaml:19:", `unknown key "colour"`},
		{"value not a string", rep("{value: failed,", "{value: [failed],"), "events.yaml:19:", "expected a string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("events.yaml", []byte(c.events), "metrics.yaml", []byte(okMetrics))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("err = %v, want an ErrorList", err)
			}
			for _, item := range list {
				if strings.HasPrefix(item.Pos.String(), c.wantPos) && strings.Contains(item.Msg, c.wantInMsg) {
					if item.Hint == "" && !strings.Contains(item.Msg, "expected a string") {
						t.Errorf("%s: no hint on what to do", item)
					}
					return
				}
			}
			t.Errorf("no error at %s containing %q; got:\n%v", c.wantPos, c.wantInMsg, err)
		})
	}
}

// TestValueSetCap: at most MaxValues values.
func TestValueSetCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i <= MaxValues; i++ {
		b.WriteString("          - {value: v" + strings.Repeat("x", i%3) + itoa(i) + ", description: A value.}\n")
	}
	e := strings.Replace(okValueEvents, "          - {value: passed, description: Every check held.}\n          - {value: failed, description: A check failed.}\n", b.String(), 1)
	_, err := Parse("events.yaml", []byte(e), "metrics.yaml", []byte(okMetrics))
	if err == nil || !strings.Contains(err.Error(), "events.yaml:18:") || !strings.Contains(err.Error(), "at most 64") {
		t.Errorf("want a refusal at events.yaml:18 naming the cap, got %v", err)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
