// Package indirect reaches the logger through calls that have no static
// callee or shift their arguments: user-declared interfaces, type
// parameters, embedded interfaces, method expressions, method values,
// variadic spreads and multi-value calls. Each is checked as a call of
// the logger itself.
package indirect

import (
	"context"

	"example.com/lintcase/wrap"
	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

var _ = events.Registry

// emitter is the logger's Emit, declared by the user: observe.Logger
// implements it.
type emitter interface {
	Emit(ctx context.Context, name string, data map[string]any) error
}

// richEmitter has a method observe.Logger lacks, but a type embedding the
// logger can implement it: a call still reaches the logger's Emit.
type richEmitter interface {
	Emit(ctx context.Context, name string, data map[string]any) error
	Flush()
}

// errEmitter is EmitError.
type errEmitter interface {
	EmitError(ctx context.Context, name, code string, data map[string]any) error
}

// notALogger has a method named Emit of another signature: no logger can
// be behind it.
type notALogger interface{ Emit(name string) }

func viaInterface(ctx context.Context, e emitter, r richEmitter, ee errEmitter, o notALogger) {
	_ = e.Emit(ctx, "no.such.event", nil)                                 // want `event "no.such.event" passed to observe.Logger.Emit \(called through indirect.emitter\) is not registered`
	_ = e.Emit(ctx, "training.step", nil)                                 // ok: registered at debug
	_ = r.Emit(ctx, "training.stpe", nil)                                 // want `event "training.stpe" passed to observe.Logger.Emit \(called through indirect.richEmitter\) is not registered .*did you mean "training.step"\?`
	_ = ee.EmitError(ctx, "eval.regression", "DataError.Bad", nil)        // want `error code "DataError.Bad" is not allowed for event "eval.regression"`
	_ = ee.EmitError(ctx, "eval.regression", "EvalError.Regression", nil) // ok
	o.Emit("anything")                                                    // ok: not the logger's signature
}

// holder embeds the interface: its promoted Emit is the interface's.
type holder struct{ emitter }

func viaEmbedded(ctx context.Context, h holder) {
	_ = h.Emit(ctx, "no.such.event", nil) // want `event "no.such.event" passed to observe.Logger.Emit \(called through indirect.emitter\) is not registered`
}

// viaTypeParam passes its name through a type parameter whose constraint
// has the logger's Emit: a wrapper, checked at its callers.
func viaTypeParam[L emitter](ctx context.Context, l L, name string) { // want viaTypeParam:`eventWrapper\(name=2\)`
	_ = l.Emit(ctx, name, nil)
}

func viaTypeParamConst[L interface {
	Emit(context.Context, string, map[string]any) error
}](ctx context.Context, l L) {
	_ = l.Emit(ctx, "no.such.event", nil) // want `event "no.such.event" passed to observe.Logger.Emit \(called through L\) is not registered`
}

func callsTypeParam(ctx context.Context, l observe.Logger) {
	viaTypeParam(ctx, l, "no.such.event")  // want `event "no.such.event" passed to viaTypeParam is not registered`
	viaTypeParam(ctx, l, "eval.run.start") // ok
}

// genericEmitter's Emit can be the logger's, for M = map[string]any.
type genericEmitter[M any] interface {
	Emit(ctx context.Context, name string, data M) error
}

func viaGenericInterface[M any](ctx context.Context, e genericEmitter[M], data M) {
	_ = e.Emit(ctx, "no.such.event", data) // want `event "no.such.event" passed to observe.Logger.Emit \(called through indirect.genericEmitter\[M\]\) is not registered`
}

// Method expressions: the receiver is argument 0.
func viaMethodExpression(ctx context.Context, l observe.Logger) {
	_ = observe.Logger.Emit(l, ctx, "no.such.event", nil)                                // want `event "no.such.event" passed to observe.Logger.Emit is not registered`
	_ = observe.Logger.Emit(l, ctx, "training.step", nil)                                // ok: registered
	_ = (*observe.Logger).Emit(&l, ctx, "training.stpe", nil)                            // want `did you mean "training.step"\?`
	_ = observe.Logger.EmitError(l, ctx, "eval.regression", "EvalError.Regression", nil) // ok
	_ = observe.Logger.EmitError(l, ctx, "eval.regression", "DataError.Bad", nil)        // want `error code "DataError.Bad" is not allowed`
	_ = emitter.Emit(l, ctx, "no.such.event", nil)                                       // want `event "no.such.event" passed to observe.Logger.Emit \(called through indirect.emitter\) is not registered`
}

// Method values of an interface that reaches the logger, and of a wrapper.
func viaMethodValue(ctx context.Context, e emitter, l observe.Logger) {
	f := e.Emit // want `Emit, which can reach observe.Logger.Emit, used as a function value`
	_ = f(ctx, "no.such.event", nil)
	g := emitter.Emit // want `Emit, which can reach observe.Logger.Emit, used as a function value`
	_ = g
	h := wrap.Info // want `wrap.Info used as a function value`
	h(ctx, l, "no.such.event", nil)
}

// info is a variadic wrapper.
func info(ctx context.Context, l observe.Logger, name string, kv ...any) { // want info:`eventWrapper\(name=2\)`
	_ = l.Emit(ctx, name, nil)
}

func viaSpread(ctx context.Context, l observe.Logger, kv []any) {
	info(ctx, l, "no.such.event", kv...) // want `event "no.such.event" passed to info is not registered`
	info(ctx, l, "training.step", kv...) // ok: the name is before the spread
}

func args(ctx context.Context) (context.Context, string, map[string]any) {
	return ctx, "no.such.event", nil
}

func viaTuple(ctx context.Context, l observe.Logger) {
	_ = l.Emit(args(ctx)) // want `event name passed to observe.Logger.Emit comes from a multi-value call f\(g\(\)\), so it cannot be proven registered`
}
