package observe

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/genolewm/obs/internal/wandbpb"
	"github.com/genolewm/obs/internal/wandbread"
)

// wandbEnv turns the W&B sink on in a child, writing under dir.
func wandbEnv(dir string) []string {
	return []string{EnvWandB + "=1", EnvWandBProject + "=crash", EnvWandBDir + "=" + dir}
}

// wandbExit reads the one W&B run under dir, waiting for the monitor (it
// ends the run after a fatal error, once the process is gone), and
// returns its exit record.
func wandbExit(t *testing.T, dir string) *wandbpb.RunExitRecord {
	t.Helper()
	var last error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		runs, err := wandbread.Runs(dir)
		if err != nil || len(runs) != 1 {
			last = err
			continue
		}
		f, err := wandbread.ReadFile(runs[0].File)
		if err != nil {
			t.Fatalf("the crashed run does not decode as W&B reads it: %v", err)
		}
		n := len(f.Records)
		if n >= 2 && f.Records[n-2].GetExit() != nil && f.Records[n-1].GetFinal() != nil {
			if f.Records[1].GetRun() == nil {
				t.Errorf("the run record is not second: %v", f.Records[1])
			}
			return f.Records[n-2].GetExit()
		}
		last = nil
	}
	t.Fatalf("no W&B run ending in an exit record under %s (%v)", dir, last)
	return nil
}

// TestWandBRunEndsOnCrash: a crash leaves a W&B run that decodes and ends
// with an exit record of the crash's status (2), so `wandb sync` marks it
// failed: after a recovered panic (the session closes through the crash
// wrapper), and after a panic in another goroutine or a fatal error (the
// process is gone; the monitor appends the exit record).
func TestWandBRunEndsOnCrash(t *testing.T) {
	for _, mode := range []string{"session-panic", "session-goroutine", "session-fatal"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			r := runMode(t, mode, t.TempDir(), wandbEnv(dir))
			if r.code != 2 {
				t.Errorf("exit code %d, want 2; stderr:\n%s", r.code, r.stderr)
			}
			if exit := wandbExit(t, dir); exit.ExitCode != 2 {
				t.Errorf("the W&B run's exit code is %d, want 2", exit.ExitCode)
			}
		})
	}
}

// TestWandBRunEndsOnSignal: SIGTERM and SIGINT close the run with the
// process's status, 143 and 130.
func TestWandBRunEndsOnSignal(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int32
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		dir := t.TempDir()
		r := signalRun(t, "sigwait", c.sig, wandbEnv(dir)...)
		if r.code != int(c.code) {
			t.Errorf("%v: exit code %d; stderr:\n%s", c.sig, r.code, r.stderr)
		}
		if exit := wandbExit(t, dir); exit.ExitCode != c.code {
			t.Errorf("%v: the W&B run's exit code is %d, want %d", c.sig, exit.ExitCode, c.code)
		}
	}
}

// TestWandBCleanExit: a session closed normally ends its run with 0.
func TestWandBCleanExit(t *testing.T) {
	dir := t.TempDir()
	r := runMode(t, "session-clean", t.TempDir(), wandbEnv(dir))
	if r.code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if exit := wandbExit(t, dir); exit.ExitCode != 0 {
		t.Errorf("exit code %d in the run, want 0", exit.ExitCode)
	}
	if runs, _ := wandbread.Runs(dir); len(runs) == 1 && filepath.Base(filepath.Dir(runs[0].Dir)) != "wandb" {
		t.Errorf("the run is not under WANDB_DIR/wandb: %s", runs[0].Dir)
	}
}
