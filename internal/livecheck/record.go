package livecheck

import (
	"strconv"
	"strings"

	"github.com/genolewm/obs/registry"
)

// Top-level keys of a record, as bits.
const (
	kTS = 1 << iota
	kSeverity
	kEvent
	kRunID
	kData
	kStep
	kEpoch
	kPhase
	kDuration
	kTraceID
	kSpanID
	kErrorCode
	kRank
	kWorldSize
	kLocalRank
)

var topKeys = map[string]uint16{
	"ts": kTS, "severity": kSeverity, "event": kEvent, "run_id": kRunID, "data": kData,
	"step": kStep, "epoch": kEpoch, "phase": kPhase, "duration_ms": kDuration,
	"trace_id": kTraceID, "span_id": kSpanID, "error_code": kErrorCode,
	"rank": kRank, "world_size": kWorldSize, "local_rank": kLocalRank,
}

var requiredTop = []struct {
	bit  uint16
	name string
}{{kTS, "ts"}, {kSeverity, "severity"}, {kEvent, "event"}, {kRunID, "run_id"}, {kData, "data"}}

var severities = map[string]bool{"debug": true, "info": true, "warn": true, "error": true}

// record is the state of the line being checked, reused across lines.
type record struct {
	s        scanner
	file     string
	line     int
	seen     uint16
	ev       *eventInfo
	evName   []byte
	sev      []byte
	code     []byte
	dataAt   int // offset of a data object met before the event key
	dataSeen uint64
	dataObj  bool
	// rank and worldSize are the rank fields' values, -1 until read.
	rank, worldSize int64
}

func (r *record) pos() string { return r.file + ":" + strconv.Itoa(r.line) }

// record checks one log line.
func (c *Checker) record(file string, line int, b []byte) {
	r := &c.rec
	*r = record{file: file, line: line, dataAt: -1, rank: -1, worldSize: -1}
	s := &r.s
	s.reset(b)
	if s.expect('{', "a JSON object") {
		c.topLevel(r)
	}
	if !s.failed() {
		s.ws()
		if s.i != len(s.b) {
			s.fail("text after the record's closing brace")
		}
	}
	if s.failed() {
		c.report(r.pos(), Malformed, "not valid JSON at byte %d: %s", s.errAt+1, s.err)
		c.reportDNA(r)
		return
	}
	if r.dataAt >= 0 && r.ev != nil {
		// data came before event: check it now that the event is known.
		s.i, s.depth = r.dataAt, 0
		c.data(r)
	}
	c.reportDNA(r)
	c.checkRank(r)
	for _, k := range requiredTop {
		if r.seen&k.bit == 0 {
			c.report(r.pos(), MissingField, "record has no %s", k.name)
		}
	}
	if r.seen&kEvent == 0 {
		return
	}
	if r.ev == nil {
		c.rep.UnregisteredRecords++
		c.report(r.pos(), UnregisteredEvent, "event %s is not in the registry; register it in registry/events.yaml or stop emitting it", quote(r.evName))
		return
	}
	c.checkEvent(r)
}

func (c *Checker) reportDNA(r *record) {
	s := &r.s
	if !s.dna {
		return
	}
	where := "the record"
	switch {
	case s.dnaCtx != nil && s.dnaData:
		where = "data." + string(s.dnaCtx)
	case s.dnaCtx != nil:
		where = string(s.dnaCtx)
	}
	if registry.HasDNARun(where) {
		where = "a key"
	}
	c.report(r.pos(), DNA, "a string in %s holds a run of %d or more DNA letters (value not shown); the redaction filter must drop it", where, DNAMinRun)
}

// topLevel reads the record's keys after the opening brace.
func (c *Checker) topLevel(r *record) {
	s := &r.s
	for more := !s.closes('}'); more; more = s.more('}') {
		key, ok := s.key(false)
		if !ok {
			return
		}
		bit := topKeys[string(key)]
		if bit != 0 && c.recordFields != nil && !c.recordFields[string(key)] {
			// A field of a newer record format than the registry's.
			c.report(r.pos(), UnknownKey, "top-level key %s is not in the record format of this registry (core %s); check against the registry the run used", quote(key), c.coreVersion)
			s.value()
			continue
		}
		switch {
		case bit == 0:
			c.report(r.pos(), UnknownKey, "top-level key %s is not part of a record; event-specific keys go under data", quote(key))
			s.value()
		case r.seen&bit != 0:
			c.report(r.pos(), DuplicateKey, "top-level key %s appears twice", key)
			s.value()
		default:
			r.seen |= bit
			c.topValue(r, bit, key)
		}
	}
}

