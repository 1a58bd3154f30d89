package wandbrun_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/internal/wandbpb"
	"github.com/genolewm/obs/internal/wandbread"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
	"github.com/genolewm/obs/runtime/observe"
)

// notes collects the sink's one-time reports.
type notes struct {
	mu  sync.Mutex
	got []string
}

func (n *notes) add(s string) { n.mu.Lock(); n.got = append(n.got, s); n.mu.Unlock() }
func (n *notes) all() string  { n.mu.Lock(); defer n.mu.Unlock(); return strings.Join(n.got, "\n") }

// run opens a sink in a fresh WANDB_DIR and a logger that writes to it
// through the redaction filter, with every training.step record kept.
func run(t *testing.T, o wandbrun.Options) (*wandbrun.Sink, observe.Logger, *notes) {
	t.Helper()
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	o.Registry = events.Registry()
	if o.Project == "" {
		o.Project = "demo"
	}
	if o.ID == "" {
		o.ID = "run-sink-test"
	}
	n := &notes{}
	o.Note = n.add
	s, err := wandbrun.Open(o)
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-sink-test", Level: observe.Debug, Strict: true,
		LogEvery: 1, Sinks: []observe.Sink{s}})
	if err != nil {
		t.Fatal(err)
	}
	return s, l, n
}

// read decodes the run's file with the independent reader.
func read(t *testing.T, s *wandbrun.Sink) []*wandbpb.Record {
	t.Helper()
	f, err := wandbread.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return f.Records
}

// values maps each item's name to its JSON value.
func values[T interface {
	GetNestedKey() []string
	GetKey() string
	GetValueJson() string
}](items []T) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		k := it.GetKey()
		if nk := it.GetNestedKey(); len(nk) > 0 {
			k = strings.Join(nk, ".")
		}
		m[k] = it.GetValueJson()
	}
	return m
}

