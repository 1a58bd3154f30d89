package observe

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/genolewm/obs/runtime/internal/stderr"
)

// interruptedEvent is the core event of an interrupted run: warn, not
// error (the run did not fail; it was stopped), so that alerting on
// errors does not fire on every deployment.
const interruptedEvent = "observability.interrupted"

// handleSignals makes SIGTERM and SIGINT flush every session, leave an
// observability.interrupted record and exit with 128 + the signal number
// (the shell's convention, which schedulers report as "killed by
// SIGTERM"). stopMonitor releases the crash monitor before the exit.
func handleSignals(stopMonitor func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		sig := (<-ch).(syscall.Signal)
		// A second signal during the shutdown ends the process at once,
		// as it would without a handler: the operator insists.
		signal.Reset(syscall.SIGTERM, syscall.SIGINT)
		code := 128 + int(sig)
		name := signalName(sig)
		t := snapshotTarget()
		bound := hookTimeout(t)
		// Whatever a stuck session does, the process exits in time.
		time.AfterFunc(bound+time.Second, func() { os.Exit(code) })
		ctx, cancel := context.WithTimeout(context.Background(), bound)
		if !runHooks(ctx, name) {
			// No session was open: the record goes where a crash's would.
			writeInterrupted(t, name)
		}
		cancel()
		fmt.Fprintf(stderr.File, "genolewm/obs: %s: run interrupted; logs and metrics flushed\n", strings.ToUpper(name))
		stopMonitor()
		os.Exit(code)
	}()
}

// signalName is the signal's value in the interrupted record.
func signalName(sig syscall.Signal) string {
	if sig == syscall.SIGINT {
		return "sigint"
	}
	return "sigterm"
}

// writeInterrupted writes the interrupted record with the core registry
// into t's log file, when no session is open to write it.
func writeInterrupted(t target, name string) {
	if checkRunID(t.runID) != nil {
		return
	}
	f, err := openCrashFile(t)
	if err != nil {
		return
	}
	l, err := NewLogger(coreRegistry(), LoggerOptions{RunID: t.runID, Level: Warn, Sinks: []Sink{f}, WriteTimeout: t.timeout, Rank: t.rank})
	if err != nil {
		f.Close()
		return
	}
	_ = l.Emit(context.Background(), interruptedEvent, map[string]any{"signal": name})
	_ = l.Close()
}
