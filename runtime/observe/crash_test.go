package observe

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain serves the whole package's tests. The test binary doubles as the crashing program: with crashModeEnv set,
// TestMain runs crash.Main over the chosen crash instead of the tests. The
// monitor that Main starts is the test binary too, so TestMain must hand
// it to Main as well.
const crashModeEnv = "CRASH_TEST_MODE"

const bases = "ACGTACGTACGTACGTACGTACGTAC"

func TestMain(m *testing.M) {
	mode := os.Getenv(crashModeEnv)
	if mode == "" && os.Getenv(monitorEnv) == "" {
		flag.Parse()
		// The redaction property tests (property_test.go) run 5,000
		// checks each instead of rapid's 100; the race-detector pass 200.
		if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == "100" {
			n := "5000"
			if testing.Short() {
				n = "200"
			}
			_ = f.Value.Set(n)
		}
		os.Exit(m.Run())
	}
	Main(func() int {
		switch mode {
		case "main-panic":
			panic(errors.New("shard decode failed near " + bases))
		case "pii-panic":
			panic(piiPanic)
		case "typed-panic":
			panic(secretValue{Email: "alice@example.com"})
		case "goroutine-panic":
			done := make(chan struct{})
			go func() {
				defer close(done)
				panic("worker exploded with " + bases + " " + piiPanic)
			}()
			<-done
			time.Sleep(time.Second)
		case "fatal":
			fatal()
		case "clean":
			return 3
		case "long-goroutine-panic":
			done := make(chan struct{})
			go func() {
				defer close(done)
				panic("boom " + strings.Repeat("x", 2<<20))
			}()
			<-done
			time.Sleep(time.Second)
		case "after-loadconfig":
			// The configuration LoadConfig resolved, flags included.
			fs := flag.NewFlagSet("crash", flag.ContinueOnError)
			if _, err := LoadConfig(fs, strings.Fields(os.Getenv("CRASH_TEST_ARGS")), nil); err != nil {
				return 9
			}
			panic(piiPanic)
		case "session-panic", "session-fatal", "session-goroutine", "sigwait", "session-clean":
			return sessionMode(mode)
		case "loadconfig-exit":
			fs := flag.NewFlagSet("crash", flag.ExitOnError)
			_, _ = LoadConfig(fs, strings.Fields(os.Getenv("CRASH_TEST_ARGS")), nil)
			return 0
		case "sigwait-nosession":
			fmt.Println("ready")
			time.Sleep(20 * time.Second)
		}
		return 0
	}, mainOpts()...)
}

// piiPanic is the example: a panic message naming a person and a
// file.
const piiPanic = "user alice@example.com cannot open /home/alice/patient42.vcf"

// secretValue is a panic value of a type of its own: the runtime prints it
// as "(observe.secretValue) 0x...", never its fields.
type secretValue struct{ Email string }

func mainOpts() []MainOption {
	if os.Getenv("CRASH_TEST_NO_SIGNALS") == "1" {
		return []MainOption{WithoutSignalHandling()}
	}
	return nil
}

// fatal dies of a concurrent map write: a fatal error, not a panic.
func fatal() {
	m := map[int]int{}
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; ; j++ {
				m[j%64] = j
			}
		}()
	}
	time.Sleep(10 * time.Second)
}

