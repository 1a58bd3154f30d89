package observe

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the resolved configuration.
type Config struct {
	// LogDir is the local log root (GENO_LEWM_LOG_DIR, -log-dir).
	LogDir string
	// Level is the global threshold (GENO_LEWM_LOG_LEVEL, -log-level).
	Level Severity
	// Format is jsonl, or pretty for an extra stderr rendering
	// (GENO_LEWM_LOG_FORMAT, -log-format). The file sink is always on.
	Format string
	// OTLPEndpoint enables tracing and OTLP export when set
	// (OTEL_EXPORTER_OTLP_ENDPOINT); telemetry is off by default.
	OTLPEndpoint string
	// MetricsInterval is the metrics flush interval
	// (GENO_LEWM_METRICS_INTERVAL_S, -metrics-interval-s).
	MetricsInterval time.Duration
	// Strict makes redaction fail closed (GENO_LEWM_REDACTION_STRICT, -redaction-strict).
	Strict bool
	// RunID names the run (GENO_LEWM_RUN_ID, -run-id); random by default.
	RunID string
	// LogEvery samples training.step (GENO_LEWM_LOG_EVERY, -log-every).
	LogEvery int64
}

// Environment variable names.
const (
	EnvLogDir          = "GENO_LEWM_LOG_DIR"
	EnvLogLevel        = "GENO_LEWM_LOG_LEVEL"
	EnvLogFormat       = "GENO_LEWM_LOG_FORMAT"
	EnvOTLPEndpoint    = "OTEL_EXPORTER_OTLP_ENDPOINT"
	EnvMetricsInterval = "GENO_LEWM_METRICS_INTERVAL_S"
	EnvStrict          = "GENO_LEWM_REDACTION_STRICT"
	EnvRunID           = "GENO_LEWM_RUN_ID"
	EnvLogEvery        = "GENO_LEWM_LOG_EVERY"
)

// DefaultConfig returns the spec's defaults. The run id is random, in the
// spec's style: run-2026-05-20-1a2b3c4d.
func DefaultConfig() Config {
	dir := "~/.geno-lewm/logs"
	if home, err := os.UserHomeDir(); err == nil {
		dir = filepath.Join(home, ".geno-lewm", "logs")
	}
	return Config{
		LogDir:          dir,
		Level:           Info,
		Format:          "jsonl",
		MetricsInterval: 30 * time.Second,
		Strict:          true,
		RunID:           NewRunID(time.Now()),
		LogEvery:        100,
	}
}

// NewRunID returns a fresh random run id for a run started at t.
func NewRunID(t time.Time) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return "run-" + t.UTC().Format("2006-01-02") + "-" + hex.EncodeToString(b[:])
}

// setting is one configurable value: its env var, flag, and parser.
type setting struct {
	env, flag, usage string
	set              func(c *Config, v string) error
	get              func(c *Config) string
}

var settings = []setting{
	{EnvLogDir, "log-dir", "local log root", func(c *Config, v string) error {
		if v == "" {
			return errors.New("is empty; give a directory path")
		}
		c.LogDir = v
		return nil
	}, func(c *Config) string { return c.LogDir }},
	{EnvLogLevel, "log-level", "global log severity threshold: debug, info, warn or error", func(c *Config, v string) error {
		s, ok := ParseSeverity(strings.ToLower(v))
		if !ok {
			return errors.New("is not one of debug, info, warn, error")
		}
		c.Level = s
		return nil
	}, func(c *Config) string { return c.Level.String() }},
	{EnvLogFormat, "log-format", "jsonl, or pretty to also render records on stderr", func(c *Config, v string) error {
		if v != "jsonl" && v != "pretty" {
			return errors.New("is not jsonl or pretty")
		}
		c.Format = v
		return nil
	}, func(c *Config) string { return c.Format }},
	{EnvMetricsInterval, "metrics-interval-s", "metrics flush interval in seconds", func(c *Config, v string) error {
		n, err := strconv.ParseFloat(v, 64)
		// NaN fails every comparison, so test for the range, not against it.
		if err != nil || !(n >= 0.1 && n <= 86400) {
			return errors.New("is not a number of seconds in [0.1, 86400]")
		}
		c.MetricsInterval = time.Duration(n * float64(time.Second))
		return nil
	}, func(c *Config) string { return strconv.FormatFloat(c.MetricsInterval.Seconds(), 'g', -1, 64) }},
	{EnvStrict, "redaction-strict", "1 to fail closed on a disallowed payload (recommended), 0 to drop and count", func(c *Config, v string) error {
		switch strings.ToLower(v) {
		case "1", "true":
			c.Strict = true
		case "0", "false":
			c.Strict = false
		default:
			return errors.New("is not 1 or 0")
		}
		return nil
	}, func(c *Config) string {
		if c.Strict {
			return "1"
		}
		return "0"
	}},
	{EnvRunID, "run-id", "run id written in every record and naming the log file", func(c *Config, v string) error {
		if err := checkRunID(v); err != nil {
			return err
		}
		c.RunID = v
		return nil
	}, func(c *Config) string { return c.RunID }},
	{EnvLogEvery, "log-every", "keep one training.step record every N steps", func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return errors.New("is not a whole number >= 1")
		}
		c.LogEvery = n
		return nil
	}, func(c *Config) string { return strconv.FormatInt(c.LogEvery, 10) }},
	{EnvOTLPEndpoint, "", "", func(c *Config, v string) error {
		c.OTLPEndpoint = v
		return nil
	}, func(c *Config) string { return c.OTLPEndpoint }},
}

// ConfigFromEnv applies the environment (read through getenv, os.Getenv when
// nil) over the defaults. The first invalid variable is an error.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c, bad := fromEnv(getenv)
	for _, s := range settings {
		if err, ok := bad[s.env]; ok {
			return c, err
		}
	}
	return c, nil
}

// fromEnv applies every valid variable and returns the invalid ones'
// errors by variable, so that Load can forgive one a flag overrides.
func fromEnv(getenv func(string) string) (Config, map[string]error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := DefaultConfig()
	bad := map[string]error{}
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.set(&c, v); err != nil {
				bad[s.env] = fmt.Errorf("observe: environment variable %s %v", s.env, err)
			}
		}
	}
	return c, bad
}

// ConfigFlags binds the configuration's flags to a flag set.
type ConfigFlags struct {
	cfg *Config
}

// RegisterFlags registers -log-dir, -log-level, -log-format,
// -metrics-interval-s, -redaction-strict, -run-id and -log-every on fs,
// with c's current values (defaults overridden by the environment) as
// their defaults. After fs.Parse, call Config to get the result.
func RegisterFlags(fs *flag.FlagSet, c Config) *ConfigFlags {
	f := &ConfigFlags{cfg: &c}
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		s := s
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %s)", s.usage, s.env, s.get(&c)), func(v string) error {
			return s.set(f.cfg, v)
		})
	}
	return f
}

// Config returns the configuration with the parsed flags applied.
func (f *ConfigFlags) Config() Config { return *f.cfg }

// LoadConfig is ConfigFromEnv, RegisterFlags and fs.Parse(args) in one call. An
// invalid environment variable is an error unless its flag is given: the
// flag overrides it, as it would a valid one.
func LoadConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	c, bad := fromEnv(getenv)
	f := RegisterFlags(fs, c)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, s := range settings {
		if err, ok := bad[s.env]; ok && !given[s.flag] {
			return c, err
		}
	}
	return f.Config(), nil
}
