package observe

import (
	"bufio"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// parsed is what the monitor keeps of a Go crash report: never the
// panic's message.
type parsed struct {
	fatal     bool
	panicType string
	frames    []string
}

// maxLine is the longest line kept; the rest of a longer line (a huge
// panic message) is read and dropped, so that the report is still parsed.
const maxLine = 4 << 10

// readLine returns the next line, cut to maxLine, and false at the end.
func readLine(br *bufio.Reader) (string, bool) {
	var line []byte
	for {
		frag, isPrefix, err := br.ReadLine()
		if err != nil {
			return string(line), len(line) > 0
		}
		if room := maxLine - len(line); room > 0 {
			line = append(line, frag[:min(len(frag), room)]...)
		}
		if !isPrefix {
			return string(line), true
		}
	}
}

// funcLine matches a frame's function line: "main.run(0x1, {0x2, 0x3})" or
// "main.main()"; the arguments are discarded.
var funcLine = regexp.MustCompile(`^([^\s(][^\s]*?)\((?:[^()]|\([^()]*\))*\)$`)

// fileLine matches a frame's location line: "\t/src/x/main.go:12 +0x1d".
var fileLine = regexp.MustCompile(`^\t(.+\.go|\?):(\d+)`)

// parseReport reads the runtime's crash report: the first "panic:" or
// "fatal error:" line (absent for fatal errors, whose message the runtime
// writes to stderr only) and the frames of the first goroutine listed (the
// crashing one, under the default GOTRACEBACK=single).
func parseReport(r io.Reader) (parsed, bool) {
	var p parsed
	br := bufio.NewReaderSize(r, 64<<10)
	seen, inGoroutine, done := false, false, false
	var fn string
	for {
		line, ok := readLine(br)
		if !ok {
			break
		}
		switch {
		case !seen && strings.HasPrefix(line, "panic: "):
			seen = true
			p.panicType = reportedType(strings.TrimPrefix(line, "panic: "))
		case !seen && strings.HasPrefix(line, "fatal error: "):
			seen, p.fatal = true, true
		case !done && strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, ":"):
			if !seen {
				// A fatal error prints its "fatal error:" line to stderr
				// only; the crash output starts at the goroutine list.
				seen, p.fatal = true, true
			}
			if inGoroutine {
				done = true
			}
			inGoroutine = true
		case inGoroutine && !done && line == "":
			done = len(p.frames) > 0
		case inGoroutine && !done:
			if m := funcLine.FindStringSubmatch(line); m != nil {
				fn = m[1]
			} else if m := fileLine.FindStringSubmatch(line); m != nil && fn != "" {
				if !strings.HasPrefix(fn, "runtime.") && len(p.frames) < maxFrames {
					p.frames = append(p.frames, fn+" ("+filepath.Base(m[1])+":"+m[2]+")")
				}
				fn = ""
			}
		}
	}
	return p, seen
}

// typedValue matches how the runtime prints a panic value that is neither
// an error, a Stringer nor a basic type: "(main.T) 0xc000012345".
var typedValue = regexp.MustCompile(`^\(([\w./*\[\]]+)\) 0x[0-9a-f]+$`)

// reportedType recovers the panic value's type where the report's first
// line shows it unambiguously; nothing else of the line (the value's text)
// is kept. A runtime error is reported as the constant "runtime.Error"
// (its prefix is fixed). An error, a string or a named basic value
// ("main.T(5)", which an error text could imitate) shows no type it can
// be trusted for: "" then.
func reportedType(msg string) string {
	msg = strings.TrimSuffix(msg, " [recovered]")
	if strings.HasPrefix(msg, "runtime error: ") {
		return "runtime.Error"
	}
	if m := typedValue.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return ""
}
