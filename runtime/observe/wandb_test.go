package observe_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/wandbread"
	"github.com/genolewm/obs/runtime/observe"
)

// envOf is a getenv over a map.
func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// loadWandB resolves the configuration from env and args.
func loadWandB(t *testing.T, env map[string]string, args ...string) (observe.Config, error) {
	t.Helper()
	if env[observe.EnvLogDir] == "" {
		env[observe.EnvLogDir] = t.TempDir()
	}
	if env[observe.EnvLogLevel] == "" {
		env[observe.EnvLogLevel] = "debug" // training.step is a debug event
	}
	return observe.LoadConfig(flag.NewFlagSet("t", flag.ContinueOnError), args, envOf(env))
}

// TestWandBOptIn pins the rule that turns the sink on: the flag, or the
// switch with WANDB_PROJECT; WANDB_PROJECT alone never; disabled mode
// always off.
func TestWandBOptIn(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		project string
	}{
		{"nothing", map[string]string{}, nil, ""},
		{"WANDB_PROJECT alone", map[string]string{"WANDB_PROJECT": "p"}, nil, ""},
		{"the switch", map[string]string{"WANDB_PROJECT": "p", "GENO_LEWM_WANDB": "1"}, nil, "p"},
		{"the switch off", map[string]string{"WANDB_PROJECT": "p", "GENO_LEWM_WANDB": "0"}, nil, ""},
		{"the flag", map[string]string{}, []string{"-wandb-project", "demo"}, "demo"},
		{"the flag wins", map[string]string{"WANDB_PROJECT": "p", "GENO_LEWM_WANDB": "1"}, []string{"-wandb-project=demo"}, "demo"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := loadWandB(t, c.env, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.WandB.Project != c.project || cfg.WandB.Enabled() != (c.project != "") {
				t.Errorf("project %q (enabled %v), want %q", cfg.WandB.Project, cfg.WandB.Enabled(), c.project)
			}
		})
	}
	cfg, err := loadWandB(t, map[string]string{"WANDB_MODE": "disabled"}, "-wandb-project", "demo")
	if err != nil || cfg.WandB.Enabled() {
		t.Errorf("WANDB_MODE=disabled: enabled %v, %v", cfg.WandB.Enabled(), err)
	}
	if _, err := loadWandB(t, map[string]string{"GENO_LEWM_WANDB": "yes-please"}); err == nil || !strings.Contains(err.Error(), "GENO_LEWM_WANDB is not 1 or 0") || strings.Contains(err.Error(), "yes-please") {
		t.Errorf("a bad switch: %v", err)
	}
	if _, err := loadWandB(t, map[string]string{}, "-wandb-project"); err == nil || !strings.Contains(err.Error(), "-wandb-project") {
		t.Errorf("a flag without its value: %v", err)
	}
}

// TestWandBRefusals: what Start refuses before writing anything, naming
// the variable and never the value.
func TestWandBRefusals(t *testing.T) {
	const secret = "patient42"
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"online", map[string]string{"WANDB_MODE": "online"}, []string{"-wandb-project", "demo"}, "wandb sync DIR"},
		{"shared", map[string]string{"WANDB_MODE": "shared"}, []string{"-wandb-project", "demo"}, "set it to offline"},
		{"no project", map[string]string{"GENO_LEWM_WANDB": "1"}, nil, "needs a project"},
		{"project", map[string]string{}, []string{"-wandb-project", secret + "/x"}, "W&B project"},
		{"entity", map[string]string{"WANDB_ENTITY": secret + ":x"}, []string{"-wandb-project", "demo"}, "WANDB_ENTITY"},
		{"run id", map[string]string{"WANDB_RUN_ID": secret + "#"}, []string{"-wandb-project", "demo"}, "WANDB_RUN_ID"},
		{"name", map[string]string{"WANDB_NAME": secret + "\x01"}, []string{"-wandb-project", "demo"}, "WANDB_NAME"},
		{"dir", map[string]string{"WANDB_DIR": "/tmp/ACGTACGTACGTACGTACGTACGT"}, []string{"-wandb-project", "demo"}, "WANDB_DIR"},
		{"dna project", map[string]string{}, []string{"-wandb-project", "ACGTACGTACGTACGTACGTACGT"}, "DNA"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logDir := filepath.Join(t.TempDir(), "logs")
			wandbDir := t.TempDir()
			c.env[observe.EnvLogDir] = logDir
			if c.env["WANDB_DIR"] == "" {
				c.env["WANDB_DIR"] = wandbDir
			}
			cfg, err := loadWandB(t, c.env, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			_, err = observe.Start(context.Background(), events.Registry(), cfg, observe.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error containing %q, got %v", c.want, err)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "ACGTACGT") {
				t.Errorf("the error repeats the value: %v", err)
			}
			if ents, _ := os.ReadDir(wandbDir); len(ents) > 0 {
				t.Errorf("something was written under WANDB_DIR: %v", ents)
			}
			if _, err := os.Stat(logDir); err == nil {
				t.Errorf("the log dir was created by a refused Start")
			}
		})
	}
}

