// Package schematest checks docs/api/log-record.schema.json with two
// independent validators: ajv (Draft 2020-12, strict mode, ajv-formats;
// installed by `npm ci` in tools/schemacheck) and Python's jsonschema
// with its format checker. Valid records must pass both; each mutation,
// one per constraint, must fail both. Under CI=true a missing validator
// fails the test (internal/testenv).
package schematest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/testenv"
)

const schemaPath = "../../docs/api/log-record.schema.json"

// valid are records as the runtime writes them.
var valid = []string{
	`{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.run.start","run_id":"run-2026-05-20-h100-0","data":{"model":"lewm-s","config_hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","precision":"bf16","tags":["baseline"]}}`,
	`{"ts":"2026-05-20T15:42:02.000Z","severity":"info","event":"training.run.end","run_id":"r1","data":{"status":"completed","steps_completed":300,"final_loss_pred":"NaN"}}`,
	`{"ts":"2026-05-20T15:42:03.999Z","severity":"debug","event":"inference.score.end","run_id":"r1","step":3,"phase":"phase1","trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef","data":{"variant_id":"v1-4f2a","pathogenicity":"likely_benign","consequence":"missense","score":0.3}}`,
	`{"ts":"2026-05-20T15:42:04.500Z","severity":"error","event":"error","run_id":"r1","error_code":"InternalError.InvariantViolation","data":{"source_event":"inference.batch.end","rules":["dna","value"],"dropped_keys":1}}`,
	`{"ts":"2026-05-20T15:42:05.000Z","severity":"info","event":"inference.batch.end","run_id":"r1","duration_ms":12,"data":{"variants":3,"classes":{"benign":1,"pathogenic":2}}}`,
	// A rank of a multi-process run (core 1.1.0).
	`{"ts":"2026-05-20T15:42:06.000Z","severity":"info","event":"training.run.end","run_id":"r1","rank":3,"world_size":8,"local_rank":3,"data":{"status":"completed","steps_completed":300}}`,
}

// mutations break one constraint each, of the record valid[i].
var mutations = []struct {
	name, base, old, new string
}{
	{"impossible ts", valid[1], `2026-05-20T15:42:02.000Z`, `2026-13-45T99:99:99.000Z`},
	{"ts without milliseconds", valid[1], `15:42:02.000Z`, `15:42:02Z`},
	{"ts not UTC", valid[1], `15:42:02.000Z`, `15:42:02.000+01:00`},
	{"ts on a day that does not exist", valid[1], `2026-05-20T`, `2026-02-30T`},
	{"unknown severity", valid[1], `"severity":"info"`, `"severity":"fatal"`},
	{"wrong severity for the event", valid[1], `"severity":"info"`, `"severity":"warn"`},
	{"unregistered event", valid[1], `"event":"training.run.end"`, `"event":"training.run.over"`},
	{"missing run_id", valid[1], `"run_id":"r1",`, ``},
	{"run_id not a plain name", valid[1], `"run_id":"r1"`, `"run_id":"r 1/x"`},
	{"DNA in run_id", valid[1], `"run_id":"r1"`, `"run_id":"GATTACAGATTACAGATTACA"`},
	{"missing data", valid[1], `,"data":{"status":"completed","steps_completed":300,"final_loss_pred":"NaN"}`, ``},
	{"unknown top-level key", valid[1], `"run_id":"r1",`, `"run_id":"r1","note":"x",`},
	{"out-of-set status", valid[1], `"status":"completed"`, `"status":"done"`},
	{"out-of-set pathogenicity", valid[2], `"likely_benign"`, `"probably fine"`},
	{"out-of-set list element", valid[3], `["dna","value"]`, `["dna","sample"]`},
	{"missing required key", valid[1], `"status":"completed",`, ``},
	{"key outside the allowlist", valid[1], `"steps_completed":300`, `"steps_completed":300,"note":"x"`},
	{"int that is a float", valid[1], `"steps_completed":300`, `"steps_completed":300.5`},
	{"int beyond int64", valid[1], `"steps_completed":300`, `"steps_completed":99999999999999999999`},
	{"float as a string", valid[1], `"final_loss_pred":"NaN"`, `"final_loss_pred":"nan"`},
	{"negative duration", valid[4], `"duration_ms":12`, `"duration_ms":-1`},
	{"bad trace_id", valid[2], `0123456789abcdef0123456789abcdef`, `0123456789ABCDEF0123456789ABCDEF`},
	{"bad span_id", valid[2], `"span_id":"0123456789abcdef"`, `"span_id":"0123"`},
	{"phase not a plain name", valid[2], `"phase":"phase1"`, `"phase":"phase 1"`},
	{"DNA in a value", valid[0], `"model":"lewm-s"`, `"model":"GATTACAGATTACAGATTACA"`},
	{"RNA in a value", valid[0], `"model":"lewm-s"`, `"model":"GAUUACAGAUUACAGAUUACA"`},
	{"IUPAC run in a value", valid[0], `"model":"lewm-s"`, `"model":"ACGTRYKMSWBDHVNACGTRY"`},
	{"zero-width spaces between bases", valid[0], `"model":"lewm-s"`, `"model":"` + strings.Join(strings.Split("GATTACAGATTACAGATTACA", ""), "\u200b") + `"`},
	{"fullwidth bases", valid[0], `"model":"lewm-s"`, `"model":"ＧＡＴＴＡＣＡＧＡＴＴＡＣＡＧＡＴＴＡＣＡ"`},
	{"bases split by spaces", valid[0], `"model":"lewm-s"`, `"model":"` + strings.Join(strings.Split("GATTACAGATTACAGATTACA", ""), " ") + `"`},
	{"DNA in a list element", valid[0], `["baseline"]`, `["baseline","GATTACAGATTACAGATTACA"]`},
	{"DNA in a map key", valid[4], `"benign":1`, `"GATTACAGATTACAGATTACA":1`},
	{"deny key as a map key", valid[4], `"benign":1`, `"sample_id":1`},
	{"DNA in phase", valid[2], `"phase":"phase1"`, `"phase":"GATTACAGATTACAGATTACA"`},
	{"string over the filter's cap", valid[0], `"model":"lewm-s"`, `"model":"` + strings.Repeat("x", 16<<10+15) + `"`},
	{"error record without error_code", valid[3], `"error_code":"InternalError.InvariantViolation",`, ``},
	{"error code of another event", valid[3], `"InternalError.InvariantViolation"`, `"EvalError.Regression"`},
	{"error_code on an info record", valid[1], `"run_id":"r1",`, `"run_id":"r1","error_code":"IOError.WriteFailed",`},
	{"map value of the wrong type", valid[4], `"benign":1`, `"benign":"one"`},
	{"rank without world_size", valid[5], `"world_size":8,`, ``},
	{"world_size without rank", valid[5], `"rank":3,`, ``},
	{"local_rank alone", valid[5], `"rank":3,"world_size":8,`, ``},
	{"world_size of one", valid[5], `"world_size":8`, `"world_size":1`},
	{"negative rank", valid[5], `"rank":3`, `"rank":-3`},
	{"rank as a string", valid[5], `"rank":3`, `"rank":"3"`},
}

