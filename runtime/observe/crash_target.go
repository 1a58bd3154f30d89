package observe

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// target is where crash records go, and what they say about the run: the
// configuration the session resolved (flags included) and the model
// identifiers it was given.
type target struct {
	dir, runID string
	model      string
	step       int64
	hasStep    bool
	timeout    time.Duration
	rank       Rank
	perRank    bool
	// wandb is the session's W&B run file, which the monitor ends if the
	// process dies of a fatal error (wandb_start.go).
	wandb string
}

var (
	mu      sync.Mutex
	current target
	control io.WriteCloser // to the monitor: encoded targets, one a line
	hooks   []shutdownHook

	// step is the latest step a session was given (Session.SetStep),
	// read on a crash; stepSet says whether there is one.
	step    atomic.Int64
	stepSet atomic.Bool
)

// encode writes t as one control line: fields separated by NUL, which no
// path or identifier holds.
func (t target) encode() string {
	s := ""
	if t.hasStep {
		s = strconv.FormatInt(t.step, 10)
	}
	per := "0"
	if t.perRank {
		per = "1"
	}
	r := t.rank
	return strings.Join([]string{t.dir, t.runID, t.model, s, strconv.FormatInt(int64(t.timeout), 10), t.wandb,
		strconv.Itoa(r.Rank), strconv.Itoa(r.WorldSize), strconv.Itoa(r.LocalRank), strconv.Itoa(r.LocalWorldSize), per}, "\x00") + "\n"
}

func decodeTarget(line string) (target, bool) {
	f := strings.Split(line, "\x00")
	if len(f) != 11 {
		return target{}, false
	}
	t := target{dir: f[0], runID: f[1], model: f[2], wandb: f[5]}
	if n, err := strconv.ParseInt(f[3], 10, 64); err == nil {
		t.step, t.hasStep = n, true
	}
	if n, err := strconv.ParseInt(f[4], 10, 64); err == nil {
		t.timeout = time.Duration(n)
	}
	for i, p := range []*int{&t.rank.Rank, &t.rank.WorldSize, &t.rank.LocalRank, &t.rank.LocalWorldSize} {
		n, ok := parseRankNumber(f[6+i])
		if !ok {
			return target{}, false
		}
		*p = n
	}
	t.perRank = f[10] == "1"
	if t.rank.Check() != nil {
		t.rank = Rank{}
	}
	return t, t.runID != ""
}

// setTarget updates the target with f and tells the monitor.
func setTarget(f func(*target)) {
	mu.Lock()
	defer mu.Unlock()
	f(&current)
	if control != nil {
		// Best effort: if the monitor is gone there is nobody to tell.
		_, _ = io.WriteString(control, current.encode())
	}
}

// snapshotTarget returns the target with the latest step.
func snapshotTarget() target {
	mu.Lock()
	t := current
	mu.Unlock()
	if stepSet.Load() {
		t.step, t.hasStep = step.Load(), true
	}
	return t
}

// bindCrashConfig points crash records at cfg's log file, once the
// configuration is resolved (LoadConfig, Start).
func bindCrashConfig(cfg Config) {
	setTarget(func(t *target) {
		t.dir, t.runID, t.timeout = cfg.LogDir, cfg.RunID, cfg.WriteTimeout
		t.rank, t.perRank = cfg.Rank, cfg.LogPerRank
	})
}

// initialTarget resolves the log dir and run id before any configuration
// is loaded: the environment, then the -log-dir and -run-id flags of the
// command line (a crash before LoadConfig must still land where the
// session would have written). A run id of the environment is fixed in
// GENO_LEWM_RUN_ID when unset, so the session uses the same. A value that
// LoadConfig would refuse is not used: a run id that breaks the rule is
// replaced by a fresh one for the crash record (the file must never be
// named by a DNA run), a log dir by the default.
func initialTarget(args []string) target {
	t := target{dir: os.Getenv(EnvLogDir), runID: os.Getenv(EnvRunID), timeout: 2 * time.Second}
	if v, ok := flagValue(args, "log-dir"); ok {
		t.dir = v
	}
	if v, ok := flagValue(args, "run-id"); ok {
		t.runID = v
	}
	if checkDir(t.dir) != nil {
		t.dir = DefaultConfig().LogDir
	}
	t.rank, t.perRank = initialRank(args)
	if t.runID == "" {
		t.runID = NewRunID(time.Now())
		os.Setenv(EnvRunID, t.runID)
	} else if checkRunID(t.runID) != nil {
		t.runID = NewRunID(time.Now())
	}
	return t
}

// flagValue finds -name V, -name=V, --name V or --name=V in args, as the
// flag package would read them (it stops at "--" or the first
// non-flag); the last one wins.
func flagValue(args []string, name string) (string, bool) {
	var v string
	found := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			break
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		k, val, hasEq := strings.Cut(a, "=")
		if k != name {
			if !hasEq && takesValue(k) {
				i++ // another of ours: skip its value
			}
			continue
		}
		if hasEq {
			v, found = val, true
		} else if i+1 < len(args) {
			v, found = args[i+1], true
			i++
		}
	}
	return v, found
}

// takesValue reports whether -name is a configuration flag (they all take
// a value). Other flags are assumed not to: the scan then stops at their
// value, as if it were the first argument.
func takesValue(name string) bool {
	for _, s := range settings {
		if s.flag != "" && s.flag == name {
			return true
		}
	}
	return false
}

// shutdownHook flushes a session before the process goes down, within
// ctx: on a crash (signal "") or on SIGTERM/SIGINT, after which it writes
// the observability.interrupted record first. It reports whether the
// session was still open.
type shutdownHook func(ctx context.Context, signal string) bool

// onShutdown registers h: Start registers each session's.
func onShutdown(h shutdownHook) {
	mu.Lock()
	defer mu.Unlock()
	hooks = append(hooks, h)
}

// runHooks runs the hooks in order, but gives up when ctx ends: a hook
// stuck on a stalled disk must not keep a crashing program alive. It
// reports whether any session was open.
func runHooks(ctx context.Context, signal string) bool {
	mu.Lock()
	hs := append([]shutdownHook(nil), hooks...)
	mu.Unlock()
	done := make(chan bool, 1)
	go func() {
		open := false
		for _, h := range hs {
			open = h(ctx, signal) || open
		}
		done <- open
	}()
	select {
	case open := <-done:
		return open
	case <-ctx.Done():
		return true // a session is stuck: it was open
	}
}