// sessionMode starts a session over the core registry (the only one an
// internal test can use), gives it a model and a step, and crashes, or
// waits for a signal.
func sessionMode(mode string) int {
	cfg, err := LoadConfig(flag.NewFlagSet("crash", flag.ContinueOnError), nil, nil)
	if err != nil {
		return 9
	}
	cfg.MetricsInterval = time.Hour // only the final write can show what follows
	ctx := context.Background()
	s, err := Start(ctx, coreRegistry(), cfg, Options{Diagnostics: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 9
	}
	if err := s.SetModel("lewm-s-v2"); err != nil {
		return 9
	}
	s.SetStep(4242)
	switch mode {
	case "session-panic":
		panic(piiPanic)
	case "session-goroutine":
		time.Sleep(time.Second) // the monitor learns the step twice a second
		go func() { panic(piiPanic) }()
		time.Sleep(5 * time.Second)
	case "session-fatal":
		time.Sleep(time.Second)
		fatal()
	case "sigwait":
		_ = s.Log.EmitError(ctx, "error", "IOError.WriteFailed", map[string]any{"component": "before-signal"})
		fmt.Println("ready")
		time.Sleep(20 * time.Second)
	case "session-clean":
		if err := s.Close(ctx); err != nil {
			return 9
		}
	}
	return 0
}

type record struct {
	Severity  string `json:"severity"`
	Event     string `json:"event"`
	RunID     string `json:"run_id"`
	ErrorCode string `json:"error_code"`
	Step      *int64 `json:"step"`
	Data      struct {
		Message   *string  `json:"message"`
		Component string   `json:"component"`
		Frames    []string `json:"frames"`
		PanicType string   `json:"panic_type"`
		Model     string   `json:"model"`
		Signal    string   `json:"signal"`
	} `json:"data"`
}

// run is one run of the test binary in a crash mode.
type run struct {
	code   int
	stderr string
	dir    string
}

// runMode runs the test binary in mode with the log dir dir, run id
// run-crash-test and extra environment and arguments.
func runMode(t *testing.T, mode, dir string, env []string, args ...string) run {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$"}, args...)...)
	cmd.Env = append(os.Environ(), crashModeEnv+"="+mode, EnvLogDir+"="+dir, EnvRunID+"=run-crash-test")
	cmd.Env = append(cmd.Env, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	_ = cmd.Run()
	return run{code: cmd.ProcessState.ExitCode(), stderr: stderr.String(), dir: dir}
}

// readRecords waits (for the monitor) until path holds want records and
// returns them and the raw text.
func readRecords(t *testing.T, path string, want int) ([]record, string) {
	t.Helper()
	var raw string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		data, err := os.ReadFile(path)
		if err == nil && strings.Count(string(data), "\n") >= want {
			raw = string(data)
			break
		}
	}
	var recs []record
	sc := bufio.NewScanner(strings.NewReader(raw))
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		recs = append(recs, r)
	}
	if len(recs) != want {
		t.Fatalf("%s: got %d records, want %d", path, len(recs), want)
	}
	return recs, raw
}

// crashRun runs mode and returns its exit code, the records of its log
// file and the raw log.
func crashRun(t *testing.T, mode string, wantRecords int) (run, []record, string) {
	t.Helper()
	r := runMode(t, mode, t.TempDir(), nil)
	recs, raw := readRecords(t, filepath.Join(r.dir, "run-crash-test.jsonl"), wantRecords)
	return r, recs, raw
}

func checkCrashRecord(t *testing.T, r record, code string, wantFrame string) {
	t.Helper()
	if r.Event != "error" || r.Severity != "error" || r.ErrorCode != code || r.Data.Component != "crash" {
		t.Errorf("record = %+v, want an error record with code %s from component crash", r, code)
	}
	if r.Data.Message != nil {
		t.Errorf("a crash record carries a message (%d bytes): only frames and identifiers may be kept", len(*r.Data.Message))
	}
	found := false
	for _, f := range r.Data.Frames {
		loc := f[strings.LastIndexByte(f, '('):]
		if strings.Contains(f, "0x") || strings.Contains(loc, "/") {
			t.Errorf("frame %q keeps an argument value or a directory", f)
		}
		found = found || strings.Contains(f, wantFrame)
	}
	if !found {
		t.Errorf("no frame mentions %s: %q", wantFrame, r.Data.Frames)
	}
}

// noPanicText fails if any part of the panic's text is in s.
func noPanicText(t *testing.T, what, s string) {
	t.Helper()
	for _, leak := range []string{"alice", "patient42", ".vcf", "ACGTACGTACGT", "shard decode", "exploded", "boom"} {
		if strings.Contains(s, leak) {
			t.Errorf("%s holds %q from the panic value:\n%s", what, leak, s)
		}
	}
}

