package tracing_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// syncBuffer is a Diagnostics writer safe for the export goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// work ends n spans as fast as the host can and returns how long it took.
func work(p *tracing.Provider, n int) time.Duration {
	start := time.Now()
	ctx := context.Background()
	for i := range n {
		c, s := startTrainingStep(p, ctx, int64(i))
		_, s2 := p.Start(c, span("planning.cem.iter"))
		s2.End()
		s.End()
	}
	return time.Since(start)
}

// The collector goes away mid-run: the host keeps going at full speed,
// what could not be sent is counted, Shutdown returns in time, and no
// export goroutine survives.
func TestCollectorStoppedMidRun(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	rcv := startReceiver(t, "", false)
	t.Setenv(tracing.EndpointEnv, rcv.endpoint())
	diag := &syncBuffer{}
	p, err := tracing.Setup(context.Background(), tracing.Options{
		Registry: events.Registry(),
		RunID:    "run-stop", Diagnostics: diag, MaxQueueSize: 64,
		BatchTimeout: 20 * time.Millisecond, ShutdownTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	work(p, 10)
	if got := rcv.waitSpans(t, 20); len(got) < 20 {
		t.Fatalf("only %d spans before the collector stopped", len(got))
	}
	rcv.stop()

	if d := work(p, 20000); d > 20*time.Second {
		t.Errorf("20000 spans took %v with the collector down: the host was held up", d)
	}
	start := time.Now()
	_ = p.Shutdown(context.Background()) // an error is expected: the collector is gone
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Shutdown took %v, want about the 2 s shutdown timeout", d)
	}
	st := p.Stats()
	if st.SpansEnded != 40020 || st.SpansExported < 20 || st.SpansDropped() == 0 {
		t.Errorf("stats %+v: want 40020 ended, the first 20 exported, the rest counted as dropped", st)
	}
	if st.SpansExported+st.SpansDropped() != st.SpansEnded {
		t.Errorf("stats %+v do not add up", st)
	}
	if !bytes.Contains([]byte(diag.String()), []byte("not delivered")) {
		t.Errorf("diagnostics %q, want the drop report", diag.String())
	}
}

// The collector accepts connections and calls but never answers: spans
// and metric exports hang in flight, yet the host never waits and
// Shutdown aborts them at its deadline.
func TestCollectorNeverAnswers(t *testing.T) {
	before := goleak.IgnoreCurrent()
	rcv := startReceiver(t, "", true)
	t.Setenv(tracing.EndpointEnv, rcv.endpoint())
	diag := &syncBuffer{}
	p, err := tracing.Setup(context.Background(), tracing.Options{
		Registry: events.Registry(),
		RunID:    "run-hang", Diagnostics: diag, MaxQueueSize: 64,
		BatchTimeout: 20 * time.Millisecond, MetricInterval: 50 * time.Millisecond,
		ShutdownTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := work(p, 20000); d > 20*time.Second {
		t.Errorf("20000 spans took %v against a hung collector: the host was held up", d)
	}
	// Make sure an export is really stuck in the collector before
	// shutting down (liveness bound, not a timing assertion).
	for deadline := time.Now().Add(20 * time.Second); rcv.calls.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if rcv.calls.Load() == 0 {
		t.Fatal("no export ever reached the hung collector")
	}
	start := time.Now()
	if err := p.Shutdown(context.Background()); err == nil {
		t.Error("Shutdown reported success although nothing was delivered")
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("Shutdown took %v, want about the 1 s shutdown timeout", d)
	}
	st := p.Stats()
	if st.SpansEnded != 40000 || st.SpansExported != 0 || st.SpansDropped() != 40000 {
		t.Errorf("stats %+v: want all 40000 spans counted as dropped", st)
	}
	if st.MetricExportsFailed == 0 {
		t.Errorf("stats %+v: want failed metric exports counted", st)
	}
	// Once the collector is gone too, nothing of ours may remain.
	rcv.stop()
	goleak.VerifyNone(t, before)
}
