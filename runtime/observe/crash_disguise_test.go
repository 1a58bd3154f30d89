package observe_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genolewm/obs/internal/dna/dnatest"
	"github.com/genolewm/obs/runtime/observe"
)

// crashProgram is a program that crashes under observe.Main as
// DISGUISE_VIA says. Go identifiers may hold fullwidth and mathematical
// letters, so a frame (a function name) and a panic type can carry bases
// too, not only the panic value.
const crashProgram = `package main

import (
	"errors"
	"os"

	"github.com/genolewm/obs/runtime/observe"
)

type GATTACAGCTTGACCGTANGCATG struct{}

type ｇａｔｔａｃａｇｃｔｔｇａｃｃｇｔａｎｇｃａｔｇ struct{}

//go:noinline
func GAUUACAGCUUGACCGUANGCAUG() { panic("rna frame") }

//go:noinline
func G_A_T_T_A_C_A_G_C_T_T_G_A_C_C_G_T_A_N_G_C_A_T_G() { panic("separated frame") }

//go:noinline
func ＧＡＴＴＡＣＡＧＣＴＴＧＡＣＣＧＴＡＮＧＣＡＴＧ() { panic("fullwidth frame") }

//go:noinline
func ACGTRYKMSWBDHVNACGTRYKMSWBDHVN() { panic("iupac frame") }

//go:noinline
func 𝐆𝐀𝐓𝐓𝐀𝐂𝐀𝐆𝐂𝐓𝐓𝐆𝐀𝐂𝐂𝐆𝐓𝐀𝐍𝐆() { panic("math bold frame") }

func main() {
	observe.Main(func() int {
		v := os.Getenv("DISGUISE")
		switch os.Getenv("DISGUISE_VIA") {
		case "error":
			panic(errors.New("decode failed near " + v))
		case "string":
			panic(v)
		case "goroutine":
			done := make(chan struct{})
			go func() { defer close(done); panic(v) }()
			<-done
			select {}
		case "type":
			panic(GATTACAGCTTGACCGTANGCATG{})
		case "fullwidth type":
			panic(ｇａｔｔａｃａｇｃｔｔｇａｃｃｇｔａｎｇｃａｔｇ{})
		case "rna frame":
			GAUUACAGCUUGACCGUANGCAUG()
		case "separated frame":
			G_A_T_T_A_C_A_G_C_T_T_G_A_C_C_G_T_A_N_G_C_A_T_G()
		case "fullwidth frame":
			ＧＡＴＴＡＣＡＧＣＴＴＧＡＣＣＧＴＡＮＧＣＡＴＧ()
		case "iupac frame":
			ACGTRYKMSWBDHVNACGTRYKMSWBDHVN()
		case "math bold frame":
			𝐆𝐀𝐓𝐓𝐀𝐂𝐀𝐆𝐂𝐓𝐓𝐆𝐀𝐂𝐂𝐆𝐓𝐀𝐍𝐆()
		}
		return 0
	})
}
`

// TestDisguisedDNACrash: a crash whose panic value, panic type or frames
// hold any disguise of internal/dna's must-drop corpus writes a crash
// record (the crash is still recorded) in which no base appears; nor in
// any other file of the log directory, nor on stderr (but for the Go
// runtime's own report of a panic in another goroutine).
func TestDisguisedDNACrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program per case")
	}
	root := moduleRoot(t)
	base, err := os.MkdirTemp(filepath.Join(root, "examples"), "crash-disguise-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.WriteFile(filepath.Join(base, "main.go"), []byte(crashProgram), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "crasher")
	rel, _ := filepath.Rel(root, base)
	cmd := exec.Command("go", "build", "-o", bin, "./"+filepath.ToSlash(rel))
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	type crashCase struct{ name, via, value string }
	var cases []crashCase
	for _, d := range disguises() {
		cases = append(cases, crashCase{"error/" + d.name, "error", d.v})
	}
	for _, name := range []string{"rna", "iupac inside", "zwsp", "fullwidth", "space", "codons"} {
		cases = append(cases, crashCase{"string/" + name, "string", dnatest.MustDrop[name]}, crashCase{"goroutine/" + name, "goroutine", dnatest.MustDrop[name]})
	}
	const planted = "GATTACAGCTTGACCGTANGCATG" // the bases of every name below
	for _, via := range []string{"type", "fullwidth type", "rna frame", "separated frame", "fullwidth frame", "iupac frame", "math bold frame"} {
		cases = append(cases, crashCase{via, via, ""})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), observe.EnvLogDir+"="+dir, observe.EnvRunID+"=run-crash-disguise",
				"DISGUISE="+c.value, "DISGUISE_VIA="+c.via)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			_ = cmd.Run()
			if cmd.ProcessState.ExitCode() == 0 {
				t.Fatalf("the program did not crash; stderr:\n%s", stderr.String())
			}
			path := filepath.Join(dir, "run-crash-disguise.jsonl")
			data := waitRecord(t, path)
			rec := decode(t, data)
			if rec["event"] != "error" || rec["error_code"] != "InternalError.Panic" {
				t.Errorf("crash record %s", data)
			}
			frames, _ := rec["data"].(map[string]any)["frames"].([]any)
			switch {
			case strings.HasSuffix(c.via, " frame") && frames != nil:
				// One frame names a function in disguise: the list goes.
				t.Errorf("frames kept: %v", frames)
			case (c.via == "error" || c.via == "string") && len(frames) == 0:
				t.Errorf("a crash without a disguised frame lost its frames: %s", data)
			}
			var all []byte
			filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					b, _ := os.ReadFile(p)
					all = append(all, b...)
				}
				return nil
			})
			checks := []string{c.value}
			if c.value == "" {
				checks = []string{planted, "GAUUACAGCUUGACCGUANGCAUG", "ACGTRYKMSWBDHVNACGTRYKMSWBDHVN"}
			}
			for _, d := range checks {
				if leaked(t, all, d) {
					t.Errorf("bases in the log directory:\n%s", all)
				}
				// A panic in another goroutine is the exception on stderr:
				// the Go runtime prints its own report there, which no
				// library can hold back (README, "Crashes"); the record is
				// clean all the same.
				if c.via != "goroutine" && leaked(t, []byte(stderr.String()), d) {
					t.Errorf("bases on stderr:\n%s", stderr.String())
				}
			}
		})
	}
}

// waitRecord waits for the monitor to write the crash record.
func waitRecord(t *testing.T, path string) []byte {
	t.Helper()
	for i := 0; i < 200; i++ {
		if b, err := os.ReadFile(path); err == nil && strings.HasSuffix(string(b), "\n") {
			if strings.Count(string(b), "\n") != 1 {
				t.Fatalf("%d records, want one crash record:\n%s", strings.Count(string(b), "\n"), b)
			}
			return b
		}
		sleep()
	}
	t.Fatalf("no crash record in %s", path)
	return nil
}

func sleep() { time.Sleep(50 * time.Millisecond) }
