// Package filter is the redaction filter: the single path from the logger
// to any sink (INV-OBS-3). It encodes a record and filters it in one pass,
// so no unfiltered byte ever exists in a form a sink could receive.
//
// The rules, in the order they run on each data key:
//
//  1. Deny list: a personal-data key (vcf_content, genotype, sample_id, ...)
//     is dropped, whatever the event.
//  2. Allowlist: a key not registered for the event is dropped.
//  3. Type allowlist: the value must be a scalar, a list of scalars or a
//     shallow map of scalars of the key's registered type; bytes, tensors,
//     nested values and anything else are dropped.
//  4. DNA: a string holding a run of 20 or more DNA letters (A, C, G, T, N,
//     either case) anywhere (values, list elements, map keys and values, and
//     the top-level phase) is dropped (INV-OBS-4).
//
// A record missing a key its event marks required (never sent, or dropped
// by a rule) is offending too: it would not match the record schema.
//
// An error record must carry an error code registered for its event, and
// no other record may carry one; a record that breaks this is refused in
// either mode.
//
// Each dropped key is counted by rule. In strict mode (the default) any drop
// makes the record offending: Emit writes nothing and returns an
// *InvariantViolation, and the logger writes a sanitized error record
// instead. Counts never name the dropped keys or their values.
//
// Sinks implement Sink and receive a *Record, which only this package can
// build: whatever reaches a sink has passed the filter.
package filter
