package golangciplugin_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genolewm/obs/analyzers/golangciplugin"
	"github.com/genolewm/obs/internal/testenv"
)

// TestSettings checks that settings reach the analyzers and that unknown
// keys and analyzers are rejected.
func TestSettings(t *testing.T) {
	if _, err := golangciplugin.New(map[string]any{"flags": map[string]any{"nosuch": map[string]any{"x": "y"}}}); err == nil || !strings.Contains(err.Error(), `no analyzer "nosuch"`) {
		t.Errorf("unknown analyzer: got %v", err)
	}
	if _, err := golangciplugin.New(map[string]any{"unknown-key": "x"}); err == nil {
		t.Error("unknown settings key accepted")
	}
	p, err := golangciplugin.New(map[string]any{"registry-hash": "abc"})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 4 {
		t.Fatalf("BuildAnalyzers: %d analyzers, %v", len(as), err)
	}
}

// TestGolangciLint runs the custom golangci-lint binary (built by
// make bin/golangci-lint-custom; CI builds it) on planted violations and
// checks that the plugin loads, reports each rule, and honours settings.
func TestGolangciLint(t *testing.T) {
	bin, _ := filepath.Abs("../../bin/golangci-lint-custom")
	if _, err := os.Stat(bin); err != nil {
		testenv.NeedTool(t, fmt.Sprintf("%s not built (make bin/golangci-lint-custom): %v", bin, err))
	}
	cmd := exec.Command(bin, "run", "--config", ".golangci.yml", "--output.text.path", "stdout", "./...")
	cmd.Dir = "testdata"
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOFLAGS=", "GOWORK=")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("want exit status 1 (issues found), got %v\n%s", err, out)
	}
	for _, want := range []string{
		`lib/lib.go:14:18: obsevent: event "training.stpe" passed to obslog.Logger.Emit is not registered`,
		`lib/lib.go:15:6: obsmetric: metric constructor obsmetrics.NewFamily called outside generated code`,
		`lib/lib.go:16:6: obsredact: interface call of sink method redact.Sink.WriteRecord in Plant bypasses the redaction filter`,
		`lib/lib.go:17:2: noprint: call of fmt.Println (writes to os.Stdout)`,
		`(obslint)`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(string(out), "quiet.go") {
		t.Errorf("settings.flags.noprint.exempt ignored: quiet.go reported")
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}
