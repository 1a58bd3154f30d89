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

	"github.com/genolewm/obs/internal/dna"
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
	// WriteTimeout bounds every wait of the observability layer: a full
	// log queue, a warn or error record waiting to be written, Close, and
	// each metrics file write (GENO_LEWM_WRITE_TIMEOUT_S,
	// -write-timeout-s; default 2 s). Past it, records are dropped,
	// counted and reported once.
	WriteTimeout time.Duration
	// MetricsDir is the folder of metrics.prom (GENO_LEWM_METRICS_DIR,
	// -metrics-dir); empty means LogDir. A folder of its own lets a
	// node_exporter running as another user read the file: the log dir
	// is owner-only.
	MetricsDir string
	// MaxListLen, MaxMapSize and MaxRecordBytes cap a list value, a map
	// value and a whole record (GENO_LEWM_MAX_LIST_LEN, -max-list-len,
	// 1024; GENO_LEWM_MAX_MAP_SIZE, -max-map-size, 256;
	// GENO_LEWM_MAX_RECORD_BYTES, -max-record-bytes, 1 MiB). A longer list
	// or map is dropped (rule size; strict: the record is refused); a
	// longer record is refused whole.
	MaxListLen, MaxMapSize, MaxRecordBytes int
	// Rank places the process in a multi-process run (GENO_LEWM_RANK,
	// GENO_LEWM_WORLD_SIZE, ... and the flags -rank, -world-size,
	// -local-rank, -local-world-size; else torchrun's RANK, WORLD_SIZE,
	// LOCAL_RANK, LOCAL_WORLD_SIZE; else SLURM's SLURM_PROCID,
	// SLURM_NTASKS, SLURM_LOCALID, SLURM_NTASKS_PER_NODE). The zero value
	// is a single-process run.
	Rank Rank
	// LogPerRank gives each rank of a multi-process run a log file of its
	// own, {run_id}.rank-N.jsonl, instead of the shared {run_id}.jsonl
	// (GENO_LEWM_LOG_PER_RANK, -log-per-rank).
	LogPerRank bool
	// WandB is the W&B sink's configuration (wandb_config.go): off unless
	// -wandb-project, or GENO_LEWM_WANDB=1 with WANDB_PROJECT, is given.
	WandB WandBConfig
}

// metricsDir is the folder metrics.prom goes to.
func (c *Config) metricsDir() string {
	if c.MetricsDir != "" {
		return c.MetricsDir
	}
	return c.LogDir
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
	EnvWriteTimeout    = "GENO_LEWM_WRITE_TIMEOUT_S"
	EnvMetricsDir      = "GENO_LEWM_METRICS_DIR"
	EnvMaxListLen      = "GENO_LEWM_MAX_LIST_LEN"
	EnvMaxMapSize      = "GENO_LEWM_MAX_MAP_SIZE"
	EnvMaxRecordBytes  = "GENO_LEWM_MAX_RECORD_BYTES"
	EnvLogPerRank      = "GENO_LEWM_LOG_PER_RANK"
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
		WriteTimeout:    2 * time.Second,
		MaxListLen:      1024,
		MaxMapSize:      256,
		MaxRecordBytes:  1 << 20,
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

var settings = append(baseSettings, func() []setting {
	s := make([]setting, len(rankSettings))
	for i := range rankSettings {
		s[i] = rankSettings[i].setting
	}
	return s
}()...)

var baseSettings = []setting{
	{EnvLogDir, "log-dir", "local log root", func(c *Config, v string) error {
		if err := checkDir(v); err != nil {
			return err
		}
		c.LogDir = v
		return nil
	}, func(c *Config) string { return c.LogDir }},
	{EnvMetricsDir, "metrics-dir", "folder of metrics.prom, for a node_exporter running as another user (default: the log dir)", func(c *Config, v string) error {
		if err := checkDir(v); err != nil {
			return err
		}
		c.MetricsDir = v
		return nil
	}, func(c *Config) string { return c.MetricsDir }},
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
	boolSetting(EnvStrict, "redaction-strict", "1 to fail closed on a disallowed payload (recommended), 0 to drop and count", func(c *Config) *bool { return &c.Strict }),
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
	{EnvWriteTimeout, "write-timeout-s", "longest wait, in seconds, for a stalled log file or metrics file before records are dropped and counted", func(c *Config, v string) error {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || !(n >= 0.01 && n <= 3600) {
			return errors.New("is not a number of seconds in [0.01, 3600]")
		}
		c.WriteTimeout = time.Duration(n * float64(time.Second))
		return nil
	}, func(c *Config) string { return strconv.FormatFloat(c.WriteTimeout.Seconds(), 'g', -1, 64) }},
	intSetting(EnvMaxListLen, "max-list-len", "longest list value written; a longer one is dropped (rule size)", 1, 1<<20, func(c *Config) *int { return &c.MaxListLen }),
	intSetting(EnvMaxMapSize, "max-map-size", "largest map value written; a larger one is dropped (rule size)", 1, 1<<16, func(c *Config) *int { return &c.MaxMapSize }),
	intSetting(EnvMaxRecordBytes, "max-record-bytes", "longest record in bytes; a longer one is refused whole", 4096, 64<<20, func(c *Config) *int { return &c.MaxRecordBytes }),
	boolSetting(EnvLogPerRank, "log-per-rank", "1 to give each rank of a multi-process run its own log file", func(c *Config) *bool { return &c.LogPerRank }),
	{EnvOTLPEndpoint, "", "", func(c *Config, v string) error {
		c.OTLPEndpoint = v
		return nil
	}, func(c *Config) string { return c.OTLPEndpoint }},
}

// boolSetting is a switch: 1 or true, 0 or false.
func boolSetting(env, name, usage string, field func(*Config) *bool) setting {
	return setting{env, name, usage, func(c *Config, v string) error {
		switch strings.ToLower(v) {
		case "1", "true":
			*field(c) = true
		case "0", "false":
			*field(c) = false
		default:
			return errors.New("is not 1 or 0")
		}
		return nil
	}, func(c *Config) string {
		if *field(c) {
			return "1"
		}
		return "0"
	}}
}

// intSetting is a whole-number setting in [lo, hi].
func intSetting(env, name, usage string, lo, hi int, field func(*Config) *int) setting {
	rule := fmt.Sprintf("is not a whole number in [%d, %d]", lo, hi)
	return setting{env, name, usage, func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return errors.New(rule)
		}
		*field(c) = n
		return nil
	}, func(c *Config) string { return strconv.Itoa(*field(c)) }}
}

