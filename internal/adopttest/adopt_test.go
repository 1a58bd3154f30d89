package adopttest

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is this repository's root, from the test's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// run runs name with args in dir and returns its combined output; it fails
// the test unless the exit status is want.
func run(t *testing.T, dir string, env []string, want int, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	if code != want {
		t.Fatalf("%s %s in %s: exit %d, want %d\n%s", name, strings.Join(args, " "), dir, code, want, out)
	}
	return string(out)
}

// obslint is the module's own obslint, a tool in its go.mod: the binary
// that `go vet -vettool` runs, as the README tells an adopter to do.
func obslint(t *testing.T, dir string) string {
	t.Helper()
	return strings.TrimSpace(run(t, dir, nil, 0, "go", "tool", "-n", "obslint"))
}

// checkModule does the five things with an adopting module in dir whose
// events start with prefix (app.job or app.task).
func checkModule(t *testing.T, dir, prefix string) {
	t.Helper()
	// 1. Regenerating changes nothing.
	run(t, filepath.Join(dir, "registry"), nil, 0, "go", "tool", "obsgen", "-check")
	// 2. It builds and runs.
	logs := t.TempDir()
	bin := filepath.Join(t.TempDir(), "adopt")
	run(t, dir, nil, 0, "go", "build", "-o", bin, ".")
	out := run(t, dir, []string{"GENO_LEWM_LOG_DIR=" + logs, "GENO_LEWM_RUN_ID=run-adopt-1"}, 0, bin)
	logPath := filepath.Join(logs, "run-adopt-1.jsonl")
	if strings.TrimSpace(out) != logPath {
		t.Errorf("adopt printed %q, want its log path %s", out, logPath)
	}
	// 3. Its log and metrics pass live-check against its own registry.
	run(t, dir, nil, 0, "go", "tool", "obsgen", "live-check", "-root", ".", logs)
	// 4. obslint with no flags: clean, and exactly the planted finding
	// with the planted tag.
	vettool := "-vettool=" + obslint(t, dir)
	if out := run(t, dir, nil, 0, "go", "vet", vettool, "./..."); strings.TrimSpace(out) != "" {
		t.Errorf("obslint reported findings on the clean module:\n%s", out)
	}
	out = run(t, dir, nil, 1, "go", "vet", vettool, "-tags", "planted", "./...")
	var findings []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if regexp.MustCompile(`^(\./)?\S+\.go:\d+:\d+: `).MatchString(line) {
			findings = append(findings, line)
		}
	}
	if len(findings) != 1 || !strings.Contains(findings[0], "planted.go") || !strings.Contains(findings[0], "not registered") {
		t.Errorf("with -tags planted, want exactly the planted finding, got:\n%s", out)
	}
	// 5. Records and redacted_keys carry the module's own event names.
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct {
			Event string `json:"event"`
			Data  struct {
				SourceEvent string `json:"source_event"`
			} `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %v", err)
		}
		seen[rec.Event]++
		if rec.Event == "error" && rec.Data.SourceEvent != prefix+".end" {
			t.Errorf("the violation record names %q, want %s.end", rec.Data.SourceEvent, prefix)
		}
	}
	if seen[prefix+".start"] != 1 || seen[prefix+".end"] != 1 || seen["error"] != 1 || len(seen) != 3 {
		t.Errorf("records by event: %v", seen)
	}
	prom, err := os.ReadFile(filepath.Join(logs, "metrics.prom"))
	if err != nil {
		t.Fatal(err)
	}
	want := `geno_lewm_observability_redacted_keys_total{event="` + prefix + `.end",rule="allowlist"} 1`
	if !strings.Contains(string(prom), want) {
		t.Errorf("metrics.prom lacks %s", want)
	}
	if strings.Contains(string(prom), `event="training.step"`) {
		t.Error("metrics.prom carries this repository's events, not the module's own")
	}
}

func TestAdopt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and vets a separate module; skipped in -short mode")
	}
	checkModule(t, filepath.Join(repoRoot(t), "examples", "adopt"), "app.job")
}

// TestAdoptRenamed copies examples/adopt, renames its events from app.job.*
// to app.task.*, regenerates, and checks the copy the same way.
func TestAdoptRenamed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and vets a separate module; skipped in -short mode")
	}
	root := repoRoot(t)
	src := filepath.Join(root, "examples", "adopt")
	dst := filepath.Join(t.TempDir(), "adopt")
	rename := strings.NewReplacer("app.job.", "app.task.", "AppJob", "AppTask", "=> ../..", "=> "+root)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), []byte(rename.Replace(string(data))), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The copied generated code is stale until go generate runs.
	run(t, filepath.Join(dst, "registry"), nil, 1, "go", "tool", "obsgen", "-check")
	run(t, dst, nil, 0, "go", "generate", "./...")
	checkModule(t, dst, "app.task")
}
