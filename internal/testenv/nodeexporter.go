package testenv

import (
	"bytes"
	"go/build"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A real node_exporter, the consumer of the textfiles the runtime writes.

// NodeExporterVersion is the release .ci/run installs with
//
//	go install github.com/prometheus/node_exporter@v1.12.1
const NodeExporterVersion = "v1.12.1"

// NodeExporterBin finds node_exporter: $NODE_EXPORTER, then PATH, then
// GOPATH/bin where go install puts it.
func NodeExporterBin() string {
	if p := os.Getenv("NODE_EXPORTER"); p != "" {
		return p
	}
	if p, err := exec.LookPath("node_exporter"); err == nil {
		return p
	}
	p := filepath.Join(build.Default.GOPATH, "bin", "node_exporter")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// StartNodeExporter runs node_exporter with only the textfile collector
// on dir, listening on a free port of 127.0.0.1, and returns its
// /metrics URL once it answers.
func StartNodeExporter(t testing.TB, bin, dir string) string {
	t.Helper()
	return StartNodeExporterCmd(t, func(args ...string) *exec.Cmd { return exec.Command(bin, args...) }, dir)
}

// StartNodeExporterCmd is StartNodeExporter with the command made by mk
// (for example through runuser).
func StartNodeExporterCmd(t testing.TB, mk func(args ...string) *exec.Cmd, dir string) string {
	t.Helper()
	for attempt := 0; ; attempt++ {
		url, logs, ok := tryNodeExporter(t, mk, dir)
		if ok {
			return url
		}
		// Most likely another process took the port between our probe
		// and node_exporter's bind: try another one.
		if attempt == 3 {
			t.Fatalf("node_exporter did not serve %s:\n%s", url, logs)
		}
	}
}

func tryNodeExporter(t testing.TB, mk func(args ...string) *exec.Cmd, dir string) (url, logs string, ok bool) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := mk(
		"--web.listen-address="+addr,
		"--collector.disable-defaults",
		"--collector.textfile",
		"--collector.textfile.directory="+dir,
	)
	// runuser passes no SIGKILL on: kill the whole process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", cmd.Path, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	var once sync.Once
	stop := func() { once.Do(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); <-exited }) }
	t.Cleanup(stop)
	url = "http://" + addr + "/metrics"
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			return url, out.String(), false
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, "", true
			}
		}
	}
	stop()
	return url, out.String(), false
}
