// Package obslog is the structured logger. Records are built by the typed
// events of generated/events (ev.Log(ctx, logger)) or, for data known only
// at run time, by Emit with a registered event name and a payload; both go
// through the redaction filter of runtime/redact, the only path to a sink.
//
// A Logger is a small value: WithStep, WithEpoch, WithPhase and
// WithDurationMS return copies carrying the standard top-level fields, so
// deriving one costs nothing. A record below the threshold, or sampled out,
// is rejected before any work is done.
package obslog
