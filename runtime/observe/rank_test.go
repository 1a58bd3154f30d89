package observe_test

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// The rank comes from the flag, else GENO_LEWM_*, else torchrun's
// variables, else SLURM's, field by field.
func TestRankPrecedence(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want observe.Rank
	}{
		{"single process", nil, nil, observe.Rank{}},
		{"torchrun", map[string]string{"RANK": "5", "WORLD_SIZE": "8", "LOCAL_RANK": "1", "LOCAL_WORLD_SIZE": "4"}, nil,
			observe.Rank{Rank: 5, WorldSize: 8, LocalRank: 1, LocalWorldSize: 4}},
		{"slurm", map[string]string{"SLURM_PROCID": "3", "SLURM_NTASKS": "16", "SLURM_LOCALID": "3", "SLURM_NTASKS_PER_NODE": "8"}, nil,
			observe.Rank{Rank: 3, WorldSize: 16, LocalRank: 3, LocalWorldSize: 8}},
		// torchrun inside a SLURM allocation: SLURM's variables describe
		// the launcher's task, torchrun's the worker.
		{"torchrun over slurm", map[string]string{"RANK": "9", "WORLD_SIZE": "16", "SLURM_PROCID": "1", "SLURM_NTASKS": "2"}, nil,
			observe.Rank{Rank: 9, WorldSize: 16}},
		{"heterogeneous slurm tasks per node", map[string]string{"SLURM_PROCID": "3", "SLURM_NTASKS": "6", "SLURM_LOCALID": "0", "SLURM_NTASKS_PER_NODE": "4(x1),2"}, nil,
			observe.Rank{Rank: 3, WorldSize: 6}},
		{"override variable", map[string]string{"RANK": "5", "WORLD_SIZE": "8", observe.EnvRank: "6"}, nil,
			observe.Rank{Rank: 6, WorldSize: 8}},
		{"flag over all", map[string]string{"RANK": "5", "WORLD_SIZE": "8", observe.EnvRank: "6"}, []string{"-rank", "7"},
			observe.Rank{Rank: 7, WorldSize: 8}},
		{"flags alone", nil, []string{"-rank", "1", "-world-size", "2"}, observe.Rank{Rank: 1, WorldSize: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c, err := observe.LoadConfig(fs, tc.args, envOf(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.Rank != tc.want {
				t.Errorf("rank %+v, want %+v", c.Rank, tc.want)
			}
		})
	}
}

// Bad launcher values are errors that name the variable and how to fix
// it, never the value; a flag forgives a bad variable it overrides.
func TestRankErrors(t *testing.T) {
	const secret = "patient7ACGTACGTACGTACGTACGT"
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		names string // what the error must name
	}{
		{"bad RANK", map[string]string{"RANK": secret, "WORLD_SIZE": "4"}, nil, "RANK"},
		{"negative WORLD_SIZE", map[string]string{"RANK": "0", "WORLD_SIZE": "-4"}, nil, "WORLD_SIZE"},
		{"spaced SLURM_PROCID", map[string]string{"SLURM_PROCID": " 1", "SLURM_NTASKS": "4"}, nil, "SLURM_PROCID"},
		{"huge world size", map[string]string{"RANK": "0", "WORLD_SIZE": "99999999999"}, nil, "WORLD_SIZE"},
		{"zero world size", map[string]string{"RANK": "0", "WORLD_SIZE": "0"}, nil, "WORLD_SIZE"},
		{"rank without world size", map[string]string{"RANK": "3"}, nil, "WORLD_SIZE"},
		{"rank at world size", map[string]string{"RANK": "4", "WORLD_SIZE": "4"}, nil, "RANK"},
		{"local rank at local world size", map[string]string{"RANK": "1", "WORLD_SIZE": "4", "LOCAL_RANK": "2", "LOCAL_WORLD_SIZE": "2"}, nil, "LOCAL_RANK"},
		{"local world above world", map[string]string{"RANK": "1", "WORLD_SIZE": "2", "LOCAL_WORLD_SIZE": "4"}, nil, "LOCAL_WORLD_SIZE"},
		{"bad override", map[string]string{observe.EnvRank: secret}, nil, observe.EnvRank},
		{"bad flag", nil, []string{"-rank", secret}, "-rank"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(&out)
			_, err := observe.LoadConfig(fs, tc.args, envOf(tc.env))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.names) {
				t.Errorf("the error does not name %s: %v", tc.names, err)
			}
			for _, leak := range []string{"patient", "ACGT", "99999999999"} {
				if strings.Contains(err.Error(), leak) || strings.Contains(out.String(), leak) {
					t.Errorf("the error repeats the value: %v %s", err, out.String())
				}
			}
		})
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c, err := observe.LoadConfig(fs, []string{"-rank", "2"}, envOf(map[string]string{"RANK": secret, "WORLD_SIZE": "4"}))
	if err != nil || c.Rank.Rank != 2 {
		t.Errorf("a flag did not override a bad RANK: %v %+v", err, c.Rank)
	}
	// A Config built by hand is checked by Start and NewLogger as well.
	cfg := observe.DefaultConfig()
	cfg.LogDir = t.TempDir()
	cfg.Rank = observe.Rank{Rank: 8, WorldSize: 8}
	if _, err := observe.Start(t.Context(), events.Registry(), cfg, observe.Options{}); err == nil {
		t.Error("Start accepted a rank at the world size")
	}
	if entries, _ := os.ReadDir(cfg.LogDir); len(entries) != 0 {
		t.Errorf("Start refused the rank but left %d files", len(entries))
	}
	if _, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-x", Rank: observe.Rank{Rank: -1, WorldSize: 2}}); err == nil {
		t.Error("NewLogger accepted a negative rank")
	}
}

