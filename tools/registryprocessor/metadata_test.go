package registryprocessor_test

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/genolewm/obs/tools/registryprocessor"
	"github.com/genolewm/obs/tools/registryprocessor/internal/metadata"
)

// internal/metadata is what metadata.yaml says.
func TestMetadata(t *testing.T) {
	text, err := os.ReadFile("metadata.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var md struct {
		Type   string `yaml:"type"`
		Status struct {
			Stability map[string][]string `yaml:"stability"`
		} `yaml:"status"`
		Telemetry struct {
			Metrics map[string]any `yaml:"metrics"`
		} `yaml:"telemetry"`
	}
	if err := yaml.Unmarshal(text, &md); err != nil {
		t.Fatal(err)
	}
	f := registryprocessor.NewFactory()
	if md.Type != metadata.Type.String() || f.Type() != metadata.Type {
		t.Errorf("type %q, metadata.Type %q", md.Type, metadata.Type)
	}
	if s := md.Status.Stability["alpha"]; len(s) != 3 || f.LogsStability().String() != "Alpha" || f.TracesStability().String() != "Alpha" || f.MetricsStability().String() != "Alpha" {
		t.Errorf("stability %v", md.Status.Stability)
	}
	for _, name := range []string{metadata.MetricKeysDropped, metadata.MetricItemsRefused} {
		if _, ok := md.Telemetry.Metrics[name[len("otelcol_"):]]; !ok {
			t.Errorf("%s is not in metadata.yaml", name)
		}
	}
	if len(md.Telemetry.Metrics) != 2 {
		t.Errorf("metadata.yaml lists %d metrics", len(md.Telemetry.Metrics))
	}
}
