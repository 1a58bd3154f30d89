package tracing_test

import (
	"context"
	"os"
	"testing"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// unsetEnv removes key for the test and restores it afterwards.
func unsetEnv(t *testing.T, key string) {
	t.Setenv(key, "")
	os.Unsetenv(key)
}

// With OTEL_EXPORTER_OTLP_ENDPOINT unset, Setup creates no exporter, no
// goroutine and no connection, even with the signal-specific variables
// pointing at a listener (only the general one opts in).
func TestDisabledWithoutEndpoint(t *testing.T) {
	unsetEnv(t, tracing.EndpointEnv)
	unsetEnv(t, "OTEL_SDK_DISABLED")
	lis := listenCounting(t, "127.0.0.1:0")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://"+lis.addr())
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://"+lis.addr())
	t.Setenv("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://"+lis.addr())
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	ctx := context.Background()
	p, err := tracing.Setup(ctx, tracing.Options{Registry: events.Registry(), RunID: "run-off"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Enabled() {
		t.Fatal("provider enabled without " + tracing.EndpointEnv)
	}
	if p.LogSink() != nil {
		t.Fatal("a log sink exists without " + tracing.EndpointEnv)
	}
	sctx, s := startTrainingStep(p, ctx, 1)
	s.SetFloat("loss_pred", 1)
	s.SetString("sample_id", "S-1")
	if trace.SpanContextFromContext(sctx).IsValid() || s.Recording() {
		t.Error("a disabled provider produced a recording span")
	}
	s.End()
	meters.DataCacheHit.Inc()
	if err := p.Flush(ctx); err != nil {
		t.Error(err)
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Error(err)
	}
	if st := p.Stats(); st != (tracing.Stats{}) {
		t.Errorf("stats %+v, want zero", st)
	}
	if n := lis.n.Load(); n != 0 {
		t.Errorf("%d connections to the OTLP listener, want 0", n)
	}
}

// OTEL_SDK_DISABLED=true wins over the endpoint.
func TestSDKDisabledWins(t *testing.T) {
	lis := listenCounting(t, "127.0.0.1:0")
	t.Setenv(tracing.EndpointEnv, "http://"+lis.addr())
	t.Setenv("OTEL_SDK_DISABLED", "true")
	p, err := tracing.Setup(context.Background(), tracing.Options{Registry: events.Registry()})
	if err != nil || p.Enabled() {
		t.Fatalf("Setup = %v, %v; want a disabled provider", p.Enabled(), err)
	}
}

// A nil Provider is as good as a disabled one (a host that never called
// Setup), and a disabled span costs no allocation.
func TestDisabledSpanIsFree(t *testing.T) {
	var nilP *tracing.Provider
	unsetEnv(t, tracing.EndpointEnv)
	off, err := tracing.Setup(context.Background(), tracing.Options{Registry: events.Registry()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, p := range []*tracing.Provider{nilP, off} {
		allocs := testing.AllocsPerRun(100, func() {
			c, s := startTrainingStep(p, ctx, 3)
			s.SetFloat("loss_pred", 0.5)
			_, s2 := p.Start(c, span("inference.score"))
			s2.End()
			s.End()
		})
		if allocs != 0 {
			t.Errorf("disabled span: %v allocs, want 0", allocs)
		}
	}
}
