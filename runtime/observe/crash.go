package observe

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// monitorEnv marks the monitor process.
const monitorEnv = "GENO_LEWM_CRASH_MONITOR"

// hookTimeout bounds the hooks run on a recovered panic.
const hookTimeout = 3 * time.Second

// The crash codes, by name: the core registry owns them.
const (
	codePanic = "InternalError.Panic"
	codeFatal = "InternalError.Fatal"
)

var (
	mu      sync.Mutex
	current target
	control io.WriteCloser // to the monitor: "dir\x00runID\n" lines
	hooks   []func(context.Context)
)

// Main runs main, turns a crash into a sanitized record, and exits with
// main's return code (2 after a panic). Wrap a program's main in it:
//
//	func main() { observe.Main(run) }
//
// Before Start, crash records go to the log file named by
// GENO_LEWM_LOG_DIR and GENO_LEWM_RUN_ID (Main sets the latter when it is
// unset, so that the session later uses the same run id); Start points
// them at the session's own file.
func Main(main func() int) {
	if os.Getenv(monitorEnv) == "1" {
		os.Exit(monitor(os.Stdin, os.NewFile(3, "control")))
	}
	t := initialTarget()
	mu.Lock()
	current = t
	mu.Unlock()
	stop := startMonitor(t)
	code := runGuarded(main)
	stop()
	os.Exit(code)
}

// initialTarget resolves the log dir and run id from the environment,
// fixing a run id in GENO_LEWM_RUN_ID so the logger uses the same.
func initialTarget() target {
	dir := os.Getenv(EnvLogDir)
	if dir == "" {
		dir = DefaultConfig().LogDir
	}
	id := os.Getenv(EnvRunID)
	if id == "" {
		id = NewRunID(time.Now())
		os.Setenv(EnvRunID, id)
	}
	return target{dir: dir, runID: id}
}

// bindCrash sets where crash records go once the configuration is known.
func bindCrash(dir, runID string) {
	mu.Lock()
	defer mu.Unlock()
	current = target{dir: dir, runID: runID}
	if control != nil {
		// Best effort: if the monitor is gone there is nobody to tell.
		_, _ = io.WriteString(control, dir+"\x00"+runID+"\n")
	}
}

// onCrash registers f to run (under a deadline) when a panic is recovered
// in the main goroutine, before the record is written: Start registers
// the session's flush here.
func onCrash(f func(context.Context)) {
	mu.Lock()
	defer mu.Unlock()
	hooks = append(hooks, f)
}

// runHooks runs the hooks in order, but gives up when ctx ends: a hook
// stuck on a stalled disk must not keep a crashing program alive.
func runHooks(ctx context.Context, hs []func(context.Context)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, h := range hs {
			h(ctx)
		}
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func runGuarded(main func() int) (code int) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		frames := framesOf(4)
		mu.Lock()
		t, hs := current, append([]func(context.Context){}, hooks...)
		mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
		runHooks(ctx, hs)
		cancel()
		// Nothing is left to report a failure to: the process is going down.
		_ = writeRecord(t, codePanic, panicMessage(v), frames)
		code = 2
	}()
	return main()
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
	_, _ = io.WriteString(ctlW, t.dir+"\x00"+t.runID+"\n") // a pipe of our own, just started
	mu.Unlock()
	return func() {
		// Normal exit: release the crash output so the monitor sees EOF
		// with nothing to report, and wait for it briefly.
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
	}
}

// monitor is the body of the monitor process: it follows the target from
// the control pipe and, if a crash report arrives, writes its record.
func monitor(report io.Reader, ctl *os.File) int {
	var tmu sync.Mutex
	var t target
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(ctl)
		first := true
		for sc.Scan() {
			dir, id, ok := strings.Cut(sc.Text(), "\x00")
			if !ok {
				continue
			}
			tmu.Lock()
			t = target{dir: dir, runID: id}
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
		tt = initialTarget()
	}
	code := codePanic
	if p.fatal {
		code = codeFatal
	}
	if err := writeRecord(tt, code, p.message, p.frames); err != nil {
		return 1
	}
	return 0
}
