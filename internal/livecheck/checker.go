package livecheck

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/genolewm/obs/registry"
)

// Options tune a check.
type Options struct {
	// MaxFindings bounds the findings kept in the report (all are
	// counted); 0 means 1000.
	MaxFindings int
	// MaxLine is the longest log line checked, in bytes; longer lines are
	// findings, not memory. 0 means 16 MiB.
	MaxLine int
	// RequireCoverage makes every registered event never seen in a log a
	// violation, and, when any .prom file was checked, every registered
	// metric never seen in one. The runtime's incident events
	// (IncidentEvents) are exempt: a healthy run never writes them.
	RequireCoverage bool
}

// IncidentEvents are the core events the runtime writes only when
// something went wrong around the program: a signal stopped it, or the
// log file lost records. Coverage never requires them; they are checked
// like any other event when present.
var IncidentEvents = map[string]bool{
	"observability.interrupted":  true,
	"observability.records.lost": true,
}

// Checker checks files against one registry. It is not safe for
// concurrent use.
type Checker struct {
	opts    Options
	events  map[string]*eventInfo
	evList  []*eventInfo
	deny    map[string]bool
	metrics map[string]*metricInfo // by Prometheus name
	meList  []*metricInfo
	rep     *Report
	warned  map[string]bool
	rec     record
	long    []byte
	outside []int // element indexes of out-of-set values in the key being read, -1 for a scalar
	// recordFields are the top-level fields of the registry's record
	// format; nil when it lists none (a standalone registry), and then
	// every field the runtime writes is accepted.
	recordFields map[string]bool
	coreVersion  string
}

type eventInfo struct {
	ev       *registry.Event
	fields   []fieldInfo
	byName   map[string]int
	required uint64
	codes    map[string]bool
	count    int64
}

type fieldInfo struct {
	f   *registry.Field
	t   registry.FieldType
	bit uint64 // 0 beyond the 64th key: not tracked for duplicates or presence
	// values is the value set of a categorical key (string or
	// list[string]), nil for an open one. Sets are small (a handful of
	// words), so a scan with a length test first beats a map's hashing.
	values []string
}

type metricInfo struct {
	m      *registry.Metric
	labels map[string]map[string]bool
	series int64
}

// New returns a checker for reg.
func New(reg *registry.Registry, opts Options) *Checker {
	if opts.MaxFindings <= 0 {
		opts.MaxFindings = 1000
	}
	if opts.MaxLine <= 0 {
		opts.MaxLine = 16 << 20
	}
	c := &Checker{
		opts:    opts,
		events:  map[string]*eventInfo{},
		deny:    map[string]bool{},
		metrics: map[string]*metricInfo{},
		warned:  map[string]bool{},
		rep:     &Report{Counts: map[Kind]int{}, Findings: []Finding{}, Files: []FileStat{}, maxFindings: opts.MaxFindings},
	}
	for _, ev := range reg.Events {
		ei := &eventInfo{ev: ev, byName: map[string]int{}, codes: map[string]bool{}}
		for i, f := range ev.Fields {
			fi := fieldInfo{f: f, t: f.T}
			fi.values = f.ValueStrings()
			if i < 64 {
				fi.bit = 1 << i
			}
			if f.Required {
				ei.required |= fi.bit
			}
			ei.byName[f.Name] = i
			ei.fields = append(ei.fields, fi)
		}
		for _, code := range ev.ErrorCodes {
			ei.codes[code.Value] = true
		}
		c.events[ev.Name] = ei
		c.evList = append(c.evList, ei)
	}
	for _, k := range reg.DenyKeys {
		c.deny[k.Value] = true
	}
	if len(reg.RecordFields) > 0 {
		c.recordFields = map[string]bool{}
		for _, f := range reg.RecordFields {
			c.recordFields[f.Name] = true
		}
		c.coreVersion = reg.CoreVersion
	}
	for _, m := range reg.Metrics {
		mi := &metricInfo{m: m, labels: map[string]map[string]bool{}}
		for _, l := range m.Labels {
			set := map[string]bool{}
			for _, v := range l.Resolved {
				set[v] = true
			}
			mi.labels[l.Name] = set
		}
		c.metrics[m.PromName] = mi
		c.meList = append(c.meList, mi)
	}
	return c
}

func (c *Checker) report(pos string, k Kind, format string, args ...any) {
	c.rep.add(Finding{Pos: pos, Kind: k, Message: fmt.Sprintf(format, args...)})
}

// warnOnce reports a deprecated item the first time it is seen.
func (c *Checker) warnOnce(pos, item string, dep *registry.Deprecation) {
	if c.warned[item] {
		return
	}
	c.warned[item] = true
	msg := item + " is deprecated: " + strings.TrimSuffix(dep.Reason, ".")
	if dep.Replacement != "" {
		msg += "; emit " + dep.Replacement + " instead"
	}
	c.rep.add(Finding{Pos: pos, Kind: Deprecated, Message: msg, Warning: true})
}

// CheckPaths checks each file, and each *.jsonl and *.prom file under each
// directory, in name order.
func (c *Checker) CheckPaths(paths []string) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			c.report(p, Unreadable, "%v", err)
			continue
		}
		if !st.IsDir() {
			c.CheckFile(p)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".prom")) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			c.report(p, Unreadable, "%v", err)
		}
		if len(files) == 0 {
			c.report(p, Unreadable, "no .jsonl or .prom files in this directory; did the program run?")
		}
		sort.Strings(files)
		for _, f := range files {
			c.CheckFile(f)
		}
	}
}

// CheckFile checks one .jsonl or .prom file.
func (c *Checker) CheckFile(path string) {
	var kind func(string, *os.File) (FileStat, error)
	switch {
	case strings.HasSuffix(path, ".jsonl"):
		kind, c.rep.sawLog = c.checkJSONL, true
	case strings.HasSuffix(path, ".prom"):
		kind, c.rep.sawProm = c.checkProm, true
	default:
		c.report(path, Unreadable, "unknown file type; live-check reads .jsonl logs and .prom metrics")
		return
	}
	f, err := os.Open(path)
	if err != nil {
		c.report(path, Unreadable, "%v", err)
		return
	}
	defer f.Close()
	st, err := kind(path, f)
	if err != nil {
		c.report(path, Unreadable, "reading stopped: %v", err)
	}
	c.rep.Files = append(c.rep.Files, st)
}

// Report finishes the check: it fills in coverage and, with
// RequireCoverage, reports what was never seen. Check nothing after it.
func (c *Checker) Report() *Report {
	r := c.rep
	if r.done {
		return r
	}
	r.done = true
	r.Events = r.Events[:0]
	for _, ei := range c.evList {
		r.Events = append(r.Events, Coverage{Name: ei.ev.Name, Detail: ei.ev.Severity, Count: ei.count, Deprecated: ei.ev.Deprecated != nil})
		if c.opts.RequireCoverage && c.rep.sawLog && ei.count == 0 && !IncidentEvents[ei.ev.Name] {
			c.report(ei.ev.At("name").String(), NotCovered, "event %s was not seen in any log", ei.ev.Name)
		}
	}
	r.Metrics = r.Metrics[:0]
	for _, mi := range c.meList {
		r.Metrics = append(r.Metrics, Coverage{Name: mi.m.Name, Detail: mi.m.PromName, Count: mi.series, Deprecated: mi.m.Deprecated != nil})
		if c.opts.RequireCoverage && c.rep.sawProm && mi.series == 0 {
			c.report(mi.m.At("name").String(), NotCovered, "metric %s (%s) was not seen in any .prom file", mi.m.Name, mi.m.PromName)
		}
	}
	return r
}
