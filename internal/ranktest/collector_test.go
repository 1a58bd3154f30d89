package ranktest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/internal/testenv"
)

// localRecord is one JSONL record, numbers kept exact.
type localRecord map[string]any

func readRecords(t *testing.T, path string) []localRecord {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []localRecord
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		var r localRecord
		if err := d.Decode(&r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	return out
}

func (r localRecord) rank() int {
	n, _ := r["rank"].(json.Number).Int64()
	return int(n)
}

func resourceRank(res map[string]any) (int, bool) {
	r, ok := res["rank"].(int64)
	w, wok := res["world_size"].(int64)
	return int(r), ok && wok && w == ranks
}

// Four ranks export to a real OpenTelemetry Collector: the log records it
// wrote equal the four ranks' local records one for one (event, severity,
// data, ids, rank), spans and metrics arrive under resources naming their
// rank, and no DNA run is anywhere in what the collector wrote.
func TestFourRanksThroughACollector(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a real collector and examples/simulate 4 times; skipped in -short mode")
	}
	col := collectortest.Start(t, collectortest.Options{})
	bin := testenv.GoBuild(t, "github.com/genolewm/obs/examples/simulate")
	dir := t.TempDir()
	runRanks(t, bin, dir, ranks, append(col.Env(), "GENO_LEWM_LOG_PER_RANK=1")...)
	col.Stop()
	out := col.Output(t)

	// Logs: per rank, the collector's records in order equal the file's.
	got := map[int][]collectortest.LogRecord{}
	for _, lr := range out.LogRecords() {
		r, ok := resourceRank(lr.Resource)
		if !ok || lr.Resource["run_id"] != runID || lr.Resource["service.name"] == nil {
			t.Fatalf("a log record's resource lacks the run or the rank: %v", lr.Resource)
		}
		got[r] = append(got[r], lr)
	}
	for r := range ranks {
		local := readRecords(t, filepath.Join(dir, fmt.Sprintf("%s.rank-%d.jsonl", runID, r)))
		if len(got[r]) != len(local) || len(local) == 0 {
			t.Errorf("rank %d: the collector wrote %d log records, the rank %d", r, len(got[r]), len(local))
			continue
		}
		for i, rec := range local {
			if rec.rank() != r {
				t.Fatalf("rank %d's file holds a record of rank %d", r, rec.rank())
			}
			if err := sameRecord(rec, got[r][i]); err != nil {
				t.Errorf("rank %d record %d (%s): %v", r, i, rec["event"], err)
			}
		}
	}

	// Spans and metrics: each under its rank's resource, from every rank.
	spanRanks, metricRanks := map[int]int{}, map[int]int{}
	for _, s := range out.Spans() {
		r, ok := resourceRank(s.Resource)
		if !ok {
			t.Fatalf("span %s has no rank in its resource: %v", s.Name, s.Resource)
		}
		spanRanks[r]++
	}
	for _, m := range out.MetricPoints() {
		r, ok := resourceRank(m.Resource)
		if !ok {
			t.Fatalf("metric %s has no rank in its resource: %v", m.Name, m.Resource)
		}
		metricRanks[r]++
	}
	for r := range ranks {
		if spanRanks[r] == 0 || metricRanks[r] == 0 {
			t.Errorf("rank %d: %d spans and %d metric points arrived", r, spanRanks[r], metricRanks[r])
		}
	}

	// Privacy: the example logs a payload with bases, which the filter
	// refuses; no string the collector wrote holds a DNA run.
	raw, err := os.ReadFile(col.OutPath)
	if err != nil {
		t.Fatal(err)
	}
	forEachString(t, raw, func(s string) {
		if dna.Has(s) {
			t.Errorf("the collector wrote a DNA run (%d bytes, value not shown)", len(s))
		}
	})
}

