package observe

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
		case "goroutine-panic":
			done := make(chan struct{})
			go func() {
				defer close(done)
				panic("worker exploded with " + bases)
			}()
			<-done
			time.Sleep(time.Second)
		case "fatal":
			m := map[int]int{}
			for i := 0; i < 4; i++ {
				go func() {
					for j := 0; ; j++ {
						m[j%64] = j
					}
				}()
			}
			time.Sleep(10 * time.Second)
		case "clean":
			return 3
		case "cut-bases":
			// Bases straddling the 256-byte cut of the message.
			panic("read failed: " + strings.Repeat("z", 230) + strings.Repeat("ACGT", 25))
		case "long-goroutine-panic":
			done := make(chan struct{})
			go func() {
				defer close(done)
				panic("boom " + strings.Repeat("x", 2<<20))
			}()
			<-done
			time.Sleep(time.Second)
		}
		return 0
	})
}

type record struct {
	Severity  string `json:"severity"`
	Event     string `json:"event"`
	RunID     string `json:"run_id"`
	ErrorCode string `json:"error_code"`
	Data      struct {
		Message   *string  `json:"message"`
		Component string   `json:"component"`
		Frames    []string `json:"frames"`
	} `json:"data"`
}

// crashRun runs the test binary in mode and returns its exit code and the
// records of its log file, waiting for the monitor to write.
func crashRun(t *testing.T, mode string, wantRecords int) (int, []record, string) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashModeEnv+"="+mode, EnvLogDir+"="+dir, EnvRunID+"=run-crash-test")
	out, _ := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	path := filepath.Join(dir, "run-crash-test.jsonl")
	var recs []record
	var raw string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		data, err := os.ReadFile(path)
		if err == nil && strings.Count(string(data), "\n") >= wantRecords {
			raw = string(data)
			break
		}
	}
	sc := bufio.NewScanner(strings.NewReader(raw))
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		recs = append(recs, r)
	}
	if len(recs) != wantRecords {
		t.Fatalf("mode %s: got %d records, want %d; program output:\n%s", mode, len(recs), wantRecords, out)
	}
	return code, recs, raw
}

func checkCrashRecord(t *testing.T, r record, code string, wantFrame string) {
	t.Helper()
	if r.Event != "error" || r.Severity != "error" || r.ErrorCode != code || r.Data.Component != "crash" {
		t.Errorf("record = %+v, want an error record with code %s from component crash", r, code)
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

func TestMainGoroutinePanic(t *testing.T) {
	code, recs, raw := crashRun(t, "main-panic", 1)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	if strings.Contains(raw, bases) {
		t.Errorf("the record leaks the panic's bases: %s", raw)
	}
	if recs[0].Data.Message != nil {
		t.Errorf("a message with bases must be dropped, got %q", *recs[0].Data.Message)
	}
}

func TestOtherGoroutinePanic(t *testing.T) {
	code, recs, raw := crashRun(t, "goroutine-panic", 1)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain.func1")
	if strings.Contains(raw, bases) {
		t.Errorf("the record leaks the panic's bases: %s", raw)
	}
}

func TestFatalError(t *testing.T) {
	code, recs, _ := crashRun(t, "fatal", 1)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Fatal", "observe.TestMain")
}

func TestCleanExitWritesNothing(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashModeEnv+"=clean", EnvLogDir+"="+dir, EnvRunID+"=run-clean")
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 3 {
		t.Fatalf("exit code %d (%v), want main's 3", cmd.ProcessState.ExitCode(), err)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(dir, "run-clean.jsonl")); !os.IsNotExist(err) {
		t.Errorf("a clean exit wrote a crash record (stat: %v)", err)
	}
}

func TestParseReportDropsArguments(t *testing.T) {
	report := "panic: boom\n\ngoroutine 1 [running]:\nmain.secret(0xc000012345, {0x4b2a10, 0x19})\n\t/home/jdoe/src/app/main.go:12 +0x1d\nmain.main()\n\t/home/jdoe/src/app/main.go:5 +0x12\nexit status 2\n"
	p, ok := parseReport(strings.NewReader(report))
	if !ok || p.fatal || p.message != "boom" {
		t.Fatalf("parse = %+v, %v", p, ok)
	}
	want := []string{"main.secret (main.go:12)", "main.main (main.go:5)"}
	if strings.Join(p.frames, "|") != strings.Join(want, "|") {
		t.Errorf("frames = %q, want %q", p.frames, want)
	}
}

func TestMessageCutAfterDNACheck(t *testing.T) {
	_, recs, raw := crashRun(t, "cut-bases", 1)
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain")
	if strings.Contains(raw, "ACGTACGTACGT") || recs[0].Data.Message != nil {
		t.Errorf("bases before the cut survived: %s", raw)
	}
}

func TestHugePanicLineStillRecorded(t *testing.T) {
	code, recs, _ := crashRun(t, "long-goroutine-panic", 1)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	checkCrashRecord(t, recs[0], "InternalError.Panic", "observe.TestMain.func1")
	if m := recs[0].Data.Message; m == nil || len(*m) > maxMessage {
		t.Errorf("message not kept, or longer than %d bytes", maxMessage)
	}
}
