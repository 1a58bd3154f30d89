package regdiff

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestBump(t *testing.T) {
	for _, tc := range []struct {
		v    string
		c    Class
		want string
	}{
		{"0.1.0", None, "0.1.0"},
		{"0.1.0", Patch, "0.1.1"},
		{"0.1.3", Minor, "0.2.0"},
		{"0.1.3", Major, "1.0.0"},
		{"2.4.1", Major, "3.0.0"},
	} {
		if got := Bump(tc.v, tc.c); got != tc.want {
			t.Errorf("Bump(%s, %s) = %s, want %s", tc.v, tc.c, got, tc.want)
		}
	}
}

// removal is a MAJOR change: the train.step key lr goes.
var removal = edits{`      - {name: lr, type: float, description: "Learning rate."}` + "\n", ""}

func setVersion(v string) edits {
	return edits{"version: 1.2.0", "version: " + v}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name       string
		headEv     edits
		headVer    string
		fail       string // substring of the one expected problem, "" for none
		advice     string
		suggestion string
	}{
		{"major change, same major", removal, "1.2.0", "set `version: 2.0.0`", "", "2.0.0"},
		{"major change, minor bump only", removal, "1.3.0", "keeps the base's major version", "", "2.0.0"},
		{"major change, major raised", removal, "2.0.0", "", "", "2.0.0"},
		{"minor change, not yet bumped", edits{`description: "Learning rate."}`, `description: "Learning rate.", deprecated: {reason: "Old."}}`}, "1.2.0", "", "release these changes as 1.3.0", "1.3.0"},
		{"patch change, bumped", edits{"description: Every step.", "description: Each step."}, "1.2.1", "", "", "1.2.1"},
		{"version lowered", nil, "1.1.0", "lower than the base's 1.2.0", "", "1.2.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := append(append(edits{}, tc.headEv...), setVersion(tc.headVer)...)
			base, head := pairOf(t, nil, nil, ev, setVersion(tc.headVer))
			rep := Compare(base, head, "base", "head")
			probs := rep.Check()
			switch {
			case tc.fail == "" && len(probs) > 0:
				t.Errorf("Check() = %q, want no problem", probs)
			case tc.fail != "" && (len(probs) != 1 || !strings.Contains(probs[0], tc.fail)):
				t.Errorf("Check() = %q, want one problem containing %q", probs, tc.fail)
			}
			if a := rep.Advice(); (tc.advice == "") != (a == "") || !strings.Contains(a, tc.advice) {
				t.Errorf("Advice() = %q, want %q", a, tc.advice)
			}
			if s := rep.Suggested(); s != tc.suggestion {
				t.Errorf("Suggested() = %s, want %s", s, tc.suggestion)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	base, head := pairOf(t, nil, nil, append(removal, "description: Every step.", "description: Each step."), nil)
	rep := Compare(base, head, "v1.2.0", "working tree")

	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"CLASS", "MAJOR  field.removed", "event train.step key lr", "- float", "base/events.yaml:",
		"PATCH  event.description", "Every step. -> Each step.",
		"MAJOR: 1 MAJOR, 0 MINOR, 1 PATCH change(s) from v1.2.0 (1.2.0) to working tree (1.2.0); release as 2.0.0 or later",
		"FAIL: 1 MAJOR change(s)",
	} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text output lacks %q:\n%s", s, text.String())
		}
	}

	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Verdict   string `json:"verdict"`
		Suggested string `json:"suggested_version"`
		OK        bool   `json:"ok"`
		Problems  []string
		Changes   []struct {
			Class, Kind, Item, Old, New, Pos, Note string
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatalf("json output does not parse: %v\n%s", err, js.String())
	}
	if doc.Verdict != "MAJOR" || doc.Suggested != "2.0.0" || doc.OK || len(doc.Problems) != 1 || len(doc.Changes) != 2 {
		t.Errorf("json verdict %s, suggested %s, ok %v, %d problems, %d changes; want MAJOR 2.0.0 false 1 2", doc.Verdict, doc.Suggested, doc.OK, len(doc.Problems), len(doc.Changes))
	}
	if c := doc.Changes[0]; c.Class != "MAJOR" || c.Kind != "field.removed" || c.Old != "float" || !strings.HasPrefix(c.Pos, "base/events.yaml:") {
		t.Errorf("first json change = %+v", c)
	}

	var md bytes.Buffer
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"### Registry diff: MAJOR", "| Class | Change | Item |", "| MAJOR | `field.removed` | event train.step key lr | removed float |"} {
		if !strings.Contains(md.String(), s) {
			t.Errorf("markdown output lacks %q:\n%s", s, md.String())
		}
	}
}

func TestEmptyReport(t *testing.T) {
	base, head := pairOf(t, nil, nil, nil, nil)
	rep := Compare(base, head, "a", "b")
	if rep.Verdict() != None || len(rep.Check()) != 0 || rep.Advice() != "" || rep.Suggested() != "1.2.0" {
		t.Errorf("identical registries: verdict %s, check %q, advice %q, suggested %s", rep.Verdict(), rep.Check(), rep.Advice(), rep.Suggested())
	}
	var js bytes.Buffer
	rep.WriteJSON(&js)
	if !strings.Contains(js.String(), `"changes": []`) {
		t.Errorf("json of no changes should hold an empty list, not null:\n%s", js.String())
	}
}

func TestDeprecationNamesNewReplacement(t *testing.T) {
	var ev edits
	for _, tc := range diffCases {
		if tc.name == "event deprecated in favour of a new event is one change" {
			ev = tc.headEv
		}
	}
	base, head := pairOf(t, nil, nil, ev, nil)
	rep := Compare(base, head, "a", "b")
	if len(rep.Changes) != 1 || rep.Changes[0].Note != "use data.cache.lookup instead (added in this version)" {
		t.Errorf("changes = %+v; want one deprecation whose note names the new replacement", rep.Changes)
	}
}
