// Package payloadtest holds the payload corpus of the redaction filter:
// log payloads, as a program in any language might send them, that the
// Go filter and the registry-enforcing Collector processor must judge
// alike. It is built from internal/dna/dnatest's corpora (every disguise
// of sequence data in a string, a list element, a map key and an error
// message; every value the rule must keep) and from the registry's deny
// list, plus wrong types, unknown keys, values outside their sets,
// missing required keys, error codes and size caps.
//
// The corpus holds no expected results: tests run each case through the
// Go filter (runtime/observe) to learn what it does, then through the
// processor, and compare. It is for tests only.
package payloadtest

import (
	"sort"
	"strings"

	"github.com/genolewm/obs/internal/dna/dnatest"
	"github.com/genolewm/obs/registry"
)

// Case is one log payload.
type Case struct {
	Name  string
	Event string
	// Code is the error code name of an error record, "" for none.
	Code string
	// Data are the data keys, with the dynamic types an OTLP attribute
	// can hold: string, int64, float64, bool, []byte, []any and
	// map[string]any.
	Data map[string]any
}

// Corpus returns every case, in a stable order.
func Corpus() []Case {
	var cs []Case
	add := func(name, event, code string, data map[string]any) {
		cs = append(cs, Case{Name: name, Event: event, Code: code, Data: data})
	}
	for _, d := range sorted(dnatest.MustDrop) {
		v := dnatest.MustDrop[d]
		add("dna string/"+d, "eval.run.start", "", map[string]any{"benchmark": "clinvar-smoke", "suite_version": v, "num_examples": int64(100)})
		add("dna list element/"+d, "training.run.start", "", map[string]any{"model": "genolewm-base", "config_hash": "c0ffee", "tags": []any{"ok", v}})
		add("dna map key/"+d, "eval.run.end", "", map[string]any{"benchmark": "clinvar-smoke", "score": 0.9, "scores": map[string]any{"auroc": 0.9, v: 1.0}})
		add("dna error message/"+d, "error", "IOError.WriteFailed", map[string]any{"message": v, "component": "shard"})
		add("dna categorical/"+d, "training.run.end", "", map[string]any{"status": v, "steps_completed": int64(10)})
	}
	for _, k := range sorted(dnatest.MustKeep) {
		v := dnatest.MustKeep[k]
		add("keep string/"+k, "eval.run.start", "", map[string]any{"benchmark": "clinvar-smoke", "suite_version": v})
		add("keep list/"+k, "training.run.start", "", map[string]any{"model": v, "config_hash": "c0ffee", "tags": []any{v}})
		add("keep error message/"+k, "error", "IOError.WriteFailed", map[string]any{"message": v, "component": "shard"})
	}
	reg, err := registry.Default()
	if err != nil {
		panic("payloadtest: the embedded registry does not load: " + err.Error())
	}
	for _, k := range reg.DenyKeys {
		add("deny/"+k.Value, "training.metric", "", map[string]any{"metric": "val_auroc", "value": 0.91, k.Value: "NA12878"})
		add("deny upper case/"+k.Value, "training.metric", "", map[string]any{"metric": "val_auroc", "value": 0.91, strings.ToUpper(k.Value): "x"})
	}
	add("deny map key", "eval.run.end", "", map[string]any{"benchmark": "b", "scores": map[string]any{"auroc": 0.9, "sample_id": 1.0}})
	add("deny int map key", "inference.batch.end", "", map[string]any{"variants": int64(3), "classes": map[string]any{"benign": int64(2), "Patient_ID": int64(1)}})
	add("registered record", "training.run.start", "", map[string]any{
		"model": "genolewm-base-1.3b", "config_hash": "9f86d081884c7d65", "seed": int64(42), "num_params": int64(1_300_000_000),
		"devices": int64(8), "precision": "bf16", "max_steps": int64(100000), "tags": []any{"phase2", "h100"}})
	add("registered maps", "inference.batch.end", "", map[string]any{"variants": int64(128), "failed": int64(1), "throughput": 512.5,
		"classes": map[string]any{"benign": int64(100), "pathogenic": int64(27)}})
	add("registered bools and floats", "eval.run.end", "", map[string]any{"benchmark": "b", "score": 0.93, "baseline": 0.9, "passed": true, "num_examples": int64(1000)})
	add("int for a float key", "training.metric", "", map[string]any{"metric": "steps_per_s", "value": int64(3)})
	add("float for an int key", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "seed": 1.5})
	add("bytes for a string key", "eval.run.start", "", map[string]any{"benchmark": "b", "suite_version": []byte("ACGT")})
	add("list for a string key", "eval.run.start", "", map[string]any{"benchmark": "b", "suite_version": []any{"1", "2"}})
	add("map for a scalar key", "training.metric", "", map[string]any{"metric": "m", "value": map[string]any{"x": 1.0}})
	add("bool for an int key", "inference.batch.end", "", map[string]any{"variants": true})
	add("string for a bool key", "eval.run.end", "", map[string]any{"benchmark": "b", "passed": "yes"})
	add("mixed list", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "tags": []any{"a", int64(1)}})
	add("nested list", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "tags": []any{[]any{"a"}}})
	add("nested map", "eval.run.end", "", map[string]any{"benchmark": "b", "scores": map[string]any{"deep": map[string]any{"x": 1.0}}})
	add("string in a float map", "eval.run.end", "", map[string]any{"benchmark": "b", "scores": map[string]any{"auroc": "high"}})
	add("unknown key", "training.metric", "", map[string]any{"metric": "m", "value": 1.0, "hostname": "gpu-node-7"})
	add("key in another case", "training.metric", "", map[string]any{"metric": "m", "value": 1.0, "Metric": "n"})
	add("dotted key", "training.metric", "", map[string]any{"metric": "m", "value": 1.0, "host.name": "gpu-node-7"})
	add("out of set", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "precision": "fp64"})
	add("out of set in a list", "error", "IOError.WriteFailed", map[string]any{"message": "m", "rules": []any{"dna", "astrology"}})
	add("in set in a list", "error", "IOError.WriteFailed", map[string]any{"message": "m", "rules": []any{"dna", "deny"}})
	add("missing required key", "training.run.start", "", map[string]any{"model": "m"})
	add("required key dropped", "training.run.start", "", map[string]any{"model": "m", "config_hash": dnatest.Seq})
	add("empty payload", "training.epoch.end", "", map[string]any{})
	add("error code registered for the event", "eval.regression", "EvalError.Regression",
		map[string]any{"benchmark": "b", "metric": "auroc", "score": 0.8, "baseline": 0.9})
	add("error code of another event", "eval.regression", "IOError.WriteFailed",
		map[string]any{"benchmark": "b", "metric": "auroc", "score": 0.8, "baseline": 0.9})
	add("error without a code", "eval.regression", "", map[string]any{"benchmark": "b", "metric": "auroc", "score": 0.8, "baseline": 0.9})
	add("code on an info record", "training.metric", "IOError.WriteFailed", map[string]any{"metric": "m", "value": 1.0})
	long := make([]any, 1025)
	for i := range long {
		long[i] = "t"
	}
	add("list over the cap", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "tags": long})
	add("list at the cap", "training.run.start", "", map[string]any{"model": "m", "config_hash": "c", "tags": long[:1024]})
	big := map[string]any{}
	for i := range 257 {
		big["k"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+string(rune('a'+i/26))] = float64(i)
	}
	add("map over the cap", "eval.run.end", "", map[string]any{"benchmark": "b", "scores": big})
	add("long string", "eval.run.start", "", map[string]any{"benchmark": "b", "suite_version": strings.Repeat("v1.2-", 4000)})
	return cs
}

func sorted(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