// A multi-process run's records carry rank, world_size and local_rank
// right after run_id; a single-process run's records carry none.
func TestRecordsCarryRank(t *testing.T) {
	for _, tc := range []struct {
		rank observe.Rank
		want string
	}{
		{observe.Rank{}, `"run_id":"run-x","data"`},
		{observe.Rank{Rank: 0, WorldSize: 1}, `"run_id":"run-x","data"`},
		{observe.Rank{Rank: 3, WorldSize: 8}, `"run_id":"run-x","rank":3,"world_size":8,"data"`},
		{observe.Rank{Rank: 3, WorldSize: 8, LocalRank: 1, LocalWorldSize: 2}, `"run_id":"run-x","rank":3,"world_size":8,"local_rank":1,"data"`},
	} {
		sink := &memSink{}
		l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-x", Sinks: []observe.Sink{sink}, Rank: tc.rank})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Emit(context.Background(), "training.metric", map[string]any{"metric": "loss", "value": 0.5}); err != nil {
			t.Fatal(err)
		}
		lines := sink.take()
		if len(lines) != 1 || !strings.Contains(string(lines[0]), tc.want) {
			t.Errorf("rank %+v: %s, want it to contain %s", tc.rank, lines, tc.want)
		}
		decode(t, lines[0])
	}
}

// With a file per rank, each rank appends to {run_id}.rank-N.jsonl; the
// metrics file is per rank whenever the run has more than one process.
func TestRankFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID, cfg.MetricsInterval = dir, "run-ranks", time.Hour
	cfg.Rank, cfg.LogPerRank = observe.Rank{Rank: 2, WorldSize: 4}, true
	s, err := observe.Start(t.Context(), events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s.LogPath != filepath.Join(dir, "run-ranks.rank-2.jsonl") || s.MetricsPath != filepath.Join(dir, "metrics.rank-2.prom") {
		t.Errorf("paths %s %s", s.LogPath, s.MetricsPath)
	}
	text, err := os.ReadFile(s.MetricsPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(text), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(line, `rank="2"`) {
			t.Errorf("series without its rank: %s", line)
		}
	}
	// A single process keeps the shared names, flag or not.
	cfg.Rank, cfg.LogDir = observe.Rank{}, t.TempDir()
	s, err = observe.Start(t.Context(), events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Close(t.Context())
	if filepath.Base(s.LogPath) != "run-ranks.jsonl" || filepath.Base(s.MetricsPath) != "metrics.prom" {
		t.Errorf("single-process paths %s %s", s.LogPath, s.MetricsPath)
	}
}
