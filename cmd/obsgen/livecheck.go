package main

import (
	"fmt"
	"io"

	"github.com/genolewm/obs/internal/livecheck"
)

const liveCheckUsage = `usage: obsgen live-check [-root DIR] [-format text|json] [-full-coverage] FILE|DIR...
       obsgen live-check -otlp ADDR [-max-records N] [-timeout D] [-root DIR] [-format text|json] [-full-coverage]

Checks .jsonl logs and .prom metrics that a run produced against the
registry under DIR; a directory stands for every .jsonl and .prom file in
it. Prints findings as file:line, then which registered events and metrics
were seen and how often.

With -otlp it checks live OTLP traffic instead: it listens for OTLP/gRPC on
ADDR (a loopback address such as 127.0.0.1:4317; port 0 picks a free one,
printed on stderr), so that a program's exporter can be pointed at it
(OTEL_EXPORTER_OTLP_ENDPOINT=http://ADDR), checks every log record, span
and metric data point it receives with the registry processor's rules
(internal/otlprules), and stops on SIGINT or SIGTERM, after N records
(-max-records), or after -timeout. It then prints the findings, by request
and record, and the coverage of the registry's events, spans and metrics.

Exit status: 0 when there is no violation (warnings allowed), 1 on any
violation, 2 on bad usage or an invalid registry.
`

// runLiveCheck is `obsgen live-check`.
func runLiveCheck(args []string, stdout, stderr io.Writer) int {
	fs, loc := subcommandFlags("obsgen live-check", liveCheckUsage, "repository root holding the registry", stderr)
	format := fs.String("format", "text", "output format: text or json")
	full := fs.Bool("full-coverage", false, "fail unless every registered event appears in the logs (but the runtime's incident events, livecheck.IncidentEvents), and every metric in the .prom files, if any")
	maxFindings := fs.Int("max-findings", 1000, "findings to list; all are counted")
	otlpAddr := fs.String("otlp", "", "check OTLP/gRPC traffic received on this loopback address instead of files")
	maxRecords := fs.Int64("max-records", 0, "with -otlp: stop after this many log records, spans and data points (0: no limit)")
	timeout := fs.Duration("timeout", 0, "with -otlp: stop after this long (0: no limit)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "obsgen live-check: unknown -format %q; use text or json\n", *format)
		return 2
	}
	if *otlpAddr != "" {
		if fs.NArg() > 0 {
			fmt.Fprintln(stderr, "obsgen live-check: -otlp checks traffic, not files; name no FILE or DIR with it")
			return 2
		}
		if *maxRecords < 0 || *timeout < 0 {
			fmt.Fprintln(stderr, "obsgen live-check: -max-records and -timeout must not be negative")
			return 2
		}
		return liveCheckOTLP(otlpOptions{addr: *otlpAddr, maxRecords: *maxRecords, timeout: *timeout,
			format: *format, full: *full, maxFindings: *maxFindings, loc: loc}, stdout, stderr)
	}
	if *maxRecords != 0 || *timeout != 0 {
		fmt.Fprintln(stderr, "obsgen live-check: -max-records and -timeout apply to -otlp only")
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "obsgen live-check: name at least one .jsonl or .prom file or a directory")
		fs.Usage()
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
	return writeReport(c.Report(), *format, stdout, stderr)
}

// writeReport prints rep and returns the exit status it calls for.
func writeReport(rep *livecheck.Report, format string, stdout, stderr io.Writer) int {
	var err error
	if format == "json" {
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
