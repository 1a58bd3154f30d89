package collectortest

import (
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

// RegistryProcessor is the registry processor's type in a configuration.
const RegistryProcessor = "genolewm_registry"

// writeConfig writes the configuration Start runs into dir: the OTLP/gRPC
// receiver on addr, one file exporter to out shared by the logs, traces and
// metrics pipelines (the shape of docs/collector/config.yaml), and no port
// of the collector's own; with registry set, the registry processor in
// every pipeline. It returns the file's path.
func writeConfig(dir, addr, out string, flush time.Duration, registry map[string]any) (string, error) {
	pipeline := map[string]any{
		"receivers": []string{"otlp"},
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
	if registry != nil {
		pipeline["processors"] = []string{RegistryProcessor}
		config["processors"] = map[string]any{RegistryProcessor: registry}
	}
	text, err := yaml.Marshal(config)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "config.yaml")
	return path, os.WriteFile(path, text, 0o600)
}
