package livecheck

// NewTrafficReport starts a report of live OTLP traffic rather than
// files: internal/otlprules fills it through Add and the exported fields
// (Files are then the signals checked, Events, Spans and Metrics the
// coverage), and it is written as any other report. logs, traces and
// metrics say which coverage tables it shows. It keeps the first
// maxFindings findings (1000 when not positive) and counts the rest.
func NewTrafficReport(maxFindings int, logs, traces, metrics bool) *Report {
	if maxFindings <= 0 {
		maxFindings = 1000
	}
	return &Report{
		Counts: map[Kind]int{}, Findings: []Finding{}, Files: []FileStat{},
		maxFindings: maxFindings, traffic: true, done: true,
		sawLog: logs, sawSpans: traces, sawProm: metrics,
	}
}

// ShowCoverage says which coverage tables a traffic report shows: those
// of the signals received.
func (r *Report) ShowCoverage(logs, traces, metrics bool) {
	r.sawLog, r.sawSpans, r.sawProm = logs, traces, metrics
}

// Add adds one finding to a report under construction.
func (r *Report) Add(f Finding) { r.add(f) }

// Clone copies the report: its lists and counts are the copy's own.
func (r *Report) Clone() *Report {
	c := *r
	c.Files = append([]FileStat{}, r.Files...)
	c.Findings = append([]Finding{}, r.Findings...)
	c.Events = append([]Coverage(nil), r.Events...)
	c.Spans = append([]Coverage(nil), r.Spans...)
	c.Metrics = append([]Coverage(nil), r.Metrics...)
	c.Counts = make(map[Kind]int, len(r.Counts))
	for k, n := range r.Counts {
		c.Counts[k] = n
	}
	return &c
}
