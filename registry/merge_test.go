package registry

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A module registry in the smallest layout a module may use: no deny_keys,
// one error code listed by an event and one that no event lists.
const moduleEvents = `version: 2.3.0
deny_keys: [clinic_id]
error_codes:
  - {code: AppError.Listed, description: Carried by app.failed.}
  - {code: AppError.Unlisted, description: Carried by the core error event.}
events:
  - name: app.started
    severity: info
    description: App started.
    stability: stable
    since: 2.0.0
    fields:
      - {name: mode, type: string, description: Mode.}
  - name: app.failed
    severity: error
    description: App failed.
    stability: stable
    since: 2.0.0
    error_codes: [AppError.Listed]
`

const moduleMetrics = `version: 2.3.0
metrics:
  - name: app.requests
    kind: counter
    unit: ops
    description: requests served
    stability: stable
    since: 2.0.0
`

func parseModule(t *testing.T, ev, me string) *Registry {
	t.Helper()
	r, err := Parse("registry/events.yaml", []byte(ev), "registry/metrics.yaml", []byte(me))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMergeOrder(t *testing.T) {
	r := parseModule(t, moduleEvents, moduleMetrics)
	core, err := Core()
	if err != nil {
		t.Fatal(err)
	}
	var events, metrics, codes []string
	for _, e := range r.Events {
		events = append(events, fmt.Sprintf("%s core=%v", e.Name, e.Core))
	}
	for _, m := range r.Metrics {
		metrics = append(metrics, fmt.Sprintf("%s core=%v", m.Name, m.Core))
	}
	for _, c := range r.ErrorCodes {
		codes = append(codes, fmt.Sprintf("%s core=%v", c.Code, c.Core))
	}
	check := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", what, got, want)
		}
	}
	check("events: module then core", events, []string{"app.started core=false", "app.failed core=false", "error core=true", "observability.interrupted core=true", "observability.records.lost core=true"})
	check("metrics: module then core", metrics, []string{"app.requests core=false", "geno_lewm.inference.memory.peak_bytes core=true", "geno_lewm.observability.redacted_keys core=true", "geno_lewm.errors.raised core=true", "geno_lewm.observability.dropped core=true"})
	check("error codes: core then module", codes, []string{
		"InternalError.InvariantViolation core=true", "InternalError.Panic core=true", "InternalError.Fatal core=true",
		"ConfigError.Invalid core=true", "IOError.WriteFailed core=true",
		"AppError.Listed core=false", "AppError.Unlisted core=false",
	})
	if n := len(r.DenyKeys); n != len(core.DenyKeys)+1 || r.DenyKeys[n-1].Value != "clinic_id" || r.DenyKeys[0].Value != core.DenyKeys[0].Value {
		t.Errorf("deny keys: want the core's %d then clinic_id, got %v", len(core.DenyKeys), r.DenyKeys)
	}
	if !r.IsCoreDenyKey("genotype") || r.IsCoreDenyKey("clinic_id") || !r.Denied("clinic_id") {
		t.Error("IsCoreDenyKey/Denied do not tell core keys from module keys")
	}
	if r.Version != "2.3.0" || r.CoreVersion != core.Version || r.CoreVersion == "" {
		t.Errorf("Version %q, CoreVersion %q; want the module's 2.3.0 and the core's %q", r.Version, r.CoreVersion, core.Version)
	}
	if r.EventsFile() != "registry/events.yaml" || r.MetricsFile() != "registry/metrics.yaml" {
		t.Errorf("files %s, %s: want the module's", r.EventsFile(), r.MetricsFile())
	}
	// values_from sees the merged registry.
	l := r.Metric("geno_lewm.observability.redacted_keys").Labels[0]
	if !slices.Equal(l.Resolved, []string{"app.started", "app.failed", "error", "observability.interrupted", "observability.records.lost"}) {
		t.Errorf("values_from events resolved to %v", l.Resolved)
	}
	if l := r.Metric("geno_lewm.errors.raised").Labels[0]; len(l.Resolved) != 7 || l.Resolved[6] != "AppError.Unlisted" {
		t.Errorf("values_from error_codes resolved to %v", l.Resolved)
	}
}

