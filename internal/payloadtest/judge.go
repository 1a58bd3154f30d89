package payloadtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// Outcome is what a judge did with one case.
type Outcome struct {
	// Kept is set when the record was written (the filter) or passed on
	// (the processor).
	Kept bool
	// Data is the kept record's data keys in their JSON form (numbers as
	// float64), nil when it was refused.
	Data map[string]any
}

// String shows an outcome in a test failure. Values in the corpus are
// test data, so showing them does no harm.
func (o Outcome) String() string {
	if !o.Kept {
		return "refused"
	}
	b, _ := json.Marshal(o.Data)
	return "kept " + string(b)
}

// Equal compares two outcomes.
func (o Outcome) Equal(p Outcome) bool {
	return o.String() == p.String()
}

// lineSink keeps the lines the filter writes.
type lineSink struct {
	mu    sync.Mutex
	lines [][]byte
}

func (s *lineSink) WriteRecord(r *observe.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, append([]byte(nil), r.Bytes()...))
	return nil
}

// Filter runs c through the Go redaction filter: a Logger over the
// generated registry, strict or not, as a program would log it with
// Emit or EmitError.
func Filter(c Case, strict bool, emit Emitter) (Outcome, error) {
	sink := &lineSink{}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-payloadtest", Level: observe.Debug, Strict: strict,
		Sinks: []observe.Sink{sink}, Now: func() time.Time { return time.Unix(1_779_278_400, 0) },
	})
	if err != nil {
		return Outcome{}, err
	}
	err = emit(l, c)
	var iv *observe.InvariantViolation
	switch {
	case errors.As(err, &iv):
		return Outcome{}, nil // refused: strict writes a violation record instead
	case err != nil:
		return Outcome{}, fmt.Errorf("%s: %w", c.Name, err)
	}
	for _, line := range sink.lines {
		var rec struct {
			Event string         `json:"event"`
			Data  map[string]any `json:"data"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return Outcome{}, fmt.Errorf("%s: the filter wrote a line that does not parse: %w", c.Name, err)
		}
		if rec.Event == c.Event {
			return Outcome{Kept: true, Data: canon(rec.Data).(map[string]any)}, nil
		}
	}
	return Outcome{}, nil
}

// Emitter writes case c through l by its event name. The names of the
// corpus are data, which INV-OBS-1's linter rightly refuses in library
// code: each test that replays the corpus passes its own, in a _test.go
// file (runtime/observe's tests replay the registry the same way).
type Emitter func(l observe.Logger, c Case) error

// IsError reports whether c is written as an error record (with a code).
func IsError(c Case) bool {
	ev := events.Registry().Lookup(c.Event)
	return c.Code != "" || ev != nil && ev.Severity() == observe.Error
}

// LogRecord writes c into lr in the OTLP form the Go runtime exports (and
// the processor expects of any producer): EventName, the registered
// severity, data keys as attributes, the error code as
// genolewm.error_code.
func LogRecord(c Case, lr plog.LogRecord) error {
	ev := events.Registry().Lookup(c.Event)
	if ev == nil {
		return fmt.Errorf("%s: event %s is not registered", c.Name, c.Event)
	}
	lr.SetEventName(c.Event)
	sev := ev.Severity()
	lr.SetSeverityNumber(plog.SeverityNumber(1 + 4*int(sev)))
	lr.SetSeverityText(sev.String())
	lr.SetTimestamp(pcommon.NewTimestampFromTime(time.Unix(1_779_278_400, 0)))
	if err := lr.Attributes().FromRaw(c.Data); err != nil {
		return fmt.Errorf("%s: %w", c.Name, err)
	}
	if c.Code != "" {
		lr.Attributes().PutStr("genolewm.error_code", c.Code)
	}
	return nil
}

// Passed is the outcome of a record the processor passed on, from its
// attributes (pcommon.Map.AsRaw): the data keys, without the genolewm.*
// top-level fields.
func Passed(attrs map[string]any) Outcome {
	data := map[string]any{}
	for k, v := range attrs {
		if !strings.HasPrefix(k, "genolewm.") {
			data[k] = v
		}
	}
	return Outcome{Kept: true, Data: canon(data).(map[string]any)}
}

// canon turns a value into its JSON form, so that the filter's output and
// an OTLP attribute compare alike (an int64 and a float64 of one value are
// one JSON number).
func canon(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return out
}
