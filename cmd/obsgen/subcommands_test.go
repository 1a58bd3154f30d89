package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/regdiff"
)

// registryCopy writes the committed registry under dir/registry, with
// each old, new pair of edits applied to the events file and version set
// in both files.
func registryCopy(t *testing.T, dir, version string, edits ...string) {
	t.Helper()
	ev, me := committedRegistry(t)
	cur := "version: " + regdiff.FileVersion([]byte(ev))
	e := editOnce(t, ev, cur, "version: "+version)
	for i := 0; i+1 < len(edits); i += 2 {
		e = editOnce(t, e, edits[i], edits[i+1])
	}
	m := editOnce(t, me, cur, "version: "+version)
	if err := os.MkdirAll(filepath.Join(dir, "registry"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"events.yaml": e, "metrics.yaml": m} {
		if err := os.WriteFile(filepath.Join(dir, "registry", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// committedRegistry returns the text of the committed event and metric
// registries.
func committedRegistry(t *testing.T) (events, metrics string) {
	t.Helper()
	ev, err := os.ReadFile("../../registry/events.yaml")
	if err != nil {
		t.Fatal(err)
	}
	me, err := os.ReadFile("../../registry/metrics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(ev), string(me)
}

// editOnce replaces old with new in s; old must occur exactly once.
func editOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("edit %q matches %d times, want once", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// dropSeed removes an optional key of training.run.start, and with it
// from the W&B config: a MAJOR change.
var dropSeed = []string{`      - {name: seed, type: int, description: "Global random seed."}` + "\n", "",
	"fields: [model, config_hash, seed, num_params,", "fields: [model, config_hash, num_params,"}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDiffFiles(t *testing.T) {
	base, head := t.TempDir(), t.TempDir()
	registryCopy(t, base, "0.1.0")
	baseFlags := []string{"-base-events", filepath.Join(base, "registry/events.yaml"), "-base-metrics", filepath.Join(base, "registry/metrics.yaml")}

	registryCopy(t, head, "0.1.0", dropSeed...)
	code, out, errs := runCmd(append([]string{"diff", "-root", head}, baseFlags...)...)
	if code != 1 || !strings.Contains(out, "field.removed") || !strings.Contains(out, "FAIL:") {
		t.Errorf("MAJOR change at the same major: exit %d, want 1\n%s%s", code, out, errs)
	}

	registryCopy(t, head, "1.0.0", dropSeed...)
	code, out, errs = runCmd(append([]string{"diff", "-root", head, "-format", "json"}, baseFlags...)...)
	var doc struct {
		Verdict   string `json:"verdict"`
		Suggested string `json:"suggested_version"`
		OK        bool   `json:"ok"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 0 || doc.Verdict != "MAJOR" || doc.Suggested != "1.0.0" || !doc.OK {
		t.Errorf("MAJOR change with the major raised: exit %d, %+v; want 0 MAJOR 1.0.0 ok\n%s", code, doc, errs)
	}

	if code, _, errs := runCmd(append([]string{"diff", "-root", head, "-format", "yaml"}, baseFlags...)...); code != 2 || !strings.Contains(errs, "unknown -format") {
		t.Errorf("bad format: exit %d, %s", code, errs)
	}
	registryCopy(t, head, "0.1.0", "severity: info\n    description: Trainer initialized.", "severity: loud\n    description: Trainer initialized.")
	if code, _, errs := runCmd(append([]string{"diff", "-root", head}, baseFlags...)...); code != 2 || !strings.Contains(errs, "registry/events.yaml:") {
		t.Errorf("invalid head registry: exit %d, want 2 with a position\n%s", code, errs)
	}
}

func TestDiffGitBase(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	registryCopy(t, dir, "0.1.0")
	git("add", "registry")
	git("commit", "-q", "-m", "registry 0.1.0")

	// An uncommitted MAJOR change under an unchanged version: as on a
	// clean clone without tags, the base is found from history.
	registryCopy(t, dir, "0.1.0", dropSeed...)
	code, out, errs := runCmd("diff", "-root", dir)
	if code != 1 || !strings.Contains(errs, "no release tag v*") || !strings.Contains(out, "event training.run.start key seed") {
		t.Errorf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	git("tag", "v0.1.0")
	registryCopy(t, dir, "0.1.0")
	code, out, errs = runCmd("diff", "-root", dir)
	if code != 0 || !strings.Contains(errs, "newest release tag v0.1.0") || !strings.Contains(out, "no changes") {
		t.Errorf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

func TestLiveCheckCommand(t *testing.T) {
	dir := t.TempDir()
	good := `{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"training.run.start","run_id":"r1","data":{"model":"m","config_hash":"abc"}}` + "\n"
	os.WriteFile(filepath.Join(dir, "good.jsonl"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte(strings.Replace(good, `"model":"m"`, `"model":"m","genotype":"0/1"`, 1)), 0o644)

	if code, out, errs := runCmd("live-check", "-root", "../..", filepath.Join(dir, "good.jsonl")); code != 0 || !strings.Contains(out, "0 violation(s)") {
		t.Errorf("clean log: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ := runCmd("live-check", "-root", "../..", "-format", "json", dir)
	var doc struct {
		OK       bool
		Findings []struct{ Pos, Kind string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 1 || doc.OK || len(doc.Findings) != 1 || doc.Findings[0].Kind != "denied-key" || !strings.HasSuffix(doc.Findings[0].Pos, "bad.jsonl:1") {
		t.Errorf("directory with a bad log: exit %d, %+v", code, doc)
	}
	if code, _, _ := runCmd("live-check", "-root", "../..", "-full-coverage", filepath.Join(dir, "good.jsonl")); code != 1 {
		t.Errorf("-full-coverage with one event seen: exit %d, want 1", code)
	}
	if code, _, errs := runCmd("live-check"); code != 2 || !strings.Contains(errs, "name at least one") {
		t.Errorf("no files: exit %d, %s", code, errs)
	}
}
