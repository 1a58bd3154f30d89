package sink

import (
	"io"
	"sync"

	"github.com/genolewm/obs/runtime/internal/filter"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// Pretty renders records for a person at a terminal:
//
//	15:42:01.123 INFO  training.epoch.end  {"steps":100,...}
//
// Records below Min are skipped.
type Pretty struct {
	mu  sync.Mutex
	w   io.Writer
	min schema.Severity
	buf []byte
}

// NewPretty renders records at or above min to w.
func NewPretty(w io.Writer, min schema.Severity) *Pretty {
	return &Pretty{w: w, min: min}
}

var severityLabel = [...]string{"?????", "DEBUG", "INFO ", "WARN ", "ERROR"}

// WriteRecord renders one record in a single write.
func (p *Pretty) WriteRecord(r *filter.Record) error {
	sev := r.Severity()
	if sev < p.min {
		return nil
	}
	line := r.Bytes()
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.buf[:0]
	// ts is always the first field: {"ts":"2006-01-02T15:04:05.000Z",...
	if len(line) > 32 {
		b = append(b, line[18:30]...)
		b = append(b, ' ')
	}
	if int(sev) < len(severityLabel) {
		b = append(b, severityLabel[sev]...)
	}
	b = append(b, ' ')
	b = append(b, r.Event().Name()...)
	b = append(b, "  "...)
	b = append(b, r.Data()...)
	b = append(b, '\n')
	p.buf = b
	_, err := p.w.Write(b)
	return err
}