// crashLine checks the one stderr line of a crash.
func crashLine(t *testing.T, stderr, code, path string) {
	t.Helper()
	want := "genolewm/obs: crash recorded (" + code + ") in " + path + "\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}

func TestMainGoroutinePanic(t *testing.T) {
	r, recs, raw := crashRun(t, "main-panic", 1)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2", r.code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	if recs[0].Data.PanicType != "*errors.errorString" {
		t.Errorf("panic_type = %q, want *errors.errorString", recs[0].Data.PanicType)
	}
	noPanicText(t, "the record", raw)
	// A main-goroutine panic is recovered: the one line is all stderr holds.
	crashLine(t, r.stderr, "InternalError.Panic", filepath.Join(r.dir, "run-crash-test.jsonl"))
	if strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr holds more than the crash line:\n%s", r.stderr)
	}
}

// TestCrashRecordsKeepNoText: the example message, and a value of
// a type of its own, leave only their types.
func TestCrashRecordsKeepNoText(t *testing.T) {
	r, recs, raw := crashRun(t, "pii-panic", 1)
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	if recs[0].Data.PanicType != "string" {
		t.Errorf("panic_type = %q, want string", recs[0].Data.PanicType)
	}
	noPanicText(t, "the record", raw)
	noPanicText(t, "stderr", r.stderr)

	r, recs, raw = crashRun(t, "typed-panic", 1)
	if recs[0].Data.PanicType != "observe.secretValue" {
		t.Errorf("panic_type = %q, want observe.secretValue", recs[0].Data.PanicType)
	}
	noPanicText(t, "the record", raw)
	noPanicText(t, "stderr", r.stderr)
}

func TestOtherGoroutinePanic(t *testing.T) {
	r, recs, raw := crashRun(t, "goroutine-panic", 1)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2", r.code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain.func1")
	noPanicText(t, "the record", raw)
	// The monitor prints the line; the Go runtime's own report, which it
	// prints too, cannot be held back (README, "Crashes").
	crashLine(t, r.stderr, "InternalError.Panic", filepath.Join(r.dir, "run-crash-test.jsonl"))
}

func TestFatalError(t *testing.T) {
	r, recs, _ := crashRun(t, "fatal", 1)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2", r.code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Fatal", "observe.fatal")
	crashLine(t, r.stderr, "InternalError.Fatal", filepath.Join(r.dir, "run-crash-test.jsonl"))
}

func TestCleanExitWritesNothing(t *testing.T) {
	r := runMode(t, "clean", t.TempDir(), nil)
	if r.code != 3 {
		t.Fatalf("exit code %d, want main's 3", r.code)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(r.dir, "run-crash-test.jsonl")); !os.IsNotExist(err) {
		t.Errorf("a clean exit wrote a crash record (stat: %v)", err)
	}
	if r.stderr != "" {
		t.Errorf("a clean exit printed %q", r.stderr)
	}
}

func TestParseReportDropsArgumentsAndText(t *testing.T) {
	report := "panic: boom at /home/jdoe/x.vcf\n\ngoroutine 1 [running]:\nmain.secret(0xc000012345, {0x4b2a10, 0x19})\n\t/home/jdoe/src/app/main.go:12 +0x1d\nmain.main()\n\t/home/jdoe/src/app/main.go:5 +0x12\nexit status 2\n"
	p, ok := parseReport(strings.NewReader(report))
	if !ok || p.fatal || p.panicType != "" {
		t.Fatalf("parse = %+v, %v", p, ok)
	}
	want := []string{"main.secret (main.go:12)", "main.main (main.go:5)"}
	if strings.Join(p.frames, "|") != strings.Join(want, "|") {
		t.Errorf("frames = %q, want %q", p.frames, want)
	}
	for msg, typ := range map[string]string{
		"(main.T) 0xc000012345":                               "main.T",
		"runtime error: index out of range [5] with length 3": "runtime.Error",
		"main.T(5)":         "", // an error text could look like this
		"(alice smith) 0x1": "",
	} {
		if got := reportedType(msg); got != typ {
			t.Errorf("reportedType(%q) = %q, want %q", msg, got, typ)
		}
	}
}

