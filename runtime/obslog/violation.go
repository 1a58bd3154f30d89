package obslog

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/eventspec"
	"github.com/genolewm/obs/runtime/redact"
)

// violationSpec locates, once, the parts of the registry that the
// fail-closed path writes: the error event, its invariant-violation code
// and the keys of its sanitized payload.
type violationSpec struct {
	ev                          *eventspec.Event
	code                        eventspec.ErrorCode
	component, source, rules, n int
}

func lookupViolationSpec(t *eventspec.Table) (violationSpec, error) {
	v := violationSpec{ev: t.Lookup("error"), code: t.Code("InternalError.InvariantViolation")}
	if v.ev == nil || v.code == 0 || !v.ev.AllowsCode(v.code) {
		return v, fmt.Errorf("obslog: the registry must define event %q with error code %q for fail-closed redaction", "error", "InternalError.InvariantViolation")
	}
	for _, f := range []struct {
		dst  *int
		name string
		kind eventspec.Kind
	}{
		{&v.component, "component", eventspec.String},
		{&v.source, "source_event", eventspec.String},
		{&v.rules, "rules", eventspec.StringList},
		{&v.n, "dropped_keys", eventspec.Int},
	} {
		*f.dst = v.ev.FieldIndex(f.name)
		if *f.dst < 0 || v.ev.Fields[*f.dst].Kind != f.kind {
			return v, fmt.Errorf("obslog: event %q must have key %s of type %s for fail-closed redaction", "error", f.name, f.kind)
		}
	}
	return v, nil
}

// writeViolation writes the sanitized error record that replaces a record
// refused by strict redaction: the event's name, the rules that tripped
// and how many keys; never a key or a value.
func (l Logger) writeViolation(ctx context.Context, iv *redact.InvariantViolation) {
	v := l.c.violation
	var h redact.Header
	l.header(ctx, &h)
	h.Phase = "" // the phase itself may be what tripped the filter
	w := l.c.filter.Begin(v.ev, v.code, &h)
	w.String(v.component, "redact")
	w.String(v.source, iv.Event)
	w.StringList(v.rules, iv.Result.Rules())
	w.Int(v.n, int64(iv.Result.Total()))
	// Emit directly, never Commit: a refused violation record must not
	// start another one. It is built from registry names only, so a
	// refusal here means a broken registry; it is counted as a failure.
	res, err := l.c.filter.Emit(w, l.c.sinks)
	l.c.count(v.ev, res)
	if err != nil {
		l.c.writeFailed(err)
		return
	}
	meters.ErrorsRaised.Inc(v.code)
}
