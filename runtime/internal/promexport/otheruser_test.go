package promexport_test

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/internal/testenv"
	"github.com/genolewm/obs/runtime/observe"
)

// exporterUser is the system user the test runs node_exporter as, as
// production does; the test creates it when missing (CI runs as root).
const exporterUser = "genolewm-nodeexp"

func ensureUser(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.NeedTool(t, "running node_exporter as another user needs root (runuser, useradd)")
	}
	for _, tool := range []string{"runuser", "useradd"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.NeedTool(t, tool+" not found (apt-get install util-linux passwd)")
		}
	}
	if exec.Command("id", "-u", exporterUser).Run() == nil {
		return
	}
	if out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", exporterUser).CombinedOutput(); err != nil {
		t.Fatalf("useradd: %v: %s", err, out)
	}
}

// TestNodeExporterAsAnotherUser: a real node_exporter running as another
// user reads metrics.prom from the metrics dir (GENO_LEWM_METRICS_DIR),
// and cannot read it, nor anything else, in the owner-only log dir.
func TestNodeExporterAsAnotherUser(t *testing.T) {
	bin := testenv.NodeExporterBin()
	if bin == "" {
		testenv.NeedTool(t, "node_exporter not found; install it with: go install github.com/prometheus/node_exporter@"+testenv.NodeExporterVersion)
	}
	ensureUser(t)
	// A root the other user can traverse (t.TempDir is owner-only), and
	// a copy of the binary it can run (GOPATH may be under /root).
	root, err := os.MkdirTemp("", "genolewm-metricsdir-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(root, "node_exporter")
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}

	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.MetricsDir, cfg.RunID = filepath.Join(root, "logs"), filepath.Join(root, "metrics"), "run-other-user"
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meters.TrainingCollapseKLReg.Set(0.125)
	meters.TrainingStepDuration.Observe(math.Inf(1)) // refused: counted and exported
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(s.MetricsPath) != cfg.MetricsDir {
		t.Fatalf("metrics.prom at %s, want in the metrics dir", s.MetricsPath)
	}
	for path, want := range map[string]os.FileMode{cfg.LogDir: 0o700, s.LogPath: 0o600, cfg.MetricsDir: 0o755, s.MetricsPath: 0o644} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", path, st.Mode().Perm(), err, want)
		}
	}

	mfs := scrape(t, startNodeExporterAs(t, exe, cfg.MetricsDir))
	if v := gauge(mfs, "node_textfile_scrape_error"); v != 0 {
		t.Errorf("node_textfile_scrape_error = %v reading the metrics dir as %s", v, exporterUser)
	}
	if v := gauge(mfs, "geno_lewm_training_collapse_kl_reg"); v != 0.125 {
		t.Errorf("kl_reg via node_exporter as %s = %v, want 0.125", exporterUser, v)
	}
	refused := 0.0
	for _, m := range mfs["geno_lewm_observability_dropped_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if lp.GetName() == "reason" && lp.GetValue() == "observation" {
				refused = m.GetCounter().GetValue()
			}
		}
	}
	if refused < 1 {
		t.Errorf("dropped{reason=\"observation\"} = %v after a refused +Inf, want >= 1", refused)
	}

	// The log dir stays closed to that user.
	mfs = scrape(t, startNodeExporterAs(t, exe, cfg.LogDir))
	if v := gauge(mfs, "node_textfile_scrape_error"); v != 1 || mfs["geno_lewm_training_collapse_kl_reg"] != nil {
		t.Errorf("as %s, the owner-only log dir was readable (scrape_error %v)", exporterUser, v)
	}
}

// startNodeExporterAs runs node_exporter as exporterUser through runuser.
func startNodeExporterAs(t *testing.T, exe, dir string) string {
	t.Helper()
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		t.Fatal(err)
	}
	return testenv.StartNodeExporterCmd(t, func(args ...string) *exec.Cmd {
		return exec.Command(runuser, append([]string{"-u", exporterUser, "--", exe}, args...)...)
	}, dir)
}