func TestHugePanicLineStillRecorded(t *testing.T) {
	r, recs, _ := crashRun(t, "long-goroutine-panic", 1)
	if r.code != 2 {
		t.Errorf("exit code %d, want 2", r.code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain.func1")
}

// TestCrashBeforeLoadConfigUsesFlags: -log-dir and -run-id on the command
// line decide where an early crash goes, as they will for the session.
func TestCrashBeforeLoadConfigUsesFlags(t *testing.T) {
	envDir, flagDir := t.TempDir(), t.TempDir()
	r := runMode(t, "pii-panic", envDir, nil, "-log-dir", flagDir, "-run-id=run-from-flag")
	path := filepath.Join(flagDir, "run-from-flag.jsonl")
	recs, _ := readRecords(t, path, 1)
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	crashLine(t, r.stderr, "InternalError.Panic", path)
	if ents, _ := os.ReadDir(envDir); len(ents) != 0 {
		t.Errorf("the environment's log dir got %d files; the flag overrides it", len(ents))
	}
}

// TestCrashAfterLoadConfigUsesResolvedConfig: once LoadConfig resolved the
// configuration, crash records follow it.
func TestCrashAfterLoadConfigUsesResolvedConfig(t *testing.T) {
	envDir, flagDir := t.TempDir(), t.TempDir()
	r := runMode(t, "after-loadconfig", envDir, []string{"CRASH_TEST_ARGS=-log-dir " + flagDir + " -run-id run-resolved"})
	path := filepath.Join(flagDir, "run-resolved.jsonl")
	recs, _ := readRecords(t, path, 1)
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	crashLine(t, r.stderr, "InternalError.Panic", path)
}

// TestCrashWithRejectedRunID: a run id that start-up would refuse (here a
// DNA run) still leaves a record, in a file of a fresh run id; nothing is
// named by the DNA.
func TestCrashWithRejectedRunID(t *testing.T) {
	dir := t.TempDir()
	r := runMode(t, "pii-panic", dir, []string{EnvRunID + "=run-" + bases})
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("log dir holds %d files, want the crash record's", len(ents))
	}
	name := ents[0].Name()
	if strings.Contains(strings.ToUpper(name), "ACGTACGT") || !strings.HasPrefix(name, "run-") {
		t.Errorf("crash record file %q", name)
	}
	recs, _ := readRecords(t, filepath.Join(dir, name), 1)
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	crashLine(t, r.stderr, "InternalError.Panic", filepath.Join(dir, name))
	noPanicText(t, "stderr", r.stderr)
}

// TestCrashRecordCannotBeWritten: the stderr line says so, and still holds
// nothing of the panic.
func TestCrashRecordCannotBeWritten(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := runMode(t, "pii-panic", file, nil)
	if r.code != 2 || !strings.Contains(r.stderr, "genolewm/obs: crash (InternalError.Panic) could not be recorded: ") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	noPanicText(t, "stderr", r.stderr)
}

// TestCrashRecordOpensSafely: the crash path refuses a planted symlink as
// the session does.
func TestCrashRecordOpensSafely(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "run-crash-test.jsonl")); err != nil {
		t.Fatal(err)
	}
	r := runMode(t, "pii-panic", dir, nil)
	if got, _ := os.ReadFile(victim); string(got) != "precious\n" {
		t.Errorf("the crash record followed a planted symlink: victim holds %q", got)
	}
	if !strings.Contains(r.stderr, "could not be recorded") || !strings.Contains(r.stderr, "symbolic link") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// TestCrashRecordCarriesIdentifiers: the model and step the session was
// given, on all three paths (recovered panic, other goroutine, fatal).
func TestCrashRecordCarriesIdentifiers(t *testing.T) {
	for mode, code := range map[string]string{"session-panic": "InternalError.Panic", "session-goroutine": "InternalError.Panic", "session-fatal": "InternalError.Fatal"} {
		t.Run(mode, func(t *testing.T) {
			r := runMode(t, mode, t.TempDir(), nil)
			recs, raw := readRecords(t, filepath.Join(r.dir, "run-crash-test.jsonl"), 1)
			rec := recs[0]
			if rec.ErrorCode != code || rec.RunID != "run-crash-test" || rec.Data.Model != "lewm-s-v2" || rec.Step == nil || *rec.Step != 4242 {
				t.Errorf("record %s", raw)
			}
			noPanicText(t, "the record", raw)
		})
	}
}

