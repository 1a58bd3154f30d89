package tracing

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/genolewm/obs/runtime/eventspec"
)

// Span names. Each is a registered duration metric's name without its
// "geno_lewm." prefix and ".duration" suffix (geno_lewm.training.step.duration
// is the duration of the training.step span); registry_test.go checks it.
const (
	SpanTrainingStep    = "training.step"
	SpanInferenceScore  = "inference.score"
	SpanPlanningCEMIter = "planning.cem.iter"
)

// spanDefs ties each span to the registered events whose allowlists give
// its attribute keys.
var spanDefs = [...]struct {
	name   string
	events []string
}{
	spanTraining: {SpanTrainingStep, []string{"training.step"}},
	spanScore:    {SpanInferenceScore, []string{"inference.score.start", "inference.score.end"}},
	spanCEM:      {SpanPlanningCEMIter, nil},
}

const (
	spanTraining = iota
	spanScore
	spanCEM
	numSpans
)

// Span is one operation's span. The zero Span, returned when export is
// off, ignores every call.
type Span struct {
	s    trace.Span
	spec *spanSpec
	p    *Provider
}

// StartTrainingStep starts the training.step span, a child of any span in
// ctx. Log records written with the returned ctx carry its ids.
func (p *Provider) StartTrainingStep(ctx context.Context, step int64) (context.Context, Span) {
	if p == nil || p.tracer == nil {
		return ctx, Span{}
	}
	return p.start(ctx, spanTraining, attribute.Int64("step", step))
}

// StartInferenceScore starts the inference.score span around one scoring
// call. It takes no variant id, on purpose: see doc.go.
func (p *Provider) StartInferenceScore(ctx context.Context) (context.Context, Span) {
	if p == nil || p.tracer == nil {
		return ctx, Span{}
	}
	return p.start(ctx, spanScore)
}

// StartPlanningCEMIter starts the planning.cem.iter span around one CEM
// iteration.
func (p *Provider) StartPlanningCEMIter(ctx context.Context) (context.Context, Span) {
	if p == nil || p.tracer == nil {
		return ctx, Span{}
	}
	return p.start(ctx, spanCEM)
}

func (p *Provider) start(ctx context.Context, i int, attrs ...attribute.KeyValue) (context.Context, Span) {
	spec := &p.specs.spans[i]
	ctx, s := p.tracer.Start(ctx, spec.name, trace.WithAttributes(attrs...))
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
	if s.s != nil && s.allowed(key, eventspec.Int) {
		s.s.SetAttributes(attribute.Int64(key, v))
	}
}

// SetFloat sets attribute key, registered as a float for this span.
func (s Span) SetFloat(key string, v float64) {
	if s.s != nil && s.allowed(key, eventspec.Float) {
		s.s.SetAttributes(attribute.Float64(key, v))
	}
}

// SetBool sets attribute key, registered as a bool for this span.
func (s Span) SetBool(key string, v bool) {
	if s.s != nil && s.allowed(key, eventspec.Bool) {
		s.s.SetAttributes(attribute.Bool(key, v))
	}
}

// SetString sets attribute key, registered as a string for this span,
// unless v holds a DNA run.
func (s Span) SetString(key, v string) {
	if s.s != nil && s.allowed(key, eventspec.String) && s.noDNA(v) {
		s.s.SetAttributes(attribute.String(key, v))
	}
}

// Fail marks the span as failed with a registered error code: the status
// description and the error_code attribute are the code's registered
// name, never an error's message (which may quote data). An unregistered
// code still marks the failure, without a name.
func (s Span) Fail(code eventspec.ErrorCode) {
	if s.s == nil {
		return
	}
	name := s.p.specs.table.CodeName(code)
	s.s.SetStatus(codes.Error, name)
	if name != "" {
		s.s.SetAttributes(attribute.String("error_code", name))
	}
}
