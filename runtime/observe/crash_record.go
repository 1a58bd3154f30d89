package observe

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	coreregistry "github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/diag"
	"github.com/genolewm/obs/runtime/internal/schema"
	"github.com/genolewm/obs/runtime/internal/sink"
)

// coreRegistry is the runtime's own core registry, compiled once: the
// crash path writes with it, since a crash can come before any module
// registry is known, and its error event is the same in every module.
var coreRegistry = sync.OnceValue(func() *schema.Registry { return schema.Compile(coreregistry.Spec(), coreregistry.Spec()) })

// maxFrames bounds the frames kept in a record.
const maxFrames = 32

// writeRecord writes one sanitized crash record and returns the file's
// path: the frames, the panic value's type, the error code and the
// identifiers of t, never any text of the panic value (a message can name
// a person, a file, a sample). The filter runs non-strict here: a frame
// or a type name that trips a rule is dropped (and counted) rather than
// losing the whole record.
func writeRecord(t target, codeName, panicType string, frames []string) (string, error) {
	if err := checkRunID(t.runID); err != nil {
		return "", fmt.Errorf("observe: crash record: run id %w", err)
	}
	reg := coreRegistry()
	f, err := openCrashFile(t)
	if err != nil {
		return "", err
	}
	l, err := NewLogger(reg, LoggerOptions{
		RunID: t.runID, Level: Error, Strict: false, Sinks: []Sink{f}, WriteTimeout: t.timeout, Rank: t.rank,
	})
	if err != nil {
		f.Close()
		return "", err
	}
	if t.hasStep {
		l = l.WithStep(t.step)
	}
	data := map[string]any{"component": "crash", "frames": frames}
	if panicType != "" {
		data["panic_type"] = panicType
	}
	if t.model != "" {
		data["model"] = t.model
	}
	logErr := l.EmitError(context.Background(), "error", codeName, data)
	closeErr := l.Close()
	if logErr == nil {
		logErr = closeErr
	}
	if logErr == nil && l.WriteErrors() > 0 {
		logErr = errors.New("the write failed")
	}
	return f.Path(), logErr
}

// openCrashFile opens t's log file as the session does: the same checks
// against planted files and modes.
func openCrashFile(t target) (*sink.File, error) {
	return sink.OpenRunFile(t.dir, logStem(t.runID, t.rank, t.perRank), sink.Options{Timeout: t.timeout})
}

// crashWriteError describes why a crash record could not be written, for
// the stderr line: os errors without their paths.
func crashWriteError(err error) string { return diag.WithoutPaths(err) }

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