// topValue reads and checks the value of a known top-level key.
func (c *Checker) topValue(r *record, bit uint16, key []byte) {
	s := &r.s
	switch bit {
	case kData:
		if s.peek() != '{' {
			if t := s.value(); t != tBad {
				c.report(r.pos(), WrongType, "data is %s, want an object", t)
			}
			return
		}
		r.dataObj = true
		switch {
		case r.ev != nil:
			c.data(r)
		case r.seen&kEvent == 0:
			r.dataAt = s.i
			s.value()
		default:
			s.value() // unregistered event: nothing to check keys against
		}
		return
	case kStep, kEpoch, kDuration:
		start := s.i
		t := s.value()
		switch {
		case t == tBad:
		case t != tInt:
			c.report(r.pos(), WrongType, "%s is %s, want a whole number", key, t)
		case s.b[s.peekFrom(start)] == '-':
			c.report(r.pos(), BadValue, "%s is negative", key)
		}
		return
	case kRank, kWorldSize, kLocalRank:
		start := s.i
		t := s.value()
		if t == tBad {
			return
		}
		n, err := strconv.ParseInt(string(s.b[s.peekFrom(start):s.i]), 10, 64)
		switch {
		case t != tInt || err != nil:
			c.report(r.pos(), WrongType, "%s is %s, want a whole number", key, t)
		case n < 0:
			c.report(r.pos(), BadValue, "%s is negative", key)
		case bit == kRank:
			r.rank = n
		case bit == kWorldSize:
			r.worldSize = n
		}
		return
	}
	t := s.value()
	if t == tBad {
		return
	}
	if t != tString {
		c.report(r.pos(), WrongType, "%s is %s, want a string", key, t)
		return
	}
	v := s.strDecoded()
	switch bit {
	case kTS:
		if !isTimestamp(v) {
			c.report(r.pos(), BadValue, "ts is not ISO-8601 UTC with milliseconds (2026-05-20T15:42:01.123Z)")
		}
	case kSeverity:
		r.sev = v
	case kEvent:
		r.evName = v
		r.ev = c.events[string(v)]
	case kRunID:
		if len(v) == 0 {
			c.report(r.pos(), BadValue, "run_id is empty")
		}
	case kTraceID:
		if !isHex(v, 32) {
			c.report(r.pos(), BadValue, "trace_id is not 32 lowercase hex digits")
		}
	case kSpanID:
		if !isHex(v, 16) {
			c.report(r.pos(), BadValue, "span_id is not 16 lowercase hex digits")
		}
	case kErrorCode:
		r.code = v
	}
}

// peekFrom returns the index of the first non-space byte at or after i.
func (s *scanner) peekFrom(i int) int {
	for i < len(s.b) && (s.b[i] == ' ' || s.b[i] == '\t') {
		i++
	}
	return i
}

// checkEvent applies the event's rules once the whole line is read.
func (c *Checker) checkEvent(r *record) {
	ei := r.ev
	ev := ei.ev
	ei.count++
	if ev.Deprecated != nil {
		c.warnOnce(r.pos(), "event "+ev.Name, ev.Deprecated)
	}
	if r.sev != nil && string(r.sev) != ev.Severity {
		if severities[string(r.sev)] {
			c.report(r.pos(), WrongSeverity, "%s record at severity %s; the event is registered at %s", ev.Name, r.sev, ev.Severity)
		} else {
			c.report(r.pos(), WrongSeverity, "%s record has unknown severity %s; use debug, info, warn or error", ev.Name, quote(r.sev))
		}
	}
	switch {
	case ev.Severity == "error" && r.seen&kErrorCode == 0:
		c.report(r.pos(), MissingErrorCode, "error record of %s has no error_code; it must carry one of its registered codes", ev.Name)
	case ev.Severity == "error" && r.code != nil && !ei.codes[string(r.code)]:
		c.report(r.pos(), BadErrorCode, "error_code %s is not registered for %s", quote(r.code), ev.Name)
	case ev.Severity != "error" && r.seen&kErrorCode != 0:
		c.report(r.pos(), BadErrorCode, "%s record carries error_code; only error records may", ev.Severity)
	}
	if r.dataObj {
		if missing := ei.required &^ r.dataSeen; missing != 0 {
			for _, f := range ei.fields {
				if missing&f.bit != 0 {
					c.report(r.pos(), MissingField, "data.%s is required by %s", f.f.Name, ev.Name)
				}
			}
		}
	}
}

// data reads the data object of a registered event, key by key.
func (c *Checker) data(r *record) {
	s, ei := &r.s, r.ev
	s.i++ // '{'
	for more := !s.closes('}'); more; more = s.more('}') {
		key, ok := s.key(true)
		if !ok {
			return
		}
		if i, ok := ei.byName[string(key)]; ok {
			f := &ei.fields[i]
			if r.dataSeen&f.bit != 0 {
				c.report(r.pos(), DuplicateKey, "data.%s appears twice", key)
			}
			r.dataSeen |= f.bit
			c.outside = c.outside[:0]
			if got, ok := typed(s, f.t, f.values, &c.outside); !ok && got != "" {
				c.report(r.pos(), WrongType, "data.%s: got %s, registered as %s", key, got, f.t)
			}
			for _, i := range c.outside {
				c.reportOutside(r, f, i)
			}
			if f.f.Deprecated != nil {
				c.warnOnce(r.pos(), "key "+f.f.Name+" of event "+ei.ev.Name, f.f.Deprecated)
			}
		} else {
			if c.deny[string(key)] {
				c.report(r.pos(), DeniedKey, "data.%s is a personal-data key (deny list); it must never be logged", key)
			} else {
				c.report(r.pos(), UnknownKey, "data key %s is not in the allowlist of %s", quote(key), ei.ev.Name)
			}
			s.value()
		}
	}
}

