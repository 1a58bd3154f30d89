package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/internal/wandbpb"
	"github.com/genolewm/obs/internal/wandbread"
)

// simulateEnv is the child's environment: ours without W&B's or this
// layer's variables, with a fresh log dir and WANDB_DIR.
func simulateEnv(t *testing.T) (env []string, wandbDir string) {
	t.Helper()
	wandbDir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GENO_LEWM_") && !strings.HasPrefix(kv, "WANDB_") && !strings.HasPrefix(kv, "OTEL_") {
			env = append(env, kv)
		}
	}
	return append(env, "GENO_LEWM_LOG_DIR="+t.TempDir(), "WANDB_DIR="+wandbDir), wandbDir
}

func buildSimulate(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs examples/simulate")
	}
	bin := filepath.Join(t.TempDir(), "simulate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestExampleWritesWandBRun runs the real program as the README says,
// `simulate --wandb-project demo`, at the default log level, and reads the
// offline run back with W&B's schema and checksum rule: every record
// decodes, and the run has its run record first, history rows with _step
// and the training loss, a config, a summary and, last but for W&B's
// final record, an exit record of 0.
func TestExampleWritesWandBRun(t *testing.T) {
	bin := buildSimulate(t)
	env, wandbDir := simulateEnv(t)
	cmd := exec.Command(bin, "--wandb-project", "demo")
	cmd.Env = env
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("simulate --wandb-project demo: %v\n%s", err, stderr.String())
	}
	runs, err := wandbread.Runs(wandbDir)
	if err != nil || len(runs) != 1 {
		t.Fatalf("offline runs under WANDB_DIR: %+v, %v", runs, err)
	}
	if !strings.Contains(out.String(), "wandb sync "+runs[0].Dir) {
		t.Errorf("the program does not say how to upload its run:\n%s", out.String())
	}
	f, err := wandbread.ReadFile(runs[0].File)
	if err != nil {
		t.Fatalf("the run does not decode as W&B reads it: %v", err)
	}
	recs := f.Records
	if recs[0].GetHeader() == nil || recs[1].GetRun().GetProject() != "demo" {
		t.Fatalf("the run starts with %v, %v", recs[0], recs[1])
	}
	n := len(recs)
	if exit := recs[n-2].GetExit(); exit == nil || exit.ExitCode != 0 || recs[n-1].GetFinal() == nil {
		t.Fatalf("the run ends with %v, %v", recs[n-2], recs[n-1])
	}
	var rows, withLoss int
	var config, summary bool
	for _, r := range recs {
		switch {
		case r.GetHistory() != nil:
			rows++
			var step, loss bool
			for _, it := range r.GetHistory().Item {
				step = step || key(it) == "_step"
				loss = loss || key(it) == "geno_lewm.training.loss.pred"
			}
			if !step {
				t.Errorf("a history row without _step: %v", r)
			}
			if loss {
				withLoss++
			}
		case r.GetConfig() != nil:
			config = true
		case r.GetSummary() != nil:
			summary = true
		}
	}
	// 600 steps, log_every 100: six rows of the sampled steps, and the
	// epochs' val_auroc at their last step.
	if rows < 6 || withLoss < 6 || !config || !summary {
		t.Errorf("%d history rows (%d with the training loss), config %v, summary %v", rows, withLoss, config, summary)
	}
}

func key(it *wandbpb.HistoryItem) string {
	if len(it.NestedKey) > 0 {
		return strings.Join(it.NestedKey, ".")
	}
	return it.Key
}

var inetSocket = regexp.MustCompile(`socket\(AF_INET6?,`)

// TestWandBRunOpensNoSocket: writing the W&B run opens no network socket
// at all (strace): nothing leaves the machine until someone runs
// `wandb sync` (INV-OBS-5).
func TestWandBRunOpensNoSocket(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		testenv.NeedTool(t, "strace is not installed (apt-get install strace)")
	}
	bin := buildSimulate(t)
	env, wandbDir := simulateEnv(t)
	trace := filepath.Join(t.TempDir(), "strace.txt")
	cmd := exec.Command(strace, "-f", "-e", "trace=socket", "-o", trace, bin, "--wandb-project", "demo", "-steps", "200")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("strace simulate: %v\n%s", err, out)
	}
	if runs, _ := wandbread.Runs(wandbDir); len(runs) != 1 {
		t.Fatalf("no W&B run written: the check is vacuous")
	}
	b, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	if m := inetSocket.FindAll(b, -1); len(m) > 0 {
		t.Errorf("the program opened %d internet sockets:\n%s", len(m), b)
	}
}
