package tracing_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/tracing"
	"github.com/genolewm/obs/runtime/observe"
)

// startSession starts a real session exporting to rcv, as rank 2 of 4.
func startSession(t *testing.T, endpoint string) *observe.Session {
	t.Helper()
	t.Setenv(tracing.EndpointEnv, endpoint)
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID, cfg.Level, cfg.Strict = t.TempDir(), "run-2026-05-20-h100-0", observe.Debug, false
	cfg.MetricsInterval = time.Hour
	cfg.Rank = observe.Rank{Rank: 2, WorldSize: 4, LocalRank: 2, LocalWorldSize: 4}
	s, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// emitSample logs records of every shape: floats that JSON writes as
// whole numbers, a list, a map, an error code, span ids, a step, and a
// DNA run and a denied key the filter must drop before any sink.
func emitSample(t *testing.T, s *observe.Session) {
	t.Helper()
	ctx := context.Background()
	l := s.Log
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.Emit(ctx, "training.run.start", map[string]any{"model": "genolewm-small", "config_hash": "9f2c", "seed": 7, "tags": []string{"a", "b"}}))
	must(l.WithStep(12).Emit(ctx, "training.metric", map[string]any{"metric": "loss", "value": 2.0}))
	must(l.Emit(ctx, "training.metric", map[string]any{"metric": "val_auroc", "value": 0.875}))
	sctx, span := s.StartSpan(ctx, "inference.score")
	must(l.Emit(sctx, "inference.score.start", map[string]any{"variant_id": "v:9f2c", "model": "genolewm-small"}))
	span.End()
	// The filter drops the DNA value and the denied key (not strict).
	_ = l.Emit(ctx, "training.run.start", map[string]any{"model": dna, "config_hash": "ab", "sample_id": "S-1"})
	must(l.EmitError(ctx, "error", "IOError.WriteFailed", map[string]any{"component": "promfile"}))
}

// Every record written locally arrives as an OTLP log record with the
// same event, severity, data, ids and error code, under a resource that
// names the service, the run and the rank; no DNA reaches the collector.
func TestLogRecordsMatchTheLocalFile(t *testing.T) {
	rcv := startReceiver(t, "", false)
	s := startSession(t, rcv.endpoint())
	emitSample(t, s)
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	local := readJSONL(t, s.LogPath)
	got, res := rcv.receivedLogs()
	if len(got) != len(local) || len(local) < 6 {
		t.Fatalf("%d log records arrived, %d written locally", len(got), len(local))
	}
	for i, rec := range local {
		compareLogRecord(t, i, rec, got[i])
	}
	ra := attrMap(res)
	if ra["service.name"].GetStringValue() == "" || ra["run_id"].GetStringValue() != "run-2026-05-20-h100-0" ||
		ra["rank"].GetIntValue() != 2 || ra["world_size"].GetIntValue() != 4 || ra["local_rank"].GetIntValue() != 2 {
		t.Errorf("resource %v lacks the service, run id or rank", res)
	}
	for _, r := range got {
		b, _ := protojson.Marshal(r)
		if strings.Contains(string(b), "ACGTACGT") || strings.Contains(string(b), "S-1") {
			t.Errorf("a refused value reached the collector: %s", b)
		}
	}
}

func readJSONL(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			t.Fatalf("%q: %v", sc.Bytes(), err)
		}
		out = append(out, m)
	}
	return out
}

var severityNumbers = map[string]logspb.SeverityNumber{
	"debug": logspb.SeverityNumber_SEVERITY_NUMBER_DEBUG, "info": logspb.SeverityNumber_SEVERITY_NUMBER_INFO,
	"warn": logspb.SeverityNumber_SEVERITY_NUMBER_WARN, "error": logspb.SeverityNumber_SEVERITY_NUMBER_ERROR,
}

