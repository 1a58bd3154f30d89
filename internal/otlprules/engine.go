package otlprules

import (
	"errors"
	"strings"
)

// Mode says what the Engine does with what it finds.
type Mode uint8

const (
	// Strict refuses a whole log record, span or data point when any rule
	// trips, as the Go filter's strict redaction refuses a record.
	Strict Mode = iota
	// Lenient drops the offending keys and keeps the rest, as the Go
	// filter does when not strict; what has no key to drop (an
	// unregistered name, a wrong severity or error code, a metric's
	// identity) is refused as in Strict.
	Lenient
	// Report changes nothing: it only reports, for live-check.
	Report
)

var modeNames = [...]string{"strict", "lenient", "report"}

func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "unknown"
}

// ParseMode parses strict, lenient or report.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), nil
		}
	}
	return 0, errors.New("mode must be strict, lenient or report")
}

// TopPrefix names the attributes that carry a log record's top-level
// fields, as the Go runtime's OTLP log export writes them
// (runtime/internal/tracing.AttrPrefix): genolewm.step, genolewm.epoch,
// genolewm.phase, genolewm.duration_ms and genolewm.error_code.
const TopPrefix = "genolewm."

// Options configure an Engine.
type Options struct {
	Mode Mode
	// EventNameAttribute names the attribute that holds a log record's
	// event name when its EventName field is empty (older SDKs and
	// bridges write event.name); "" reads EventName only. The attribute
	// is kept when it names the record's event.
	EventNameAttribute string
}

// Engine applies a Table's rules to OTLP logs, traces and metrics in
// place. It keeps no state between calls and is safe for concurrent use.
type Engine struct {
	t         *Table
	mode      Mode
	eventAttr string
}

// NewEngine returns an Engine enforcing t.
func NewEngine(t *Table, o Options) (*Engine, error) {
	if t == nil {
		return nil, errors.New("otlprules: no table")
	}
	if o.Mode > Report {
		return nil, errors.New("otlprules: unknown mode")
	}
	if strings.HasPrefix(o.EventNameAttribute, TopPrefix) {
		return nil, errors.New("otlprules: the event name attribute must not be a " + TopPrefix + "* attribute")
	}
	return &Engine{t: t, mode: o.Mode, eventAttr: o.EventNameAttribute}, nil
}

// Table is the table the Engine enforces.
func (e *Engine) Table() *Table { return e.t }

// Mode is the Engine's mode.
func (e *Engine) Mode() Mode { return e.mode }

// check is the state of one record, span or data point being judged.
type check struct {
	e      *Engine
	obs    Observer
	f      Finding // the record's identity; copied into each finding
	first  Rule    // the first rule that tripped
	bad    bool    // a key rule tripped (strict refuses)
	refuse bool    // a record rule tripped (every mode but Report refuses)
}

func (c *check) reset(sig Signal, item, record int) {
	c.f = Finding{Signal: sig, Item: item, Record: record}
	c.bad, c.refuse = false, false
}

// key reports a dropped key.
func (c *check) key(r Rule, p Part, key string) {
	if !c.bad && !c.refuse {
		c.first = r
	}
	c.bad = true
	f := c.f
	f.Rule, f.Part, f.Key = r, p, key
	c.obs.Found(&f)
}

// record reports a rule that refuses the record whatever the mode.
func (c *check) record(r Rule, p Part, key string, missing bool) {
	if !c.refuse {
		c.first = r
	}
	c.refuse = true
	f := c.f
	f.Rule, f.Part, f.Key, f.Missing, f.Whole = r, p, key, missing, true
	c.obs.Found(&f)
}

// keep decides the record's fate after every rule ran: it reports the
// refusal, if any, and returns whether the record stays.
func (c *check) keep() bool {
	mode := c.e.mode
	if mode == Report {
		return true
	}
	if c.refuse || c.bad && mode == Strict {
		f := c.f
		f.Rule, f.Part, f.Refused = c.first, PartRecord, true
		c.obs.Found(&f)
		return false
	}
	return true
}

// dropKeys says whether offending keys are removed (Lenient), as opposed
// to refusing the record (Strict) or leaving it be (Report).
func (e *Engine) dropKeys() bool { return e.mode == Lenient }

// mutate says whether the Engine may change data at all.
func (e *Engine) mutate() bool { return e.mode != Report }
