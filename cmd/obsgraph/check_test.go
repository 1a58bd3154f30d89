package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/analysisutil"
)

func testConfig(entry string) Config {
	return Config{
		Dir:      "testdata",
		Patterns: []string{"./..."},
		Entries:  analysisutil.List{entry},
		Sink:     "(example.com/graphcase/redact.Sink).WriteRecord",
		Filter:   analysisutil.List{"(*example.com/graphcase/redact.Filter).Emit"},
	}
}

// TestPlantedBypass finds the planted path Debug -> closure -> Forward ->
// (*Stdout).WriteRecord and prints it with its call sites.
func TestPlantedBypass(t *testing.T) {
	res, err := Check(testConfig("example.com/graphcase/planted/logger"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Witness == nil {
		t.Fatal("no witness path found for the planted bypass")
	}
	var out bytes.Buffer
	res.Witness.Print(&out)
	t.Logf("witness:\n%s", out.String())
	var names []string
	for _, s := range res.Witness.Steps {
		names = append(names, s.Func.String())
	}
	got := strings.Join(names, " -> ")
	want := "(*example.com/graphcase/planted/logger.Logger).Debug -> (*example.com/graphcase/planted/logger.Logger).Debug$1 -> example.com/graphcase/planted/helper.Forward -> (*example.com/graphcase/redact.Stdout).WriteRecord"
	if got != want {
		t.Errorf("witness path\n got %s\nwant %s", got, want)
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

// TestClean proves the clean logger reaches sinks only through the filter
// (the generated package of testdata, not an entry here, has a path of
// its own); and that without the filter designated the same graph does
// have a path (so the proof is not vacuous).
func TestClean(t *testing.T) {
	cfg := testConfig("example.com/graphcase/clean/logger")
	res, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Witness != nil {
		var out bytes.Buffer
		res.Witness.Print(&out)
		t.Fatalf("unexpected path:\n%s", out.String())
	}
	if len(res.Sinks) == 0 {
		t.Fatal("no sink methods found: the check is vacuous")
	}
	cfg.Filter = analysisutil.List{"(*example.com/nothing.Filter).Emit"}
	if res, err = Check(cfg); err != nil {
		t.Fatal(err)
	}
	if res.Witness == nil || !strings.Contains(res.Witness.Steps[1].Func.String(), "Filter).Emit") {
		t.Fatalf("without the filter removed, the path through it should be found; got %+v", res.Witness)
	}
}

// TestGeneratedEntries finds the obsgen-generated package of testdata as
// an entry package by its header alone, and its planted path.
func TestGeneratedEntries(t *testing.T) {
	cfg := testConfig("example.com/graphcase/clean/logger")
	cfg.Generated = true
	res, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com/graphcase/clean/logger", "example.com/graphcase/gen/events"}; !slices.Equal(res.EntryPackages, want) {
		t.Errorf("entry packages %v, want %v", res.EntryPackages, want)
	}
	if res.Witness == nil || res.Witness.Steps[0].Func.String() != "(example.com/graphcase/gen/events.Step).Log" {
		t.Fatalf("want the generated package's planted path, got %+v", res.Witness)
	}
	cfg.Entries = nil
	cfg.Generated = false
	if _, err := Check(cfg); err == nil || !strings.Contains(err.Error(), "no logger entry points") {
		t.Errorf("no entries: got %v", err)
	}
}

// TestRepository runs the default configuration on this repository's
// runtime and generated packages: they must reach sinks only through the
// filter, the sinks and the filter must be found (the defaults designate
// the real ones), and generated/events must be an entry package by its
// header.
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
