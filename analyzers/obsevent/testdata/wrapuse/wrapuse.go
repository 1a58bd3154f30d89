// Package wrapuse calls wrappers defined in another package.
package wrapuse

import (
	"context"

	"example.com/lintcase/wrap"
	"github.com/genolewm/obs/runtime/observe"
)

func use(ctx context.Context, l observe.Logger, names []string) {
	dyn := names[0]
	wrap.Info(ctx, l, "training.step", nil)
	wrap.Info(ctx, l, "training.stepp", nil) // want `event "training.stepp" passed to Info is not registered .*did you mean "training.step"\?`
	wrap.Nested(l, "eval.run.strat")         // want `event "eval.run.strat" passed to Nested is not registered`
	wrap.Nested(l, dyn)                      // want `event name passed to Nested \(a wrapper of the logger\) is not a compile-time constant`
	wrap.Fail(ctx, l, "error")
	wrap.Fail(ctx, l, "eval.regression") // want `Fail logs error code "InternalError.Panic", which is not allowed for event "eval.regression": registered codes are EvalError.Regression`
	wrap.Crash(l, "eval.regression")     // want `Crash logs error code "InternalError.Panic", which is not allowed`
	wrap.Crash(l, "error")
	wrap.Fail(ctx, l, "training.step")                                          // want `event "training.step" is registered at severity debug, but Fail logs it as an error`
	wrap.FailCode(ctx, l, "provenance.verify.mismatch", "EvalError.Regression") // want `error code "EvalError.Regression" is not allowed for event "provenance.verify.mismatch"`
	wrap.FailCode(ctx, l, "provenance.verify.mismatch", "ProvenanceError.HashMismatch")
}
