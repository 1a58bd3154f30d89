package regdiff

import (
	"sort"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

// The registry before the split (core items in registry/events.yaml) and
// today's split registry, merged with the core, are the same registry.
func TestSplitShowsNoChange(t *testing.T) {
	base, err := LoadBaseFiles("testdata/presplit/events.yaml", "testdata/presplit/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if base.CoreVersion != "" || base.Event(registry.CoreErrorEvent).Core {
		t.Error("the pre-split base was merged with the core; it holds the core items itself")
	}
	head, err := LoadBaseFiles("../../registry/events.yaml", "../../registry/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if head.CoreVersion == "" || !head.Event(registry.CoreErrorEvent).Core {
		t.Error("today's registry was not merged with the core")
	}
	rep := Compare(base, head, "0.1.0", "working tree")
	for _, c := range rep.Changes {
		switch c.Kind {
		case FieldValuesClosed, FieldDescription, DenyKeyAdded, LabelValueAdded, EventAdded, FieldAdded, MetricAdded,
			EventWandBAdded, MetricWandBAdded, RecordFieldAdded:
			// Registry changes since 0.1.0 (value sets, the OQ-OBS-2 deny
			// keys, new core items, W&B forwarding), not the split.
			continue
		}
		t.Errorf("the split shows a change: %s %s (%s -> %s)", c.Kind, c.Item, c.Old, c.New)
	}
}

const moduleEvents = `version: 1.0.0
error_codes:
  - {code: AppError.Failed, description: Failed.}
events:
  - name: app.failed
    severity: error
    description: Failed.
    stability: stable
    since: 1.0.0
    error_codes: [AppError.Failed]
`

// A module change reaches the core items merged into it: a code that no
// module event lists is carried by the core error event and counted by
// the core errors.raised metric.
func TestModuleChangeReachesCore(t *testing.T) {
	me := []byte("version: 1.0.0\n")
	base, err := ParseBase("base/events.yaml", []byte(moduleEvents), "base/metrics.yaml", me)
	if err != nil {
		t.Fatal(err)
	}
	ev := strings.Replace(moduleEvents, "error_codes:\n", "error_codes:\n  - {code: AppError.Stuck, description: Stuck.}\n", 1)
	head, err := ParseBase("head/events.yaml", []byte(ev), "head/metrics.yaml", me)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range Compare(base, head, "base", "head").Changes {
		got = append(got, string(c.Kind)+" | "+c.Item)
	}
	sort.Strings(got)
	want := []string{
		string(CodeAdded) + " | error_code AppError.Stuck",
		string(EventCodeAdded) + " | event error error_code AppError.Stuck",
		string(LabelValueAdded) + " | metric geno_lewm.errors.raised label code value AppError.Stuck",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
