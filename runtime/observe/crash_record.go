package observe

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/genolewm/obs/internal/dna"
	coreregistry "github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/sink"
)

// coreRegistry is the runtime's own core registry, compiled once: the
// crash path writes with it, since a crash can come before any module
// registry is known, and its error event is the same in every module.
var coreRegistry = sync.OnceValue(func() *schema.Registry { return schema.Compile(coreregistry.Spec(), coreregistry.Spec()) })

// maxFrames bounds the frames kept in a record.
const maxFrames = 32

// maxMessage bounds the panic message kept in a record.
const maxMessage = 256

// target is where crash records go.
type target struct {
	dir, runID string
}

// writeRecord writes one sanitized crash record. The filter runs non-strict
// here: a message carrying bases is dropped (and counted) rather than
// losing the whole record, frames included.
func writeRecord(t target, codeName string, message string, frames []string) error {
	if err := checkRunID(t.runID); err != nil {
		return fmt.Errorf("observe: crash record: run id %w", err)
	}
	reg := coreRegistry()
	f, err := sink.OpenRunFile(t.dir, t.runID)
	if err != nil {
		return err
	}
	l, err := NewLogger(reg, LoggerOptions{
		RunID: t.runID, Level: Error, Strict: false, Sinks: []Sink{f},
	})
	if err != nil {
		f.Close()
		return err
	}
	// The DNA rule must see the whole message: cut first, and a run
	// straddling the cut would leave its first 19 letters behind.
	if dna.Has(message) {
		message = ""
	}
	if len(message) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(message[cut]) {
			cut--
		}
		message = message[:cut]
	}
	data := map[string]any{"component": "crash", "frames": frames}
	if message != "" {
		data["message"] = message
	}
	logErr := l.EmitError(context.Background(), "error", codeName, data)
	closeErr := l.Close()
	if logErr != nil {
		return logErr
	}
	return closeErr
}

// framesOf returns the current goroutine's frames above skip, as
// "function (file.go:line)": no arguments, no directories.
func framesOf(skip int) []string {
	pc := make([]uintptr, maxFrames+8)
	n := runtime.Callers(skip, pc)
	it := runtime.CallersFrames(pc[:n])
	var out []string
	for len(out) < maxFrames {
		fr, more := it.Next()
		if !strings.HasPrefix(fr.Function, "runtime.") && fr.Function != "" {
			out = append(out, fmt.Sprintf("%s (%s:%d)", fr.Function, filepath.Base(fr.File), fr.Line))
		}
		if !more {
			break
		}
	}
	return out
}

// panicMessage renders a panic value as a one-line message.
func panicMessage(v any) string {
	var s string
	switch x := v.(type) {
	case error:
		s = x.Error()
	case string:
		s = x
	default:
		s = fmt.Sprintf("%T", v) // a value of an arbitrary type is not rendered: it may hold anything
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
