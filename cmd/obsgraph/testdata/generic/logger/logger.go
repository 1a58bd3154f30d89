// Package logger reaches a sink through an instance of a generic helper.
package logger

import (
	"example.com/graphcase/generic/send"
	"example.com/graphcase/redact"
)

// Raw writes line unfiltered.
func Raw(s redact.Sink, line string) error { return send.Send(s, &redact.Record{Line: line}) }
