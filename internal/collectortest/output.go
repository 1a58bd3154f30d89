package collectortest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Output is what the file exporter wrote: one entry per request it
// received, in file order. The logs, traces and metrics pipelines share the
// file, and each line names its signal by its top-level key.
type Output struct {
	Logs    []plog.Logs
	Traces  []ptrace.Traces
	Metrics []pmetric.Metrics
}

// ReadOutput parses a file exporter's JSON file (format: json), one OTLP/JSON
// object a line. A last line without its newline is a write still in
// progress, or cut by a kill, and is left out; any other line that does not
// parse is an error naming its line number.
func ReadOutput(path string) (Output, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return Output{}, err
	}
	if i := bytes.LastIndexByte(text, '\n'); i >= 0 {
		text = text[:i+1]
	} else {
		text = nil
	}
	var out Output
	for n, line := range bytes.SplitAfter(text, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := out.add(line); err != nil {
			return Output{}, fmt.Errorf("%s:%d: %w", path, n+1, err)
		}
	}
	return out, nil
}

// Known fields only: the file was written by the same pdata release, so an
// unknown field means the reader and the collector drifted apart.
var (
	logsJSON    = plog.JSONUnmarshaler{DisallowUnknownFields: true}
	tracesJSON  = ptrace.JSONUnmarshaler{DisallowUnknownFields: true}
	metricsJSON = pmetric.JSONUnmarshaler{DisallowUnknownFields: true}
)

func (o *Output) add(line []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(line, &top); err != nil {
		return err
	}
	switch {
	case len(top) != 1:
		return fmt.Errorf("want one of resourceLogs, resourceSpans, resourceMetrics, got %d keys", len(top))
	case top["resourceLogs"] != nil:
		logs, err := logsJSON.UnmarshalLogs(line)
		o.Logs = append(o.Logs, logs)
		return err
	case top["resourceSpans"] != nil:
		traces, err := tracesJSON.UnmarshalTraces(line)
		o.Traces = append(o.Traces, traces)
		return err
	case top["resourceMetrics"] != nil:
		metrics, err := metricsJSON.UnmarshalMetrics(line)
		o.Metrics = append(o.Metrics, metrics)
		return err
	}
	return fmt.Errorf("want one of resourceLogs, resourceSpans, resourceMetrics, got another key")
}

// Output reads what the collector has written so far.
func (c *Collector) Output(t testing.TB) Output {
	t.Helper()
	out, err := ReadOutput(c.OutPath)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// WaitOutput polls the file until done holds or timeout passes; on timeout
// it fails t with what arrived.
func (c *Collector) WaitOutput(t testing.TB, timeout time.Duration, done func(Output) bool) Output {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out := c.Output(t)
		if done(out) {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("collectortest: after %v the file holds %d log records, %d spans, %d metric points; want more (collector running: %v)\n%s",
				timeout, len(out.LogRecords()), len(out.Spans()), len(out.MetricPoints()), c.Running(), c.stderrTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
