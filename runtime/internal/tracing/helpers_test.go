package tracing_test

import (
	"context"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// span is this repository's registered span called name.
func span(name string) *schema.Span { return schema.SpanNamed(events.Registry(), name) }

// startTrainingStep starts the training.step span with its step attribute.
func startTrainingStep(p *tracing.Provider, ctx context.Context, step int64) (context.Context, tracing.Span) {
	ctx, s := p.Start(ctx, span("training.step"))
	s.SetInt("step", step)
	return ctx, s
}