type result struct {
	Line   int      `json:"line"`
	Valid  bool     `json:"valid"`
	Errors []string `json:"errors"`
}

func validators(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	dir, _ := filepath.Abs("../../tools/schemacheck")
	node, err := exec.LookPath("node")
	switch {
	case err != nil:
		testenv.NeedTool(t, "node is not installed (apt-get install nodejs npm)")
	default:
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv", "package.json")); err != nil {
			testenv.NeedTool(t, "ajv is not installed: run `npm ci` in tools/schemacheck")
		}
		out["ajv"] = []string{node, filepath.Join(dir, "ajv-check.mjs")}
	}
	py, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(py, "-c", "import jsonschema, rfc3339_validator").Run()
	}
	if err != nil {
		testenv.NeedTool(t, "python3 with jsonschema and rfc3339-validator is missing (apt-get install python3-jsonschema python3-rfc3339-validator)")
	}
	out["python-jsonschema"] = []string{py, filepath.Join(dir, "jsonschema-check.py")}
	return out
}

func run(t *testing.T, cmd []string, records []string) []result {
	t.Helper()
	f := filepath.Join(t.TempDir(), "records.jsonl")
	if err := os.WriteFile(f, []byte(strings.Join(records, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(cmd[0], append(cmd[1:], schemaPath, f)...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(cmd[1]), err, stderr.String())
	}
	var res []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad validator output %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	if len(res) != len(records) {
		t.Fatalf("%d results for %d records", len(res), len(records))
	}
	return res
}

func TestSchemaWithTwoValidators(t *testing.T) {
	vs := validators(t)
	var records []string
	records = append(records, valid...)
	for _, m := range mutations {
		if strings.Count(m.base, m.old) != 1 {
			t.Fatalf("%s: the edit does not apply once", m.name)
		}
		records = append(records, strings.Replace(m.base, m.old, m.new, 1))
	}
	for name, cmd := range vs {
		t.Run(name, func(t *testing.T) {
			res := run(t, cmd, records)
			for i := range valid {
				if !res[i].Valid {
					t.Errorf("valid record %d rejected: %v", i, res[i].Errors)
				}
			}
			for j, m := range mutations {
				if res[len(valid)+j].Valid {
					t.Errorf("mutation %q accepted", m.name)
				}
			}
		})
	}
}
