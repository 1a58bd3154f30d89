// Package filt holds filters written wrongly; the test designates its
// functions with -filter and -redaction.
package filt

import "github.com/genolewm/obs/runtime/observe"

type Filter struct{ strict bool }

func (f *Filter) finish(r *observe.Record) (*observe.Record, error) { return r, nil }

// Good redacts, checks and sends the result: clean.
func (f *Filter) Good(in *observe.Record, sinks []observe.Sink) error {
	rec, err := f.finish(in)
	if err != nil {
		return err
	}
	for _, s := range sinks {
		if err := s.WriteRecord(rec); err != nil {
			return err
		}
	}
	return nil
}

// Skip sends before redaction on one path.
func (f *Filter) Skip(in *observe.Record, sinks []observe.Sink) error {
	if !f.strict {
		return sinks[0].WriteRecord(in) // want `sink call in the filter is not dominated by the redaction step filt.Filter.finish`
	}
	rec, err := f.finish(in)
	if err != nil {
		return err
	}
	return sinks[0].WriteRecord(rec)
}

// Maybe redacts on one branch only.
func (f *Filter) Maybe(in *observe.Record, s observe.Sink) error {
	rec := in
	if f.strict {
		rec, _ = f.finish(in)
	}
	return s.WriteRecord(rec) // want `not dominated by the redaction step`
}

// Raw redacts but sends its input.
func (f *Filter) Raw(in *observe.Record, s observe.Sink) error {
	if _, err := f.finish(in); err != nil {
		return err
	}
	return s.WriteRecord(in) // want `does not pass the record returned by the redaction step`
}

// Swap redacts, then replaces the result.
func (f *Filter) Swap(in *observe.Record, s observe.Sink) error {
	rec, err := f.finish(in)
	if err != nil {
		return err
	}
	rec = in
	return s.WriteRecord(rec) // want `does not pass the record returned by the redaction step`
}

// Late defers and closes over the sink call.
func (f *Filter) Late(in *observe.Record, s observe.Sink) error {
	rec, _ := f.finish(in)
	defer s.WriteRecord(rec)            // want `\(in a defer statement\) in \(\*Filter\).Late escapes the filter's straight-line control flow`
	func() { _ = s.WriteRecord(rec) }() // want `\(in a closure\) in \(\*Filter\).Late escapes`
	return nil
}

// Var redacts in a var declaration: clean.
func (f *Filter) Var(in *observe.Record, s observe.Sink) error {
	var rec, err = f.finish(in)
	if err != nil {
		return err
	}
	return s.WriteRecord(rec)
}

// Twice redacts two records and sends the second result: clean.
func (f *Filter) Twice(in, other *observe.Record, s observe.Sink) error {
	first, _ := f.finish(in)
	second, _ := f.finish(other)
	_ = first
	return s.WriteRecord(second)
}
