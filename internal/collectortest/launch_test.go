package collectortest

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A collector that exits at start is reported at once with its own words,
// not after the readiness timeout; a taken port is reported in the words
// Start retries on.
func TestLaunchReportsAnEarlyExit(t *testing.T) {
	bin := Binary(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	free, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{ReadyTimeout: time.Minute}.withDefaults()
	for name, tc := range map[string]struct{ addr, want string }{
		"taken port":   {taken.Addr().String(), "address already in use"},
		"bad exporter": {free, "no_such_exporter"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.jsonl")
			config, err := writeConfig(dir, tc.addr, out, time.Second, nil)
			if err != nil {
				t.Fatal(err)
			}
			if name == "bad exporter" {
				text, err := os.ReadFile(config)
				if err != nil {
					t.Fatal(err)
				}
				text = []byte(strings.ReplaceAll(string(text), "exporters:\n    file:", "exporters:\n    no_such_exporter:"))
				if err := os.WriteFile(config, text, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			c, err := launch(t, bin, config, tc.addr, out, nil, opts)
			if err == nil {
				t.Fatalf("collector on %s came up", c.Addr)
			}
			if !strings.Contains(err.Error(), "exited before") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want an early exit saying %q", err, tc.want)
			}
			if waited := time.Since(start); waited >= opts.ReadyTimeout {
				t.Errorf("reported after %v, the whole readiness timeout", waited)
			}
		})
	}
}
