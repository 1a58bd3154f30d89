package livecheck

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/genolewm/obs/internal/dna"
)

// vtype is the JSON type of a scanned value; numbers are split into
// integers (no fraction, no exponent, within int64) and other numbers.
type vtype uint8

const (
	tBad vtype = iota
	tNull
	tBool
	tInt
	tFloat
	tString
	tArray
	tObject
)

func (t vtype) String() string {
	return [...]string{"invalid", "null", "bool", "int", "float", "string", "list", "object"}[t]
}

// Byte classes for the string loop: most bytes are not special, so the
// loop does one table load and one test per byte.
const (
	cSpecial = 2 // '"', '\\', control bytes, non-ASCII
)

var class = func() (t [256]uint8) {
	for i := 0; i < 0x20; i++ {
		t[i] = cSpecial
	}
	t['"'], t['\\'] = cSpecial, cSpecial
	for i := 0x80; i < 0x100; i++ {
		t[i] = cSpecial
	}
	return t
}()

// DNAMinRun is the shortest run of DNA letters that counts as sequence:
// the runtime's rule (internal/dna), which live-check applies as is.
const DNAMinRun = dna.MinRun

// maxDepth bounds nesting so that a hostile line cannot exhaust the stack.
const maxDepth = 64

// scanner reads one JSON value from a line. On the first syntax error it
// records the error and jumps to the end, so every caller unwinds at once.
type scanner struct {
	b     []byte
	i     int
	depth int
	err   string
	errAt int
	// str holds the bounds of the last string read, quotes excluded, and
	// whether it had escapes.
	strStart, strEnd int
	strEsc           bool
	// dna is set by the first string holding a DNA run; ctx names where
	// the scanner is, for the finding: a key of the line, which is a data
	// key when ctxData is set.
	dna     bool
	dnaCtx  []byte
	dnaData bool
	ctx     []byte
	ctxData bool
}

func (s *scanner) reset(b []byte) {
	*s = scanner{b: b}
}

func (s *scanner) fail(msg string) {
	if s.err == "" {
		s.err, s.errAt = msg, s.i
	}
	s.i = len(s.b)
}

func (s *scanner) failed() bool { return s.err != "" }

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// expect consumes c or fails.
func (s *scanner) expect(c byte, what string) bool {
	if s.peek() != c {
		s.fail("expected " + what)
		return false
	}
	s.i++
	return true
}

func (s *scanner) sawDNA() {
	if !s.dna {
		s.dna, s.dnaCtx, s.dnaData = true, s.ctx, s.ctxData
	}
}

// str reads a string, validating escapes and UTF-8, then applies the DNA
// rule (internal/dna, the filter's own) to the decoded text, so that an
// escape cannot split a run: on the raw bytes when there were no escapes
// (no allocation), on the unescaped text otherwise.
func (s *scanner) str() bool {
	if s.peek() != '"' {
		s.fail("expected a string")
		return false
	}
	s.i++
	s.strStart, s.strEsc = s.i, false
	b := s.b
	for i := s.i; i < len(b); {
		c := b[i]
		if class[c] == 0 {
			i++
			continue
		}
		switch {
		case c == '"':
			s.strEnd, s.i = i, i+1
			if s.strEsc {
				if dna.HasBytes(s.strDecoded()) {
					s.sawDNA()
				}
			} else if dna.HasBytes(b[s.strStart:i]) {
				s.sawDNA()
			}
			return true
		case c == '\\':
			s.strEsc = true
			if i+1 >= len(b) {
				s.i = i
				s.fail("unterminated string")
				return false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := hex4(b, i+2); !ok {
					s.i = i
					s.fail(`bad \u escape in string`)
					return false
				}
				i += 6
			default:
				s.i = i
				s.fail("bad escape in string")
				return false
			}
		case c < 0x20:
			s.i = i
			s.fail("control character in string")
			return false
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				s.i = i
				s.fail("invalid UTF-8 in string")
				return false
			}
			i += size
		}
	}
	s.i = len(b)
	s.fail("unterminated string")
	return false
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// strBytes is the raw text of the last string read.
func (s *scanner) strBytes() []byte { return s.b[s.strStart:s.strEnd] }

// strDecoded is the last string with escapes resolved as JSON does
// (surrogate pairs included); it allocates only when there were escapes,
// which the runtime encoder writes rarely.
func (s *scanner) strDecoded() []byte {
	raw := s.strBytes()
	if !s.strEsc {
		return raw
	}
	var v string
	if err := json.Unmarshal(s.b[s.strStart-1:s.strEnd+1], &v); err != nil {
		return raw
	}
	return []byte(v)
}

// number reads a JSON number and says whether it is an int64 integer.
func (s *scanner) number() vtype {
	b, i := s.b, s.i
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		s.i = i
		s.fail("invalid number")
		return tBad
	}
	t := tInt
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			s.i = i
			s.fail("invalid number")
			return tBad
		}
		t = tFloat
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			s.i = i
			s.fail("invalid number")
			return tBad
		}
		t = tFloat
	}
	s.i = i
	// 18 digits always fit in an int64; longer ones are checked.
	if t == tInt && i-start > 18 {
		if _, err := strconv.ParseInt(string(b[start:i]), 10, 64); err != nil {
			t = tFloat
		}
	}
	return t
}

// literal reads true, false or null.
func (s *scanner) literal(word string, t vtype) vtype {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return t
	}
	s.fail("invalid literal")
	return tBad
}

// value reads any JSON value and returns its type. Strings anywhere in it,
// keys included, go through the DNA check.
func (s *scanner) value() vtype {
	switch c := s.peek(); {
	case c == '"':
		if s.str() {
			return tString
		}
	case c == '{':
		return s.container('}', tObject)
	case c == '[':
		return s.container(']', tArray)
	case c == 't':
		return s.literal("true", tBool)
	case c == 'f':
		return s.literal("false", tBool)
	case c == 'n':
		return s.literal("null", tNull)
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 0:
		s.fail("unexpected end of line")
	default:
		s.fail("unexpected character")
	}
	return tBad
}

// container reads an object (end '}', members "key": value) or an array
// (end ']') at its opening bracket and returns t, or tBad.
func (s *scanner) container(end byte, t vtype) vtype {
	s.i++
	s.depth++
	if s.depth > maxDepth {
		s.fail("nesting deeper than 64 levels")
		return tBad
	}
	for more := !s.closes(end); more; more = s.more(end) {
		if end == '}' && (!s.str() || !s.expect(':', "':' after key")) {
			return tBad
		}
		if s.value() == tBad {
			return tBad
		}
	}
	if s.failed() {
		return tBad
	}
	s.depth--
	return t
}

// closes consumes end if it comes next.
func (s *scanner) closes(end byte) bool {
	if s.peek() == end {
		s.i++
		return true
	}
	return false
}

// more reads what follows a member of an object or array: true after ','
// (another member follows), false after end or on a syntax error.
func (s *scanner) more(end byte) bool {
	switch s.peek() {
	case ',':
		s.i++
		return true
	case end:
		s.i++
		return false
	}
	if end == '}' {
		s.fail("expected ',' or '}'")
	} else {
		s.fail("expected ',' or ']'")
	}
	return false
}

// key reads an object member's key and colon and makes the key the
// context of what follows, a data key when data is set; false on a syntax
// error.
func (s *scanner) key(data bool) ([]byte, bool) {
	s.ctx, s.ctxData = nil, data
	if !s.str() {
		return nil, false
	}
	key := s.strDecoded()
	if !s.expect(':', "':' after key") {
		return nil, false
	}
	s.ctx = key
	return key, true
}
