// Package dump is in the module but imported by no command: a pattern
// naming only ./app does not load it, yet it is a bypass.
package dump

import "example.com/graphcase/redact"

// Dump writes a raw line to a sink.
func Dump(s redact.Sink, line string) error { return s.WriteRecord(&redact.Record{Line: line}) }