// reportOutside reports a value of categorical key f outside its value
// set: where it is (the key, and the element index i of a list; i < 0 for
// a string), never the value, which may be the free text or the personal
// data the value set exists to keep out.
func (c *Checker) reportOutside(r *record, f *fieldInfo, i int) {
	at := "data." + f.f.Name
	if i >= 0 {
		at += "[" + strconv.Itoa(i) + "]"
	}
	c.report(r.pos(), OutOfSet, "%s is outside the registered value set of %s (value not shown); registered: %s", at, r.ev.ev.Name, strings.Join(f.f.ValueStrings(), ", "))
}

// typed reads a value and says whether it has registered type t; got
// describes what it was, "" after a syntax error. With a value set (a
// categorical key), every string read that is not in it is recorded in
// outside: -1 for a scalar, the element index in a list.
func typed(s *scanner, t registry.FieldType, values []string, outside *[]int) (got string, ok bool) {
	open, close, what := byte(0), byte(0), ""
	switch t.Shape {
	case registry.ListShape:
		open, close, what = '[', ']', "a list with elements other than "
	case registry.MapShape:
		open, close, what = '{', '}', "a map with values other than "
	default:
		v := s.value()
		if v == tBad {
			return "", false
		}
		if values != nil && v == tString && !inSet(values, s.strDecoded()) {
			*outside = append(*outside, -1)
		}
		return v.String(), scalarOK(s, v, t.Elem)
	}
	if s.peek() != open {
		v := s.value()
		if v == tBad {
			return "", false
		}
		return v.String(), false
	}
	s.i++
	if s.peek() == close {
		s.i++
		return "", true
	}
	ok = true
	for n := 0; !s.failed(); n++ {
		if t.Shape == registry.MapShape && (!s.str() || !s.expect(':', "':' after key")) {
			return "", false
		}
		v := s.value()
		if v == tBad {
			return "", false
		}
		if !scalarOK(s, v, t.Elem) {
			ok = false
		}
		if values != nil && v == tString && !inSet(values, s.strDecoded()) {
			*outside = append(*outside, n)
		}
		switch s.peek() {
		case ',':
			s.i++
		case close:
			s.i++
			if ok {
				return "", true
			}
			return what + t.Elem.String(), false
		default:
			s.fail("expected ',' or '" + string(close) + "'")
		}
	}
	return "", false
}

// inSet says whether v is one of values.
func inSet(values []string, v []byte) bool {
	for _, w := range values {
		if len(w) == len(v) && w == string(v) {
			return true
		}
	}
	return false
}

// scalarOK says whether a value of type v read by s is a registered
// scalar e. Floats may be integers in JSON, and NaN and the infinities
// are written as strings (see runtime/redact).
func scalarOK(s *scanner, v vtype, e registry.Scalar) bool {
	switch e {
	case registry.Int:
		return v == tInt
	case registry.Float:
		if v == tString {
			switch string(s.strBytes()) {
			case "NaN", "Infinity", "-Infinity":
				return true
			}
		}
		return v == tInt || v == tFloat
	case registry.String:
		return v == tString
	case registry.Bool:
		return v == tBool
	}
	return false
}

// isTimestamp matches 2006-01-02T15:04:05.000Z.
func isTimestamp(b []byte) bool {
	const layout = "dddd-dd-ddTdd:dd:dd.dddZ"
	if len(b) != len(layout) {
		return false
	}
	for i := 0; i < len(b); i++ {
		if layout[i] == 'd' {
			if b[i] < '0' || b[i] > '9' {
				return false
			}
		} else if b[i] != layout[i] {
			return false
		}
	}
	return true
}

// isHex matches n lowercase hex digits.
func isHex(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// checkRank applies the rank fields' rules: rank and world_size come
// together, only in a multi-process run (world size 2 or more), with the
// rank below the world size; local_rank only beside them.
func (c *Checker) checkRank(r *record) {
	has := func(bit uint16) bool { return r.seen&bit != 0 }
	switch {
	case has(kRank) != has(kWorldSize):
		c.report(r.pos(), MissingField, "record has one of rank and world_size without the other; a multi-process run's records carry both")
	case has(kLocalRank) && !has(kRank):
		c.report(r.pos(), MissingField, "record has local_rank without rank and world_size")
	case r.worldSize >= 0 && r.worldSize < 2:
		c.report(r.pos(), BadValue, "world_size is below 2; a single-process run's records carry no rank fields")
	case r.rank >= 0 && r.worldSize >= 0 && r.rank >= r.worldSize:
		c.report(r.pos(), BadValue, "rank is not below world_size")
	}
}
