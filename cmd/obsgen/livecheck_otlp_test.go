package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/pmetric/pmetricotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/genolewm/obs/internal/testenv"
)

const bases = "GATTACAGCTTGACCGTANGCATG"

var listening = regexp.MustCompile(`on (127\.0\.0\.1:\d+);`)

// liveTraffic sends three log records (one registered, one holding DNA,
// one unregistered), a registered span and a registered counter point to
// addr: five records.
func liveTraffic(t *testing.T, addr string) {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ld := plog.NewLogs()
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	for _, r := range []struct{ event, metric string }{{"training.metric", "val_auroc"}, {"training.metric", bases}, {"app.started", "x"}} {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName(r.event)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		lr.Attributes().PutStr("metric", r.metric)
		lr.Attributes().PutDouble("value", 1)
	}
	if _, err := plogotlp.NewGRPCClient(conn).Export(ctx, plogotlp.NewExportRequestFromLogs(ld)); err != nil {
		t.Fatal(err)
	}
	td := ptrace.NewTraces()
	s := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	s.SetName("training.step")
	s.Attributes().PutInt("step", 1)
	if _, err := ptraceotlp.NewGRPCClient(conn).Export(ctx, ptraceotlp.NewExportRequestFromTraces(td)); err != nil {
		t.Fatal(err)
	}
	md := pmetric.NewMetrics()
	m := md.ResourceMetrics().AppendEmpty().ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName("geno_lewm.data.cache.hit")
	m.SetUnit("{operation}")
	m.SetEmptySum().SetIsMonotonic(true)
	m.Sum().DataPoints().AppendEmpty().SetIntValue(3)
	if _, err := pmetricotlp.NewGRPCClient(conn).Export(ctx, pmetricotlp.NewExportRequestFromMetrics(md)); err != nil {
		t.Fatal(err)
	}
}

// checkLiveReport checks the report of liveTraffic.
func checkLiveReport(t *testing.T, out string) {
	t.Helper()
	for _, want := range []string{
		"otlp logs request 1, record 1: dna:",
		"otlp logs request 1, record 2: unregistered-event:",
		"EVENT", "SPAN", "METRIC",
		"checked 3 OTLP signal(s), 5 records/series",
		"events seen 1/", "spans seen 1/", "metrics seen 1/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, bases) {
		t.Errorf("the report shows the value:\n%s", out)
	}
}

// lineWriter passes stderr's first line to a channel.
type lineWriter struct {
	w     *io.PipeWriter
	lines chan string
}

func newLineWriter() *lineWriter {
	r, w := io.Pipe()
	lw := &lineWriter{w: w, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lw.lines <- sc.Text()
		}
		close(lw.lines)
	}()
	return lw
}

func (l *lineWriter) Write(p []byte) (int, error) { return l.w.Write(p) }

func waitAddr(t *testing.T, lines <-chan string) string {
	t.Helper()
	select {
	case line := <-lines:
		m := listening.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unexpected first line: %s", line)
		}
		return m[1]
	case <-time.After(30 * time.Second):
		t.Fatal("live-check did not start listening")
	}
	return ""
}

// After -max-records records, live-check stops and prints the report:
// each finding by request and record, and the coverage of events, spans
// and metrics.
func TestLiveCheckOTLPMaxRecords(t *testing.T) {
	stderr := newLineWriter()
	var stdout bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"live-check", "-root", "../..", "-otlp", "127.0.0.1:0", "-max-records", "5"}, &stdout, stderr)
	}()
	liveTraffic(t, waitAddr(t, stderr.lines))
	select {
	case code := <-done:
		if code != 1 {
			t.Errorf("exit %d, want 1 (violations)", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("live-check did not stop after 5 records")
	}
	checkLiveReport(t, stdout.String())
}

// A signal stops the real binary, which prints what it saw; -timeout
// stops it without traffic.
func TestLiveCheckOTLPSignalAndTimeout(t *testing.T) {
	bin := testenv.GoBuild(t, "github.com/genolewm/obs/cmd/obsgen")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "live-check", "-root", "../..", "-otlp", "127.0.0.1:0", "-format", "text")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr := newLineWriter()
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	liveTraffic(t, waitAddr(t, stderr.lines))
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit %v, want 1", err)
	}
	checkLiveReport(t, stdout.String())

	code, out, errs := runCmd("live-check", "-root", "../..", "-otlp", "127.0.0.1:0", "-timeout", "200ms", "-full-coverage")
	if code != 0 || !strings.Contains(out, "checked 0 OTLP signal(s)") || !strings.Contains(errs, "timed out") {
		t.Errorf("timeout: exit %d\n%s%s", code, out, errs)
	}
}

func TestLiveCheckOTLPUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-otlp", "0.0.0.0:4317"},
		{"-otlp", "192.0.2.1:4317"},
		{"-otlp", "127.0.0.1:0", "run.jsonl"},
		{"-otlp", "127.0.0.1:0", "-max-records", "-1"},
		{"-max-records", "3", "run.jsonl"},
		{"-otlp", "127.0.0.1:0", "-format", "yaml"},
	} {
		if code, _, errs := runCmd(append([]string{"live-check", "-root", "../.."}, args...)...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, want 2 with a message", args, code)
		}
	}
}
