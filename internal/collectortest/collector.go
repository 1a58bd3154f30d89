package collectortest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Options tune Start and StartConfig; the zero value is what most tests want.
type Options struct {
	// FlushInterval is the file exporter's flush_interval in the generated
	// configuration (Start only): how soon a received request is in the
	// file. Default 100ms.
	FlushInterval time.Duration
	// ReadyTimeout bounds the wait for the receiver's port. Default 30s.
	ReadyTimeout time.Duration
	// StopTimeout bounds Stop's wait for a graceful exit. Default 15s.
	StopTimeout time.Duration
	// Registry, when not nil, puts the registry processor
	// (genolewm_registry, tools/registryprocessor) with this
	// configuration between the receiver and the exporter of every
	// pipeline (Start only): {"mode": "lenient"}, say. An empty map is its
	// defaults: strict, on the compiled registry.
	Registry map[string]any
}

func (o Options) withDefaults() Options {
	if o.FlushInterval <= 0 {
		o.FlushInterval = 100 * time.Millisecond
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = 30 * time.Second
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 15 * time.Second
	}
	return o
}

// Collector is one running bin/genolewm-otelcol process.
type Collector struct {
	// Endpoint is the OTLP/gRPC receiver as OTEL_EXPORTER_OTLP_ENDPOINT
	// takes it: "http://127.0.0.1:PORT" (no TLS).
	Endpoint string
	// Addr is the receiver's "127.0.0.1:PORT".
	Addr string
	// OutPath is the file the file exporter writes.
	OutPath string
	// ConfigPath is the configuration the collector runs.
	ConfigPath string
	// StderrPath holds the collector's own log.
	StderrPath string

	t       testing.TB
	opts    Options
	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process has been reaped
	waitErr error         // cmd.Wait's result, set before exited closes
}

// startAttempts bounds Start's retries when another process takes the free
// port between choosing it and the collector binding it.
const startAttempts = 3

