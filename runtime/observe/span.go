package observe

import (
	"context"

	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// Span is one operation's span. The zero Span, which StartSpan returns
// when export is off or the span is not registered, ignores every call
// and costs a nil check.
type Span struct{ s tracing.Span }

// StartSpan starts the registered span called name, a child of any span
// in ctx; log records written with the returned ctx carry its ids. A
// registry's spans are its ms histograms NAMESPACE.OP.duration: the
// training.step span of geno_lewm.training.step.duration. Its attributes
// are the keys of the events named OP or OP.*, plus step, epoch and phase,
// filtered like log data.
func (s *Session) StartSpan(ctx context.Context, name string) (context.Context, Span) {
	if s == nil || !s.tracing.Enabled() {
		return ctx, Span{}
	}
	ctx, sp := s.tracing.Start(ctx, schema.SpanNamed(s.reg, name))
	return ctx, Span{sp}
}

// End ends the span; it is then queued for export.
func (s Span) End() { s.s.End() }

// Recording reports whether attributes set on s are kept. Check it before
// computing a costly attribute.
func (s Span) Recording() bool { return s.s.Recording() }

// SpanContext returns the span's ids (invalid for the zero Span).
func (s Span) SpanContext() trace.SpanContext { return s.s.SpanContext() }

// SetInt sets attribute key, which must be registered as an int for the
// span; otherwise it is dropped and counted, like a log field.
func (s Span) SetInt(key string, v int64) { s.s.SetInt(key, v) }

// SetFloat sets attribute key, registered as a float for the span.
func (s Span) SetFloat(key string, v float64) { s.s.SetFloat(key, v) }

// SetBool sets attribute key, registered as a bool for the span.
func (s Span) SetBool(key string, v bool) { s.s.SetBool(key, v) }

// SetString sets attribute key, registered as a string for the span,
// unless v holds a DNA run.
func (s Span) SetString(key, v string) { s.s.SetString(key, v) }

// Fail marks the span as failed with the registered error code called
// code: the status description and the error_code attribute are the
// code's name, never an error's message (which may quote data). An
// unregistered code marks the failure without a name.
func (s Span) Fail(code string) { s.s.Fail(code) }
