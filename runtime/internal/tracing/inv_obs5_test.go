package tracing_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/internal/tracing"
)

// otlpDefault is where an OTLP exporter connects when nobody says
// otherwise: the address a phoning-home build would reach.
const otlpDefault = "127.0.0.1:4317"

const simSteps = 30

// buildSimulate builds the real example program once per test.
func buildSimulate(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs examples/simulate; skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "simulate")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/genolewm/obs/examples/simulate").CombinedOutput()
	if err != nil {
		t.Fatalf("go build examples/simulate: %v\n%s", err, out)
	}
	return bin
}

// simEnv is the child's environment: ours without any OTEL_* variable,
// a fresh log directory, debug level and every training step logged.
func simEnv(t *testing.T, extra ...string) (env []string, logDir string) {
	logDir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") && !strings.HasPrefix(kv, "GENO_LEWM_") {
			env = append(env, kv)
		}
	}
	env = append(env, "GENO_LEWM_LOG_DIR="+logDir, "GENO_LEWM_LOG_LEVEL=debug", "GENO_LEWM_LOG_EVERY=1")
	return append(env, extra...), logDir
}

func runSimulate(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Args = append(cmd.Args, "-steps", "30")
	if err := cmd.Run(); err != nil {
		t.Fatalf("simulate: %v\nstderr:\n%s", err, stderr.String())
	}
}

// readRecords returns the run's JSONL records.
func readRecords(t *testing.T, logDir string) []record {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(logDir, "*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("log files %v, want one", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%q: %v", sc.Bytes(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

// INV-OBS-5: with OTEL_EXPORTER_OTLP_ENDPOINT unset, the example program
// opens zero connections to a listener on the OTLP default address (so
// exports no span, metric or log record), and its records carry no trace
// ids.
func TestINVOBS5NoConnectionWithoutEndpoint(t *testing.T) {
	bin := buildSimulate(t)
	lis := listenCounting(t, otlpDefault)
	env, logDir := simEnv(t)
	cmd := exec.Command(bin)
	cmd.Env = env
	runSimulate(t, cmd)
	if n := lis.n.Load(); n != 0 {
		t.Errorf("simulate opened %d connections to %s without %s", n, otlpDefault, tracing.EndpointEnv)
	}
	for _, r := range readRecords(t, logDir) {
		if r.TraceID != "" || r.SpanID != "" {
			t.Fatalf("%s record carries trace ids with tracing off", r.Event)
		}
	}
}

var inetSocket = regexp.MustCompile(`socket\(AF_INET6?,`)

// The same for every sink at once: under strace, the program without
// the variable creates no IPv4 or IPv6 socket at all, so no opt-in sink
// (OTLP or any other) can phone home, whatever address it would use.
func TestINVOBS5NoInternetSocketAtAll(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		testenv.NeedTool(t, "strace is not installed (apt-get install strace); the listener test above still covers the OTLP default address")
	}
	bin := buildSimulate(t)
	trace := filepath.Join(t.TempDir(), "strace.txt")
	env, _ := simEnv(t)
	cmd := exec.Command(strace, "-f", "-qq", "-e", "trace=execve,socket,connect", "-o", trace, bin)
	cmd.Env = env
	runSimulate(t, cmd)
	out, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("execve(")) {
		t.Fatalf("strace recorded nothing (no ptrace permission?):\n%s", out)
	}
	if m := inetSocket.FindAll(out, -1); len(m) > 0 {
		t.Errorf("simulate created %d internet sockets without %s:\n%s", len(m), tracing.EndpointEnv, out)
	}
}

// With the variable pointing at a collector, the same program's spans
// arrive: one training.step per step, with its cache records' ids in the
// log file, and the scoring and planning spans; and its log records,
// every one of the file's.
func TestINVOBS5SpansArriveWithEndpoint(t *testing.T) {
	bin := buildSimulate(t)
	rcv := startReceiver(t, otlpDefault, false)
	env, logDir := simEnv(t, tracing.EndpointEnv+"="+rcv.endpoint())
	cmd := exec.Command(bin)
	cmd.Env = env
	runSimulate(t, cmd)

	spans := rcv.receivedSpans()
	byID := map[string]*tracepb.Span{}
	count := map[string]int{}
	for _, s := range spans {
		byID[hexID(s.SpanId)] = s
		count[s.Name]++
	}
	want := map[string]int{"training.step": simSteps, "inference.score": 3, "planning.cem.iter": 5}
	for name, n := range want {
		if count[name] != n {
			t.Errorf("%d %s spans arrived, want %d (all: %v)", count[name], name, n, count)
		}
	}
	// Records logged inside a span name it; the others name none.
	inside := map[string]string{
		"training.step": "training.step", "data.cache.hit": "training.step",
		"data.cache.miss": "training.step", "inference.score.start": "inference.score",
		"inference.score.end": "inference.score",
	}
	linked := 0
	for _, r := range readRecords(t, logDir) {
		name, ok := inside[r.Event]
		if !ok {
			if r.SpanID != "" {
				t.Errorf("%s record names span %s, want none", r.Event, r.SpanID)
			}
			continue
		}
		s := byID[r.SpanID]
		if s == nil || s.Name != name || hexID(s.TraceId) != r.TraceID {
			t.Errorf("%s record: trace_id %s span_id %s match no %s span that arrived", r.Event, r.TraceID, r.SpanID, name)
			continue
		}
		linked++
	}
	if linked < simSteps+6 {
		t.Errorf("only %d records linked to spans, want every training.step and inference.score record", linked)
	}
	// Every record of the file also arrived as an OTLP log record, in order.
	logs, _ := rcv.receivedLogs()
	local := readRecords(t, logDir)
	if len(logs) != len(local) {
		t.Errorf("%d log records arrived, %d written locally", len(logs), len(local))
	}
	for i := range min(len(logs), len(local)) {
		if logs[i].EventName != local[i].Event || hexID(logs[i].SpanId) != local[i].SpanID {
			t.Errorf("log record %d: %s span %x, want %s span %s", i, logs[i].EventName, logs[i].SpanId, local[i].Event, local[i].SpanID)
		}
	}
	checkMetricNames(t, rcv)
}

// checkMetricNames asserts the program's metrics arrived under registered
// names only (units and values are checked in export_test.go).
func checkMetricNames(t *testing.T, rcv *receiver) {
	t.Helper()
	got := rcv.receivedMetrics()
	if len(got) == 0 {
		t.Fatal("no metrics arrived from the program")
	}
	registered := registeredMetricNames()
	for _, m := range got {
		if !registered[m.Name] {
			t.Errorf("metric %q is not registered", m.Name)
		}
	}
}
