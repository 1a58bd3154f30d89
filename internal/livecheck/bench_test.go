package livecheck

import (
	"testing"

	"github.com/genolewm/obs/registry"
)

// BenchmarkRecord checks one valid record of each common shape; the
// doc's claim that records do not allocate is TestRecordAllocs.
func BenchmarkRecord(b *testing.B) {
	reg, err := registry.Default()
	if err != nil {
		b.Fatal(err)
	}
	c := New(reg, Options{})
	lines := benchLines()
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	b.SetBytes(n / int64(len(lines)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.record("bench.jsonl", i, lines[i%len(lines)])
	}
}

func TestRecordAllocs(t *testing.T) {
	reg := defaultRegistry(t)
	c := New(reg, Options{})
	lines := benchLines()
	allocs := testing.AllocsPerRun(100, func() {
		for i, l := range lines {
			c.record("a.jsonl", i, l)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per %d valid records, want 0", allocs, len(lines))
	}
	if c.rep.Violations != 0 {
		t.Fatalf("bench lines are not valid: %v", c.rep.Findings)
	}
}

func benchLines() [][]byte {
	return [][]byte{
		[]byte(`{"ts":"2026-11-26T20:38:13.026Z","severity":"debug","event":"training.step","run_id":"run-2026-11-26-c2c48f8e","step":0,"epoch":0,"phase":"phase1","duration_ms":40,"data":{"loss_pred":2.6,"loss_reg":0.26,"lr":0.0003,"grad_norm":1.1,"batch_size":64,"tokens":32768,"throughput":1600}}` + "\n"),
		[]byte(`{"ts":"2026-11-26T20:38:13.026Z","severity":"debug","event":"inference.score.end","run_id":"run-2026-11-26-c2c48f8e","data":{"variant_id":"v-1f3a","pathogenicity":"likely_benign","consequence":"missense","score":0.12,"latency_ms":3.5}}` + "\n"),
		[]byte(`{"ts":"2026-11-26T20:38:13.026Z","severity":"info","event":"eval.run.end","run_id":"run-2026-11-26-c2c48f8e","data":{"benchmark":"clinvar-smoke","score":0.91,"passed":true,"scores":{"auprc":0.7,"auroc":0.91}}}` + "\n"),
		[]byte(`{"ts":"2026-11-26T20:38:13.026Z","severity":"error","event":"error","run_id":"run-2026-11-26-c2c48f8e","error_code":"IOError.WriteFailed","data":{"message":"disk full","component":"promfile","rules":["dna"]}}` + "\n"),
	}
}
