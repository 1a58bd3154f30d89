package promexport_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/metric"
	"github.com/genolewm/obs/runtime/internal/promexport"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// helperEnv makes the test binary run a helper instead of the tests: the
// failure and crash tests need a process of their own, to limit its file
// size or to kill it.
const helperEnv = "PROMFILE_TEST_HELPER"

func runHelper(mode, dir string) int {
	var err error
	switch mode {
	case "diskfull":
		err = helperDiskFull(dir)
	case "loop":
		err = helperLoop(dir)
	default:
		err = fmt.Errorf("unknown helper %q", mode)
	}
	if err != nil {
		fmt.Println("FAIL:", err)
		return 1
	}
	fmt.Println("OK")
	return 0
}

// helper starts the test binary as helper mode on dir.
func helper(t *testing.T, mode, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], dir)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	return cmd
}

// helperDiskFull writes once, then limits the process's file size
// (RLIMIT_FSIZE) below the size of the exposition so that the kernel
// refuses the next write part-way with EFBIG, as it does with ENOSPC on a
// full disk.
func helperDiskFull(dir string) error {
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: time.Hour, Diagnostics: os.Stdout})
	if err != nil {
		return err
	}
	before, err := os.ReadFile(e.Path())
	if err != nil {
		return err
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		return err
	}
	lim.Cur = uint64(len(before) / 2)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		return err
	}
	meters.TrainingLossPred.Set(42)
	if err := e.Flush(); !errors.Is(err, syscall.EFBIG) {
		return fmt.Errorf("Flush over the size limit = %v, want EFBIG", err)
	}
	if err := e.Close(); err == nil {
		return errors.New("Close over the size limit succeeded")
	}
	after, err := os.ReadFile(e.Path())
	if err != nil {
		return err
	}
	if !bytes.Equal(before, after) {
		return errors.New("metrics.prom changed although the write failed")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, promexport.TempPattern)); len(m) != 0 {
		return fmt.Errorf("temporary files left: %v", m)
	}
	if s := e.Stats(); s.Failures != 2 || s.Writes != 1 {
		return fmt.Errorf("Stats = %+v, want 1 write and 2 failures", s)
	}
	return nil
}

// helperLoop rewrites metrics.prom as fast as it can until it is killed.
// In every complete file, loss.pred equals planning.cem.calls: both are
// updated before each write, so a file mixing two writes would differ.
func helperLoop(dir string) error {
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: time.Hour})
	if err != nil {
		return err
	}
	for gen := 1; ; gen++ {
		meters.TrainingLossPred.Set(float64(gen))
		meters.PlanningCemCalls.Inc()
		if err := e.Flush(); err != nil {
			return err
		}
		if gen == 1 {
			fmt.Println("ready")
		}
	}
}

func TestDiskFullKeepsPreviousFile(t *testing.T) {
	dir := t.TempDir()
	out, err := helper(t, "diskfull", dir).CombinedOutput()
	if err != nil || !strings.HasSuffix(string(out), "OK\n") {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "genolewm/obs:"); n != 1 {
		t.Errorf("%d failure reports, want 1:\n%s", n, out)
	}
	mfs := readValid(t, filepath.Join(dir, promexport.FileName))
	if v := gauge(mfs, "geno_lewm_training_loss_pred"); v == 42 {
		t.Error("the refused write reached metrics.prom")
	}
}

// consistent validates one read of metrics.prom and returns its generation.
func consistent(t *testing.T, b []byte) float64 {
	t.Helper()
	mfs, err := promexport.Check(b, families())
	if err != nil {
		t.Fatalf("torn or invalid metrics.prom (%d bytes): %v", len(b), err)
	}
	gen := gauge(mfs, "geno_lewm_training_loss_pred")
	calls := counter(mfs, "geno_lewm_planning_cem_calls_total")
	if gen != calls {
		t.Fatalf("metrics.prom mixes writes: loss.pred %v, cem.calls %v", gen, calls)
	}
	return gen
}

func counter(mfs map[string]*dto.MetricFamily, name string) float64 {
	return mfs[name].GetMetric()[0].GetCounter().GetValue()
}

// TestKilledWhileExporting kills a process that rewrites metrics.prom in a
// loop, at several moments, reading the file all along: every read and
// the file left behind are complete, valid and from one write.
func TestKilledWhileExporting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, promexport.FileName)
	for round := range 5 {
		cmd := helper(t, "loop", dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if line != "ready\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("helper did not start: %q %v", line, err)
		}
		go io.Copy(io.Discard, stdout)
		reads := 0
		var last float64
		for end := time.Now().Add(time.Duration(10+round*40) * time.Millisecond); time.Now().Before(end); reads++ {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			gen := consistent(t, b)
			if gen < last {
				t.Fatalf("generation went back from %v to %v", last, gen)
			}
			last = gen
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("helper did not die of SIGKILL: %v", err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		gen := consistent(t, b)
		t.Logf("round %d: %d reads, killed at generation %v", round, reads, gen)
		if gen < last {
			t.Fatalf("file after the kill (%v) is older than one read before it (%v)", gen, last)
		}
		proms, _ := filepath.Glob(filepath.Join(dir, "*.prom"))
		if len(proms) != 1 {
			t.Fatalf("*.prom files: %v, want only metrics.prom", proms)
		}
	}
}

// families are this repository's metric families, as exported.
func families() []*metric.Family { return schema.Families(events.Registry()) }
