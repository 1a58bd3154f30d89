package observe

import (
	"errors"
	"strconv"
)

// Rank is this process's place in a multi-process run: one of the
// processes that torchrun or SLURM starts per node, on one or more nodes.
// The zero value, or a WorldSize of 1, is a single-process run, whose
// records and files look as they would without ranks.
type Rank struct {
	// Rank is the global rank, in [0, WorldSize).
	Rank int
	// WorldSize is the number of processes of the run; 0 or 1 means one.
	WorldSize int
	// LocalRank is the rank on this node, in [0, LocalWorldSize); it is
	// known, and written, only when LocalWorldSize is set.
	LocalRank int
	// LocalWorldSize is the number of processes on this node; 0 means
	// unknown.
	LocalWorldSize int
}

// MaxWorldSize bounds the world size: far above any training run, small
// enough that a rank always fits a label value and a file name.
const MaxWorldSize = 1 << 20

// Multi reports whether the run has more than one process: only then do
// records carry the rank and does each rank write a metrics file of its own.
func (r Rank) Multi() bool { return r.WorldSize > 1 }

// Check reports whether r is consistent. Its errors name the settings to
// fix, never the values.
func (r Rank) Check() error {
	switch {
	case r.WorldSize < 0 || r.WorldSize > MaxWorldSize:
		return errors.New("world size is not in [1, " + strconv.Itoa(MaxWorldSize) + "]; check WORLD_SIZE, SLURM_NTASKS, " + EnvWorldSize + " or -world-size")
	case r.Rank < 0 || r.LocalRank < 0 || r.LocalWorldSize < 0:
		return errors.New("a rank or the local world size is negative; check the launcher's variables")
	case r.WorldSize == 0 && (r.Rank != 0 || r.LocalRank != 0 || r.LocalWorldSize != 0):
		return errors.New("a rank is given without a world size; set WORLD_SIZE (torchrun), SLURM_NTASKS (SLURM), " + EnvWorldSize + " or -world-size")
	case r.WorldSize > 0 && r.Rank >= r.WorldSize:
		return errors.New("the rank is not below the world size; check RANK, SLURM_PROCID, " + EnvRank + " or -rank against the world size")
	case r.LocalWorldSize > r.WorldSize:
		return errors.New("the local world size is above the world size; check LOCAL_WORLD_SIZE, " + EnvLocalWorldSize + " or -local-world-size")
	case r.LocalWorldSize > 0 && r.LocalRank >= r.LocalWorldSize:
		return errors.New("the local rank is not below the local world size; check LOCAL_RANK, SLURM_LOCALID, " + EnvLocalRank + " or -local-rank")
	case r.LocalWorldSize == 0 && r.LocalRank != 0:
		return errors.New("a local rank is given without a local world size; set LOCAL_WORLD_SIZE, " + EnvLocalWorldSize + " or -local-world-size")
	}
	return nil
}

// The rank settings. Each is read from the first of its variables that
// is set: the GENO_LEWM_ override, then torchrun's, then SLURM's (under
// torchrun inside a SLURM allocation, SLURM's variables describe the
// launcher's task, not the worker). A flag overrides them all.
const (
	EnvRank           = "GENO_LEWM_RANK"
	EnvWorldSize      = "GENO_LEWM_WORLD_SIZE"
	EnvLocalRank      = "GENO_LEWM_LOCAL_RANK"
	EnvLocalWorldSize = "GENO_LEWM_LOCAL_WORLD_SIZE"
)