func TestErrorEventTakesUnlistedModuleCodes(t *testing.T) {
	r := parseModule(t, moduleEvents, moduleMetrics)
	var got []string
	for _, c := range r.Event(CoreErrorEvent).ErrorCodes {
		got = append(got, c.Value)
	}
	want := []string{"InternalError.InvariantViolation", "InternalError.Panic", "InternalError.Fatal", "ConfigError.Invalid", "IOError.WriteFailed", "AppError.Unlisted"}
	if !slices.Equal(got, want) {
		t.Errorf("error event codes %v, want %v", got, want)
	}
	// The appended code points at its definition in the module.
	if p := r.Event(CoreErrorEvent).ErrorCodes[5].Pos; p.File != "registry/events.yaml" || p.Line != 5 {
		t.Errorf("appended code at %s, want registry/events.yaml:5", p)
	}
	// Once an event lists it, the error event no longer carries it.
	ev := strings.Replace(moduleEvents, "error_codes: [AppError.Listed]", "error_codes: [AppError.Listed, AppError.Unlisted]", 1)
	if codes := parseModule(t, ev, moduleMetrics).Event(CoreErrorEvent).ErrorCodes; len(codes) != 5 {
		t.Errorf("with every module code listed, the error event has %d codes, want the core's 5", len(codes))
	}
}

// corePos is the position of the first line of a core file that starts
// with prefix, column 5 (a list item's mapping) or of the scalar after "- ".
func corePos(t *testing.T, file, prefix string) string {
	t.Helper()
	data, _ := coreFS.ReadFile(file)
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, prefix) {
			return fmt.Sprintf("github.com/genolewm/obs/registry/%s:%d:5", file, i+1)
		}
	}
	t.Fatalf("%s has no line %q", file, prefix)
	return ""
}

func TestClashesNameBothPositions(t *testing.T) {
	ev := moduleEvents + `  - name: error
    severity: info
    description: Mine.
    stability: stable
    since: 2.0.0
`
	ev = strings.Replace(ev, "deny_keys: [clinic_id]", "deny_keys: [clinic_id, genotype]", 1)
	ev = strings.Replace(ev, "error_codes:\n", "error_codes:\n  - {code: IOError.WriteFailed, description: Mine.}\n", 1)
	me := moduleMetrics + `  - name: geno_lewm.errors.raised
    kind: counter
    unit: events
    description: mine
    stability: stable
    since: 2.0.0
  - name: geno_lewm.errors_raised
    kind: counter
    unit: events
    description: same Prometheus name
    stability: stable
    since: 2.0.0
`
	_, err := Parse("registry/events.yaml", []byte(ev), "registry/metrics.yaml", []byte(me))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("err = %v, want an ErrorList", err)
	}
	want := []string{
		`registry/events.yaml:2:24: deny key "genotype" is already on the runtime's core deny list (` + corePos(t, "core/events.yaml", "  - genotype") + `); remove it`,
		`registry/events.yaml:4:5: error code "IOError.WriteFailed" is owned by the runtime's core registry (` + corePos(t, "core/events.yaml", "  - code: IOError.WriteFailed") + `); rename it or remove it`,
		`registry/events.yaml:21:5: event "error" is owned by the runtime's core registry (` + corePos(t, "core/events.yaml", "  - name: error") + `); rename it or remove it`,
		`registry/metrics.yaml:9:5: metric "geno_lewm.errors.raised" is owned by the runtime's core registry (` + corePos(t, "core/metrics.yaml", "  - name: geno_lewm.errors.raised") + `); rename it or remove it`,
		`registry/metrics.yaml:15:5: metric "geno_lewm.errors_raised" has the Prometheus name geno_lewm_errors_raised_total of the runtime's core metric "geno_lewm.errors.raised" (` + corePos(t, "core/metrics.yaml", "  - name: geno_lewm.errors.raised") + `); rename it`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing\n  %s\nin\n%v", w, err)
		}
	}
	if len(list) != len(want) {
		t.Errorf("%d errors, want exactly the %d clashes (no duplicate reports):\n%v", len(list), len(want), err)
	}
}

