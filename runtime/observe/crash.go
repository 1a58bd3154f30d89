package observe

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/genolewm/obs/runtime/internal/stderr"
)

// monitorEnv marks the monitor process.
const monitorEnv = "GENO_LEWM_CRASH_MONITOR"

// EnvHandleSignals set to 0 makes Main leave SIGTERM and SIGINT to the
// program (see WithoutSignalHandling).
const EnvHandleSignals = "GENO_LEWM_HANDLE_SIGNALS"

// The crash codes, by name: the core registry owns them.
const (
	codePanic = "InternalError.Panic"
	codeFatal = "InternalError.Fatal"
)

// MainOption changes what Main does.
type MainOption func(*mainOptions)

type mainOptions struct {
	noSignals bool
}

// WithoutSignalHandling makes Main leave SIGTERM and SIGINT alone, for a
// program that handles them itself (it should then Close its session
// before it exits). GENO_LEWM_HANDLE_SIGNALS=0 does the same.
func WithoutSignalHandling() MainOption {
	return func(o *mainOptions) { o.noSignals = true }
}

// Main runs main, turns a crash into a sanitized record, and exits with
// main's return code. Wrap a program's main in it:
//
//	func main() { observe.Main(run) }
//
// A crash (a panic in any goroutine, a fatal runtime error) leaves one
// error record, InternalError.Panic or InternalError.Fatal, holding the
// stack frames as "function (file.go:line)", the panic value's Go type,
// and the identifiers the session knows (run id, and the model and step
// given to Session.SetModel and SetStep), never any text of the panic
// value. Main prints one line on stderr saying where the record is, or
// that it could not be written, and exits with status 2.
//
// SIGTERM and SIGINT flush every open session (the logs, a last
// metrics.prom), leave an observability.interrupted record, and exit with
// status 128 + the signal number (143, 130), unless WithoutSignalHandling
// or GENO_LEWM_HANDLE_SIGNALS=0. A second signal during that shutdown
// ends the process at once.
//
// Before LoadConfig or Start, crash records go to the log file named by
// GENO_LEWM_LOG_DIR and GENO_LEWM_RUN_ID, overridden by the -log-dir and
// -run-id flags of the command line; Main sets GENO_LEWM_RUN_ID when
// unset, so that the session later uses the same run id. LoadConfig and
// Start point them at the configuration they resolved.
func Main(main func() int, opts ...MainOption) {
	if os.Getenv(monitorEnv) == "1" {
		// The monitor outlives an interrupted parent just long enough to
		// see its crash output close: it must not die of the same ^C.
		signal.Ignore(syscall.SIGINT, syscall.SIGTERM)
		os.Exit(monitor(os.Stdin, os.NewFile(3, "control")))
	}
	var o mainOptions
	for _, opt := range opts {
		opt(&o)
	}
	t := initialTarget(os.Args[1:])
	mu.Lock()
	current = t
	mu.Unlock()
	stop := startMonitor(t)
	if !o.noSignals && os.Getenv(EnvHandleSignals) != "0" {
		handleSignals(stop)
	}
	code := runGuarded(main)
	stop()
	os.Exit(code)
}

func runGuarded(main func() int) (code int) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		frames := framesOf(4)
		t := snapshotTarget()
		ctx, cancel := context.WithTimeout(context.Background(), hookTimeout(t))
		runHooks(ctx, "")
		cancel()
		path, err := writeRecord(t, codePanic, fmt.Sprintf("%T", v), frames)
		reportCrash(stderr.File, codePanic, path, err)
		code = 2
	}()
	return main()
}

// hookTimeout bounds the sessions' flush on a crash or a signal: each
// part of a Close is bounded by the write timeout, and a session has a
// few parts.
func hookTimeout(t target) time.Duration {
	if t.timeout <= 0 {
		return 3 * time.Second
	}
	return 2*t.timeout + time.Second
}

