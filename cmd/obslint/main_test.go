package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVetAdoptingModule builds obslint and runs it as go vet's tool, with
// no flag, on a module that has its own obsgen-generated registry: clean
// without the planted file (the generated code, which calls what user
// code may not, included), and exactly the planted finding with it.
func TestVetAdoptingModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds obslint and vets a module")
	}
	bin := filepath.Join(t.TempDir(), "obslint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	vet := func(args ...string) (string, error) {
		cmd := exec.Command("go", append(append([]string{"vet"}, args...), "-vettool="+bin, "./...")...)
		cmd.Dir = filepath.Join("testdata", "adopt")
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := vet(); err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("clean module: %v\n%s", err, out)
	}
	out, err := vet("-tags=planted")
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("planted: want a failing exit status, got %v\n%s", err, out)
	}
	var findings []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "job/") || strings.Contains(line, ".go:") {
			findings = append(findings, line)
		}
	}
	want := regexp.MustCompile(`^job/planted\.go:\d+:\d+: event "app\.jbo\.start" passed to observe\.Logger\.Emit is not registered in the registry of example\.com/adopt/generated/events \(INV-OBS-1\): did you mean "app\.job\.start"\?$`)
	if len(findings) != 1 || !want.MatchString(findings[0]) {
		t.Errorf("planted: want exactly the planted finding, got:\n%s", out)
	}
}