// Start runs the collector with a generated configuration in t.TempDir():
// the OTLP/gRPC receiver on a free 127.0.0.1 port and a file exporter
// writing JSON lines to OutPath. It returns once the collector process
// listens on that port (bounded by Options.ReadyTimeout), choosing another
// port if something else took it first. The process is killed at cleanup if
// still running.
func Start(t testing.TB, opts Options) *Collector {
	t.Helper()
	bin := Binary(t)
	opts = opts.withDefaults()
	var lastErr error
	for attempt := 0; attempt < startAttempts; attempt++ {
		dir := t.TempDir()
		addr, err := freeAddr()
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out.jsonl")
		config, err := writeConfig(dir, addr, out, opts.FlushInterval, opts.Registry)
		if err != nil {
			t.Fatal(err)
		}
		c, err := launch(t, bin, config, addr, out, nil, opts)
		if err == nil {
			return c
		}
		lastErr = err
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	t.Fatal(lastErr)
	return nil
}

// StartConfig runs the collector on the configuration file configPath,
// whose OTLP/gRPC receiver listens on addr and whose file exporter writes
// JSON to outPath, with env as its whole environment. Options.FlushInterval
// does not apply: the file sets it.
func StartConfig(t testing.TB, configPath, addr, outPath string, env []string, opts Options) *Collector {
	t.Helper()
	c, err := launch(t, Binary(t), configPath, addr, outPath, env, opts.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func launch(t testing.TB, bin, config, addr, out string, env []string, opts Options) (*Collector, error) {
	t.Helper()
	stderrPath := filepath.Join(filepath.Dir(out), "collector.stderr")
	stderr, err := os.OpenFile(stderrPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	defer stderr.Close() // the child holds its own descriptor
	cmd := exec.Command(bin, "--config", config)
	// Only what the caller names: a test's own OTEL_* variables must not
	// reach the collector's telemetry.
	cmd.Env = append([]string{}, env...)
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("collectortest: starting %s: %w", bin, err)
	}
	c := &Collector{
		Endpoint: "http://" + addr, Addr: addr, OutPath: out, ConfigPath: config, StderrPath: stderrPath,
		t: t, opts: opts, cmd: cmd, exited: make(chan struct{}),
	}
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(c.cleanup)
	if err := c.waitReady(); err != nil {
		return nil, errors.Join(err, c.kill())
	}
	return c, nil
}

// waitReady polls until the collector process itself listens on Addr. The
// service starts its exporters before its receivers, so the receiver's
// listener means the whole pipeline is up; connections made before the
// first Accept wait in the kernel's backlog.
func (c *Collector) waitReady() error {
	deadline := time.Now().Add(c.opts.ReadyTimeout)
	for {
		select {
		case <-c.exited:
			return fmt.Errorf("collectortest: collector exited before its receiver was up (%v):\n%s", c.waitErr, c.stderrTail())
		default:
		}
		addrs, err := c.ListeningAddrs()
		if err == nil && slices.Contains(addrs, c.Addr) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("collectortest: collector not listening on %s after %v (%v):\n%s", c.Addr, c.opts.ReadyTimeout, err, c.stderrTail())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Env is the environment that points an OpenTelemetry SDK's OTLP/gRPC
// exporters at this collector, for a child process or t.Setenv.
func (c *Collector) Env() []string {
	return []string{
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint,
		"OTEL_EXPORTER_OTLP_INSECURE=true",
	}
}

// Stop sends SIGTERM and waits up to Options.StopTimeout for the collector
// to drain and exit; the file exporter flushes everything it received. A
// collector that does not exit in time is killed and fails t, as does a
// non-zero exit. Stop after Kill or Stop does nothing. Call it, and Kill,
// from the test's goroutine (they may call t.Fatal).
func (c *Collector) Stop() {
	c.t.Helper()
	select {
	case <-c.exited:
		return
	default:
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		c.t.Fatalf("collectortest: SIGTERM: %v", err)
	}
	select {
	case <-c.exited:
		if c.waitErr != nil {
			c.t.Fatalf("collectortest: collector exited with %v after SIGTERM:\n%s", c.waitErr, c.stderrTail())
		}
	case <-time.After(c.opts.StopTimeout):
		c.t.Fatalf("collectortest: collector still running %v after SIGTERM; killed (%v):\n%s", c.opts.StopTimeout, c.kill(), c.stderrTail())
	}
}

// Kill ends the collector with SIGKILL, as a crash would: what the file
// exporter had not flushed is lost, and senders see a closed port.
func (c *Collector) Kill() {
	c.t.Helper()
	if err := c.kill(); err != nil {
		c.t.Fatal(err)
	}
}

// killWait bounds the wait for the kernel to reap a SIGKILLed process.
const killWait = 10 * time.Second

func (c *Collector) kill() error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("collectortest: SIGKILL: %w", err)
	}
	select {
	case <-c.exited:
		return nil
	case <-time.After(killWait):
		return fmt.Errorf("collectortest: collector pid %d not reaped %v after SIGKILL", c.cmd.Process.Pid, killWait)
	}
}

func (c *Collector) cleanup() {
	if err := c.kill(); err != nil {
		c.t.Error(err)
	}
}

// Pid is the collector's process id.
func (c *Collector) Pid() int { return c.cmd.Process.Pid }

// Running reports whether the process has not exited yet.
func (c *Collector) Running() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// stderrTail is the end of the collector's log, for a failure message.
func (c *Collector) stderrTail() string {
	const tail = 4096
	text, err := os.ReadFile(c.StderrPath)
	if err != nil {
		return "(no collector log: " + err.Error() + ")"
	}
	if len(text) > tail {
		text = text[len(text)-tail:]
	}
	return string(text)
}

// freeAddr picks a port on 127.0.0.1 that is free at this moment.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}
