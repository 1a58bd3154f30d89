package crash

import (
	"bufio"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// parsed is what the monitor keeps of a Go crash report.
type parsed struct {
	fatal   bool
	message string
	frames  []string
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
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	seen, inGoroutine, done := false, false, false
	var fn string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !seen && strings.HasPrefix(line, "panic: "):
			seen = true
			p.message = strings.TrimSuffix(strings.TrimPrefix(line, "panic: "), " [recovered]")
		case !seen && strings.HasPrefix(line, "fatal error: "):
			seen, p.fatal = true, true
			p.message = strings.TrimPrefix(line, "fatal error: ")
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
	// Drop a panic message that is a rendered value of some type: only
	// errors and strings are kept, as in the in-process path.
	if strings.HasPrefix(p.message, "main.") || strings.Contains(p.message, "{") {
		p.message = ""
	}
	return p, seen
}
