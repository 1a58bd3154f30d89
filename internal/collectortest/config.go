package collectortest

import (
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

// writeConfig writes the configuration Start runs into dir: the OTLP/gRPC
// receiver on addr, one file exporter to out shared by the logs, traces and
// metrics pipelines (the shape of docs/collector/config.yaml), and no port
// of the collector's own. It returns the file's path.
func writeConfig(dir, addr, out string, flush time.Duration) (string, error) {
	pipeline := map[string]any{
		"receivers": []string{"otlp"},
		// Processors under test (issue 13) go between receiver and exporter.
		"exporters": []string{"file"},
	}
	config := map[string]any{
		"receivers": map[string]any{
			"otlp": map[string]any{"protocols": map[string]any{
				"grpc": map[string]any{"endpoint": addr},
			}},
		},
		"exporters": map[string]any{
			"file": map[string]any{
				"path":           out,
				"format":         "json",
				"flush_interval": flush.String(),
			},
		},
		"service": map[string]any{
			"pipelines": map[string]any{"logs": pipeline, "traces": pipeline, "metrics": pipeline},
			// Level none opens no Prometheus port, so parallel collectors
			// never collide on localhost:8888.
			"telemetry": map[string]any{"metrics": map[string]any{"level": "none"}},
		},
	}
	text, err := yaml.Marshal(config)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "config.yaml")
	return path, os.WriteFile(path, text, 0o600)
}
