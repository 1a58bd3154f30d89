// Package redact is a miniature redaction filter with a sink interface,
// shared by the test modules beside it.
package redact

import "strings"

// Record is a filtered record.
type Record struct{ Line string }

// Sink receives filtered records.
type Sink interface{ WriteRecord(r *Record) error }

// Filter redacts.
type Filter struct{}

// Emit redacts line and hands the result to every sink.
func (f *Filter) Emit(line string, sinks []Sink) error {
	rec := &Record{Line: strings.ReplaceAll(line, "ACGT", "")}
	for _, s := range sinks {
		if err := s.WriteRecord(rec); err != nil {
			return err
		}
	}
	return nil
}

// Stdout is a sink.
type Stdout struct{ Lines []string }

// WriteRecord stores the line.
func (s *Stdout) WriteRecord(r *Record) error { s.Lines = append(s.Lines, r.Line); return nil }
