package livecheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnreadable(t *testing.T) {
	reg := defaultRegistry(t)
	dir := t.TempDir()
	other := filepath.Join(dir, "run.txt")
	os.WriteFile(other, []byte("x"), 0o644)
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	c := New(reg, Options{})
	c.CheckPaths([]string{filepath.Join(dir, "missing.jsonl"), other, empty})
	rep := c.Report()
	if rep.Counts[Unreadable] != 3 || rep.Violations != 3 {
		t.Errorf("findings %v; want three unreadable", rep.Findings)
	}
}

func TestEventCoverage(t *testing.T) {
	reg := defaultRegistry(t)
	rep, _ := checkText(t, reg, Options{RequireCoverage: true}, "run.jsonl", start+`"data":{"model":"m","config_hash":"abc"}}`+"\n")
	// Every event but the one seen and the incident events.
	if n := rep.Counts[NotCovered]; n != len(reg.Events)-1-len(IncidentEvents) || rep.Violations != n {
		t.Errorf("not-covered %d of %d violations, want %d", n, rep.Violations, len(reg.Events)-1-len(IncidentEvents))
	}
	if rep.Findings[0].Pos != reg.Events[1].At("name").String() {
		t.Errorf("not-covered should point at the registry entry: %s", rep.Findings[0])
	}
}

// TestEveryKindTested keeps the kind list and the tests in step: each
// kind of finding is produced by some test above.
func TestEveryKindTested(t *testing.T) {
	// UnregisteredSpan is found in OTLP traffic only: internal/otlprules
	// builds such reports and tests it.
	tested := map[Kind]bool{NotCovered: true, Unreadable: true, Deprecated: true, UnregisteredSpan: true}
	for _, tc := range jsonlCases {
		for _, k := range tc.want {
			tested[k] = true
		}
	}
	for _, tc := range promCases {
		for _, w := range tc.want {
			tested[Kind(w[strings.IndexByte(w, ' ')+1:])] = true
		}
	}
	for _, k := range Kinds {
		if !tested[k] {
			t.Errorf("no test produces %s", k)
		}
	}
	if len(tested) != len(Kinds) {
		t.Errorf("tests name %d kinds, Kinds lists %d", len(tested), len(Kinds))
	}
}
