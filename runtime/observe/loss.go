package observe

import (
	"fmt"

	"github.com/genolewm/obs/runtime/internal/diag"
	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// What the logger does with a loss: count it in
// geno_lewm.observability.dropped{reason}, report the first of each
// reason on Diagnostics (queued, never under a lock), and, once the file
// takes writes again, write an observability.records.lost record so that
// the log itself shows the gap.

// noticeSpec locates the loss notice event and its keys once.
type noticeSpec struct {
	ev            *schema.Event
	count, reason int
}

const noticeEvent = "observability.records.lost"

func lookupNoticeSpec(r *schema.Registry) (noticeSpec, error) {
	n := noticeSpec{ev: r.Lookup(noticeEvent)}
	if n.ev != nil {
		n.count, n.reason = n.ev.FieldIndex("count"), n.ev.FieldIndex("reason")
	}
	if n.ev == nil || n.count < 0 || n.reason < 0 || n.ev.Field(n.count).Kind != schema.Int || n.ev.Field(n.reason).Kind != schema.String {
		return n, fmt.Errorf("observe: the registry must define event %s with keys count (int) and reason (string); regenerate it with this runtime's obsgen", noticeEvent)
	}
	return n, nil
}

// lossReports are the one-time reports, by reason.
var lossReports = [schema.NumDropReasons]string{
	schema.DropTimeout:     "the log file did not take records within the write timeout (GENO_LEWM_WRITE_TIMEOUT_S); they are dropped",
	schema.DropWriteError:  "log sink write failed",
	schema.DropFileDeleted: "the log file was deleted while in use; it was created again, and the records written to the deleted file are lost",
}

// Dropped counts n records lost for why (sink.Reporter).
func (c *core) Dropped(why schema.DropReason, n uint64, cause error) {
	schema.CountDropped(c.reg, why, n)
	if why == schema.DropWriteError {
		c.writeErrors.Add(n)
	}
	if why < 0 || why >= schema.NumDropReasons || lossReports[why] == "" || !c.reported[why].CompareAndSwap(false, true) {
		return
	}
	msg := "genolewm/obs: " + lossReports[why]
	if cause != nil {
		msg += ": " + diag.WithoutPaths(cause)
	}
	c.diag.Print(msg + " (counted in geno_lewm_observability_dropped_total{reason=\"" + why.String() + "\"}; further ones are not reported)")
}

// Recovered writes one notice per reason with losses (sink.Reporter). It
// writes even after Close has begun: the file's Close asks for it.
func (c *core) Recovered(lost [schema.NumDropReasons]uint64) {
	for why, n := range lost {
		if n == 0 {
			continue
		}
		var h filter.Header
		h.Time = c.now()
		h.RunID = c.runID
		w := c.filter.Begin(c.notice.ev, 0, &h)
		w.Int(c.notice.count, int64(n))
		w.String(c.notice.reason, schema.DropReason(why).String())
		if _, err := c.filter.Emit(w, c.sinks); err != nil {
			return // the file failed again: it counts that itself
		}
	}
}

// Dropped returns how many records and updates the runtime dropped for
// reason (a value of geno_lewm.observability.dropped's reason label:
// label_value, observation, record_refused, timeout, write_error,
// file_deleted), across every logger of the registry.
func (l Logger) Dropped(reason string) uint64 {
	if l.c == nil {
		return 0
	}
	for i, name := range schema.DropReasonNames {
		if name == reason {
			return schema.Dropped(l.c.reg, schema.DropReason(i))
		}
	}
	return 0
}
