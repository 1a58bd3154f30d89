package promexport_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/internal/promexport"
)

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
	bin := testenv.NodeExporterBin()
	if bin == "" {
		testenv.NeedTool(t, "node_exporter not found (NODE_EXPORTER, PATH, GOPATH/bin); install it with: go install github.com/prometheus/node_exporter@"+testenv.NodeExporterVersion)
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
	url := testenv.StartNodeExporter(t, bin, dir)

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
