package livecheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

const scoreEnd = `{` + ts + `,"severity":"debug","event":"inference.score.end","run_id":"r1",`

// secret is an out-of-set value that must never appear in a finding.
const secret = "sample NA12878 looked benign to me"

// TestOutOfSetPosition: an out-of-set value is reported with file:line
// and the key, a list element with its index, and never with the value.
func TestOutOfSetPosition(t *testing.T) {
	reg := defaultRegistry(t)
	errRec := `{` + ts + `,"severity":"error","event":"error","run_id":"r1","error_code":"IOError.WriteFailed","data":{"message":"m","component":"promfile",`
	log := strings.Join([]string{
		scoreEnd + `"data":{"variant_id":"v1","pathogenicity":"benign","score":0.1}}`,
		scoreEnd + `"data":{"variant_id":"v1","pathogenicity":"` + secret + `","score":0.1}}`,
		errRec + `"rules":["dna","` + secret + `","size","Dna"]}}`,
		// data before the event: checked once the event is known.
		`{"data":{"variant_id":"v1","pathogenicity":"pathogenic","consequence":"` + secret + `","score":0.1},` + ts + `,"severity":"debug","event":"inference.score.end","run_id":"r1"}`,
		// escapes are resolved before the lookup: \u005f is '_'.
		scoreEnd + `"data":{"variant_id":"v1","pathogenicity":"likely\u005fbenign","score":0.1}}`,
		scoreEnd + `"data":{"variant_id":"v1","pathogenicity":"secret\u0020value","score":0.1}}`,
	}, "\n") + "\n"
	rep, path := checkText(t, reg, Options{}, "run.jsonl", log)
	var got []string
	for _, f := range rep.Findings {
		if f.Kind != OutOfSet {
			t.Errorf("unexpected finding %s", f)
			continue
		}
		at, _, _ := strings.Cut(f.Message, " is outside")
		got = append(got, strings.TrimPrefix(f.Pos, path+":")+" "+at)
		if !strings.HasPrefix(f.Pos, path+":") {
			t.Errorf("finding without file:line: %s", f)
		}
	}
	want := []string{"2 data.pathogenicity", "3 data.rules[1]", "3 data.rules[3]", "4 data.consequence", "6 data.pathogenicity"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("out-of-set findings %q, want %q", got, want)
	}
	if rep.Violations != len(want) || rep.Counts[OutOfSet] != len(want) {
		t.Errorf("violations %d, out-of-set %d; want %d", rep.Violations, rep.Counts[OutOfSet], len(want))
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{secret, "NA12878", "secret value", "secret", "Dna"} {
		if strings.Contains(string(js), leak) {
			t.Errorf("the report quotes the out-of-set value %q: %s", leak, js)
		}
	}
	if !strings.Contains(rep.Findings[0].Message, "benign, likely_benign, uncertain, likely_pathogenic, pathogenic") {
		t.Errorf("finding does not list the registered values: %s", rep.Findings[0])
	}
	// Coverage is unchanged: every record counts, in set or not.
	for _, c := range rep.Events {
		want := map[string]int64{"inference.score.end": 5, "error": 1}[c.Name]
		if c.Count != want {
			t.Errorf("coverage of %s = %d, want %d", c.Name, c.Count, want)
		}
	}
}

// TestOutOfSetWithOtherFindings: a wrong type is a wrong type, not an
// out-of-set value; a DNA value out of the set is both, shown neither way.
func TestOutOfSetWithOtherFindings(t *testing.T) {
	reg := defaultRegistry(t)
	for _, tc := range []struct {
		name, data string
		want       []Kind
	}{
		{"number where a categorical string is registered", `"pathogenicity":3`, []Kind{WrongType}},
		{"list where a categorical string is registered", `"pathogenicity":["benign"]`, []Kind{WrongType}},
		{"DNA out of the set", `"pathogenicity":"` + seqRun + `"`, []Kind{DNA, OutOfSet}},
		{"empty string is out of the set", `"pathogenicity":""`, []Kind{OutOfSet}},
		{"case matters", `"pathogenicity":"Benign"`, []Kind{OutOfSet}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, path := checkText(t, reg, Options{}, "run.jsonl", scoreEnd+`"data":{"variant_id":"v1",`+tc.data+`,"score":0.1}}`+"\n")
			var want []string
			for _, k := range tc.want {
				want = append(want, "1 "+string(k))
			}
			if got := kindsAt(rep, path); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("findings %q, want %q", got, want)
			}
			for _, f := range rep.Findings {
				if strings.Contains(strings.ToLower(f.Message), strings.ToLower(seqRun[:20])) {
					t.Errorf("finding shows the value: %s", f)
				}
			}
		})
	}
}

