package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/genolewm/obs/analyzers/obsconfig"
)

func testConfig(entry string) Config {
	return Config{
		Dir:      "testdata",
		Patterns: []string{"./..."},
		Entries:  obsconfig.List{entry},
		Sink:     "(example.com/graphcase/redact.Sink).WriteRecord",
		Filter:   obsconfig.List{"(*example.com/graphcase/redact.Filter).Emit"},
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

// TestClean proves the clean logger, and this repository's own runtime,
// reach sinks only through the filter; and that without the filter
// designated the same graph does have a path (so the proof is not vacuous).
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
	cfg.Filter = obsconfig.List{"(*example.com/nothing.Filter).Emit"}
	if res, err = Check(cfg); err != nil {
		t.Fatal(err)
	}
	if res.Witness == nil || !strings.Contains(res.Witness.Steps[1].Func.String(), "Filter).Emit") {
		t.Fatalf("without the filter removed, the path through it should be found; got %+v", res.Witness)
	}
}