// checkDir is the rule for a folder the runtime may create: not empty,
// and no DNA run anywhere in the path (the runtime never creates a file
// or folder whose name holds one).
func checkDir(v string) error {
	if v == "" {
		return errors.New("is empty; give a directory path")
	}
	if dna.Has(v) {
		return errors.New("holds a DNA sequence; choose a directory path without one")
	}
	return nil
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
	if err := c.Rank.Check(); err != nil {
		return c, errors.New("observe: " + err.Error())
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
	fromLaunchers(&c, getenv, bad)
	c.readWandBEnv(getenv)
	return c, bad
}

// ConfigFlags binds the configuration's flags to a flag set.
type ConfigFlags struct {
	cfg *Config
	// bad holds the first invalid value's error by flag, in the order
	// given. The flag package would quote the value in its own message
	// ("invalid value ... for flag"), so the flags' Set never fails:
	// Config reports the error instead, naming the flag only.
	bad []error
}

// RegisterFlags registers the configuration's flags (-log-dir,
// -log-level, -log-format, -metrics-interval-s, -redaction-strict,
// -run-id, -log-every, -write-timeout-s, -metrics-dir, -max-list-len,
// -max-map-size, -max-record-bytes, -log-per-rank, -rank, -world-size,
// -local-rank, -local-world-size) on fs, with c's current values
// (defaults overridden by the environment) as their defaults. After
// fs.Parse, call Config to get the result.
func RegisterFlags(fs *flag.FlagSet, c Config) *ConfigFlags {
	f := &ConfigFlags{cfg: &c}
	for _, s := range settings {
		if s.flag == "" {
			continue
		}
		s := s
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %s)", s.usage, s.env, s.get(&c)), func(v string) error {
			if err := s.set(f.cfg, v); err != nil {
				f.bad = append(f.bad, fmt.Errorf("observe: flag -%s %v", s.flag, err))
			}
			return nil
		})
	}
	return f
}

// Config returns the configuration with the parsed flags applied, or the
// error of the first flag given an invalid value (naming the flag and its
// rule, never the value).
func (f *ConfigFlags) Config() (Config, error) {
	if len(f.bad) > 0 {
		return *f.cfg, f.bad[0]
	}
	if err := f.cfg.Rank.Check(); err != nil {
		return *f.cfg, errors.New("observe: " + err.Error())
	}
	return *f.cfg, nil
}

// LoadConfig is ConfigFromEnv, RegisterFlags and fs.Parse(args) in one call. An
// invalid environment variable is an error unless its flag is given: the
// flag overrides it, as it would a valid one.
//
// No error, returned or printed, repeats what was rejected: the flag
// package's own messages quote the argument ("invalid value ... for
// flag", "flag provided but not defined: -..."), so fs is parsed with
// its output held back, and a failure is reported by flag name or
// argument position, with the rule and how to fix it. fs keeps its error
// handling: with flag.ExitOnError the sanitized message and the usage are
// printed and the process exits with status 2 (0 for -h), as flag would.
// The resolved log dir and run id also become the crash wrapper's
// target (see Main), flags included.
func LoadConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	c, bad := fromEnv(getenv)
	f := RegisterFlags(fs, c)
	if err := parseQuietly(fs, args); err != nil {
		return c, err
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, s := range settings {
		if err, ok := bad[s.env]; ok && !given[s.flag] {
			return c, err
		}
	}
	cfg, err := f.Config()
	if err != nil {
		return c, failAs(fs, err) // an invalid flag value: as flag would handle it
	}
	bindCrashConfig(cfg)
	return cfg, nil
}
