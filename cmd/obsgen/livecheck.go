package main

import (
	"fmt"
	"io"

	"github.com/genolewm/obs/internal/livecheck"
)

const liveCheckUsage = `usage: obsgen live-check [-root DIR] [-format text|json] [-full-coverage] FILE|DIR...

Checks .jsonl logs and .prom metrics that a run produced against the
registry under DIR; a directory stands for every .jsonl and .prom file in
it. Prints findings as file:line, then which registered events and metrics
were seen and how often. Exit status: 0 when there is no violation (warnings
allowed), 1 on any violation, 2 on bad usage or an invalid registry.
`

// runLiveCheck is `obsgen live-check`.
func runLiveCheck(args []string, stdout, stderr io.Writer) int {
	fs, loc := subcommandFlags("obsgen live-check", liveCheckUsage, "repository root holding the registry", stderr)
	format := fs.String("format", "text", "output format: text or json")
	full := fs.Bool("full-coverage", false, "fail unless every registered event appears in the logs (but the runtime's incident events, livecheck.IncidentEvents), and every metric in the .prom files, if any")
	maxFindings := fs.Int("max-findings", 1000, "findings to list; all are counted")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "obsgen live-check: name at least one .jsonl or .prom file or a directory")
		fs.Usage()
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "obsgen live-check: unknown -format %q; use text or json\n", *format)
		return 2
	}
	reg, err := loc.load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "obsgen live-check: the registry is invalid; fix it first")
		return 2
	}
	c := livecheck.New(reg, livecheck.Options{MaxFindings: *maxFindings, RequireCoverage: *full})
	c.CheckPaths(fs.Args())
	rep := c.Report()
	if *format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "obsgen live-check:", err)
		return 2
	}
	if rep.Violations > 0 {
		return 1
	}
	return 0
}