func compareLogRecord(t *testing.T, i int, local map[string]any, got *logspb.LogRecord) {
	t.Helper()
	ev, sev := local["event"].(string), local["severity"].(string)
	if got.EventName != ev || got.SeverityText != sev || got.SeverityNumber != severityNumbers[sev] {
		t.Errorf("record %d: event %q %s %v, want %s %s", i, got.EventName, got.SeverityText, got.SeverityNumber, ev, sev)
	}
	ts, _ := time.Parse(time.RFC3339Nano, local["ts"].(string))
	if got.TimeUnixNano != uint64(ts.UnixNano()) {
		t.Errorf("record %d (%s): time %d, want %d", i, ev, got.TimeUnixNano, ts.UnixNano())
	}
	if id, _ := local["trace_id"].(string); hexID(got.TraceId) != id && (id != "" || len(got.TraceId) != 0) {
		t.Errorf("record %d (%s): trace id %x, want %s", i, ev, got.TraceId, id)
	}
	if id, _ := local["span_id"].(string); hexID(got.SpanId) != id && (id != "" || len(got.SpanId) != 0) {
		t.Errorf("record %d (%s): span id %x, want %s", i, ev, got.SpanId, id)
	}
	attrs := attrMap(got.Attributes)
	data := local["data"].(map[string]any)
	n := 0
	for k, v := range attrs {
		if top, ok := strings.CutPrefix(k, tracing.AttrPrefix); ok {
			if !sameValue(local[top], v) {
				t.Errorf("record %d (%s): %s = %v, want %v", i, ev, k, v, local[top])
			}
			continue
		}
		n++
		if !sameValue(data[k], v) {
			t.Errorf("record %d (%s): attribute %s = %v, want %v", i, ev, k, v, data[k])
		}
	}
	if n != len(data) {
		t.Errorf("record %d (%s): %d data attributes, want %d (%v)", i, ev, n, len(data), data)
	}
	for _, k := range []string{"step", "epoch", "phase", "duration_ms", "error_code"} {
		if _, ok := local[k]; ok && attrs[tracing.AttrPrefix+k] == nil {
			t.Errorf("record %d (%s): %s is not an attribute", i, ev, k)
		}
	}
}

// sameValue compares a JSON value with an OTLP one: numbers by value
// (JSON writes the float 2.0 as 2), lists and maps element by element.
func sameValue(j any, v *commonpb.AnyValue) bool {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return j == x.StringValue
	case *commonpb.AnyValue_BoolValue:
		return j == x.BoolValue
	case *commonpb.AnyValue_IntValue:
		n, ok := j.(json.Number)
		i, err := n.Int64()
		return ok && err == nil && i == x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		n, ok := j.(json.Number)
		f, err := n.Float64()
		return ok && err == nil && (f == x.DoubleValue || math.IsNaN(f) && math.IsNaN(x.DoubleValue))
	case *commonpb.AnyValue_ArrayValue:
		l, ok := j.([]any)
		if !ok || len(l) != len(x.ArrayValue.Values) {
			return false
		}
		for i := range l {
			if !sameValue(l[i], x.ArrayValue.Values[i]) {
				return false
			}
		}
		return true
	case *commonpb.AnyValue_KvlistValue:
		m, ok := j.(map[string]any)
		if !ok || len(m) != len(x.KvlistValue.Values) {
			return false
		}
		for _, kv := range x.KvlistValue.Values {
			if !sameValue(m[kv.Key], kv.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// A float key keeps its type: 2.0 arrives as a double, not the int that
// JSON's 2 would suggest.
func TestLogFloatsStayDoubles(t *testing.T) {
	rcv := startReceiver(t, "", false)
	s := startSession(t, rcv.endpoint())
	if err := s.Log.Emit(context.Background(), "training.metric", map[string]any{"metric": "loss", "value": 2.0}); err != nil {
		t.Fatal(err)
	}
	_ = s.Close(context.Background())
	got, _ := rcv.receivedLogs()
	var found bool
	for _, r := range got {
		if v := attrMap(r.Attributes)["value"]; v != nil {
			found = true
			if _, ok := v.Value.(*commonpb.AnyValue_DoubleValue); !ok {
				t.Errorf("value arrived as %T, want a double", v.Value)
			}
		}
	}
	if !found {
		t.Fatal("the training.metric record did not arrive")
	}
}

// A collector that never answers, or is not there, never holds the
// host: records go on being written locally, Close returns within its
// bound, and what was not delivered is counted and reported once.
func TestLogExportBounded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		endpoint func(t *testing.T) string
	}{
		{"hung collector", func(t *testing.T) string { return startReceiver(t, "", true).endpoint() }},
		{"no collector", func(t *testing.T) string {
			c := listenCounting(t, "127.0.0.1:0") // accepts and closes: a dead peer
			return "http://" + c.addr()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tracing.EndpointEnv, tc.endpoint(t))
			var diag syncBuffer
			cfg := observe.DefaultConfig()
			cfg.LogDir, cfg.MetricsInterval = t.TempDir(), time.Hour
			s, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{Diagnostics: &diag})
			if err != nil {
				t.Fatal(err)
			}
			const n = 5000 // more than the queues hold
			for i := 0; i < n; i++ {
				if err := s.Log.Emit(context.Background(), "training.metric", map[string]any{"metric": "loss", "value": float64(i)}); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = s.Close(ctx)
			if ctx.Err() != nil {
				t.Fatal("Close outlived its bound")
			}
			if got := len(readJSONL(t, s.LogPath)); got != n {
				t.Errorf("%d records written locally, want %d", got, n)
			}
			if !strings.Contains(diag.String(), "log records") || strings.Count(diag.String(), "were not delivered") != 1 {
				t.Errorf("the drops were not reported once:\n%s", diag.String())
			}
		})
	}
}
