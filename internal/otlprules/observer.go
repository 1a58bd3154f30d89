package otlprules

// Finding is one rule that tripped on OTLP data. It never holds a value:
// Key is the attribute's key as sent (reports show it quoted as
// live-check quotes names, hiding one that holds a DNA run; the
// processor's telemetry never uses it).
type Finding struct {
	Signal Signal
	// Item is the registered event, span or metric the data claimed, as
	// its index in Table.Events, Spans or Metrics; -1 when it is not
	// registered or the finding is about a resource or scope.
	Item int
	Rule Rule
	Part Part
	Key  string
	// Refused is set on the one finding that refuses a whole record, span
	// or data point (its Rule is the first that tripped); the findings
	// about single keys come before it.
	Refused bool
	// Whole is set when the finding is about the record, span or point
	// as a whole (its name, severity, error code, series or bounds), not
	// one of its keys: such a rule refuses it in every enforcing mode.
	Whole bool
	// Missing is set on a RuleErrorCode finding when there was no code
	// at all.
	Missing bool
	// Record numbers the record, span or data point within the data
	// passed to the Engine, from 0, in order.
	Record int
}

// Observer receives what the Engine found and saw. Its methods are called
// from the goroutine that called the Engine, so an Observer shared by
// concurrent calls must be safe for concurrent use.
type Observer interface {
	// Found receives each finding. f is only valid during the call.
	Found(f *Finding)
	// Seen is called once for every record, span and data point checked:
	// item is its registered event, span or metric (-1 when it is not
	// registered), for coverage.
	Seen(s Signal, item int)
}

// Discard is an Observer that ignores everything.
var Discard Observer = discard{}

type discard struct{}

func (discard) Found(*Finding)   {}
func (discard) Seen(Signal, int) {}