func TestTrainingRunReadsBack(t *testing.T) {
	ctx := context.Background()
	s, l, _ := run(t, wandbrun.Options{Entity: "lab", Name: "night run"})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(events.TrainingRunStart{Model: "lewm-s", ConfigHash: "9f2c", Seed: 17, NumParams: 48_000_000, Devices: 1,
		Precision: "bf16", MaxSteps: 300, Tags: []string{"ci"}}.Log(ctx, l))
	for step := int64(0); step < 300; step += 100 {
		meters.TrainingLossPred.Set(2 - float64(step)/100)
		meters.TrainingStepDuration.Observe(40)
		meters.TrainingStepDuration.Observe(60)
		must(events.TrainingStep{LossPred: 2 - float64(step)/100, LR: 3e-4, BatchSize: 64}.Log(ctx, l.WithStep(step)))
		must(events.TrainingMetric{Metric: "val_auroc", Value: 0.8}.Log(ctx, l)) // no step: joins the row
	}
	meters.TrainingCollapseAlert.Inc(meters.TrainingCollapseAlertCriterionKLReg)
	must(events.TrainingEpochEnd{Steps: 300, ValLoss: 0.5}.Log(ctx, l))
	must(events.EvalRunEnd{Benchmark: "clinvar-smoke", Score: 0.79, Baseline: 0.82, Passed: false, NumExamples: 512,
		Scores: map[string]float64{"auroc": 0.79, "auprc": math.NaN()}}.Log(ctx, l))
	must(events.InferenceBatchEnd{Variants: 3}.Log(ctx, l)) // not marked: never forwarded
	must(events.TrainingRunEnd{Status: "completed", StepsCompleted: 300}.Log(ctx, l))
	s.SetExitCode(0)
	must(l.Close())

	recs := read(t, s)
	// Header and run record first, exit and final last.
	if recs[0].GetHeader() == nil || recs[1].GetRun() == nil {
		t.Fatalf("the log starts with %v, %v", recs[0], recs[1])
	}
	runRec := recs[1].GetRun()
	if runRec.RunId != "run-sink-test" || runRec.Project != "demo" || runRec.Entity != "lab" || runRec.DisplayName != "night run" || runRec.StartTime == nil {
		t.Errorf("run record %v", runRec)
	}
	n := len(recs)
	if recs[n-2].GetExit() == nil || recs[n-2].GetExit().ExitCode != 0 || recs[n-1].GetFinal() == nil {
		t.Fatalf("the log ends with %v, %v", recs[n-2], recs[n-1])
	}
	var config map[string]string
	var rows []map[string]string
	var summary map[string]string
	for _, r := range recs {
		switch {
		case r.GetConfig() != nil:
			config = values(r.GetConfig().Update)
		case r.GetHistory() != nil:
			h := values(r.GetHistory().Item)
			if h["_step"] == "" || h["_step"] != jsonInt(r.GetHistory().GetStep().GetNum()) {
				t.Errorf("history row %v: _step does not match the row's step %d", h, r.GetHistory().GetStep().GetNum())
			}
			rows = append(rows, h)
		case r.GetSummary() != nil:
			summary = values(r.GetSummary().Update)
		}
	}
	if config["model"] != `"lewm-s"` || config["seed"] != "17" || config["tags"] != `["ci"]` || config["precision"] != `"bf16"` {
		t.Errorf("config %v", config)
	}
	if len(rows) != 3 {
		t.Fatalf("%d history rows, want one per step (3): %v", len(rows), rows)
	}
	for i, r := range rows {
		if r["training.step.loss_pred"] == "" || r["training.metric.val_auroc"] != "0.8" || r["geno_lewm.training.loss.pred"] != r["training.step.loss_pred"] {
			t.Errorf("row %d: %v", i, r)
		}
		if r["geno_lewm.training.step.duration"] != "50" {
			t.Errorf("row %d: step duration %q, want the mean of the row's observations, 50", i, r["geno_lewm.training.step.duration"])
		}
		if _, ok := r["_runtime"]; !ok {
			t.Errorf("row %d has no _runtime", i)
		}
	}
	for k, want := range map[string]string{
		"training.run.end.status":              `"completed"`,
		"training.epoch.end.val_loss":          "0.5",
		"eval.run.end.clinvar-smoke.score":     "0.79",
		"eval.run.end.clinvar-smoke.passed":    "false",
		"eval.run.end.clinvar-smoke.scores":    `{"auprc":NaN,"auroc":0.79}`,
		"training.step.loss_pred":              rows[2]["training.step.loss_pred"],
		"training.metric.val_auroc":            "0.8",
		"geno_lewm.training.collapse.alert":    "",
		"eval.run.end.clinvar-smoke.baseline":  "0.82",
		"training.run.end.steps_completed":     "300",
		"geno_lewm.training.step.duration":     "50",
		"training.epoch.end.steps":             "300",
		"training.step.lr":                     "0.0003",
		"geno_lewm.training.loss.pred":         rows[2]["geno_lewm.training.loss.pred"],
		"training.step.batch_size":             "64",
		"training.run.end.epochs_completed":    "0",
		"training.run.end.wall_time_s":         "0",
		"training.run.end.final_loss_pred":     "0",
		"training.epoch.end.loss_pred_mean":    "0",
		"training.epoch.end.loss_reg_mean":     "0",
		"training.step.loss_reg":               "0",
		"training.step.grad_norm":              "0",
		"training.step.tokens":                 "0",
		"training.step.throughput":             "0",
		"eval.run.end.clinvar-smoke.num_examp": "",
	} {
		got, ok := summary[k]
		switch {
		case k == "geno_lewm.training.collapse.alert":
			var counts map[string]float64
			if json.Unmarshal([]byte(got), &counts) != nil || counts["kl_reg"] < 1 || len(counts) != 7 {
				t.Errorf("summary %s = %s, want a count per criterion", k, got)
			}
		case want == "" && ok:
			t.Errorf("summary has %s, which the registry does not forward", k)
		case want != "" && got != want:
			t.Errorf("summary %s = %q, want %q", k, got, want)
		}
	}
	if _, ok := summary["eval.run.end.clinvar-smoke.num_examples"]; ok {
		t.Error("num_examples reached the summary; the registry does not forward it")
	}
	assertOnlyMarked(t, recs)
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// assertOnlyMarked checks every item name against the registry's marks:
// W&B's own _ items, the marked events' <event>.<...> names, the marked
// metrics' names and the marked config keys. Nothing else may appear.
func assertOnlyMarked(t *testing.T, recs []*wandbpb.Record) {
	t.Helper()
	reg := events.Registry()
	var prefixes []string
	config := map[string]bool{}
	for i := 0; i < reg.NumEvents(); i++ {
		ev := reg.Event(eventID(i))
		if ev.WandB() == 0 {
			continue
		}
		prefixes = append(prefixes, ev.Name()+".")
		for _, fi := range ev.WandBFields() {
			config[ev.Field(fi).Name] = true
		}
	}
	prefixes = append(prefixes, "geno_lewm.training.")
	ok := func(name string) bool {
		if strings.HasPrefix(name, "_") {
			return slices.Contains([]string{"_step", "_runtime", "_timestamp"}, name)
		}
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
		return false
	}
	for _, r := range recs {
		var names []string
		for k := range values(r.GetHistory().GetItem()) {
			names = append(names, k)
		}
		for k := range values(r.GetSummary().GetUpdate()) {
			names = append(names, k)
		}
		for _, n := range names {
			if !ok(n) {
				t.Errorf("item %s is not marked for W&B by the registry", n)
			}
		}
		for k := range values(r.GetConfig().GetUpdate()) {
			if !config[k] {
				t.Errorf("config key %s is not marked for W&B", k)
			}
		}
	}
}

// TestStepsOnlyIncrease: a record at an earlier step than the row being
// built is left out and noted once; records at the same step join one row.
func TestStepsOnlyIncrease(t *testing.T) {
	ctx := context.Background()
	s, l, n := run(t, wandbrun.Options{})
	for _, step := range []int64{10, 10, 20, 5, 30} {
		if err := (events.TrainingStep{LossPred: float64(step)}).Log(ctx, l.WithStep(step)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	var steps []int64
	for _, r := range read(t, s) {
		if h := r.GetHistory(); h != nil {
			steps = append(steps, h.GetStep().GetNum())
		}
	}
	if !slices.Equal(steps, []int64{10, 20, 30}) {
		t.Errorf("history steps %v, want 10 20 30", steps)
	}
	if !strings.Contains(n.all(), "earlier than the latest") {
		t.Errorf("the dropped record was not noted: %q", n.all())
	}
}

// TestDNANeverReachesTheRun logs sequence data in every place a record
// can carry it; the redaction filter refuses it, so no file under
// WANDB_DIR holds it.
func TestDNANeverReachesTheRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, l, _ := run(t, wandbrun.Options{Dir: dir})
	const dna = "ACGTACGTACGTACGTACGTACGTAC"
	_ = events.TrainingMetric{Metric: dna, Value: 1}.Log(ctx, l)
	_ = events.EvalRunEnd{Benchmark: dna, Score: 1}.Log(ctx, l)
	_ = events.EvalRunEnd{Benchmark: "b", Scores: map[string]float64{dna: 1}}.Log(ctx, l)
	_ = events.TrainingRunStart{Model: dna, ConfigHash: "x", Tags: []string{dna}}.Log(ctx, l)
	_ = events.TrainingStep{LossPred: 1}.Log(ctx, l.WithPhase(dna).WithStep(1))
	_ = l.Emit(ctx, "training.metric", map[string]any{"metric": "m", "value": 1.0, "note": dna})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	read(t, s) // still a valid run
	assertNoDNA(t, dir, dna)
}

func assertNoDNA(t *testing.T, dir, dna string) {
	t.Helper()
	found := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		found++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(bytes.ToUpper(b), []byte(dna[:20])) {
			t.Errorf("%s holds the DNA payload", p)
		}
		return nil
	})
	if err != nil || found == 0 {
		t.Fatalf("walking %s: %v (%d files)", dir, err, found)
	}
}

