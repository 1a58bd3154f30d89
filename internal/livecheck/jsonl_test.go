package livecheck

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

func defaultRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	r, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkText writes text to a file called name in a fresh directory,
// checks it and returns the report.
func checkText(t *testing.T, reg *registry.Registry, opts Options, name, text string) (*Report, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c := New(reg, opts)
	c.CheckPaths([]string{path})
	return c.Report(), path
}

// kindsAt lists the findings as "line kind", sorted, with the file name
// stripped.
func kindsAt(rep *Report, path string) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, strings.TrimPrefix(strings.TrimPrefix(f.Pos, path), ":")+" "+string(f.Kind))
	}
	sort.Strings(out)
	return out
}

const (
	ts     = `"ts":"2026-05-20T15:42:01.123Z"`
	start  = `{` + ts + `,"severity":"info","event":"training.run.start","run_id":"r1",`
	seqRun = "ACGTACGTACGTACGTACGTA" // 21 letters
)

// jsonlCases are one-line logs and the findings each must produce; a case
// without findings is a record that must pass.
var jsonlCases = []struct {
	name string
	line string
	want []Kind
}{
	{"valid record", start + `"data":{"model":"m","config_hash":"abc","seed":3,"tags":["a"]}}`, nil},
	{"valid error record", `{` + ts + `,"severity":"error","event":"eval.regression","run_id":"r1","error_code":"EvalError.Regression","data":{"benchmark":"b","metric":"m","score":1,"baseline":2.5}}`, nil},
	{"valid optional header fields", `{` + ts + `,"severity":"debug","event":"training.step","run_id":"r1","step":5,"epoch":0,"phase":"phase1","duration_ms":40,"trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef","data":{"loss_pred":2.5}}`, nil},
	{"non-finite floats as strings", `{` + ts + `,"severity":"debug","event":"training.step","run_id":"r1","data":{"loss_pred":"NaN","lr":"-Infinity","grad_norm":1e-3}}`, nil},
	{"maps of the registered type", `{` + ts + `,"severity":"info","event":"eval.run.end","run_id":"r1","data":{"benchmark":"b","scores":{"auroc":0.9,"f1":1},"passed":true}}`, nil},
	{"data before event", `{"data":{"model":"m","config_hash":"abc"},` + ts + `,"severity":"info","event":"training.run.start","run_id":"r1"}`, nil},
	{"19 DNA letters are not a run", start + `"data":{"model":"ACGTACGTACGTACGTACG","config_hash":"abc"}}`, nil},
	{"an escaped digit breaks a run", start + `"data":{"model":"ACGTACGTAC\u0031GTACGTACGTAC","config_hash":"abc"}}`, nil},
	{"two escaped newlines break a run", start + `"data":{"model":"ACGTACGTAC\n\nGTACGTACGTAC","config_hash":"abc"}}`, nil},
	{"one escaped newline is a separator", start + `"data":{"model":"ACGTACGTAC\nGTACGTACGTAC","config_hash":"abc"}}`, []Kind{DNA}},

	{"truncated line", start + `"data":{"model":`, []Kind{Malformed}},
	{"text after the record", start + `"data":{"model":"m","config_hash":"abc"}} {}`, []Kind{Malformed}},
	{"not an object", `["training.run.start"]`, []Kind{Malformed}},
	{"invalid UTF-8", start + "\"data\":{\"model\":\"m\xff\",\"config_hash\":\"abc\"}}", []Kind{Malformed}},
	{"control character in a string", start + "\"data\":{\"model\":\"m\x01\",\"config_hash\":\"abc\"}}", []Kind{Malformed}},
	{"malformed line still checked for DNA", start + `"data":{"model":"` + seqRun + `"`, []Kind{Malformed, DNA}},
	{"unregistered event", `{` + ts + `,"severity":"info","event":"training.run.begin","run_id":"r1","data":{}}`, []Kind{UnregisteredEvent}},
	{"unknown top-level key", start + `"host":"a","data":{"model":"m","config_hash":"abc"}}`, []Kind{UnknownKey}},
	{"data key outside the allowlist", start + `"data":{"model":"m","config_hash":"abc","gpu":"h100"}}`, []Kind{UnknownKey}},
	{"personal-data key", start + `"data":{"model":"m","config_hash":"abc","genotype":"0/1"}}`, []Kind{DeniedKey}},
	{"duplicate top-level key", start + `"run_id":"r2","data":{"model":"m","config_hash":"abc"}}`, []Kind{DuplicateKey}},
	{"duplicate data key", start + `"data":{"model":"m","model":"n","config_hash":"abc"}}`, []Kind{DuplicateKey}},
	{"int given as string", start + `"data":{"model":"m","config_hash":"abc","seed":"3"}}`, []Kind{WrongType}},
	{"int given as float", start + `"data":{"model":"m","config_hash":"abc","seed":3.5}}`, []Kind{WrongType}},
	{"list element of another type", start + `"data":{"model":"m","config_hash":"abc","tags":["a",1]}}`, []Kind{WrongType}},
	{"scalar where a list is registered", start + `"data":{"model":"m","config_hash":"abc","tags":"a"}}`, []Kind{WrongType}},
	{"nested object in a map", `{` + ts + `,"severity":"info","event":"eval.run.end","run_id":"r1","data":{"benchmark":"b","scores":{"a":{"b":1}}}}`, []Kind{WrongType}},
	{"null value", start + `"data":{"model":null,"config_hash":"abc"}}`, []Kind{WrongType}},
	{"data not an object", start + `"data":[]}`, []Kind{WrongType}},
	{"step not a number", `{` + ts + `,"severity":"debug","event":"training.step","run_id":"r1","step":"5","data":{"loss_pred":1}}`, []Kind{WrongType}},
	{"wrong type found after data came first", `{"data":{"model":1,"config_hash":"abc"},` + ts + `,"severity":"info","event":"training.run.start","run_id":"r1"}`, []Kind{WrongType}},
	{"ts without milliseconds", `{"ts":"2026-05-20T15:42:01Z","severity":"info","event":"training.run.start","run_id":"r1","data":{"model":"m","config_hash":"abc"}}`, []Kind{BadValue}},
	{"trace ids in upper case and short", start + `"trace_id":"0123456789ABCDEF0123456789ABCDEF","span_id":"0123","data":{"model":"m","config_hash":"abc"}}`, []Kind{BadValue, BadValue}},
	{"negative step", `{` + ts + `,"severity":"debug","event":"training.step","run_id":"r1","step":-1,"data":{"loss_pred":1}}`, []Kind{BadValue}},
	{"empty run_id", `{` + ts + `,"severity":"info","event":"training.run.start","run_id":"","data":{"model":"m","config_hash":"abc"}}`, []Kind{BadValue}},
	{"no ts and no data", `{"severity":"info","event":"training.run.start","run_id":"r1"}`, []Kind{MissingField, MissingField}},
	{"required data key missing", start + `"data":{"model":"m"}}`, []Kind{MissingField}},
	{"wrong severity", `{` + ts + `,"severity":"warn","event":"training.run.start","run_id":"r1","data":{"model":"m","config_hash":"abc"}}`, []Kind{WrongSeverity}},
	{"unknown severity", `{` + ts + `,"severity":"fatal","event":"training.run.start","run_id":"r1","data":{"model":"m","config_hash":"abc"}}`, []Kind{WrongSeverity}},
	{"error record without error_code", `{` + ts + `,"severity":"error","event":"eval.regression","run_id":"r1","data":{"benchmark":"b","metric":"m","score":1,"baseline":2}}`, []Kind{MissingErrorCode}},
	{"error code of another event", `{` + ts + `,"severity":"error","event":"eval.regression","run_id":"r1","error_code":"IOError.WriteFailed","data":{"benchmark":"b","metric":"m","score":1,"baseline":2}}`, []Kind{BadErrorCode}},
	{"error code on an info record", start + `"error_code":"IOError.WriteFailed","data":{"model":"m","config_hash":"abc"}}`, []Kind{BadErrorCode}},
	{"categorical value outside its set", `{` + ts + `,"severity":"debug","event":"inference.score.end","run_id":"r1","data":{"variant_id":"v1","pathogenicity":"probably fine","score":0.1}}`, []Kind{OutOfSet}},
	{"categorical value in its set", `{` + ts + `,"severity":"debug","event":"inference.score.end","run_id":"r1","data":{"variant_id":"v1","pathogenicity":"likely_benign","consequence":"missense","score":0.1}}`, nil},
	{"DNA in a data value", start + `"data":{"model":"` + seqRun + `","config_hash":"abc"}}`, []Kind{DNA}},
	{"DNA in lower case inside text", start + `"data":{"model":"x-` + strings.ToLower(seqRun) + `-y","config_hash":"abc"}}`, []Kind{DNA}},
	{"RNA", start + `"data":{"model":"GAUUACAGCUUGACCGUANGCAUG","config_hash":"abc"}}`, []Kind{DNA}},
	{"IUPAC codes inside a run", start + `"data":{"model":"ACGTRYKMSWBDHVNACGTRYKMSWBDHVN","config_hash":"abc"}}`, []Kind{DNA}},
	{"zero-width spaces between bases", start + `"data":{"model":"` + strings.Join(strings.Split(seqRun, ""), "\u200b") + `","config_hash":"abc"}}`, []Kind{DNA}},
	{"zero-width joiners between bases, raw UTF-8", start + `"data":{"model":"` + strings.Join(strings.Split(seqRun, ""), "\u200d") + `","config_hash":"abc"}}`, []Kind{DNA}},
	{"fullwidth letters", start + `"data":{"model":"ＧＡＴＴＡＣＡＧＣＴＴＧＡＣＣＧＴＡＮＧＣＡＴＧ","config_hash":"abc"}}`, []Kind{DNA}},
	{"a run split by single spaces", start + `"data":{"model":"` + strings.Join(strings.Split(seqRun, ""), " ") + `","config_hash":"abc"}}`, []Kind{DNA}},
	{"a run split by dashes, in a list", start + `"data":{"model":"m","config_hash":"abc","tags":["` + strings.Join(strings.Split(seqRun, ""), "-") + `"]}}`, []Kind{DNA}},
	{"prose and ids pass", start + `"data":{"model":"genolewm-base-1.3b-phase2","config_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","tags":["The trainer resumed from the last checkpoint.","NM_007294.4:c.68_69delAG","rs80357906","BRCA1","123e4567-e89b-12d3-a456-426614174000"]}}`, nil},
	{"DNA hidden by escapes", start + `"data":{"model":"ACGTACGTAC\u0047\u0054ACGTACGTAC","config_hash":"abc"}}`, []Kind{DNA}},
	{"DNA in a list element", start + `"data":{"model":"m","config_hash":"abc","tags":["ok","` + seqRun + `"]}}`, []Kind{DNA}},
	{"DNA in a map key", `{` + ts + `,"severity":"info","event":"eval.run.end","run_id":"r1","data":{"benchmark":"b","scores":{"` + seqRun + `":1}}}`, []Kind{DNA}},
	{"DNA in run_id", `{` + ts + `,"severity":"info","event":"training.run.start","run_id":"` + seqRun + `","data":{"model":"m","config_hash":"abc"}}`, []Kind{DNA}},
	{"DNA in an unknown key's value", start + `"data":{"model":"m","config_hash":"abc","note":"` + seqRun + `"}}`, []Kind{UnknownKey, DNA}},
	{"DNA in an unregistered event name", `{` + ts + `,"severity":"info","event":"` + seqRun + `","run_id":"r1","data":{}}`, []Kind{UnregisteredEvent, DNA}},
}

