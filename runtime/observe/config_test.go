package observe

import (
	"flag"
	"io"
	"os"
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

// secretArg is what a rejected value could be: bases and a name.
const secretArg = "ACGTACGTACGTACGTACGTACGT-patient42"

func TestNewSettings(t *testing.T) {
	e := env(map[string]string{EnvWriteTimeout: "0.5", EnvMetricsDir: "/m", EnvMaxListLen: "10", EnvMaxMapSize: "5", EnvMaxRecordBytes: "8192"})
	c, err := LoadConfig(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-max-list-len=20", "-write-timeout-s", "3"}, e)
	if err != nil {
		t.Fatal(err)
	}
	if c.WriteTimeout != 3*time.Second || c.MetricsDir != "/m" || c.MaxListLen != 20 || c.MaxMapSize != 5 || c.MaxRecordBytes != 8192 {
		t.Errorf("config %+v", c)
	}
	d := DefaultConfig()
	if d.WriteTimeout != 2*time.Second || d.MetricsDir != "" || d.MaxListLen != 1024 || d.MaxMapSize != 256 || d.MaxRecordBytes != 1<<20 {
		t.Errorf("defaults %+v", d)
	}
	if d.metricsDir() != d.LogDir {
		t.Errorf("the metrics dir does not default to the log dir")
	}
	for k, v := range map[string]string{EnvWriteTimeout: "0", EnvMaxListLen: "0", EnvMaxMapSize: "1e9", EnvMaxRecordBytes: "10", EnvMetricsDir: "/x/" + secretArg} {
		if _, err := ConfigFromEnv(env(map[string]string{k: v})); err == nil {
			t.Errorf("%s=%s accepted", k, v)
		}
	}
}

// TestErrorsNeverRepeatValues: every rejected value, from the
// environment, a flag or an argument, gives an error that names where it
// came from and the rule, and prints nothing that repeats it.
func TestErrorsNeverRepeatValues(t *testing.T) {
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		_, envErr := ConfigFromEnv(env(map[string]string{s.env: secretArg}))
		var out strings.Builder
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(&out)
		_, flagErr := LoadConfig(fs, []string{"-" + s.flag, secretArg}, env(nil))
		for what, err := range map[string]error{"env " + s.env: envErr, "flag -" + s.flag: flagErr} {
			if s.flag == "log-dir" && what == "env "+s.env && err == nil {
				t.Errorf("%s: a directory holding DNA was accepted", what)
				continue
			}
			if err == nil {
				if s.flag == "log-dir" || s.flag == "metrics-dir" {
					t.Errorf("%s: a directory holding DNA was accepted", what)
				}
				continue // a value some settings accept (none here but the dirs)
			}
			msg := err.Error()
			if strings.Contains(msg, "ACGT") || strings.Contains(msg, "patient") {
				t.Errorf("%s: the error repeats the value: %s", what, msg)
			}
			if !strings.Contains(msg, strings.TrimPrefix(what, "env ")) && !strings.Contains(msg, strings.TrimPrefix(what, "flag ")) {
				t.Errorf("%s: the error does not name it: %s", what, msg)
			}
		}
		if strings.Contains(out.String(), "patient") {
			t.Errorf("flag -%s: the flag set printed the value:\n%s", s.flag, out.String())
		}
	}
	// Arguments the flag package rejects itself.
	for _, args := range [][]string{{"-" + secretArg + "=1"}, {"--" + secretArg}, {"-log-dir"}, {"---" + secretArg}} {
		var out strings.Builder
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(&out)
		_, err := LoadConfig(fs, args, env(nil))
		if err == nil || strings.Contains(err.Error(), "patient") || strings.Contains(out.String(), "patient") {
			t.Errorf("%q: err %v, printed %q", args, err, out.String())
		}
		if err != nil && !strings.Contains(err.Error(), "argument 1") && !strings.Contains(err.Error(), "flag -log-dir") {
			t.Errorf("%q: %v names neither the argument nor the flag", args, err)
		}
	}
	// A run id with DNA handed to Start directly, and names the logger
	// refuses.
	cfg := DefaultConfig()
	cfg.LogDir, cfg.RunID = t.TempDir(), "run-"+secretArg
	if _, err := Start(t.Context(), coreRegistry(), cfg, Options{}); err == nil || strings.Contains(err.Error(), "ACGT") {
		t.Errorf("Start with a DNA run id: %v", err)
	}
	l, err := NewLogger(coreRegistry(), LoggerOptions{RunID: "run-ok"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Emit(t.Context(), "app."+secretArg, nil); err != ErrUnregisteredEvent || strings.Contains(err.Error(), "patient") {
		t.Errorf("unregistered event: %v", err)
	}
	if err := l.EmitError(t.Context(), "error", "IOError."+secretArg, nil); err != ErrUnregisteredCode || strings.Contains(err.Error(), "patient") {
		t.Errorf("unregistered code: %v", err)
	}
}

// TestNoFolderNamedByDNA: a log dir holding a DNA run is refused before
// anything is created.
func TestNoFolderNamedByDNA(t *testing.T) {
	root := t.TempDir()
	cfg := DefaultConfig()
	cfg.LogDir = root + "/ACGTACGTACGTACGTACGTAC/logs"
	if _, err := Start(t.Context(), coreRegistry(), cfg, Options{}); err == nil || strings.Contains(err.Error(), "ACGT") {
		t.Errorf("Start: %v", err)
	}
	cfg.LogDir, cfg.MetricsDir = root, root+"/ACGTACGTACGTACGTACGTAC"
	if _, err := Start(t.Context(), coreRegistry(), cfg, Options{}); err == nil {
		t.Errorf("a metrics dir holding DNA was accepted")
	}
	if ents, _ := os.ReadDir(root); len(ents) != 0 {
		t.Errorf("%d entries created", len(ents))
	}
}
