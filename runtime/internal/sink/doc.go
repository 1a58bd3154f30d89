// Package sink holds the log sinks: the JSON Lines file that is the
// default, and the human-readable stderr rendering. Sinks implement
// filter.Sink, so they only ever receive records the redaction filter
// produced.
package sink
