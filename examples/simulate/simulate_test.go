package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// TestExampleRecordsMatchSchema runs the simulated session and validates
// every record it wrote against docs/api/log-record.schema.json with a real
// JSON Schema (2020-12) validator. It also checks that every registered
// event appears, and that the redaction in action left its error record.
func TestExampleRecordsMatchSchema(t *testing.T) {
	cfg := observe.DefaultConfig()
	cfg.LogDir = t.TempDir()
	cfg.Level = observe.Debug
	cfg.RunID = "run-schema-test"
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := simulate(ctx, s, 300); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}

	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/api/log-record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(s.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	n := 0
	violation := false
	for sc.Scan() {
		n++
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
		if err != nil {
			t.Fatalf("line %d is not JSON: %v", n, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("line %d does not match the schema: %v\n%s", n, err, sc.Text())
		}
		var rec struct {
			Event     string `json:"event"`
			ErrorCode string `json:"error_code"`
		}
		json.Unmarshal(sc.Bytes(), &rec)
		seen[rec.Event] = true
		violation = violation || rec.ErrorCode == "InternalError.InvariantViolation"
	}
	if len(seen) != 22 {
		t.Errorf("the example wrote %d distinct events, want all 22: %v", len(seen), seen)
	}
	if !violation {
		t.Error("no sanitized invariant-violation record: the redaction demo did not run")
	}
}

// TestSchemaRejectsBadRecords makes sure the schema is not vacuous: each
// broken record must fail validation.
func TestSchemaRejectsBadRecords(t *testing.T) {
	sch, err := jsonschema.NewCompiler().Compile("../../docs/api/log-record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	good := `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","data":{"metric":"m","value":1}}`
	bad := map[string]string{
		"unknown key":        `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","data":{"metric":"m","value":1,"x":1}}`,
		"wrong severity":     `{"ts":"2026-05-20T15:42:01.123Z","severity":"debug","event":"training.metric","run_id":"r","data":{"metric":"m","value":1}}`,
		"wrong type":         `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","data":{"metric":"m","value":"1"}}`,
		"DNA":                `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","data":{"metric":"xxACGTACGTACGTACGTACGTA","value":1}}`,
		"unregistered":       `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.nope","run_id":"r","data":{}}`,
		"code on info":       `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","error_code":"EvalError.Regression","data":{"metric":"m","value":1}}`,
		"error without code": `{"ts":"2026-05-20T15:42:01.123Z","severity":"error","event":"eval.regression","run_id":"r","data":{"benchmark":"b","metric":"m","score":1,"baseline":1}}`,
		"ts without ms":      `{"ts":"2026-05-20T15:42:01Z","severity":"info","event":"training.metric","run_id":"r","data":{"metric":"m","value":1}}`,
		"missing required":   `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.metric","run_id":"r","data":{"value":1}}`,
	}
	check := func(doc string) error {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(doc)))
		if err != nil {
			t.Fatal(err)
		}
		return sch.Validate(inst)
	}
	if err := check(good); err != nil {
		t.Fatalf("a good record fails: %v", err)
	}
	for name, doc := range bad {
		if check(doc) == nil {
			t.Errorf("%s: the schema accepts %s", name, doc)
		}
	}
}
