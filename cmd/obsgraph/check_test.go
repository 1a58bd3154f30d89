package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/analysisutil"
)

// testConfig checks the test module in testdata/dir with the miniature
// filter of testdata/redact.
func testConfig(dir, entry string, patterns ...string) Config {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	return Config{
		Dir:      "testdata/" + dir,
		Patterns: patterns,
		Entries:  analysisutil.List{entry},
		Sink:     "(example.com/graphcase/redact.Sink).WriteRecord",
		Filter:   analysisutil.List{"(*example.com/graphcase/redact.Filter).Emit"},
	}
}

func check(t *testing.T, cfg Config) *Result {
	t.Helper()
	res, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func path(w *Witness) string {
	var names []string
	for _, s := range w.Steps {
		names = append(names, s.Func.String())
	}
	return strings.Join(names, " -> ")
}

// TestPlantedBypass finds the planted path Debug -> closure -> Forward ->
// (*Stdout).WriteRecord, from the logger entry point, and prints it with
// its call sites.
func TestPlantedBypass(t *testing.T) {
	res := check(t, testConfig("planted", "example.com/graphcase/planted/logger"))
	if res.Witness == nil {
		t.Fatal("no witness path found for the planted bypass")
	}
	var out bytes.Buffer
	res.Witness.Print(&out)
	t.Logf("witness:\n%s", out.String())
	want := "(*example.com/graphcase/planted/logger.Logger).Debug -> (*example.com/graphcase/planted/logger.Logger).Debug$1 -> example.com/graphcase/planted/helper.Forward -> (*example.com/graphcase/redact.Stdout).WriteRecord"
	if got := path(res.Witness); got != want || res.Witness.Root != EntryRoot {
		t.Errorf("witness path (%s)\n got %s\nwant %s", res.Witness.Root, got, want)
	}
	for _, re := range []string{
		`INV-OBS-3 violated: a call path reaches sink method \(\*example.com/graphcase/redact.Stdout\).WriteRecord from logger entry point`,
		`calls at .*planted/helper/helper.go:8:`,
		`calls at .*planted/logger/logger.go:25:`,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("witness output does not match %q", re)
		}
	}
}

// TestClean proves the clean module reaches sinks only through the
// filter; and that without the filter designated the same graph does have
// a path (so the proof is not vacuous).
func TestClean(t *testing.T) {
	cfg := testConfig("clean", "example.com/graphcase/clean/logger")
	res := check(t, cfg)
	if res.Witness != nil {
		var out bytes.Buffer
		res.Witness.Print(&out)
		t.Fatalf("unexpected path:\n%s", out.String())
	}
	if len(res.Sinks) == 0 || res.FilterCount == 0 {
		t.Fatalf("%d sink methods, %d filter functions: the check is vacuous", len(res.Sinks), res.FilterCount)
	}
	cfg.Filter = analysisutil.List{"(*example.com/nothing.Filter).Emit"}
	res = check(t, cfg)
	if res.Witness == nil || !strings.Contains(res.Witness.Steps[1].Func.String(), "Filter).Emit") {
		t.Fatalf("without the filter removed, the path through it should be found; got %+v", res.Witness)
	}
}

// TestGeneratedEntries finds the obsgen-generated package as an entry
// package by its header alone, and starts the witness at it.
func TestGeneratedEntries(t *testing.T) {
	cfg := testConfig("planted", "example.com/graphcase/nothing")
	cfg.Generated = true
	res := check(t, cfg)
	if want := []string{"example.com/graphcase/planted/gen/events"}; !slices.Equal(res.EntryPackages, want) {
		t.Errorf("entry packages %v, want %v", res.EntryPackages, want)
	}
	if res.Witness == nil || res.Witness.Steps[0].Func.String() != "(example.com/graphcase/planted/gen/events.Step).Log" || res.Witness.Root != EntryRoot {
		t.Fatalf("want the generated package's planted path, got %+v", res.Witness)
	}
}