// signalRun starts mode, waits for it to be ready, sends sig and returns
// the run.
func signalRun(t *testing.T, mode string, sig syscall.Signal, env ...string) run {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashModeEnv+"="+mode, EnvLogDir+"="+dir, EnvRunID+"=run-crash-test")
	cmd.Env = append(cmd.Env, env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child not ready (%q): %s", line, stderr.String())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	return run{code: cmd.ProcessState.ExitCode(), stderr: stderr.String(), dir: dir}
}

// TestSignalsFlushAndExit: SIGTERM and SIGINT leave the records logged so
// far, an observability.interrupted record and a last metrics.prom (the
// interval is an hour: only the final write shows the error counted after
// start-up), and the conventional status.
func TestSignalsFlushAndExit(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGTERM, "sigterm", 143}, {syscall.SIGINT, "sigint", 130}} {
		t.Run(c.name, func(t *testing.T) {
			r := signalRun(t, "sigwait", c.sig)
			if r.code != c.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, c.code, r.stderr)
			}
			recs, raw := readRecords(t, filepath.Join(r.dir, "run-crash-test.jsonl"), 2)
			if recs[0].Data.Component != "before-signal" || recs[1].Event != "observability.interrupted" ||
				recs[1].Severity != "warn" || recs[1].Data.Signal != c.name || recs[1].ErrorCode != "" {
				t.Errorf("records:\n%s", raw)
			}
			prom, err := os.ReadFile(filepath.Join(r.dir, "metrics.prom"))
			if err != nil || !strings.Contains(string(prom), `geno_lewm_errors_raised_total{code="IOError.WriteFailed"} 1`) {
				t.Errorf("no final metrics.prom (%v):\n%s", err, prom)
			}
			if !strings.Contains(r.stderr, "genolewm/obs: "+strings.ToUpper(c.name)+": run interrupted") {
				t.Errorf("stderr:\n%s", r.stderr)
			}
		})
	}
}

// TestSignalBeforeStart: with no session yet, the record goes where a
// crash record would.
func TestSignalBeforeStart(t *testing.T) {
	r := signalRun(t, "sigwait-nosession", syscall.SIGTERM)
	if r.code != 143 {
		t.Errorf("exit code %d", r.code)
	}
	recs, raw := readRecords(t, filepath.Join(r.dir, "run-crash-test.jsonl"), 1)
	if recs[0].Event != "observability.interrupted" || recs[0].Data.Signal != "sigterm" {
		t.Errorf("record %s", raw)
	}
}

// TestSignalHandlingOptOut: with GENO_LEWM_HANDLE_SIGNALS=0, or the
// option, the signal keeps its default action.
func TestSignalHandlingOptOut(t *testing.T) {
	for _, env := range []string{EnvHandleSignals + "=0", "CRASH_TEST_NO_SIGNALS=1"} {
		r := signalRun(t, "sigwait", syscall.SIGTERM, env)
		if r.code != -1 { // killed by the signal
			t.Errorf("%s: exit code %d, want death by SIGTERM", env, r.code)
		}
		if data, _ := os.ReadFile(filepath.Join(r.dir, "run-crash-test.jsonl")); strings.Contains(string(data), "observability.interrupted") {
			t.Errorf("%s: an interrupted record was written", env)
		}
	}
}

// TestLoadConfigExitOnErrorPrintsNoValue: with flag.ExitOnError (as
// flag.CommandLine), the message printed before the exit names the flag,
// not the value.
func TestLoadConfigExitOnErrorPrintsNoValue(t *testing.T) {
	for _, args := range []string{"-log-level " + secretArg, "-" + secretArg + "=1", "-run-id " + secretArg} {
		r := runMode(t, "loadconfig-exit", t.TempDir(), []string{"CRASH_TEST_ARGS=" + args})
		if r.code != 2 || !strings.Contains(r.stderr, "observe: ") {
			t.Errorf("%s: exit %d, stderr:\n%s", args, r.code, r.stderr)
		}
		if strings.Contains(r.stderr, secretArg) || strings.Contains(r.stderr, "patient") {
			t.Errorf("%s: stderr repeats the value:\n%s", args, r.stderr)
		}
	}
}
