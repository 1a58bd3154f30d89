package collectortest_test

import (
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/testenv"
)

// exampleAddr is where docs/collector/config.yaml promises other teams
// its OTLP/gRPC receiver.
const exampleAddr = "127.0.0.1:4317"

// exampleConfig is the path of docs/collector/config.yaml.
func exampleConfig(t *testing.T) string {
	t.Helper()
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "docs", "collector", "config.yaml")
}

// validate runs `genolewm-otelcol validate` on the example with env as the
// whole environment.
func validate(t *testing.T, env ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, collectortest.Binary(t), "validate", "--config", exampleConfig(t))
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestExampleConfigValidates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if text, err := validate(t, "GENOLEWM_COLLECTOR_OUT="+out); err != nil {
		t.Fatalf("validate with GENOLEWM_COLLECTOR_OUT set: %v\n%s", err, text)
	}
	// The output path comes from the variable alone: unset, the file
	// exporter has no path and the configuration is refused.
	text, err := validate(t)
	if err == nil || !strings.Contains(text, "path must be non-empty") {
		t.Errorf("validate without GENOLEWM_COLLECTOR_OUT: err %v, want a refused empty path:\n%s", err, text)
	}
}

// The example runs as documented: it listens on 127.0.0.1:4317 and nothing
// else, a registered record sent there lands in $GENOLEWM_COLLECTOR_OUT,
// and an unregistered one does not (the registry processor, strict).
func TestExampleConfigRuns(t *testing.T) {
	probe, err := net.Listen("tcp", exampleAddr)
	if err != nil {
		testenv.NeedTool(t, "the example configuration needs "+exampleAddr+", which is taken: "+err.Error())
	}
	if err := probe.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.jsonl")
	c := collectortest.StartConfig(t, exampleConfig(t), exampleAddr, out, []string{"GENOLEWM_COLLECTOR_OUT=" + out}, collectortest.Options{})
	if got, err := c.ListeningAddrs(); err != nil || !reflect.DeepEqual(got, []string{exampleAddr}) {
		t.Errorf("listening on %v (%v), want only %s", got, err, exampleAddr)
	}
	sendEvent(t, c, "collector.example", "an event the registry does not hold")
	sendEvent(t, c, "training.epoch.end", "through the example configuration")
	// The example flushes once a second: the record shows up while the
	// collector still runs.
	c.WaitOutput(t, exportTimeout, func(o collectortest.Output) bool { return len(o.LogRecords()) >= 1 })
	c.Stop()
	got := c.Output(t).LogRecords()
	if len(got) != 1 || got[0].EventName != "training.epoch.end" || got[0].Body != "through the example configuration" {
		t.Errorf("log records in %s: %#v", out, got)
	}
}
