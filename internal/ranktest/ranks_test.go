package ranktest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/genolewm/obs/internal/livecheck"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/registry"
)

const (
	ranks = 4
	steps = "40"
	runID = "run-2026-05-20-h100-0"
)

// baseEnv is ours without any variable that would change the run.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "OTEL_"), strings.HasPrefix(name, "GENO_LEWM_"), strings.HasPrefix(name, "SLURM_"),
			name == "RANK", name == "WORLD_SIZE", name == "LOCAL_RANK", name == "LOCAL_WORLD_SIZE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GENO_LEWM_LOG_LEVEL=debug", "GENO_LEWM_LOG_EVERY=1", "GENO_LEWM_RUN_ID="+runID)
}

// runRanks runs bin as the given number of ranks at once, all in dir,
// each with torchrun's variables, plus extra.
func runRanks(t *testing.T, bin, dir string, n int, extra ...string) {
	t.Helper()
	runRanksOutput(t, bin, dir, n, steps, extra...)
	if t.Failed() {
		t.FailNow()
	}
}

// runRanksOutput is runRanks with the number of steps, returning what
// each rank printed. A rank that fails is an error (it may be called
// from another goroutine, so it never stops the test itself).
func runRanksOutput(t *testing.T, bin, dir string, n int, steps string, extra ...string) []string {
	var wg sync.WaitGroup
	errs := make([]error, n)
	outs := make([]bytes.Buffer, n)
	for r := range n {
		cmd := exec.Command(bin, "-steps", steps)
		cmd.Env = append(baseEnv(), "GENO_LEWM_LOG_DIR="+dir)
		if n > 1 {
			cmd.Env = append(cmd.Env, "RANK="+strconv.Itoa(r), "WORLD_SIZE="+strconv.Itoa(n),
				"LOCAL_RANK="+strconv.Itoa(r), "LOCAL_WORLD_SIZE="+strconv.Itoa(n))
		}
		cmd.Env = append(cmd.Env, extra...)
		cmd.Stdout, cmd.Stderr = &outs[r], &outs[r]
		wg.Go(func() { errs[r] = cmd.Run() })
	}
	wg.Wait()
	texts := make([]string, n)
	for r, err := range errs {
		texts[r] = outs[r].String()
		if err != nil {
			t.Errorf("rank %d: %v\n%s", r, err, texts[r])
		}
	}
	return texts
}

type line struct {
	Event     string `json:"event"`
	RunID     string `json:"run_id"`
	Rank      *int   `json:"rank"`
	WorldSize *int   `json:"world_size"`
	LocalRank *int   `json:"local_rank"`
}

func readLines(t *testing.T, path string) []line {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []line
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s: a line is not one JSON record: %v", path, err)
		}
		out = append(out, l)
	}
	return out
}

func parseProm(t *testing.T, text []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return mfs
}

// counterSums sums every counter family over all its series, by family.
func counterSums(mfs map[string]*dto.MetricFamily) map[string]float64 {
	out := map[string]float64{}
	for name, mf := range mfs {
		if mf.GetType() != dto.MetricType_COUNTER || !strings.HasPrefix(name, "geno_lewm_") {
			continue
		}
		for _, m := range mf.GetMetric() {
			out[name] += m.GetCounter().GetValue()
		}
	}
	return out
}

// Four ranks of one run: every record carries its rank, each rank writes
// its own metrics file with a rank label, a real node_exporter serves
// the four files in one scrape without an error or a duplicate series,
// and every counter summed over the ranks is exactly four times what one
// process counts. Live-check accepts the whole folder.
func TestFourRanks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/simulate 5 times and node_exporter; skipped in -short mode")
	}
	ne := testenv.NodeExporterBin()
	if ne == "" {
		testenv.NeedTool(t, "node_exporter not found; install it with: go install github.com/prometheus/node_exporter@"+testenv.NodeExporterVersion)
	}
	bin := testenv.GoBuild(t, "github.com/genolewm/obs/examples/simulate")

	single := t.TempDir()
	runRanks(t, bin, single, 1)
	one, err := os.ReadFile(filepath.Join(single, "metrics.prom"))
	if err != nil {
		t.Fatal(err)
	}
	perProcess := counterSums(parseProm(t, one))
	singleLines := readLines(t, filepath.Join(single, runID+".jsonl"))
	for _, l := range singleLines {
		if l.Rank != nil || l.WorldSize != nil || l.LocalRank != nil {
			t.Fatalf("a single-process record carries rank fields: %+v", l)
		}
	}

	dir := t.TempDir()
	runRanks(t, bin, dir, ranks)

	// Records: one shared file, whole lines, each rank's full set.
	byRank := map[int]int{}
	for _, l := range readLines(t, filepath.Join(dir, runID+".jsonl")) {
		if l.Rank == nil || l.WorldSize == nil || *l.WorldSize != ranks || l.LocalRank == nil || *l.LocalRank != *l.Rank || l.RunID != runID {
			t.Fatalf("a record without its rank: %+v", l)
		}
		byRank[*l.Rank]++
	}
	for r := range ranks {
		if byRank[r] != len(singleLines) {
			t.Errorf("rank %d wrote %d records, a single process %d", r, byRank[r], len(singleLines))
		}
	}

	// Metrics: one file per rank, nothing else.
	proms, _ := filepath.Glob(filepath.Join(dir, "*.prom"))
	sort.Strings(proms)
	var want []string
	for r := range ranks {
		want = append(want, filepath.Join(dir, fmt.Sprintf("metrics.rank-%d.prom", r)))
	}
	if strings.Join(proms, " ") != strings.Join(want, " ") {
		t.Fatalf("metrics files %v, want %v", proms, want)
	}

	url := testenv.StartNodeExporter(t, ne, dir)
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The parser keeps the last of two equal series: count them in the text.
	seen := map[string]bool{}
	for _, ln := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(ln, "geno_lewm_") {
			continue
		}
		key, _, _ := strings.Cut(ln, " ")
		if seen[key] {
			t.Errorf("node_exporter serves %s twice", key)
		}
		seen[key] = true
	}
	mfs := parseProm(t, body)
	if v := mfs["node_textfile_scrape_error"].GetMetric()[0].GetGauge().GetValue(); v != 0 {
		t.Fatalf("node_textfile_scrape_error = %v\n%s", v, body)
	}
	sums := counterSums(mfs)
	if len(perProcess) == 0 {
		t.Fatal("the single process exported no counter")
	}
	for name, v := range perProcess {
		if sums[name] != ranks*v {
			t.Errorf("%s summed over the ranks = %v, want %d x %v", name, sums[name], ranks, v)
		}
	}
	for name, mf := range mfs {
		if !strings.HasPrefix(name, "geno_lewm_") {
			continue
		}
		for _, m := range mf.GetMetric() {
			if rankOf(m) == "" {
				t.Errorf("%s has a series without a rank label", name)
			}
		}
	}

	reg, err := registry.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := livecheck.New(reg, livecheck.Options{})
	c.CheckPaths([]string{dir})
	if rep := c.Report(); len(rep.Findings) != 0 {
		t.Errorf("live-check findings on the ranks' folder: %v", rep.Findings)
	}
}

func rankOf(m *dto.Metric) string {
	for _, lp := range m.GetLabel() {
		if lp.GetName() == "rank" {
			return lp.GetValue()
		}
	}
	return ""
}