// TestNoWandBRunWithoutTheFlag: a whole session with W&B's variables set
// (WANDB_DIR, WANDB_PROJECT, even WANDB_MODE=offline) but neither the flag
// nor the switch writes nothing under WANDB_DIR.
func TestNoWandBRunWithoutTheFlag(t *testing.T) {
	wandbDir := t.TempDir()
	cfg, err := loadWandB(t, map[string]string{"WANDB_DIR": wandbDir, "WANDB_PROJECT": "p", "WANDB_MODE": "offline", "WANDB_RUN_ID": "x"})
	if err != nil {
		t.Fatal(err)
	}
	s := session(t, cfg)
	if s.WandBDir != "" {
		t.Errorf("WandBDir = %q without the flag", s.WandBDir)
	}
	ents, err := os.ReadDir(wandbDir)
	if err != nil || len(ents) != 0 {
		t.Errorf("WANDB_DIR holds %v (%v)", ents, err)
	}
}

// session runs a short training session on cfg and closes it.
func session(t *testing.T, cfg observe.Config) *observe.Session {
	t.Helper()
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := s.Log.WithPhase("phase1")
	_ = events.TrainingRunStart{Model: "lewm-s", ConfigHash: "9f2c"}.Log(ctx, log)
	for step := int64(0); step <= 200; step += 100 {
		_ = events.TrainingStep{LossPred: 1 / float64(step+1)}.Log(ctx, log.WithStep(step))
	}
	_ = events.TrainingRunEnd{Status: "completed"}.Log(ctx, log)
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWandBRunFromStart: with the flag, Start writes one offline run
// under WANDB_DIR with the W&B identities asked for.
func TestWandBRunFromStart(t *testing.T) {
	wandbDir := t.TempDir()
	cfg, err := loadWandB(t, map[string]string{"WANDB_DIR": wandbDir, "WANDB_ENTITY": "lab", "WANDB_NAME": "night run", observe.EnvRunID: "run-from-start"},
		"-wandb-project", "demo")
	if err != nil {
		t.Fatal(err)
	}
	s := session(t, cfg)
	runs, err := wandbread.Runs(wandbDir)
	if err != nil || len(runs) != 1 || runs[0].Dir != s.WandBDir || runs[0].ID != "run-from-start" {
		t.Fatalf("runs %+v (%v); session says %s", runs, err, s.WandBDir)
	}
	f, err := wandbread.ReadFile(runs[0].File)
	if err != nil {
		t.Fatal(err)
	}
	run := f.Records[1].GetRun()
	if run.GetProject() != "demo" || run.GetEntity() != "lab" || run.GetDisplayName() != "night run" || run.GetRunId() != "run-from-start" {
		t.Errorf("run record %v", run)
	}
	rows := 0
	for _, r := range f.Records {
		if r.GetHistory() != nil {
			rows++
		}
	}
	// log_every is 100: steps 0, 100 and 200 are kept.
	if rows != 3 {
		t.Errorf("%d history rows, want 3", rows)
	}

	// WANDB_RUN_ID names the run; SetExitCode marks it failed.
	cfg.WandB.RunID = "given-id"
	ctx := context.Background()
	s2, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s2.SetExitCode(1)
	if err := s2.Close(ctx); err != nil {
		t.Fatal(err)
	}
	runs, _ = wandbread.Runs(wandbDir)
	for _, r := range runs {
		if r.ID != "given-id" {
			continue
		}
		f, err := wandbread.ReadFile(r.File)
		if err != nil {
			t.Fatal(err)
		}
		if exit := f.Records[len(f.Records)-2].GetExit(); exit == nil || exit.ExitCode != 1 {
			t.Errorf("exit record %v, want code 1", f.Records[len(f.Records)-2])
		}
		return
	}
	t.Errorf("no run named by WANDB_RUN_ID: %+v", runs)
}

// TestDNANeverUnderWandBDir runs a full session that logs sequence data in
// every place a record can carry it: nothing under WANDB_DIR (nor in the
// log dir) holds it.
func TestDNANeverUnderWandBDir(t *testing.T) {
	const dna = "ACGTACGTACGTACGTACGTACGTAC"
	wandbDir, logDir := t.TempDir(), t.TempDir()
	cfg, err := loadWandB(t, map[string]string{"WANDB_DIR": wandbDir, observe.EnvLogDir: logDir}, "-wandb-project", "demo")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Strict = false // drop and go on: the other keys of each record are still forwarded
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := s.Log.WithStep(1)
	_ = events.TrainingMetric{Metric: dna, Value: 1}.Log(ctx, l)
	_ = events.TrainingMetric{Metric: "val/" + strings.ToLower(dna), Value: 1}.Log(ctx, l)
	_ = events.EvalRunEnd{Benchmark: dna, Score: 1}.Log(ctx, l)
	_ = events.EvalRunEnd{Benchmark: "b", Scores: map[string]float64{dna: 1}}.Log(ctx, l)
	_ = events.TrainingRunStart{Model: dna, ConfigHash: "x", Tags: []string{"ok", dna}}.Log(ctx, l)
	_ = events.TrainingStep{LossPred: 1}.Log(ctx, l.WithPhase(dna))
	_ = s.Log.Emit(ctx, "training.run.end", map[string]any{"status": "completed", "genotype": dna, "note": dna})
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if runs, err := wandbread.Runs(wandbDir); err != nil || len(runs) != 1 {
		t.Fatalf("runs %v, %v", runs, err)
	}
	for _, dir := range []string{wandbDir, logDir} {
		files := 0
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			b, _ := os.ReadFile(p)
			if bytes.Contains(bytes.ToUpper(b), []byte(dna[:20])) {
				t.Errorf("%s holds the DNA payload", p)
			}
			return nil
		})
		if files == 0 {
			t.Errorf("nothing written under %s: the check is vacuous", dir)
		}
	}
}
