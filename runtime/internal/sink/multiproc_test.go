package sink_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

// TestMain lets the test binary be one of the processes appending to a
// shared file.
func TestMain(m *testing.M) {
	if dir := os.Getenv("SINK_TEST_CHILD_DIR"); dir != "" {
		os.Exit(appendChild(dir, os.Getenv("SINK_TEST_CHILD_ID")))
	}
	os.Exit(m.Run())
}

const perChild = 3000

// appendChild logs perChild records of about 600 bytes: the writer's
// batches are then far larger than PIPE_BUF (4096).
func appendChild(dir, id string) int {
	f, err := sink.OpenRunFile(dir, "run-shared", sink.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-shared", Level: observe.Debug, Strict: true, Sinks: []observe.Sink{f}})
	if err != nil {
		return 1
	}
	pad := strings.Repeat("x", 500)
	for i := 0; i < perChild; i++ {
		if err := (events.DataShardWrite{ShardID: id + "-" + pad, Records: int64(i)}).Log(context.Background(), l); err != nil {
			return 1
		}
	}
	if err := l.Close(); err != nil {
		return 1
	}
	return 0
}

// TestProcessesShareOneFile: four processes append batches to one file at
// once; every line is one whole record, and none is lost or doubled.
func TestProcessesShareOneFile(t *testing.T) {
	dir := t.TempDir()
	const children = 4
	cmds := make([]*exec.Cmd, children)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), "SINK_TEST_CHILD_DIR="+dir, "SINK_TEST_CHILD_ID=p"+strconv.Itoa(i))
		cmds[i].Stderr = os.Stderr
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for n, line := range lines(t, dir+"/run-shared.jsonl") {
		var rec struct {
			Data struct {
				ShardID string `json:"shard_id"`
				Records int64
			}
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not one record: %v: %.80q", n+1, err, line)
		}
		key := rec.Data.ShardID[:2] + "/" + strconv.FormatInt(rec.Data.Records, 10)
		seen[key]++
	}
	if len(seen) != children*perChild {
		t.Errorf("%d distinct records, want %d", len(seen), children*perChild)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("record %s written %d times", k, n)
		}
	}
}