// TestEveryValueSet builds a valid record of each event with a
// categorical key from the registry itself: every registered value
// passes, and a value outside the set is one out-of-set finding at that
// key (for a list, at the element).
func TestEveryValueSet(t *testing.T) {
	reg := defaultRegistry(t)
	n := 0
	for _, ev := range reg.Events {
		for _, f := range ev.Fields {
			if len(f.Values) == 0 {
				continue
			}
			n++
			for _, v := range append(f.ValueStrings(), "not a registered value") {
				line := recordWith(t, ev, f, v)
				rep, _ := checkText(t, reg, Options{}, "run.jsonl", line+"\n")
				inSet := v != "not a registered value"
				switch {
				case inSet && rep.Violations != 0:
					t.Errorf("%s.%s = %q: %v", ev.Name, f.Name, v, rep.Findings)
				case !inSet:
					want := "data." + f.Name
					if f.T.Shape == registry.ListShape {
						want += "[1]"
					}
					if rep.Violations != 1 || rep.Counts[OutOfSet] != 1 || !strings.HasPrefix(rep.Findings[0].Message, want+" is outside") {
						t.Errorf("%s.%s out of set: %v, want one out-of-set finding at %s", ev.Name, f.Name, rep.Findings, want)
					}
				}
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d categorical keys in the registry", n)
	}
}

// recordWith is a valid record of ev whose key f holds v (for a list, as
// its second element after a registered value).
func recordWith(t *testing.T, ev *registry.Event, f *registry.Field, v string) string {
	t.Helper()
	rec := map[string]any{"ts": "2026-05-20T15:42:01.123Z", "severity": ev.Severity, "event": ev.Name, "run_id": "r1"}
	if len(ev.ErrorCodes) > 0 {
		rec["error_code"] = ev.ErrorCodes[0].Value
	}
	data := map[string]any{}
	for _, g := range ev.Fields {
		if !g.Required && g != f {
			continue
		}
		var elem any
		switch g.T.Elem {
		case registry.Int:
			elem = 1
		case registry.Float:
			elem = 1.5
		case registry.Bool:
			elem = true
		default:
			elem = "x"
			if len(g.Values) > 0 {
				elem = g.Values[0].Value
			}
		}
		if g == f {
			elem = v
		}
		switch g.T.Shape {
		case registry.ListShape:
			first := elem
			if len(g.Values) > 0 {
				first = g.Values[0].Value
			}
			data[g.Name] = []any{first, elem}
		case registry.MapShape:
			data[g.Name] = map[string]any{"k": elem}
		default:
			data[g.Name] = elem
		}
	}
	rec["data"] = data
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOutOfSetAllocs: checking categorical keys does not allocate.
func TestOutOfSetAllocs(t *testing.T) {
	reg := defaultRegistry(t)
	c := New(reg, Options{MaxFindings: 1})
	lines := [][]byte{
		[]byte(scoreEnd + `"data":{"variant_id":"v1","pathogenicity":"uncertain","consequence":"synonymous","score":0.1}}`),
		[]byte(`{` + ts + `,"severity":"error","event":"error","run_id":"r1","error_code":"IOError.WriteFailed","data":{"message":"m","rules":["dna","size"]}}`),
	}
	allocs := testing.AllocsPerRun(100, func() {
		for i, l := range lines {
			c.record("a.jsonl", i, l)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per categorical record, want 0", allocs)
	}
	if c.rep.Violations != 0 {
		t.Fatalf("lines are not valid: %v", c.rep.Findings)
	}
}
