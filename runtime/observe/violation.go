package observe

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// violationSpec locates, once, the parts of the registry that the
// fail-closed path writes: the error event, its invariant-violation code
// and the keys of its sanitized payload.
type violationSpec struct {
	ev                          *schema.Event
	code                        schema.ErrorCode
	component, source, rules, n int
}

func lookupViolationSpec(r *schema.Registry) (violationSpec, error) {
	v := violationSpec{ev: r.Lookup("error"), code: r.Code("InternalError.InvariantViolation")}
	if v.ev == nil || v.code == 0 || !v.ev.AllowsCode(v.code) {
		return v, fmt.Errorf("observe: the registry must define event %q with error code %q for fail-closed redaction", "error", "InternalError.InvariantViolation")
	}
	for _, f := range []struct {
		dst  *int
		name string
		kind schema.Kind
	}{
		{&v.component, "component", schema.String},
		{&v.source, "source_event", schema.String},
		{&v.rules, "rules", schema.StringList},
		{&v.n, "dropped_keys", schema.Int},
	} {
		*f.dst = v.ev.FieldIndex(f.name)
		if *f.dst < 0 || v.ev.Field(*f.dst).Kind != f.kind {
			return v, fmt.Errorf("observe: event %q must have key %s of type %s for fail-closed redaction", "error", f.name, f.kind)
		}
	}
	return v, nil
}

// writeViolation writes the sanitized error record that replaces a record
// refused by strict redaction: the event's name, the rules that tripped
// and how many keys; never a key or a value.
func (l Logger) writeViolation(ctx context.Context, iv *filter.InvariantViolation) {
	v := l.c.violation
	var h filter.Header
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
	schema.CountError(l.c.reg, v.code)
}
