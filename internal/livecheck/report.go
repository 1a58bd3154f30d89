package livecheck

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// Report is what a check found, and what it saw.
type Report struct {
	Files []FileStat `json:"files"`
	// Findings holds the first MaxFindings findings, in input order.
	Findings []Finding `json:"findings"`
	// Omitted counts findings beyond MaxFindings; Counts has them all.
	Omitted    int          `json:"omitted"`
	Counts     map[Kind]int `json:"counts"`
	Violations int          `json:"violations"`
	Warnings   int          `json:"warnings"`
	Events     []Coverage   `json:"events"`
	Metrics    []Coverage   `json:"metrics"`
	// Spans is the coverage of registered spans, in reports of OTLP
	// traffic (NewTrafficReport).
	Spans []Coverage `json:"spans,omitempty"`
	// UnregisteredRecords and UnregisteredFamilies count what coverage
	// cannot list by name.
	UnregisteredRecords  int64 `json:"unregistered_records"`
	UnregisteredFamilies int64 `json:"unregistered_families"`

	maxFindings               int
	sawLog, sawProm, sawSpans bool
	done                      bool
	// traffic marks a report of OTLP traffic: Files are its signals.
	traffic bool
}

// FileStat is one input file.
type FileStat struct {
	Name string `json:"name"`
	// Records is the number of log lines, or of series in a .prom file.
	Records int64 `json:"records"`
	Bytes   int64 `json:"bytes"`
	// Padding counts blank lines (spaces only) in a log: the runtime's
	// one marker line, left where a partial line was overwritten in place
	// after a failed write because another process had appended after
	// it. Readers skip them; they are not records.
	Padding int64 `json:"padding,omitempty"`
}

// Coverage is how often one registered event or metric was seen: records
// for events, series for metrics.
type Coverage struct {
	Name       string `json:"name"`
	Detail     string `json:"detail"`
	Count      int64  `json:"count"`
	Deprecated bool   `json:"deprecated,omitempty"`
}

func (r *Report) add(f Finding) {
	r.Counts[f.Kind]++
	if f.Warning {
		r.Warnings++
	} else {
		r.Violations++
	}
	if len(r.Findings) < r.maxFindings {
		r.Findings = append(r.Findings, f)
	} else {
		r.Omitted++
	}
}

// Covered counts the entries of cov seen at least once.
func Covered(cov []Coverage) int {
	n := 0
	for _, c := range cov {
		if c.Count > 0 {
			n++
		}
	}
	return n
}

func (r *Report) summary() string {
	var recs, bytes, pad int64
	for _, f := range r.Files {
		recs += f.Records
		bytes += f.Bytes
		pad += f.Padding
	}
	what := "file(s)"
	if r.traffic {
		what = "OTLP signal(s)"
	}
	s := fmt.Sprintf("checked %d %s, %d records/series, %d bytes: %d violation(s), %d warning(s)", len(r.Files), what, recs, bytes, r.Violations, r.Warnings)
	if pad > 0 {
		s += fmt.Sprintf("; %d padding line(s) (partial lines undone after a failed write)", pad)
	}
	if r.sawLog {
		s += fmt.Sprintf("; events seen %d/%d", Covered(r.Events), len(r.Events))
	}
	if r.sawSpans {
		s += fmt.Sprintf("; spans seen %d/%d", Covered(r.Spans), len(r.Spans))
	}
	if r.sawProm {
		s += fmt.Sprintf("; metrics seen %d/%d", Covered(r.Metrics), len(r.Metrics))
	}
	return s
}

// WriteText writes the findings, a coverage table and a summary line.
func (r *Report) WriteText(w io.Writer) error {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f)
	}
	if r.Omitted > 0 {
		fmt.Fprintf(w, "... and %d more finding(s) not shown; by kind:", r.Omitted)
		var kinds []string
		for k := range r.Counts {
			kinds = append(kinds, string(k))
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			fmt.Fprintf(w, " %s %d", k, r.Counts[Kind(k)])
		}
		fmt.Fprintln(w)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	for _, part := range []struct {
		head string
		cov  []Coverage
		show bool
	}{{"EVENT\tSEVERITY\tRECORDS", r.Events, r.sawLog}, {"SPAN\tEVENT\tSPANS", r.Spans, r.sawSpans}, {r.metricHead(), r.Metrics, r.sawProm}} {
		if !part.show {
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, part.head)
		for _, c := range part.cov {
			name := c.Name
			if c.Deprecated {
				name += " (deprecated)"
			}
			mark := ""
			if c.Count == 0 {
				mark = "  <- not seen"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d%s\n", name, c.Detail, c.Count, mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	if r.UnregisteredRecords > 0 || r.UnregisteredFamilies > 0 {
		fmt.Fprintf(w, "not in the registry: log records %d, metric families %d\n", r.UnregisteredRecords, r.UnregisteredFamilies)
	}
	_, err := fmt.Fprintln(w, r.summary())
	return err
}

// metricHead is the metric coverage table's header: a .prom file counts
// series by Prometheus name, OTLP traffic data points by kind.
func (r *Report) metricHead() string {
	if r.traffic {
		return "METRIC\tKIND\tPOINTS"
	}
	return "METRIC\tPROMETHEUS NAME\tSERIES"
}

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Report
		OK bool `json:"ok"`
	}{r, r.Violations == 0})
}
