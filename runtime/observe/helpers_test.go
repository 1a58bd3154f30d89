package observe_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// memSink keeps a copy of every record it receives.
type memSink struct {
	mu    sync.Mutex
	lines [][]byte
}

func (m *memSink) WriteRecord(r *observe.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lines = append(m.lines, append([]byte(nil), r.Bytes()...))
	return nil
}

func (m *memSink) take() [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.lines
	m.lines = nil
	return out
}

// tb is what the helpers need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

var fixedTime = time.Date(2026, 5, 20, 15, 42, 1, 123_456_789, time.UTC)

func newLogger(t tb, strict bool, level observe.Severity) (observe.Logger, *memSink) {
	t.Helper()
	sink := &memSink{}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{
		RunID: "run-2026-05-20-h100-0", Level: level, Strict: strict,
		Sinks: []observe.Sink{sink}, Now: func() time.Time { return fixedTime },
	})
	if err != nil {
		t.Fatal(err)
	}
	return l, sink
}

// decode parses one line strictly: it must be one JSON object ending in a
// newline, with numbers kept exact.
func decode(t tb, line []byte) map[string]any {
	t.Helper()
	if !bytes.HasSuffix(line, []byte("\n")) || bytes.Count(line, []byte("\n")) != 1 {
		t.Fatalf("record is not exactly one line: %q", line)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("record is not JSON: %v: %s", err, line)
	}
	return m
}

// hasDNA mirrors INV-OBS-4 and the disguise forms of internal/dna,
// independently of the implementation under test: normalize (drop format
// characters and combining marks, apply NFKC), then look for a run of 20
// IUPAC letters, or of 20 A C G T U N letters split by single separators.
func hasDNA(s string) bool {
	s = strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(s)
	if wideRun.MatchString(s) {
		return true
	}
	for _, m := range sepRun.FindAllString(s, -1) {
		if len(sepChars.ReplaceAllString(m, "")) >= 20 {
			return true
		}
	}
	return false
}

var (
	wideRun  = regexp.MustCompile(`(?i)[ACGTURYKMSWBDHVN]{20,}`)
	sepRun   = regexp.MustCompile(`(?i)[ACGTUN](?:[ \t\n\r\-._/|,:;]?[ACGTUN])*`)
	sepChars = regexp.MustCompile(`[^A-Za-z]`)
)

// strings walks every string in a decoded record, keys included.
func allStrings(v any, f func(string)) {
	switch x := v.(type) {
	case string:
		f(x)
	case []any:
		for _, e := range x {
			allStrings(e, f)
		}
	case map[string]any:
		for k, e := range x {
			f(k)
			allStrings(e, f)
		}
	}
}
