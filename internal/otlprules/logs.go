package otlprules

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/internal/dna"
)

// A log record in OTLP, as the Go runtime exports one and as any other
// producer must send it (runtime/internal/tracing, logconvert.go):
//
//   - EventName is the registered event (or, when empty, the attribute
//     Options.EventNameAttribute);
//   - the severity number lies in its event's OpenTelemetry range (debug
//     5-8, info 9-12, warn 13-16, error 17-20) and the severity text, when
//     set, names it (debug, info, warn or warning, error; any case);
//   - the data keys are attributes under their own names, with their
//     registered types;
//   - the top-level fields are the attributes genolewm.step, .epoch and
//     .duration_ms (ints), .phase (a string) and .error_code (a registered
//     code name, on error records only and on every one of them);
//   - the body is empty or a scalar: a map or list body would carry keys
//     past the allowlist, and is dropped under the type rule.

// topFields are the genolewm.* attributes and their kinds.
var topFields = fields{
	{name: "step", kind: Int},
	{name: "epoch", kind: Int},
	{name: "phase", kind: String},
	{name: "duration_ms", kind: Int},
	{name: "error_code", kind: String},
}

const topErrorCode = 4 // index of error_code in topFields

// Logs applies the rules to every log record of ld. In Strict and Lenient
// mode a refused record is removed, and so is a scope or resource left
// empty; in Report mode ld is not changed.
func (e *Engine) Logs(ld plog.Logs, obs Observer) {
	n := 0
	c := &check{e: e, obs: obs}
	ld.ResourceLogs().RemoveIf(func(rl plog.ResourceLogs) bool {
		resRule, resOK := e.container(c, Logs, n, PartResource, rl.Resource().Attributes(), rl.SchemaUrl(), rl.SetSchemaUrl)
		rl.ScopeLogs().RemoveIf(func(sl plog.ScopeLogs) bool {
			scRule, scOK := e.scope(c, Logs, n, sl.Scope(), sl.SchemaUrl(), sl.SetSchemaUrl)
			sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool {
				c.reset(Logs, -1, n)
				n++
				c.inherit(resRule, resOK)
				c.inherit(scRule, scOK)
				return !e.logRecord(c, lr)
			})
			return e.mutate() && sl.LogRecords().Len() == 0
		})
		return e.mutate() && rl.ScopeLogs().Len() == 0
	})
}

// inherit makes a record offending when its resource or scope was.
func (c *check) inherit(r Rule, ok bool) {
	if ok {
		return
	}
	if !c.bad && !c.refuse {
		c.first = r
	}
	c.bad = true
}

// container applies the free-form rules to a resource or scope's
// attributes and schema URL, as record (numbering the first record under
// it).
func (e *Engine) container(c *check, sig Signal, record int, p Part, attrs pcommon.Map, url string, setURL func(string)) (Rule, bool) {
	c.reset(sig, -1, record)
	r1, ok1 := c.freeAttrs(attrs, p)
	r2, ok2 := c.freeString(url, p, func() { setURL("") })
	if !ok1 {
		return r1, false
	}
	return r2, ok2
}

func (e *Engine) scope(c *check, sig Signal, record int, s pcommon.InstrumentationScope, url string, setURL func(string)) (Rule, bool) {
	first, clean := e.container(c, sig, record, PartScope, s.Attributes(), url, setURL)
	for _, f := range []struct {
		v   string
		set func(string)
	}{{s.Name(), s.SetName}, {s.Version(), s.SetVersion}} {
		if r, ok := c.freeString(f.v, PartScope, func() { f.set("") }); !ok && clean {
			first, clean = r, false
		}
	}
	return first, clean
}

// eventName is the record's event name: EventName, else the configured
// attribute.
func (e *Engine) eventName(lr plog.LogRecord) (string, bool) {
	if name := lr.EventName(); name != "" {
		return name, false
	}
	if e.eventAttr == "" {
		return "", false
	}
	if v, ok := lr.Attributes().Get(e.eventAttr); ok && v.Type() == pcommon.ValueTypeStr {
		return v.Str(), true
	}
	return "", false
}

// logRecord judges one record and reports whether it stays.
func (e *Engine) logRecord(c *check, lr plog.LogRecord) bool {
	name, fromAttr := e.eventName(lr)
	ev := e.t.byEvent[name]
	if ev == nil {
		c.obs.Seen(Logs, -1)
		c.record(RuleUnregistered, PartRecord, name, false)
		return c.keep()
	}
	c.f.Item = ev.id
	c.obs.Seen(Logs, ev.id)
	if !severityMatches(ev.severity, lr.SeverityNumber(), lr.SeverityText()) {
		c.record(RuleSeverity, PartRecord, "", false)
	}
	code, written := e.logAttrs(c, ev, lr.Attributes(), fromAttr)
	e.checkCode(c, ev, code)
	e.body(c, lr)
	if written&ev.required != ev.required {
		// Offending (Strict refuses), but a Lenient record is kept
		// without it, as the filter keeps one.
		c.key(RuleRequired, PartAttr, ev.fields[missingField(ev.required&^written)].name)
	}
	return c.keep()
}