// sameRecord compares a local record with the collector's log record.
func sameRecord(rec localRecord, lr collectortest.LogRecord) error {
	if lr.EventName != rec["event"] || lr.SeverityText != rec["severity"] {
		return fmt.Errorf("event %q %q, want %v %v", lr.EventName, lr.SeverityText, rec["event"], rec["severity"])
	}
	ts, err := time.Parse(time.RFC3339Nano, rec["ts"].(string))
	if err != nil || !lr.Time.Equal(ts) {
		return fmt.Errorf("time %v, want %v", lr.Time, rec["ts"])
	}
	for _, k := range []string{"trace_id", "span_id"} {
		want, _ := rec[k].(string)
		have := lr.TraceID
		if k == "span_id" {
			have = lr.SpanID
		}
		if have != want {
			return fmt.Errorf("%s %q, want %q", k, have, want)
		}
	}
	data := rec["data"].(map[string]any)
	n := 0
	for k, v := range lr.Attributes {
		if top, ok := strings.CutPrefix(k, "genolewm."); ok {
			if !sameJSON(rec[top], v) {
				return fmt.Errorf("%s = %v, want %v", k, v, rec[top])
			}
			continue
		}
		n++
		if !sameJSON(data[k], v) {
			return fmt.Errorf("data %s = %v (%T), want %v", k, v, v, data[k])
		}
	}
	if n != len(data) {
		return fmt.Errorf("%d data attributes, want %d", n, len(data))
	}
	return nil
}

// sameJSON compares a JSON value with an attribute value as pcommon's
// AsRaw gives it: int64, float64, string, bool, []any, map[string]any.
func sameJSON(j, v any) bool {
	switch x := v.(type) {
	case int64:
		n, ok := j.(json.Number)
		i, err := n.Int64()
		return ok && err == nil && i == x
	case float64:
		n, ok := j.(json.Number)
		f, err := n.Float64()
		return ok && err == nil && (f == x || math.IsNaN(f) && math.IsNaN(x))
	case []any:
		l, ok := j.([]any)
		if !ok || len(l) != len(x) {
			return false
		}
		for i := range l {
			if !sameJSON(l[i], x[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		m, ok := j.(map[string]any)
		if !ok || len(m) != len(x) {
			return false
		}
		for k := range m {
			if !sameJSON(m[k], x[k]) {
				return false
			}
		}
		return true
	}
	return j == v
}

// forEachString calls f with every string (keys included) of every JSON
// line of data.
func forEachString(t *testing.T, data []byte, f func(string)) {
	t.Helper()
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			f(x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				f(k)
				walk(e)
			}
		}
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("the collector's output is not JSON lines: %v", err)
		}
		walk(v)
	}
}

// A collector killed mid-run holds no rank up: each finishes within the
// export bound, keeps every record locally, and reports once what it
// could not deliver.
func TestCollectorKilledMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a real collector and examples/simulate 4 times; skipped in -short mode")
	}
	col := collectortest.Start(t, collectortest.Options{})
	bin := testenv.GoBuild(t, "github.com/genolewm/obs/examples/simulate")
	dir := t.TempDir()
	env := append(col.Env(), "GENO_LEWM_LOG_PER_RANK=1")
	done := make(chan struct{})
	var outs []string
	start := time.Now()
	go func() {
		defer close(done)
		outs = runRanksOutput(t, bin, dir, ranks, "3000", env...)
	}()
	time.Sleep(300 * time.Millisecond)
	col.Kill()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the ranks did not finish after the collector died")
	}
	t.Logf("4 ranks finished %v after start, the collector killed at 300 ms", time.Since(start).Round(time.Millisecond))
	for r, o := range outs {
		local := readRecords(t, filepath.Join(dir, fmt.Sprintf("%s.rank-%d.jsonl", runID, r)))
		if len(local) == 0 {
			t.Errorf("rank %d wrote no local records", r)
		}
		if strings.Count(o, "were not delivered") != 1 {
			t.Errorf("rank %d did not report its undelivered records once:\n%s", r, o)
		}
	}
}
