package registryprocessor_test

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"

	"github.com/genolewm/obs/tools/registryprocessor"
)

func TestDefaultConfig(t *testing.T) {
	cfg := registryprocessor.NewFactory().CreateDefaultConfig().(*registryprocessor.Config)
	if err := componenttest.CheckConfigStruct(cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil || cfg.Mode != "strict" || cfg.EventNameAttribute != "event.name" {
		t.Errorf("default %+v: %v", cfg, err)
	}
}

func TestConfigFromYAMLMap(t *testing.T) {
	cfg := registryprocessor.NewFactory().CreateDefaultConfig().(*registryprocessor.Config)
	cm := confmap.NewFromStringMap(map[string]any{"mode": "report", "report": map[string]any{"path": "/tmp/r.txt", "interval": "2s", "format": "json"}})
	if err := cm.Unmarshal(cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil || cfg.Report.Interval != 2*time.Second || cfg.Report.Format != "json" {
		t.Errorf("%+v: %v", cfg, err)
	}
	unknown := confmap.NewFromStringMap(map[string]any{"mode": "strict", "allow_all": true})
	if err := unknown.Unmarshal(registryprocessor.NewFactory().CreateDefaultConfig()); err == nil {
		t.Error("an unknown key was accepted")
	}
}

func TestConfigRefused(t *testing.T) {
	const secret = "ACGTACGTACGTACGTACGTACGT"
	cases := map[string]func(*registryprocessor.Config){
		"mode":          func(c *registryprocessor.Config) { c.Mode = secret },
		"one file":      func(c *registryprocessor.Config) { c.EventsFile = "/x/" + secret },
		"report path":   func(c *registryprocessor.Config) { c.Mode = "report" },
		"report format": func(c *registryprocessor.Config) { c.Mode, c.Report.Path, c.Report.Format = "report", "/tmp/r", secret },
		"interval": func(c *registryprocessor.Config) {
			c.Mode, c.Report.Path, c.Report.Interval = "report", "/tmp/r", time.Millisecond
		},
		"findings":         func(c *registryprocessor.Config) { c.Mode, c.Report.Path, c.Report.MaxFindings = "report", "/tmp/r", 0 },
		"report elsewhere": func(c *registryprocessor.Config) { c.Report.Path = "/tmp/" + secret },
		"name attribute":   func(c *registryprocessor.Config) { c.EventNameAttribute = strings.Repeat("a", 300) },
		"top attribute":    func(c *registryprocessor.Config) { c.EventNameAttribute = "genolewm.event" },
	}
	for name, mutate := range cases {
		cfg := registryprocessor.NewFactory().CreateDefaultConfig().(*registryprocessor.Config)
		mutate(cfg)
		err := cfg.Validate()
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("%s: the error repeats the value: %v", name, err)
		}
	}
}
