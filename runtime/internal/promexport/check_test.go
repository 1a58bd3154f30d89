package promexport_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/genolewm/obs/runtime/internal/promexport"
)

// TestCheckRejects shows that Check fails on each defect it claims to
// find, starting from a valid exposition of the registry.
func TestCheckRejects(t *testing.T) {
	reg, err := promexport.NewRegistry(families())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := promexport.WriteText(&buf, reg); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	if _, err := promexport.Check([]byte(good), families()); err != nil {
		t.Fatalf("valid exposition rejected: %v", err)
	}
	const hits = "geno_lewm_data_cache_hit_total 0\n"
	if !strings.Contains(good, hits) {
		t.Fatalf("exposition has no line %q", hits)
	}
	for _, c := range []struct {
		name, text, want string
	}{
		{"duplicate", strings.Replace(good, hits, hits+hits, 1), "duplicate series"},
		{"timestamp", strings.Replace(good, hits, "geno_lewm_data_cache_hit_total 0 1700000000000\n", 1), "timestamp"},
		{"missing family", strings.Replace(good, "# HELP geno_lewm_data_cache_hit_total per-call increment\n# TYPE geno_lewm_data_cache_hit_total counter\n"+hits, "", 1), "geno_lewm_data_cache_hit_total (geno_lewm.data.cache.hit) is missing"},
		{"missing series", strings.Replace(good, `geno_lewm_errors_raised_total{code="IOError.WriteFailed"} 0`+"\n", "", 1), "series missing"},
		{"unregistered value", strings.Replace(good, `{code="IOError.WriteFailed"}`, `{code="NotACode"}`, 1), "outside the registered label values"},
		{"promlint", good + "# HELP extra_latency_ms extra\n# TYPE extra_latency_ms gauge\nextra_latency_ms 1\n", "promlint"},
		{"truncated", good[:len(good)-1], "end of input"},
		{"unparseable", good + "not a metric line at all {\n", "parse"},
	} {
		if _, err := promexport.Check([]byte(c.text), families()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Check error = %v, want one containing %q", c.name, err, c.want)
		}
	}
}
