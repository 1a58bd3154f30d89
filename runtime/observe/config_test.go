package observe

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := ConfigFromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(c.LogDir, ".geno-lewm/logs") || c.Level != Info || c.Format != "jsonl" ||
		c.MetricsInterval != 30*time.Second || !c.Strict || c.OTLPEndpoint != "" || c.LogEvery != 100 {
		t.Errorf("defaults: %+v", c)
	}
	if checkRunID(c.RunID) != nil || !strings.HasPrefix(c.RunID, "run-") {
		t.Errorf("generated run id %q", c.RunID)
	}
}

func TestPrecedence(t *testing.T) {
	e := env(map[string]string{EnvLogLevel: "warn", EnvLogDir: "/from/env", EnvStrict: "0", EnvMetricsInterval: "5"})
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, err := LoadConfig(fs, []string{"-log-level", "debug", "-run-id", "run-x"}, e)
	if err != nil {
		t.Fatal(err)
	}
	if c.Level != Debug { // flag over env
		t.Errorf("level %v, want the flag's debug", c.Level)
	}
	if c.LogDir != "/from/env" || c.Strict || c.MetricsInterval != 5*time.Second { // env over default
		t.Errorf("env not applied: %+v", c)
	}
	if c.RunID != "run-x" {
		t.Errorf("run id %q", c.RunID)
	}
}

func TestInvalidValuesAreErrors(t *testing.T) {
	for k, v := range map[string]string{
		EnvLogLevel: "verbose", EnvLogFormat: "xml", EnvMetricsInterval: "NaN", EnvStrict: "yes",
		EnvRunID: "../etc", EnvLogEvery: "-3",
	} {
		_, err := ConfigFromEnv(env(map[string]string{k: v}))
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err = %v, want an error naming the variable", k, v, err)
		}
	}
	for _, v := range []string{"0", "1e-10", "0.000001", "Inf", "-5"} {
		if _, err := ConfigFromEnv(env(map[string]string{EnvMetricsInterval: v})); err == nil {
			t.Errorf("%s=%s accepted", EnvMetricsInterval, v)
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := LoadConfig(fs, []string{"-log-format", "yaml"}, env(nil)); err == nil || !strings.Contains(err.Error(), "log-format") {
		t.Errorf("bad flag: %v", err)
	}
	if _, err := ConfigFromEnv(env(map[string]string{EnvRunID: "run-" + strings.Repeat("ACGT", 6)})); err == nil {
		t.Error("a run id holding bases was accepted")
	}
}

// TestFlagOverridesInvalidEnv: a flag overrides its variable even when the
// variable is invalid; an invalid variable without its flag still fails.
func TestFlagOverridesInvalidEnv(t *testing.T) {
	e := env(map[string]string{EnvLogLevel: "verbose"})
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, err := LoadConfig(fs, []string{"-log-level", "warn"}, e)
	if err != nil || c.Level != Warn {
		t.Errorf("flag over invalid env: %v, level %v", err, c.Level)
	}
	fs = flag.NewFlagSet("t", flag.ContinueOnError)
	if _, err := LoadConfig(fs, []string{"-log-dir", "/x"}, e); err == nil || !strings.Contains(err.Error(), EnvLogLevel) {
		t.Errorf("invalid env without its flag: %v", err)
	}
}