// reportCrash prints the one stderr line of a crash: its code and file,
// nothing of the panic.
func reportCrash(w io.Writer, code, path string, err error) {
	if err != nil {
		fmt.Fprintf(w, "genolewm/obs: crash (%s) could not be recorded: %s\n", code, crashWriteError(err))
		return
	}
	fmt.Fprintf(w, "genolewm/obs: crash recorded (%s) in %s\n", code, path)
}

// startMonitor starts the monitor process and points the runtime's crash
// output at it. Without a monitor (it could not start) recovered panics
// are still recorded.
func startMonitor(t target) (stop func()) {
	exe, err := os.Executable()
	if err != nil {
		return func() {}
	}
	crashR, crashW, err := os.Pipe()
	if err != nil {
		return func() {}
	}
	ctlR, ctlW, err := os.Pipe()
	if err != nil {
		crashR.Close()
		crashW.Close()
		return func() {}
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), monitorEnv+"=1")
	cmd.Stdin = crashR
	cmd.Stderr = stderr.File // for its one line on a crash
	cmd.ExtraFiles = []*os.File{ctlR}
	if err := cmd.Start(); err != nil {
		crashR.Close()
		crashW.Close()
		ctlR.Close()
		ctlW.Close()
		return func() {}
	}
	crashR.Close()
	ctlR.Close()
	if err := debug.SetCrashOutput(crashW, debug.CrashOptions{}); err != nil {
		crashW.Close()
		ctlW.Close()
		_ = cmd.Process.Kill() // the monitor is useless without crash output
		_ = cmd.Wait()
		return func() {}
	}
	crashW.Close() // SetCrashOutput keeps its own duplicate
	mu.Lock()
	control = ctlW
	_, _ = io.WriteString(ctlW, t.encode()) // a pipe of our own, just started
	mu.Unlock()
	stopSteps := followSteps()
	var once sync.Once
	return func() {
		once.Do(func() {
			stopSteps()
			// Normal exit: release the crash output so the monitor sees
			// EOF with nothing to report, and wait for it briefly.
			_ = debug.SetCrashOutput(nil, debug.CrashOptions{}) // nil never fails
			mu.Lock()
			control.Close()
			control = nil
			mu.Unlock()
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				_ = cmd.Process.Kill() // a hung monitor must not hold up exit
			}
		})
	}
}

// followSteps tells the monitor the latest step twice a second, so that
// a fatal error's record (written by the monitor, the process being gone)
// carries it too; SetStep itself only stores it.
func followSteps() (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		last, sent := int64(0), false
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			if !stepSet.Load() {
				continue
			}
			if n := step.Load(); !sent || n != last {
				last, sent = n, true
				setTarget(func(t *target) { t.step, t.hasStep = n, true })
			}
		}
	}()
	return func() { close(quit); <-done }
}

// monitor is the body of the monitor process: it follows the target from
// the control pipe and, if a crash report arrives, writes its record and
// prints the stderr line.
func monitor(report io.Reader, ctl *os.File) int {
	var tmu sync.Mutex
	var t target
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(ctl)
		first := true
		for sc.Scan() {
			nt, ok := decodeTarget(sc.Text())
			if !ok {
				continue
			}
			tmu.Lock()
			t = nt
			tmu.Unlock()
			if first {
				close(ready)
				first = false
			}
		}
		if first {
			close(ready)
		}
	}()
	p, crashed := parseReport(report)
	if !crashed {
		return 0
	}
	select {
	case <-ready:
	case <-time.After(time.Second):
	}
	tmu.Lock()
	tt := t
	tmu.Unlock()
	if tt.runID == "" {
		tt = initialTarget(nil)
	}
	code := codePanic
	if p.fatal {
		code = codeFatal
	}
	path, err := writeRecord(tt, code, p.panicType, p.frames)
	reportCrash(stderr.File, code, path, err)
	finishWandB(tt)
	if err != nil {
		return 1
	}
	return 0
}
