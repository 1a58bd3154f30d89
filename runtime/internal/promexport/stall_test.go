package promexport_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/internal/promexport"
)

// TestStalledDiskBoundsFlushAndClose: on a frozen file system every
// write of metrics.prom blocks in the kernel. Flush and Close give up
// within the timeout, count it, report once, and call OnError with no
// lock held (OnError here calls Stats, which takes the exporter's lock).
func TestStalledDiskBoundsFlushAndClose(t *testing.T) {
	disk := testenv.NewFrozenDisk(t)
	var mu sync.Mutex
	var diag strings.Builder
	var e *promexport.Exporter
	onErrors := 0
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: disk.Dir, Interval: time.Hour,
		Timeout: 100 * time.Millisecond, Diagnostics: writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return diag.Write(p)
		}),
		OnError: func(error) { _ = e.Stats(); onErrors++ }})
	if err != nil {
		t.Fatal(err)
	}
	disk.Freeze()
	done := make(chan error, 2)
	go func() { done <- e.Flush(); done <- e.Close() }()
	for i := 0; i < 2; i++ {
		select {
		case err := <-done:
			if !errors.Is(err, promexport.ErrTimeout) {
				t.Errorf("on a stalled disk: %v, want ErrTimeout", err)
			}
		case <-time.After(20 * time.Second): // liveness, not a measurement
			t.Fatal("Flush or Close blocked on a stalled disk")
		}
	}
	if s := e.Stats(); s.Timeouts != 2 || onErrors != 2 {
		t.Errorf("stats %+v, OnError called %d times", s, onErrors)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Count(diag.String(), "\n") != 1 || !strings.Contains(diag.String(), "write timeout") {
		t.Errorf("diagnostics:\n%s", diag.String())
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