// TestVerdictIndependentOfPatterns: a bypass in a package that no
// command imports, in a function that is no logger entry point, is found
// whether the command line names ./... or only ./app, since every package
// of the module is loaded and every function is a root.
func TestVerdictIndependentOfPatterns(t *testing.T) {
	want := "example.com/graphcase/narrow/tools/dump.Dump -> (*example.com/graphcase/redact.Stdout).WriteRecord"
	for _, patterns := range [][]string{{"./..."}, {"./app"}, {"example.com/graphcase/narrow/logger"}} {
		res := check(t, testConfig("narrow", "example.com/graphcase/narrow/logger", patterns...))
		if res.Witness == nil {
			t.Errorf("%v: no witness", patterns)
			continue
		}
		if got := path(res.Witness); got != want || res.Witness.Root != ModuleRoot {
			t.Errorf("%v: witness (%s) %s, want %s", patterns, res.Witness.Root, got, want)
		}
		if !slices.Equal(res.Modules, []string{"example.com/graphcase/narrow"}) {
			t.Errorf("%v: modules %v", patterns, res.Modules)
		}
	}
}

// TestRuntimeCallbacks finds sink calls in functions that only the Go
// runtime calls: a time.AfterFunc closure and a runtime.SetFinalizer
// finalizer, to which no call edge leads.
func TestRuntimeCallbacks(t *testing.T) {
	cfg := testConfig("callback", "example.com/graphcase/callback/logger")
	res := check(t, cfg)
	if res.Witness == nil {
		t.Fatal("no witness for the runtime-invoked callbacks")
	}
	var out bytes.Buffer
	res.Witness.Print(&out)
	if got := path(res.Witness); got != "(*example.com/graphcase/callback/logger.Logger).Debug$1 -> (*example.com/graphcase/redact.Stdout).WriteRecord" {
		t.Errorf("witness %s", got)
	}
	if !strings.Contains(out.String(), "every function is a root") {
		t.Errorf("witness does not say why its first function is a root:\n%s", out.String())
	}
	// Both callbacks are roots with a path of their own.
	for _, fn := range []string{"(*example.com/graphcase/callback/logger.Logger).Debug$1", "example.com/graphcase/callback/logger.flush"} {
		if !slices.Contains(res.Reaching, fn) {
			t.Errorf("%s does not reach a sink; functions that do: %v", fn, res.Reaching)
		}
	}
}

// TestGenericInstance finds a path through an instance of a generic
// helper whose package cannot name the sink's types.
func TestGenericInstance(t *testing.T) {
	res := check(t, testConfig("generic", "example.com/graphcase/generic/logger"))
	if res.Witness == nil {
		t.Fatal("no witness through the generic helper")
	}
	if got, want := path(res.Witness), "example.com/graphcase/generic/logger.Raw -> example.com/graphcase/generic/send.Send[*example.com/graphcase/redact.Record] -> (*example.com/graphcase/redact.Stdout).WriteRecord"; got != want {
		t.Errorf("witness\n got %s\nwant %s", got, want)
	}
}

// TestNotAModule: outside a module there is no program to check.
func TestNotAModule(t *testing.T) {
	cfg := testConfig("", "x")
	cfg.Dir = t.TempDir()
	if _, err := Check(cfg); err == nil || !strings.Contains(err.Error(), "inside a module") {
		t.Errorf("got %v", err)
	}
}

// TestRepository runs the default configuration on this repository: every
// package of the module is loaded, none reaches a sink but through the
// filter, the sinks and the filter are found (the defaults designate the
// real ones), and generated/events is an entry package by its header.
func TestRepository(t *testing.T) {
	res := repositoryCheck(t)
	if len(res.Sinks) == 0 || res.FilterCount == 0 {
		t.Fatalf("%d sink methods, %d filter functions: the defaults designate nothing real", len(res.Sinks), res.FilterCount)
	}
	for _, p := range []string{"github.com/genolewm/obs/runtime/observe", "github.com/genolewm/obs/generated/events"} {
		if !slices.Contains(res.EntryPackages, p) {
			t.Errorf("entry packages %v lack %s", res.EntryPackages, p)
		}
	}
	// Every real sink is one of the sinks the proof covers: the file, the
	// stderr rendering and the OTLP log sink.
	var sinks []string
	for _, f := range res.Sinks {
		sinks = append(sinks, f.String())
	}
	for _, want := range []string{
		"(*github.com/genolewm/obs/runtime/internal/sink.File).WriteRecord",
		"(*github.com/genolewm/obs/runtime/internal/sink.Pretty).WriteRecord",
		"(*github.com/genolewm/obs/runtime/internal/tracing.LogSink).WriteRecord",
	} {
		if !slices.Contains(sinks, want) {
			t.Errorf("the sinks %v lack %s", sinks, want)
		}
	}
}