func TestJSONL(t *testing.T) {
	reg := defaultRegistry(t)
	for _, tc := range jsonlCases {
		t.Run(tc.name, func(t *testing.T) {
			rep, path := checkText(t, reg, Options{}, "run.jsonl", tc.line+"\n")
			var want []string
			for _, k := range tc.want {
				want = append(want, "1 "+string(k))
			}
			sort.Strings(want)
			got := kindsAt(rep, path)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("findings %q, want %q\n%v", got, want, rep.Findings)
			}
			if rep.Violations != len(tc.want) {
				t.Errorf("Violations = %d, want %d", rep.Violations, len(tc.want))
			}
			for _, f := range rep.Findings {
				if strings.Contains(f.Message, seqRun) || strings.Contains(strings.ToLower(f.Message), strings.ToLower(seqRun[:20])) {
					t.Errorf("finding quotes the DNA it reports: %s", f)
				}
			}
		})
	}
}

func TestJSONLLinesAndCoverage(t *testing.T) {
	reg := defaultRegistry(t)
	good := start + `"data":{"model":"m","config_hash":"abc"}}`
	log := good + "\n\n" + good + "\n" + `{"ts":1}` + "\n" + good // no final newline
	rep, path := checkText(t, reg, Options{}, "run.jsonl", log)
	got := kindsAt(rep, path)
	// ts is there, of the wrong type; severity, event, run_id and data are not.
	want := []string{"4 missing-field", "4 missing-field", "4 missing-field", "4 missing-field", "4 wrong-type"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("findings %q, want %q (blank line 2 still counts as a line)", got, want)
	}
	if rep.Files[0].Records != 4 || rep.Files[0].Padding != 1 {
		t.Errorf("Records = %d, Padding = %d; want 4 and 1 (blank lines are the runtime's padding, not records)", rep.Files[0].Records, rep.Files[0].Padding)
	}
	for _, c := range rep.Events {
		if want := map[bool]int64{true: 3, false: 0}[c.Name == "training.run.start"]; c.Count != want {
			t.Errorf("coverage of %s = %d, want %d", c.Name, c.Count, want)
		}
	}
}