func TestBareModuleLoads(t *testing.T) {
	ev := `version: 0.3.0
events:
  - name: app.ping
    severity: info
    description: Ping.
    stability: experimental
    since: 0.3.0
`
	for _, me := range []string{"version: 0.3.0\n", "version: 0.3.0\nmetrics: []\n"} {
		r := parseModule(t, ev, me)
		if len(r.Events) != 4 || len(r.Metrics) != 4 || len(r.ErrorCodes) != 5 || len(r.DenyKeys) != 59 {
			t.Errorf("bare module: %d events, %d metrics, %d codes, %d deny keys; want 4, 4, 5, 59",
				len(r.Events), len(r.Metrics), len(r.ErrorCodes), len(r.DenyKeys))
		}
	}
	// The core's since (0.1.0) is checked against the core's version, not
	// against a module that is at an earlier one.
	early := strings.ReplaceAll(ev, "0.3.0", "0.0.1")
	parseModule(t, early, "version: 0.0.1\n")
}

func TestCoreAlone(t *testing.T) {
	r, err := Core()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 3 || len(r.Metrics) != 4 || len(r.ErrorCodes) != 5 || len(r.DenyKeys) != 59 {
		t.Errorf("core: %d events, %d metrics, %d codes, %d deny keys; want 3, 4, 5, 59",
			len(r.Events), len(r.Metrics), len(r.ErrorCodes), len(r.DenyKeys))
	}
	if r.Version == "" || r.CoreVersion != r.Version || r.EventsFile() != CoreEventsPath || r.MetricsFile() != CoreMetricsPath {
		t.Errorf("core: version %q, core version %q, files %s %s", r.Version, r.CoreVersion, r.EventsFile(), r.MetricsFile())
	}
	for _, e := range r.Events {
		if !e.Core {
			t.Errorf("core event %s is not marked Core", e.Name)
		}
	}
	for _, m := range r.Metrics {
		if !m.Core {
			t.Errorf("core metric %s is not marked Core", m.Name)
		}
	}
	for _, c := range r.ErrorCodes {
		if !c.Core {
			t.Errorf("core code %s is not marked Core", c.Code)
		}
	}
	for _, k := range r.DenyKeys {
		if !r.IsCoreDenyKey(k.Value) {
			t.Errorf("core deny key %s is not a core deny key", k.Value)
		}
	}
	if n := len(r.Event(CoreErrorEvent).ErrorCodes); n != 5 {
		t.Errorf("core error event has %d codes, want 5", n)
	}
}

func TestDefaultIsTheSplitRegistry(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// The spec's 22 events and 22 metrics, and the core's incident events
	// (observability.interrupted, observability.records.lost) and drop
	// counter (observability.dropped).
	if len(r.Events) != 24 || len(r.Metrics) != 23 || len(r.DenyKeys) != 59 || len(r.ErrorCodes) != 14 {
		t.Errorf("%d events, %d metrics, %d deny keys, %d codes; want 24, 23, 59, 14",
			len(r.Events), len(r.Metrics), len(r.DenyKeys), len(r.ErrorCodes))
	}
	var got []string
	for _, c := range r.Event(CoreErrorEvent).ErrorCodes {
		got = append(got, c.Value)
	}
	// The error event's codes before the split, as a set.
	want := []string{
		"InternalError.InvariantViolation", "InternalError.Panic", "InternalError.Fatal", "ConfigError.Invalid",
		"DataError.CorruptShard", "DataError.CacheUnavailable", "TrainingError.NonFinite", "TrainingError.CheckpointFailed",
		"InferenceError.InvalidVariant", "IOError.WriteFailed",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("error event codes %v, want %v", got, want)
	}
	mod := 0
	for _, e := range r.Events {
		if !e.Core {
			mod++
		}
	}
	if mod != 21 {
		t.Errorf("%d module events, want 21", mod)
	}
}

func TestStandaloneMergesNothing(t *testing.T) {
	r, err := ParseStandalone("events.yaml", []byte(okEvents), "metrics.yaml", []byte(okMetrics))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 2 || len(r.Metrics) != 2 || len(r.DenyKeys) != 2 || r.CoreVersion != "" || r.Event(CoreErrorEvent) != nil {
		t.Errorf("standalone: %d events, %d metrics, %d deny keys, core version %q; want the file's 2, 2, 2 and none",
			len(r.Events), len(r.Metrics), len(r.DenyKeys), r.CoreVersion)
	}
	// Standalone keeps the rule that a registry has a deny list.
	ev := strings.Replace(okEvents, "deny_keys: [clinic_id, lab_note]\n", "", 1)
	if _, err := ParseStandalone("events.yaml", []byte(ev), "metrics.yaml", []byte(okMetrics)); err == nil || !strings.Contains(err.Error(), "deny list is empty") {
		t.Errorf("standalone without deny keys: err = %v", err)
	}
}
