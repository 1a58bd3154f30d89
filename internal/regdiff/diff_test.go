package regdiff

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

// edits rewrites the base registry text: each pair is old, new; old must
// occur exactly once so that a stale edit fails loudly.
type edits []string

func (e edits) apply(t *testing.T, s string) string {
	t.Helper()
	for i := 0; i+1 < len(e); i += 2 {
		if n := strings.Count(s, e[i]); n != 1 {
			t.Fatalf("edit %q occurs %d times in the base registry, want 1", e[i], n)
		}
		s = strings.Replace(s, e[i], e[i+1], 1)
	}
	return s
}

func readTestdata(t *testing.T) (string, string) {
	t.Helper()
	ev, err := os.ReadFile("testdata/events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	me, err := os.ReadFile("testdata/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(ev), string(me)
}

// parse loads the test registry as it is, without the core: the cases
// test the comparison, on a registry small enough to read; load_test.go
// covers registries merged with the core.
func parse(t *testing.T, label, ev, me string) *registry.Registry {
	t.Helper()
	r, err := registry.ParseStandalone(label+"/events.yaml", []byte(ev), label+"/metrics.yaml", []byte(me))
	if err != nil {
		t.Fatalf("%s registry does not load:\n%v", label, err)
	}
	return r
}

// pair loads the base registry with baseEv/baseMe edits and the head with
// the base edits followed by the head edits.
func pairOf(t *testing.T, baseEv, baseMe, headEv, headMe edits) (*registry.Registry, *registry.Registry) {
	t.Helper()
	ev, me := readTestdata(t)
	ev, me = baseEv.apply(t, ev), baseMe.apply(t, me)
	return parse(t, "base", ev, me), parse(t, "head", headEv.apply(t, ev), headMe.apply(t, me))
}

type want struct {
	kind Kind
	item string
}

var diffCases = []struct {
	name           string
	baseEv, baseMe edits
	headEv, headMe edits
	want           []want
}{
	{name: "a key gets a value set", headEv: edits{"      - {name: cache, type: string, required: true, description: \"Cache name.\"}", "      - {name: cache, type: string, required: true, description: \"Cache name.\", values: [{value: tokenizer, description: \"T.\"}, {value: windows, description: \"W.\"}]}"},
		want: []want{{FieldValuesClosed, "event data.cache.hit key cache"}}},
	{name: "a categorical key becomes free text", baseEv: edits{"      - {name: cache, type: string, required: true, description: \"Cache name.\"}", "      - {name: cache, type: string, required: true, description: \"Cache name.\", values: [{value: tokenizer, description: \"T.\"}, {value: windows, description: \"W.\"}]}"}, headEv: edits{", values: [{value: tokenizer, description: \"T.\"}, {value: windows, description: \"W.\"}]", ""},
		want: []want{{FieldValuesOpened, "event data.cache.hit key cache"}}},
	{name: "values added, removed, described", baseEv: edits{"      - {name: cache, type: string, required: true, description: \"Cache name.\"}", "      - {name: cache, type: string, required: true, description: \"Cache name.\", values: [{value: tokenizer, description: \"T.\"}, {value: windows, description: \"W.\"}]}"},
		headEv: edits{"{value: tokenizer, description: \"T.\"}, {value: windows, description: \"W.\"}", "{value: windows, description: \"Windows.\"}, {value: shards, description: \"S.\"}"},
		want:   []want{{FieldValueRemoved, "event data.cache.hit key cache value tokenizer"}, {FieldValueAdded, "event data.cache.hit key cache value shards"}, {FieldValueDescription, "event data.cache.hit key cache value windows"}}},
	{name: "no change"},
	{
		name:   "event description",
		headEv: edits{"description: Every step.", "description: Each optimizer step."},
		want:   []want{{EventDescription, "event train.step"}},
	},
	{
		name: "event added",
		headEv: edits{"events:\n", `events:
  - name: train.pause
    severity: info
    description: Paused.
    stability: experimental
    since: 1.2.0
`},
		want: []want{{EventAdded, "event train.pause"}},
	},
	{
		name:   "event removed, never deprecated",
		headEv: edits{"  - name: data.cache.hit\n    severity: debug\n    description: Cache hit.\n    stability: experimental\n    since: 1.1.0\n    fields:\n      - {name: cache, type: string, required: true, description: \"Cache name.\"}\n", ""},
		want:   []want{{EventRemoved, "event data.cache.hit"}},
	},
	{
		name:   "event renamed with renamed_from is one change",
		headEv: edits{"  - name: data.cache.hit\n", "  - name: data.cache.hits\n    renamed_from: data.cache.hit\n"},
		want:   []want{{EventRenamed, "event data.cache.hits"}},
	},
	{
		name: "event renamed with renamed_from, and its fields compared",
		headEv: edits{
			"  - name: data.cache.hit\n", "  - name: data.cache.hits\n    renamed_from: data.cache.hit\n",
			`{name: cache, type: string, required: true, description: "Cache name."}`, `{name: cache, type: int, required: true, description: "Cache name."}`,
		},
		want: []want{{EventRenamed, "event data.cache.hits"}, {FieldType, "event data.cache.hits key cache"}},
	},
	{
		name: "event deprecated in favour of a new event is one change",
		headEv: edits{"    since: 1.1.0\n", `    since: 1.1.0
    deprecated: {since: 1.2.0, reason: "Split by cache.", replacement: data.cache.lookup}
`, "events:\n", `events:
  - name: data.cache.lookup
    severity: debug
    description: Cache lookup.
    stability: experimental
    since: 1.2.0
    fields:
      - {name: hit, type: bool, required: true, description: "Hit or miss."}
`},
		want: []want{{EventDeprecated, "event data.cache.hit"}},
	},
	{
		name:   "event severity",
		headEv: edits{"severity: debug\n    description: Every step.", "severity: info\n    description: Every step."},
		want:   []want{{EventSeverity, "event train.step"}},
	},
	{
		name:   "stable event made experimental",
		headEv: edits{"description: Every step.\n    stability: stable", "description: Every step.\n    stability: experimental"},
		want:   []want{{EventStabilityLowered, "event train.step"}},
	},
	{
		name:   "experimental event made stable",
		headEv: edits{"stability: experimental\n    since: 1.1.0", "stability: stable\n    since: 1.1.0"},
		want:   []want{{EventStabilityRaised, "event data.cache.hit"}},
	},
	{
		name:   "event sampling",
		headEv: edits{"sampling: {every: log_every}", "sampling: {one_in: 10}"},
		want:   []want{{EventSampling, "event train.step"}},
	},
	{
		name:   "event since",
		headEv: edits{"since: 1.1.0", "since: 1.0.0"},
		want:   []want{{EventSince, "event data.cache.hit"}},
	},
	{
		name:   "event undeprecated and deprecation reworded",
		baseEv: edits{"    since: 1.1.0\n", "    since: 1.1.0\n    deprecated: {reason: Too chatty.}\n", "description: Regression.\n", "description: Regression.\n    deprecated: {reason: Use error.}\n"},
		headEv: edits{"    deprecated: {reason: Too chatty.}\n", "", "{reason: Use error.}", "{reason: Use the error event.}"},
		want:   []want{{EventDeprecationText, "event eval.regression"}, {EventUndeprecated, "event data.cache.hit"}},
	},
	{
		name:   "event error codes",
		headEv: edits{"error_codes: [EvalError.Regression]", "error_codes: [IOError.WriteFailed]"},
		want:   []want{{EventCodeRemoved, "event eval.regression error_code EvalError.Regression"}, {EventCodeAdded, "event eval.regression error_code IOError.WriteFailed"}},
	},
	{
		name: "optional and required keys added",
		headEv: edits{`{name: score, type: float, required: true, description: "Score."}`, `{name: score, type: float, required: true, description: "Score."}
      - {name: delta, type: float, description: "Drop."}
      - {name: suite, type: string, required: true, description: "Suite."}`},
		want: []want{{FieldAddedRequired, "event eval.regression key suite"}, {FieldAdded, "event eval.regression key delta"}},
	},
	{
		name:   "key removed",
		headEv: edits{`      - {name: lr, type: float, description: "Learning rate."}` + "\n", ""},
		want:   []want{{FieldRemoved, "event train.step key lr"}},
	},
	{
		name:   "key renamed with renamed_from",
		headEv: edits{`{name: lr, type: float,`, `{name: learning_rate, renamed_from: lr, type: float,`},
		want:   []want{{FieldRenamed, "event train.step key learning_rate"}},
	},
	{
		name: "key type, required, unit and description",
		headEv: edits{
			`{name: lr, type: float, description: "Learning rate."}`, `{name: lr, type: "list[float]", description: "Learning rate."}`,
			`{name: loss, type: float, required: true,`, `{name: loss, type: float,`,
			`unit: ms, description: "Wall time."`, `unit: s, description: "Wall time of the step."`,
		},
		want: []want{
			{FieldRequired, "event train.step key loss"}, {FieldType, "event train.step key lr"},
			{FieldUnit, "event train.step key wall_ms"}, {FieldDescription, "event train.step key wall_ms"},
		},
	},
	{
		name:   "key deprecated",
		headEv: edits{`description: "Learning rate."}`, `description: "Learning rate.", deprecated: {reason: "Logged by training.metric."}}`},
		want:   []want{{FieldDeprecated, "event train.step key lr"}},
	},
	{
		name: "key undeprecated and deprecation reworded",
		baseEv: edits{
			`description: "Learning rate."}`, `description: "Learning rate.", deprecated: {reason: "Old."}}`,
			`description: "Wall time."}`, `description: "Wall time.", deprecated: {reason: "Old."}}`,
		},
		headEv: edits{`"Learning rate.", deprecated: {reason: "Old."}}`, `"Learning rate."}`, `"Wall time.", deprecated: {reason: "Old."}}`, `"Wall time.", deprecated: {reason: "Older."}}`},
		want:   []want{{FieldUndeprecated, "event train.step key lr"}, {FieldDeprecationText, "event train.step key wall_ms"}},
	},
	{
		name: "metric added",
		headMe: edits{"metrics:\n", `metrics:
  - name: app.queue.depth
    kind: gauge
    unit: unitless
    description: queue depth
    stability: experimental
    since: 1.2.0
`},
		want: []want{{MetricAdded, "metric app.queue.depth"}},
	},
	{
		name:   "metric removed",
		headMe: edits{"  - name: app.cache.hit\n    kind: counter\n    unit: ops\n    description: cache hits\n    stability: stable\n    since: 1.0.0\n    labels:\n      - name: cache\n        description: Cache name.\n        values: [windows, tokens]\n", ""},
		want:   []want{{MetricRemoved, "metric app.cache.hit"}},
	},
	{
		name:   "metric renamed with renamed_from",
		headMe: edits{"  - name: app.cache.hit\n", "  - name: app.cache.hits\n    renamed_from: app.cache.hit\n"},
		want:   []want{{MetricRenamed, "metric app.cache.hits"}},
	},
	{
		name:   "metric kind and unit",
		headMe: edits{"kind: counter\n    unit: ops", "kind: gauge\n    unit: unitless", "kind: histogram\n    unit: ms", "kind: histogram\n    unit: s"},
		want:   []want{{MetricKind, "metric app.cache.hit"}, {MetricUnit, "metric app.cache.hit"}, {MetricUnit, "metric app.step.duration"}},
	},
	{
		name:   "metric stability, description and since",
		headMe: edits{"description: cache hits\n    stability: stable\n    since: 1.0.0", "description: cache hit count\n    stability: experimental\n    since: 1.1.0", "stability: experimental\n    since: 1.0.0\n    labels:\n      - name: code", "stability: stable\n    since: 1.0.0\n    labels:\n      - name: code"},
		want: []want{
			{MetricStabilityLowered, "metric app.cache.hit"}, {MetricStabilityRaised, "metric app.errors.raised"},
			{MetricDescription, "metric app.cache.hit"}, {MetricSince, "metric app.cache.hit"},
		},
	},
	{
		name:   "metric deprecation lifecycle",
		baseMe: edits{"description: errors\n", "description: errors\n    deprecated: {reason: Old.}\n", "description: per step\n", "description: per step\n    deprecated: {reason: Old.}\n"},
		headMe: edits{"description: cache hits\n", "description: cache hits\n    deprecated: {reason: Merged.}\n", "description: errors\n    deprecated: {reason: Old.}\n", "description: errors\n", "per step\n    deprecated: {reason: Old.}", "per step\n    deprecated: {reason: Older.}"},
		want:   []want{{MetricDeprecationText, "metric app.step.duration"}, {MetricDeprecated, "metric app.cache.hit"}, {MetricUndeprecated, "metric app.errors.raised"}},
	},
	{
		name:   "buckets",
		headMe: edits{"buckets: [10, 100, 1000]", "buckets: [10, 50, 100]"},
		want:   []want{{BucketAdded, "metric app.step.duration bucket 50"}, {BucketRemoved, "metric app.step.duration bucket 1000"}},
	},
	{
		name: "labels and label values",
		headMe: edits{
			"values: [windows, tokens]", "values: [windows, shards]\n      - name: tier\n        description: Cache tier.\n        values: [memory, disk]",
			"        description: Error code.\n", "        description: Registered error code.\n",
		},
		want: []want{
			{LabelAdded, "metric app.cache.hit label tier"}, {LabelValueRemoved, "metric app.cache.hit label cache value tokens"},
			{LabelValueAdded, "metric app.cache.hit label cache value shards"}, {LabelDescription, "metric app.errors.raised label code"},
		},
	},
	{
		name:   "label removed",
		headMe: edits{"    labels:\n      - name: code\n        description: Error code.\n        values_from: error_codes\n", ""},
		want:   []want{{LabelRemoved, "metric app.errors.raised label code"}},
	},
	{
		name:   "error code added reaches label values taken from the registry",
		headEv: edits{"error_codes:\n", "error_codes:\n  - code: DataError.Corrupt\n    description: Bad shard.\n"},
		want:   []want{{CodeAdded, "error_code DataError.Corrupt"}, {LabelValueAdded, "metric app.errors.raised label code value DataError.Corrupt"}},
	},
	{
		name:   "error code removed",
		headEv: edits{"  - code: IOError.WriteFailed\n    description: A write failed.\n", ""},
		want:   []want{{CodeRemoved, "error_code IOError.WriteFailed"}, {LabelValueRemoved, "metric app.errors.raised label code value IOError.WriteFailed"}},
	},
	{
		name:   "error code lifecycle",
		baseEv: edits{"description: A write failed.\n", "description: A write failed.\n    deprecated: {reason: Old.}\n"},
		headEv: edits{"description: A smoke eval regressed.\n", "description: A smoke eval scored below baseline.\n    deprecated: {reason: Use event.}\n", "    deprecated: {reason: Old.}\n", ""},
		want:   []want{{CodeDeprecated, "error_code EvalError.Regression"}, {CodeDescription, "error_code EvalError.Regression"}, {CodeUndeprecated, "error_code IOError.WriteFailed"}},
	},
	{
		name:   "error code deprecation reworded",
		baseEv: edits{"description: A write failed.\n", "description: A write failed.\n    deprecated: {reason: Old.}\n"},
		headEv: edits{"{reason: Old.}", "{reason: Older.}"},
		want:   []want{{CodeDeprecationText, "error_code IOError.WriteFailed"}},
	},
	{
		name:   "deny keys",
		headEv: edits{"deny_keys: [vcf_content, genotype]", "deny_keys: [vcf_content, sample_id]"},
		want:   []want{{DenyKeyRemoved, "deny_key genotype"}, {DenyKeyAdded, "deny_key sample_id"}},
	},
}

func TestCompare(t *testing.T) {
	seen := map[Kind]bool{}
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			base, head := pairOf(t, tc.baseEv, tc.baseMe, tc.headEv, tc.headMe)
			rep := Compare(base, head, "base", "head")
			var got, exp []string
			for _, c := range rep.Changes {
				got = append(got, string(c.Kind)+" | "+c.Item)
				seen[c.Kind] = true
				if c.Class != Kinds[c.Kind] {
					t.Errorf("%s has class %s, table says %s", c.Kind, c.Class, Kinds[c.Kind])
				}
				if c.Pos == "" {
					t.Errorf("%s %s has no position", c.Kind, c.Item)
				}
			}
			for _, w := range tc.want {
				exp = append(exp, string(w.kind)+" | "+w.item)
			}
			sort.Strings(got)
			sort.Strings(exp)
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
			}
			for i := 1; i < len(rep.Changes); i++ {
				if rep.Changes[i].Class > rep.Changes[i-1].Class {
					t.Errorf("changes not ordered by class: %s after %s", rep.Changes[i].Class, rep.Changes[i-1].Class)
				}
			}
		})
	}
	for k := range Kinds {
		// The record format is the core's: TestRecordFieldChanges covers it.
		if !seen[k] && !strings.HasPrefix(string(k), "record_field.") {
			t.Errorf("no test case produces change kind %s", k)
		}
	}
}

func TestNotes(t *testing.T) {
	base, head := pairOf(t,
		edits{"    since: 1.1.0\n", "    since: 1.1.0\n    deprecated: {since: 1.1.0, reason: Too chatty., replacement: train.step}\n"}, nil,
		edits{"  - name: data.cache.hit\n    severity: debug\n    description: Cache hit.\n    stability: experimental\n    since: 1.1.0\n    deprecated: {since: 1.1.0, reason: Too chatty., replacement: train.step}\n    fields:\n      - {name: cache, type: string, required: true, description: \"Cache name.\"}\n", "",
			`      - {name: lr, type: float, description: "Learning rate."}` + "\n", ""}, nil)
	rep := Compare(base, head, "base", "head")
	notes := map[Kind]string{}
	for _, c := range rep.Changes {
		notes[c.Kind] = c.Note
	}
	if n := notes[EventRemoved]; !strings.Contains(n, "was deprecated: Too chatty (since 1.1.0); use train.step") {
		t.Errorf("removal of a deprecated event: note %q should give the deprecation", n)
	}
	if n := notes[FieldRemoved]; !strings.Contains(n, "deprecate it in a MINOR release") {
		t.Errorf("removal of a key never deprecated: note %q should say to deprecate first", n)
	}
}