func TestLongLine(t *testing.T) {
	reg := defaultRegistry(t)
	good := start + `"data":{"model":"m","config_hash":"abc"}}`
	long := start + `"data":{"model":"` + strings.Repeat("x", 3<<20) + `","config_hash":"abc"}}`
	rep, path := checkText(t, reg, Options{MaxLine: 2 << 20}, "run.jsonl", good+"\n"+long+"\n"+long[:len(long)-2]+"\n"+good+"\n")
	got := kindsAt(rep, path)
	if want := []string{"2 malformed", "3 malformed"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("findings %q, want %q", got, want)
	}
	if rep.Events[0].Count != 2 {
		t.Errorf("records after the long lines were not checked: count %d, want 2", rep.Events[0].Count)
	}
	// Within MaxLine, a line longer than the read buffer is checked whole.
	rep, path = checkText(t, reg, Options{}, "run.jsonl", long+"\n"+start+`"data":{"model":"`+strings.Repeat("x", 3<<20)+seqRun+`","config_hash":"abc"}}`+"\n")
	if got := kindsAt(rep, path); strings.Join(got, ",") != "2 dna" {
		t.Errorf("long lines: findings %q, want [2 dna]", got)
	}
}

func TestDeprecatedWarnsOnce(t *testing.T) {
	ev, err := os.ReadFile("../../registry/events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	me, err := os.ReadFile("../../registry/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(ev), "    description: Trainer initialized.\n", "    description: Trainer initialized.\n    deprecated: {reason: Use training.run.end., replacement: training.run.end}\n", 1)
	text = strings.Replace(text, `{name: seed, type: int, description: "Global random seed."}`, `{name: seed, type: int, description: "Global random seed.", deprecated: {reason: "In config."}}`, 1)
	reg, err := registry.Parse("events.yaml", []byte(text), "metrics.yaml", me)
	if err != nil {
		t.Fatal(err)
	}
	line := start + `"data":{"model":"m","config_hash":"abc","seed":1}}` + "\n"
	rep, path := checkText(t, reg, Options{}, "run.jsonl", line+line)
	if got := kindsAt(rep, path); strings.Join(got, ",") != "1 deprecated,1 deprecated" {
		t.Errorf("findings %q, want one warning each for the event and the key", got)
	}
	if rep.Violations != 0 || rep.Warnings != 2 {
		t.Errorf("violations %d, warnings %d; want 0, 2", rep.Violations, rep.Warnings)
	}
	if !rep.Events[0].Deprecated {
		t.Error("coverage does not mark the deprecated event")
	}
}

func TestMaxFindings(t *testing.T) {
	reg := defaultRegistry(t)
	bad := `{"ts":1}` + "\n"
	rep, _ := checkText(t, reg, Options{MaxFindings: 3}, "run.jsonl", strings.Repeat(bad, 10))
	// Five findings a line: ts of the wrong type, four fields missing.
	if len(rep.Findings) != 3 || rep.Omitted != 47 || rep.Violations != 50 || rep.Counts[MissingField] != 40 {
		t.Errorf("kept %d, omitted %d, violations %d, missing-field %d; want 3, 47, 50, 40", len(rep.Findings), rep.Omitted, rep.Violations, rep.Counts[MissingField])
	}
}