// TestHostileLayout: what is refused before anything is written.
func TestHostileLayout(t *testing.T) {
	reg := events.Registry()
	open := func(dir string) error {
		_, err := wandbrun.Open(wandbrun.Options{Registry: reg, Dir: dir, Project: "p", ID: "run-x", Now: func() time.Time { return time.Unix(1e9, 0) }})
		return err
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "wandb"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := open(dir); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("wandb is a file: %v", err)
	}
	dir = t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "wandb"), 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(dir, "wandb"), 0o777)
	if err := open(dir); err == nil || !strings.Contains(err.Error(), "others can write") {
		t.Errorf("a world-writable wandb folder: %v", err)
	}
	os.Chmod(filepath.Join(dir, "wandb"), 0o755)
	if err := open(dir); err != nil {
		t.Fatalf("a wandb folder of ours: %v", err)
	}
	// The same run id and second again: the folder exists, and is not
	// reused.
	if err := open(dir); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("an existing run folder: %v", err)
	}
	runs, err := wandbread.Runs(dir)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %v, %v", runs, err)
	}
	for _, p := range []string{runs[0].Dir, runs[0].File} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is not owner-only: %v %v", p, fi.Mode(), err)
		}
	}
	if err := wandbrun.CheckID("a/b"); err == nil {
		t.Error("an id with a slash is accepted")
	}
	if _, err := wandbrun.Open(wandbrun.Options{Registry: reg, Dir: t.TempDir(), Project: "p", ID: "bad id"}); err == nil || strings.Contains(err.Error(), "bad id") {
		t.Errorf("a bad id must be refused without being repeated: %v", err)
	}
}

// TestMetricRowsAtAnyLevel: with no training.step record (a debug event,
// off at the default level), the steps the program gives (Step, from
// Session.SetStep) still make rows of the marked metrics, and a record
// without a step joins the program's latest step.
func TestMetricRowsAtAnyLevel(t *testing.T) {
	ctx := context.Background()
	var now int64 = -1
	s, l, _ := run(t, wandbrun.Options{Step: func() (int64, bool) { return now, now >= 0 }})
	for _, step := range []int64{0, 100, 200} {
		now = step
		meters.TrainingLossReg.Set(float64(step) + 0.5)
		if err := s.Step(step); err != nil {
			t.Fatal(err)
		}
	}
	now = 250
	if err := (events.TrainingMetric{Metric: "val_auroc", Value: 0.9}).Log(ctx, l); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got := map[int64]map[string]string{}
	for _, r := range read(t, s) {
		if h := r.GetHistory(); h != nil {
			got[h.GetStep().GetNum()] = values(h.Item)
		}
	}
	for _, step := range []int64{0, 100, 200} {
		if v := got[step]["geno_lewm.training.loss.reg"]; v != jsonInt(step)+".5" {
			t.Errorf("row %d: loss.reg %q", step, v)
		}
	}
	if got[250]["training.metric.val_auroc"] != "0.9" {
		t.Errorf("the step-less record did not join the program's step 250: %v", got)
	}
}
