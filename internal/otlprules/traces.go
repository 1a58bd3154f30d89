package otlprules

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/genolewm/obs/internal/dna"
)

// A span in OTLP, as the Go runtime exports one (runtime/internal/tracing):
//
//   - its name is a registered span (Table.Spans: the registry's ms
//     histograms NAMESPACE.OP.duration);
//   - its attributes are the span's allowlist (step, epoch, phase and the
//     keys of the events OP and OP.*, less variant_id), under the key
//     rules, and error_code, a registered error code name;
//   - its status message is empty or a registered error code name, never
//     an error's text;
//   - a span event is named after a registered event and carries that
//     event's keys, under the key rules; any other span event (an
//     exception with its message and stack, say) is dropped;
//   - a link's attributes are judged as the span's own;
//   - the trace state, like every string, holds no DNA.
//
// Anything else is dropped: the span itself when its name is not
// registered, in every mode.

// spanErrorCode is the attribute that carries a failed span's code.
const spanErrorCode = "error_code"

// Traces applies the rules to every span of td, in place as Logs does.
func (e *Engine) Traces(td ptrace.Traces, obs Observer) {
	n := 0
	c := &check{e: e, obs: obs}
	td.ResourceSpans().RemoveIf(func(rs ptrace.ResourceSpans) bool {
		resRule, resOK := e.container(c, Traces, n, PartResource, rs.Resource().Attributes(), rs.SchemaUrl(), rs.SetSchemaUrl)
		rs.ScopeSpans().RemoveIf(func(ss ptrace.ScopeSpans) bool {
			scRule, scOK := e.scope(c, Traces, n, ss.Scope(), ss.SchemaUrl(), ss.SetSchemaUrl)
			ss.Spans().RemoveIf(func(s ptrace.Span) bool {
				c.reset(Traces, -1, n)
				n++
				c.inherit(resRule, resOK)
				c.inherit(scRule, scOK)
				return !e.span(c, s)
			})
			return e.mutate() && ss.Spans().Len() == 0
		})
		return e.mutate() && rs.ScopeSpans().Len() == 0
	})
}

func (e *Engine) span(c *check, s ptrace.Span) bool {
	sp := e.t.bySpan[s.Name()]
	if sp == nil {
		c.obs.Seen(Traces, -1)
		c.record(RuleUnregistered, PartRecord, s.Name(), false)
		return c.keep()
	}
	c.f.Item = sp.id
	c.obs.Seen(Traces, sp.id)
	e.spanAttrs(c, sp.fields, s.Attributes(), PartAttr)
	if msg := s.Status().Message(); msg != "" && !e.t.codes[msg] {
		rule := RuleValue
		if dna.Has(msg) {
			rule = RuleDNA
		}
		c.key(rule, PartStatus, "")
		if e.dropKeys() {
			s.Status().SetMessage("")
		}
	}
	ts := s.TraceState()
	c.freeString(ts.AsRaw(), PartRecord, func() { ts.FromRaw("") })
	judgeEvent := func(se ptrace.SpanEvent) bool {
		ev := e.t.byEvent[se.Name()]
		if ev == nil {
			c.key(RuleAllowlist, PartEvent, "")
			return false
		}
		e.spanAttrs(c, ev.fields, se.Attributes(), PartEvent)
		return true
	}
	judgeLink := func(l ptrace.SpanLink) bool {
		e.spanAttrs(c, sp.fields, l.Attributes(), PartLink)
		lts := l.TraceState()
		c.freeString(lts.AsRaw(), PartLink, func() { lts.FromRaw("") })
		return true
	}
	if e.dropKeys() {
		s.Events().RemoveIf(func(se ptrace.SpanEvent) bool { return !judgeEvent(se) })
	} else {
		for _, se := range s.Events().All() {
			judgeEvent(se)
		}
	}
	for _, l := range s.Links().All() {
		judgeLink(l)
	}
	return c.keep()
}

// spanAttrs applies the key rules of allowlist fs to attrs: a span's, a
// span event's (its event's allowlist) or a link's.
func (e *Engine) spanAttrs(c *check, fs fields, attrs pcommon.Map, p Part) {
	var written uint64
	codeSeen := false
	judge := func(k string, v pcommon.Value) bool {
		if e.t.denied(k) {
			c.key(RuleDeny, p, k)
			return false
		}
		if k == spanErrorCode && fs.index(k) < 0 {
			switch {
			case codeSeen:
				c.key(RuleAllowlist, p, k)
			case v.Type() != pcommon.ValueTypeStr:
				c.key(RuleType, p, k)
			case !e.t.codes[v.Str()]:
				c.key(RuleValue, p, k)
			default:
				codeSeen = true
				return true
			}
			return false
		}
		return c.dataKey(fs, k, v, p, &written)
	}
	e.eachAttr(attrs, judge)
}
