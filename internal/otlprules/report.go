package otlprules

import (
	"fmt"
	"sync"

	"github.com/genolewm/obs/internal/livecheck"
)

// TrafficReport turns what the Engine finds in OTLP traffic into a live-check
// report (internal/livecheck, the format `obsgen live-check` prints for
// files): each finding with its position (the signal, the request's
// number and the record's within it) and the coverage of the registry's
// events, spans and metrics. It is safe for concurrent use.
type TrafficReport struct {
	t *Table

	mu   sync.Mutex
	rep  *livecheck.Report
	seen [NumSignals][]int64
	// unregistered counts records, spans and points of no registered item.
	unregistered [NumSignals]int64
	records      [NumSignals]int64
	bytes        [NumSignals]int64
	requests     [NumSignals]int
}

// NewTrafficReport starts a report of traffic checked against t, keeping the
// first maxFindings findings (1000 when not positive) and counting all.
func NewTrafficReport(t *Table, maxFindings int) *TrafficReport {
	r := &TrafficReport{t: t, rep: livecheck.NewTrafficReport(maxFindings, true, true, true)}
	r.seen[Logs] = make([]int64, len(t.events))
	r.seen[Traces] = make([]int64, len(t.spans))
	r.seen[Metrics] = make([]int64, len(t.metrics))
	return r
}

// Request numbers the next request of signal sig (size bytes of OTLP
// protobuf) and returns the Observer to pass to the Engine for it.
func (r *TrafficReport) Request(sig Signal, size int) Observer {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[sig]++
	r.bytes[sig] += int64(size)
	return &requestObserver{r: r, sig: sig, req: r.requests[sig]}
}

type requestObserver struct {
	r   *TrafficReport
	sig Signal
	req int
}

func (o *requestObserver) Seen(s Signal, item int) {
	r := o.r
	r.mu.Lock()
	r.records[s]++
	if item >= 0 && item < len(r.seen[s]) {
		r.seen[s][item]++
	} else {
		r.unregistered[s]++
	}
	r.mu.Unlock()
}

func (o *requestObserver) Found(f *Finding) {
	if f.Refused {
		return // the report lists what was found, not what a mode did with it
	}
	lf := livecheck.Finding{Pos: o.pos(f), Kind: f.kind(), Message: o.r.message(f)}
	o.r.mu.Lock()
	o.r.rep.Add(lf)
	o.r.mu.Unlock()
}

var recordNoun = [NumSignals]string{"record", "span", "point"}

func (o *requestObserver) pos(f *Finding) string {
	return fmt.Sprintf("otlp %s request %d, %s %d", o.sig, o.req, recordNoun[o.sig], f.Record)
}

// message says what a finding is about without a value: the registered
// item, the part, the key (quoted, hidden when it holds a DNA run) and
// the rule.
func (r *TrafficReport) message(f *Finding) string {
	item := "an unregistered " + [NumSignals]string{"event", "span", "metric"}[f.Signal]
	if f.Item >= 0 {
		item = r.itemName(f.Signal, f.Item)
	}
	where := f.Part.String()
	if f.Key != "" {
		where += " " + livecheck.QuoteName(f.Key)
	}
	switch f.Part {
	case PartResource, PartScope:
		// Not the item's: the resource or scope it was sent under.
	default:
		where += " of " + item
	}
	switch f.Rule {
	case RuleUnregistered:
		name := "(no name)"
		if f.Key != "" {
			name = livecheck.QuoteName(f.Key)
		}
		return fmt.Sprintf("%s %s is not in the registry; register it or stop sending it", [NumSignals]string{"event", "span", "metric"}[f.Signal], name)
	case RuleAllowlist:
		return where + " is not registered there; it is dropped"
	case RuleType:
		return where + " is not of its registered type (value not shown)"
	case RuleDeny:
		return where + " is a personal-data key (the deny list); it is dropped"
	case RuleDNA:
		return fmt.Sprintf("a string in %s holds a run of 20 or more DNA letters (value not shown); it is dropped", where)
	case RuleSize:
		return where + " is longer than the filter's cap (value not shown)"
	case RuleValue:
		return where + " holds a value outside its registered set (value not shown)"
	case RuleSeverity:
		return fmt.Sprintf("the severity of %s is not its registered %s", item, r.t.events[f.Item].severity)
	case RuleErrorCode:
		if f.Missing {
			return fmt.Sprintf("%s is an error record without %s%s", item, TopPrefix, topFields[topErrorCode].name)
		}
		return where + " is not an error code registered for it (or the record is not an error record)"
	case RuleRequired:
		return where + " is required and missing"
	case RuleUnit:
		return fmt.Sprintf("%s is sent in another unit than its registered %q", item, r.t.metrics[f.Item].unit)
	case RuleKind:
		return fmt.Sprintf("%s is sent as another kind than its registered %s", item, r.t.metrics[f.Item].kind)
	case RuleBuckets:
		return where + " has other histogram bounds than registered"
	}
	return where + ": " + f.Rule.String()
}

func (r *TrafficReport) itemName(s Signal, i int) string {
	switch s {
	case Logs:
		return "event " + r.t.events[i].name
	case Traces:
		return "span " + r.t.spans[i].name
	}
	return "metric " + r.t.metrics[i].name
}

// Snapshot returns the report as it stands: findings so far, the signals
// seen and the coverage. With full set, every registered item never seen
// is a not-covered violation (but the runtime's incident events,
// livecheck.IncidentEvents), for signals that were received at all.
func (r *TrafficReport) Snapshot(full bool) *livecheck.Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.rep.Clone()
	rep.ShowCoverage(r.requests[Logs] > 0, r.requests[Traces] > 0, r.requests[Metrics] > 0)
	for s := Signal(0); s < NumSignals; s++ {
		if r.requests[s] > 0 {
			rep.Files = append(rep.Files, livecheck.FileStat{Name: "otlp " + s.String(), Records: r.records[s], Bytes: r.bytes[s]})
		}
	}
	for i := range r.t.events {
		ev := &r.t.events[i]
		rep.Events = append(rep.Events, livecheck.Coverage{Name: ev.name, Detail: ev.severity.String(), Count: r.seen[Logs][i]})
	}
	for i := range r.t.spans {
		sp := &r.t.spans[i]
		rep.Spans = append(rep.Spans, livecheck.Coverage{Name: sp.name, Detail: sp.event, Count: r.seen[Traces][i]})
	}
	for i := range r.t.metrics {
		m := &r.t.metrics[i]
		rep.Metrics = append(rep.Metrics, livecheck.Coverage{Name: m.name, Detail: m.kind.String(), Count: r.seen[Metrics][i]})
	}
	rep.UnregisteredRecords = r.unregistered[Logs] + r.unregistered[Traces]
	rep.UnregisteredFamilies = r.unregistered[Metrics]
	if full {
		r.notCovered(rep)
	}
	return rep
}

func (r *TrafficReport) notCovered(rep *livecheck.Report) {
	for _, part := range []struct {
		sig  Signal
		cov  []livecheck.Coverage
		noun string
	}{{Logs, rep.Events, "event"}, {Traces, rep.Spans, "span"}, {Metrics, rep.Metrics, "metric"}} {
		if r.requests[part.sig] == 0 {
			continue
		}
		for _, c := range part.cov {
			incident := part.sig == Logs && livecheck.IncidentEvents[c.Name]
			if c.Count == 0 && !incident {
				rep.Add(livecheck.Finding{Pos: "otlp " + part.sig.String(), Kind: livecheck.NotCovered,
					Message: fmt.Sprintf("%s %s was not seen in the traffic", part.noun, c.Name)})
			}
		}
	}
}
