package tracing

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// Span is one operation's span. The zero Span, returned when export is
// off, ignores every call.
type Span struct {
	s    trace.Span
	spec *schema.Span
	p    *Provider
}

// Start starts span spec, a child of any span in ctx. With export off, or
// a nil spec (a name the registry does not define), it returns the zero
// Span.
func (p *Provider) Start(ctx context.Context, spec *schema.Span) (context.Context, Span) {
	if p == nil || p.tracer == nil || spec == nil {
		return ctx, Span{}
	}
	ctx, s := p.tracer.Start(ctx, spec.Name)
	return ctx, Span{s: s, spec: spec, p: p}
}

// End ends the span; it is then queued for export.
func (s Span) End() {
	if s.s != nil {
		s.s.End()
	}
}

// Recording reports whether attributes set on s are kept (export on and
// the span sampled). Check it before computing a costly attribute.
func (s Span) Recording() bool { return s.s != nil && s.s.IsRecording() }

// SpanContext returns the span's ids (invalid for the zero Span).
func (s Span) SpanContext() trace.SpanContext {
	if s.s == nil {
		return trace.SpanContext{}
	}
	return s.s.SpanContext()
}

// SetInt sets attribute key, which must be registered as an int for this
// span; otherwise it is dropped and counted, like a log field.
func (s Span) SetInt(key string, v int64) {
	if s.s != nil && s.allowed(key, schema.Int) {
		s.s.SetAttributes(attribute.Int64(key, v))
	}
}

// SetFloat sets attribute key, registered as a float for this span.
func (s Span) SetFloat(key string, v float64) {
	if s.s != nil && s.allowed(key, schema.Float) {
		s.s.SetAttributes(attribute.Float64(key, v))
	}
}

// SetBool sets attribute key, registered as a bool for this span.
func (s Span) SetBool(key string, v bool) {
	if s.s != nil && s.allowed(key, schema.Bool) {
		s.s.SetAttributes(attribute.Bool(key, v))
	}
}

// SetString sets attribute key, registered as a string for this span,
// unless v holds a DNA run.
func (s Span) SetString(key, v string) {
	if s.s != nil && s.allowed(key, schema.String) && s.noDNA(v) {
		s.s.SetAttributes(attribute.String(key, v))
	}
}

// Fail marks the span as failed with a registered error code: the status
// description and the error_code attribute are the code's registered
// name, never an error's message (which may quote data). An unregistered
// code still marks the failure, without a name.
func (s Span) Fail(code string) {
	if s.s == nil {
		return
	}
	name := ""
	if s.p.reg.Code(code) != 0 {
		name = code
	}
	s.s.SetStatus(codes.Error, name)
	if name != "" {
		s.s.SetAttributes(attribute.String("error_code", name))
	}
}