func missingField(mask uint64) int {
	for i := 0; i < 64; i++ {
		if mask&(1<<uint(i)) != 0 {
			return i
		}
	}
	return 0
}

// codeState is what a record said about its error code.
type codeState struct {
	present, valid bool
	name           string
}

// logAttrs applies the key rules to a record's attributes. It returns the
// record's error code and the mask of the data keys kept.
func (e *Engine) logAttrs(c *check, ev *event, attrs pcommon.Map, fromAttr bool) (codeState, uint64) {
	var code codeState
	var written uint64
	var top uint8 // bit i: topFields[i] seen
	judge := func(k string, v pcommon.Value) bool {
		if fromAttr && k == e.eventAttr && v.Type() == pcommon.ValueTypeStr && v.Str() == ev.name {
			return true // the record's own name, not data
		}
		if e.t.denied(k) {
			c.key(RuleDeny, PartAttr, k)
			return false
		}
		if rest, ok := strings.CutPrefix(k, TopPrefix); ok {
			return e.topAttr(c, k, rest, v, &top, &code)
		}
		return c.dataKey(ev.fields, k, v, PartAttr, &written)
	}
	e.eachAttr(attrs, judge)
	return code, written
}

// topAttr judges a genolewm.* attribute (key is the whole key, rest what
// follows the prefix).
func (e *Engine) topAttr(c *check, key, rest string, v pcommon.Value, seen *uint8, code *codeState) bool {
	i := topFields.index(rest)
	if i < 0 || *seen&(1<<uint(i)) != 0 {
		c.key(RuleAllowlist, PartTop, key)
		return false
	}
	*seen |= 1 << uint(i)
	if i == topErrorCode {
		// Judged with the event (checkCode): a wrong code refuses the
		// record in every mode, so the attribute itself always stays.
		code.present = true
		if v.Type() == pcommon.ValueTypeStr {
			code.valid, code.name = true, v.Str()
		}
		return true
	}
	f := &topFields[i]
	if !scalarOK(f.kind, v) {
		c.key(RuleType, PartTop, key)
		return false
	}
	if f.kind == String { // phase
		if dna.Has(v.Str()) {
			c.key(RuleDNA, PartTop, key)
			return false
		}
		if !plainPhase(v.Str()) {
			c.key(RuleValue, PartTop, key)
			return false
		}
	}
	if e.mutate() {
		normalize(f.kind, v)
	}
	return true
}

// checkCode applies the error code rule: an error record carries a code
// registered for its event, and no other record carries one. Either way
// it is refused, as the filter refuses it, since no key can be dropped
// instead.
func (e *Engine) checkCode(c *check, ev *event, code codeState) {
	key := TopPrefix + topFields[topErrorCode].name
	switch {
	case ev.severity == Error && !code.present:
		c.record(RuleErrorCode, PartTop, key, true)
	case ev.severity == Error && (!code.valid || !contains(ev.codes, code.name)):
		c.record(RuleErrorCode, PartTop, key, false)
	case ev.severity != Error && code.present:
		c.record(RuleErrorCode, PartTop, key, false)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// body applies the rules to a record's body: a scalar, whose strings hold
// no DNA.
func (e *Engine) body(c *check, lr plog.LogRecord) {
	b := lr.Body()
	rule := Rule(0)
	switch b.Type() {
	case pcommon.ValueTypeEmpty, pcommon.ValueTypeInt, pcommon.ValueTypeDouble, pcommon.ValueTypeBool:
		return
	case pcommon.ValueTypeStr:
		if !dna.Has(b.Str()) {
			if e.mutate() {
				normalize(String, b)
			}
			return
		}
		rule = RuleDNA
	default:
		rule = RuleType
	}
	c.key(rule, PartBody, "")
	if e.dropKeys() {
		_ = b.FromRaw(nil) // nil always converts: the body becomes empty
	}
}

// severityMatches reports whether an OTLP severity is the registered one.
func severityMatches(want Severity, num plog.SeverityNumber, text string) bool {
	lo := plog.SeverityNumberDebug + plog.SeverityNumber(4*(int(want)-1))
	if num < lo || num > lo+3 {
		return false
	}
	if text == "" {
		return true
	}
	if strings.EqualFold(text, want.String()) {
		return true
	}
	return want == Warn && strings.EqualFold(text, "warning")
}

// plainPhase is the runtime's rule for a phase (runtime/observe,
// validPhase): 1 to 64 letters, digits, '.', '_' or '-'. The DNA rule is
// checked first, so that a phase holding sequence counts as dna.
func plainPhase(p string) bool {
	if p == "" || len(p) > 64 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}
