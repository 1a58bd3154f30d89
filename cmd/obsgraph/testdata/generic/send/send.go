// Package send cannot name the sink's types: its generic method becomes
// the sink method once instantiated.
package send

// Send calls x's WriteRecord.
func Send[R any](x interface{ WriteRecord(R) error }, r R) error { return x.WriteRecord(r) }