// rankSettings are appended to settings. SLURM_NTASKS_PER_NODE is read
// only in its plain form ("4"); its heterogeneous form ("4(x2),2") leaves
// the local world size unknown rather than guessed.
var rankSettings = []launcherSetting{
	rankSetting(EnvRank, "rank", "global rank of this process in a multi-process run", []string{"RANK", "SLURM_PROCID"}, 0,
		func(r *Rank) *int { return &r.Rank }),
	rankSetting(EnvWorldSize, "world-size", "number of processes of the run (1: a single-process run)", []string{"WORLD_SIZE", "SLURM_NTASKS"}, 1,
		func(r *Rank) *int { return &r.WorldSize }),
	rankSetting(EnvLocalRank, "local-rank", "rank of this process on its node", []string{"LOCAL_RANK", "SLURM_LOCALID"}, 0,
		func(r *Rank) *int { return &r.LocalRank }),
	rankSetting(EnvLocalWorldSize, "local-world-size", "number of processes on this node", []string{"LOCAL_WORLD_SIZE", "SLURM_NTASKS_PER_NODE"}, 1,
		func(r *Rank) *int { return &r.LocalWorldSize }),
}

// launcherSetting is a setting that falls back to a launcher's variables,
// in order, when its own variable is unset.
type launcherSetting struct {
	setting
	fallback []string
}

func rankSetting(env, name, usage string, fallback []string, lo int, field func(*Rank) *int) launcherSetting {
	rule := "is not a whole number in [" + strconv.Itoa(lo) + ", " + strconv.Itoa(MaxWorldSize) + "]"
	s := launcherSetting{setting: setting{env: env, flag: name, usage: usage}, fallback: fallback}
	s.set = func(c *Config, v string) error {
		n, ok := parseRankNumber(v)
		if !ok || n < lo {
			return errors.New(rule)
		}
		*field(&c.Rank) = n
		return nil
	}
	s.get = func(c *Config) string { return strconv.Itoa(*field(&c.Rank)) }
	return s
}

// parseRankNumber accepts plain decimal digits only: no sign, space or
// base prefix, which a launcher never writes.
func parseRankNumber(v string) (int, bool) {
	if v == "" || len(v) > 7 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= MaxWorldSize
}

// plainOnly marks fallbacks whose other forms mean "unknown", not "wrong".
var plainOnly = map[string]bool{"SLURM_NTASKS_PER_NODE": true}

// fromLaunchers applies, for each rank setting whose own variable is
// unset, the first launcher variable that is set, recording an invalid
// one's error under the setting's variable (so that its flag forgives it).
func fromLaunchers(c *Config, getenv func(string) string, bad map[string]error) {
	for _, s := range rankSettings {
		if getenv(s.env) != "" {
			continue
		}
		for _, name := range s.fallback {
			v := getenv(name)
			if v == "" {
				continue
			}
			if err := s.set(c, v); err != nil {
				if plainOnly[name] {
					break // another form of the variable: unknown
				}
				bad[s.env] = errors.New("observe: environment variable " + name + " " + err.Error() + "; fix the launcher's setting or override it with " + s.env + " or -" + s.flag)
			}
			break
		}
	}
}

// logStem is the log file's name without .jsonl: the run id, and with a
// file per rank the rank as well.
func logStem(runID string, r Rank, perRank bool) string {
	if perRank && r.Multi() {
		return runID + ".rank-" + strconv.Itoa(r.Rank)
	}
	return runID
}

// initialRank resolves the rank for crash records before any
// configuration is loaded, as LoadConfig would: the environment, then the
// flags. An inconsistent rank is dropped (a single-process record)
// rather than guessed.
func initialRank(args []string) (Rank, bool) {
	c, bad := fromEnv(nil)
	for _, s := range rankSettings {
		if v, ok := flagValue(args, s.flag); ok {
			if s.set(&c, v) != nil {
				return Rank{}, false
			}
			delete(bad, s.env)
		} else if bad[s.env] != nil {
			return Rank{}, false
		}
	}
	if v, ok := flagValue(args, "log-per-rank"); ok {
		c.LogPerRank = v == "1" || v == "true"
	}
	if c.Rank.Check() != nil {
		return Rank{}, false
	}
	return c.Rank, c.LogPerRank
}

// rankLabel is the value of the rank label on every series of a
// multi-process run's metrics file, "" for a single process.
func rankLabel(r Rank) string {
	if !r.Multi() {
		return ""
	}
	return strconv.Itoa(r.Rank)
}
