package promexport_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/promexport"
)

// The tests record into the process-wide generated handles, as programs
// do, so they do not run in parallel.

// readValid reads path and validates it as the registry's exposition.
func readValid(t *testing.T, path string) map[string]*dto.MetricFamily {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mfs, err := promexport.Check(b, families())
	if err != nil {
		t.Fatalf("%s is not a valid exposition: %v", path, err)
	}
	return mfs
}

func gauge(mfs map[string]*dto.MetricFamily, name string) float64 {
	return mfs[name].GetMetric()[0].GetGauge().GetValue()
}

func TestStartWritesEveryMetricAndPeakRSS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs") // created by Start
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Path() != filepath.Join(dir, "metrics.prom") {
		t.Errorf("Path = %s", e.Path())
	}
	mfs := readValid(t, e.Path())
	if peak := gauge(mfs, "geno_lewm_inference_memory_peak_bytes"); peak < 1<<20 {
		t.Errorf("peak RSS = %v bytes: the default refresh did not run", peak)
	}
	fi, err := os.Stat(e.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("metrics.prom mode %v, want 0644 so that node_exporter can read it", fi.Mode().Perm())
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if err := e.Flush(); !errors.Is(err, promexport.ErrClosed) {
		t.Errorf("Flush after Close = %v, want ErrClosed", err)
	}
	if s := e.Stats(); s.Writes != 2 || s.Failures != 0 {
		t.Errorf("Stats = %+v, want 2 writes (Start and Close)", s)
	}
	assertNoTemps(t, dir)
}

func TestPeriodicWritesAndFinalWriteOnClose(t *testing.T) {
	dir := t.TempDir()
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	meters.TrainingLossReg.Set(0.75)
	deadline := time.Now().Add(10 * time.Second)
	for gauge(readValid(t, e.Path()), "geno_lewm_training_loss_reg") != 0.75 {
		if time.Now().After(deadline) {
			t.Fatal("the periodic writer never wrote the new value")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// With an interval that never fires, only Close can write this value.
	e.Close()
	e2, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	meters.TrainingLossReg.Set(0.5)
	if err := e2.Close(); err != nil {
		t.Fatal(err)
	}
	if v := gauge(readValid(t, e2.Path()), "geno_lewm_training_loss_reg"); v != 0.5 {
		t.Errorf("after Close, loss_reg = %v, want 0.5", v)
	}
}

func TestConcurrentFlushes(t *testing.T) {
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: t.TempDir(), Interval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for range 4 {
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				meters.DataCacheMiss.Inc()
				err = e.Flush()
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	readValid(t, e.Path())
	assertNoTemps(t, filepath.Dir(e.Path()))
}

// TestUnusableFolderIsCountedAndReportedOnce replaces the folder with a
// regular file after Start, so every write fails even for root.
func TestUnusableFolderIsCountedAndReportedOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	var diag bytes.Buffer
	var seen []error
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(),
		Dir: dir, Interval: time.Hour, Diagnostics: &diag,
		OnError: func(err error) { seen = append(seen, err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := e.Flush(); err == nil {
			t.Fatal("Flush into a regular file succeeded")
		}
	}
	s := e.Stats()
	if s.Failures != 3 || s.Writes != 1 || s.LastError == nil {
		t.Errorf("Stats = %+v, want 3 failures after 1 write", s)
	}
	if len(seen) != 3 {
		t.Errorf("OnError called %d times, want 3", len(seen))
	}
	if n := strings.Count(diag.String(), "\n"); n != 1 || !strings.Contains(diag.String(), "metrics.prom") {
		t.Errorf("diagnostics = %q, want exactly one line naming the file", diag.String())
	}
	if strings.Contains(diag.String(), dir) {
		t.Errorf("diagnostics = %q: the folder's path must not be printed", diag.String())
	}
	// The folder comes back: writing resumes, silently.
	os.Remove(dir)
	os.Mkdir(dir, 0o755)
	if err := e.Flush(); err != nil {
		t.Fatalf("Flush after the folder came back: %v", err)
	}
	readValid(t, e.Path())
	if n := strings.Count(diag.String(), "\n"); n != 1 {
		t.Errorf("diagnostics grew to %d lines", n)
	}
}

func TestRefreshErrorDoesNotStopTheWrite(t *testing.T) {
	var diag bytes.Buffer
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(),
		Dir: t.TempDir(), Interval: time.Hour, Diagnostics: &diag,
		Families: families(),
		Refresh:  func() error { return errors.New("no /proc") },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close = %v: a refresh error must not fail the write", err)
	}
	readValid(t, e.Path())
	if s := e.Stats(); s.Writes != 2 || s.Failures != 2 {
		t.Errorf("Stats = %+v, want 2 writes and 2 refresh failures", s)
	}
	if strings.Count(diag.String(), "\n") != 1 || !strings.Contains(diag.String(), "no /proc") {
		t.Errorf("diagnostics = %q", diag.String())
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, o := range []promexport.Options{{}, {Registry: events.Registry(), Dir: t.TempDir(), Interval: -time.Second}} {
		if e, err := promexport.Start(o); err == nil {
			e.Close()
			t.Errorf("Start(%+v) succeeded", o)
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: filepath.Join(file, "sub")}); err == nil {
		e.Close()
		t.Error("Start under a regular file succeeded")
	}
}

func TestStaleTempsAreRemoved(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".metrics.prom.123.tmp")
	fresh := filepath.Join(dir, ".metrics.prom.456.tmp")
	other := filepath.Join(dir, "other.tmp")
	for _, p := range []string{old, fresh, other} {
		os.WriteFile(p, []byte("x"), 0o644)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	os.Chtimes(other, past, past)
	promexport.RemoveStaleTemps(dir, time.Minute, time.Now())
	for p, want := range map[string]bool{old: false, fresh: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

func assertNoTemps(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, promexport.TempPattern))
	if len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
