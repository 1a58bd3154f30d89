package promexport_test

import (
	"bytes"
	"go/build"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/internal/promexport"
)

// nodeExporterVersion is the release .ci/run installs with
//
//	go install github.com/prometheus/node_exporter@v1.12.1
const nodeExporterVersion = "v1.12.1"

// nodeExporterBin finds node_exporter: $NODE_EXPORTER, then PATH, then
// GOPATH/bin where go install puts it.
func nodeExporterBin() string {
	if p := os.Getenv("NODE_EXPORTER"); p != "" {
		return p
	}
	if p, err := exec.LookPath("node_exporter"); err == nil {
		return p
	}
	p := filepath.Join(build.Default.GOPATH, "bin", "node_exporter")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// startNodeExporter runs node_exporter with only the textfile collector
// on dir, listening on a free port of 127.0.0.1, and returns its
// /metrics URL once it answers.
func startNodeExporter(t *testing.T, bin, dir string) string {
	t.Helper()
	return startNodeExporterCmd(t, func(args ...string) *exec.Cmd { return exec.Command(bin, args...) }, dir)
}

// startNodeExporterCmd is startNodeExporter with the command made by mk
// (for example through runuser).
func startNodeExporterCmd(t *testing.T, mk func(args ...string) *exec.Cmd, dir string) string {
	t.Helper()
	for attempt := 0; ; attempt++ {
		url, logs, ok := tryNodeExporter(t, mk, dir)
		if ok {
			return url
		}
		// Most likely another process took the port between our probe
		// and node_exporter's bind: try another one.
		if attempt == 3 {
			t.Fatalf("node_exporter did not serve %s:\n%s", url, logs)
		}
	}
}

func tryNodeExporter(t *testing.T, mk func(args ...string) *exec.Cmd, dir string) (url, logs string, ok bool) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := mk(
		"--web.listen-address="+addr,
		"--collector.disable-defaults",
		"--collector.textfile",
		"--collector.textfile.directory="+dir,
	)
	// runuser passes no SIGKILL on: kill the whole process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", cmd.Path, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	var once sync.Once
	stop := func() { once.Do(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-exited }) }
	t.Cleanup(stop)
	url = "http://" + addr + "/metrics"
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			return url, out.String(), false
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, "", true
			}
		}
	}
	stop()
	return url, out.String(), false
}

func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	mfs, err := promexport.Parse(body)
	if err != nil {
		t.Fatalf("parsing node_exporter's answer: %v", err)
	}
	return mfs
}

// TestNodeExporterReadsTheFile has a real node_exporter textfile collector
// read what the exporter wrote, and checks it over HTTP.
func TestNodeExporterReadsTheFile(t *testing.T) {
	bin := nodeExporterBin()
	if bin == "" {
		testenv.NeedTool(t, "node_exporter not found (NODE_EXPORTER, PATH, GOPATH/bin); install it with: go install github.com/prometheus/node_exporter@"+nodeExporterVersion)
	}
	dir := t.TempDir()
	meters.TrainingCollapseKLReg.Set(0.0625)
	meters.InferenceScoreDuration.Observe(2.5) // ms; a bucket bound
	e, err := promexport.Start(promexport.Options{Registry: events.Registry(), Dir: dir, Interval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	url := startNodeExporter(t, bin, dir)

	mfs := scrape(t, url)
	if v := gauge(mfs, "node_textfile_scrape_error"); v != 0 {
		t.Fatalf("node_textfile_scrape_error = %v", v)
	}
	for _, f := range families() {
		d := f.Desc()
		mf := mfs[d.PromName]
		if mf == nil {
			t.Errorf("%s missing from node_exporter's answer", d.PromName)
			continue
		}
		if n := len(mf.GetMetric()); n != d.Series() {
			t.Errorf("%s: %d series, want %d", d.PromName, n, d.Series())
		}
		if mf.GetHelp() == "" || mf.GetType().String() != map[string]string{"counter": "COUNTER", "gauge": "GAUGE", "histogram": "HISTOGRAM"}[d.Kind.String()] {
			t.Errorf("%s: help %q, type %v", d.PromName, mf.GetHelp(), mf.GetType())
		}
	}
	if v := gauge(mfs, "geno_lewm_training_collapse_kl_reg"); v != 0.0625 {
		t.Errorf("kl_reg via node_exporter = %v, want 0.0625", v)
	}
	h := mfs["geno_lewm_inference_score_duration_seconds"].GetMetric()[0].GetHistogram()
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == 0.0025 && b.GetCumulativeCount() != 1 {
			t.Errorf("le=0.0025 count = %d, want 1", b.GetCumulativeCount())
		}
	}
	if h.GetSampleSum() != 0.0025 {
		t.Errorf("score duration sum = %v s, want 0.0025", h.GetSampleSum())
	}

	// The same collector flags a file that breaks its rules (here a
	// client-side timestamp), so the zero above means something. A
	// duplicate series is not flagged there: node_exporter serves the
	// first sample and logs a gathering error, which is why the series
	// counts above are checked one by one.
	bad := "# TYPE geno_lewm_bad gauge\ngeno_lewm_bad 1 1700000000000\n"
	if err := os.WriteFile(filepath.Join(dir, "bad.prom"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if v := gauge(scrape(t, url), "node_textfile_scrape_error"); v != 1 {
		t.Errorf("with a timestamp in bad.prom, node_textfile_scrape_error = %v, want 1", v)
	}
	os.Remove(filepath.Join(dir, "bad.prom"))
}
