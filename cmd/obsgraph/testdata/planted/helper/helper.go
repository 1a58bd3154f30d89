// Package helper forwards a raw line to a sink.
package helper

import "example.com/graphcase/redact"

// Forward writes line to s unfiltered.
func Forward(s redact.Sink, line string) error {
	return s.WriteRecord(&redact.Record{Line: line})
}
