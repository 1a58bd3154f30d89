package observe_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/genimpl"
	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/observe"
)

const bases = "ACGTACGTACGTACGTACGTACGT"

// TestAccessorsReturnCopies: whatever a program gets from the registry is
// a copy; changing it changes nothing the filter does.
func TestAccessorsReturnCopies(t *testing.T) {
	reg := events.Registry()
	deny := reg.DenyKeys()
	for i := range deny {
		deny[i] = "x"
	}
	ev := reg.Lookup("training.metric")
	f := ev.Field(0)
	f.Name = "genotype"
	codes := reg.Lookup("error").Codes()
	codes[0] = 9999
	l, sink := newLogger(t, false, observe.Debug)
	ctx := context.Background()
	if err := l.Emit(ctx, "training.metric", map[string]any{"metric": "m", "value": 1.0, "genotype": "0/1"}); err != nil {
		t.Fatal(err)
	}
	line := string(sink.take()[0])
	if strings.Contains(line, "genotype") || !strings.Contains(line, `"metric":"m"`) {
		t.Errorf("a changed copy changed the record: %s", line)
	}
	if !reg.Denied("genotype") || ev.Field(0).Name != "metric" || !reg.Lookup("error").AllowsCode(events.CodeInternalErrorPanic) {
		t.Error("a changed copy changed the registry")
	}
}

// TestMutationsDoNotCompile: the mutations that used to switch the filter
// off from inside a program (an exported mutable table, a live descriptor,
// the filter's and the metric runtime's constructors) no longer compile
// in code outside the runtime.
func TestMutationsDoNotCompile(t *testing.T) {
	root := moduleRoot(t)
	cases := map[string]string{
		"table": `events.Table.DenyKeys = nil`,
		"spec":  `_ = events.TrainingStep{}.Spec()`,
		"field": `events.Registry().Lookup("training.metric").Field(0).Name = "genotype"`,
		"deny":  `events.Registry().deny = nil`,
		"codes": `events.Registry().codes[1] = "` + bases + `"`,
	}
	imports := map[string]string{
		"filter": `"github.com/genolewm/obs/runtime/internal/filter"`,
		"metric": `"github.com/genolewm/obs/runtime/internal/metric"`,
		"schema": `"github.com/genolewm/obs/runtime/internal/schema"`,
	}
	base, err := os.MkdirTemp(filepath.Join(root, "examples"), "mutations-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	write := func(name, src string) string {
		dir := filepath.Join(base, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, dir)
		return "./" + filepath.ToSlash(rel)
	}
	var pkgs []string
	for name, stmt := range cases {
		pkgs = append(pkgs, write(name, "package main\n\nimport \"github.com/genolewm/obs/generated/events\"\n\nfunc main() {\n\t"+stmt+"\n}\n"))
	}
	for name, imp := range imports {
		pkgs = append(pkgs, write("import-"+name, "package main\n\nimport _ "+imp+"\n\nfunc main() {}\n"))
	}
	// The control: the same harness compiles a legitimate program.
	ok := write("control", "package main\n\nimport \"github.com/genolewm/obs/generated/events\"\n\nfunc main() { _ = events.Registry().Denied(\"genotype\") }\n")
	if out, err := goBuild(root, ok); err != nil {
		t.Fatalf("the control program does not build: %v\n%s", err, out)
	}
	for _, p := range pkgs {
		if out, err := goBuild(root, p); err == nil {
			t.Errorf("%s compiled; it must not", p)
		} else if !strings.Contains(out, "main.go") && !strings.Contains(out, "internal package") {
			t.Errorf("%s failed for another reason:\n%s", p, out)
		}
	}
}

func goBuild(root, pkg string) (string, error) {
	cmd := exec.Command("go", "build", "-o", os.DevNull, pkg)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func moduleRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// TestHandMadeRegistriesRefused: genimpl.NewRegistry checks whatever it is
// given. A spec that weakens a rule compiles to a registry that Start and
// NewLogger refuse, and nothing reaches the disk.
func TestHandMadeRegistriesRefused(t *testing.T) {
	cases := map[string]func(s *genimpl.Spec){
		"a core deny key dropped": func(s *genimpl.Spec) { s.DenyKeys = s.DenyKeys[1:] },
		"no deny list":            func(s *genimpl.Spec) { s.DenyKeys = nil },
		"a denied key allowed": func(s *genimpl.Spec) {
			s.Events[0].Fields = append(s.Events[0].Fields, genimpl.Field{Name: "genotype", Kind: genimpl.String})
		},
		"a DNA event name": func(s *genimpl.Spec) {
			s.Events = append(s.Events, genimpl.EventSpec{Name: "app." + strings.ToLower(bases), Severity: genimpl.Info})
		},
		"a DNA key": func(s *genimpl.Spec) {
			s.Events[0].Fields = append(s.Events[0].Fields, genimpl.Field{Name: "k" + strings.ToLower(bases), Kind: genimpl.String})
		},
		"the error event lost its frames": func(s *genimpl.Spec) {
			s.Events[0].Fields = slices.DeleteFunc(s.Events[0].Fields, func(f genimpl.Field) bool { return f.Name == "frames" })
		},
		"the error event lost a code":     func(s *genimpl.Spec) { s.Events[0].Codes = s.Events[0].Codes[1:] },
		"a DNA code name":                 func(s *genimpl.Spec) { s.Codes = append(s.Codes, "IOError."+bases) },
		"a code that is not Class.Reason": func(s *genimpl.Spec) { s.Codes = append(s.Codes, "not a code") },
		"a severity changed":              func(s *genimpl.Spec) { s.Events[0].Severity = genimpl.Warn },
		"a DNA label value": func(s *genimpl.Spec) {
			s.Metrics[0].Labels = []genimpl.Label{{Name: "shard", Values: []string{bases}}}
		},
		"another core version": func(s *genimpl.Spec) { s.CoreVersion = "9.9.9" },
		"an unregistered code": func(s *genimpl.Spec) { s.Events[0].Codes = append(s.Events[0].Codes, 99) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			spec := core.Spec()
			if spec.Events[0].Name != "error" || !slices.ContainsFunc(spec.Events[0].Fields, func(f genimpl.Field) bool { return f.Name == "frames" }) {
				t.Fatal("the core spec changed shape; update the test")
			}
			mutate(spec)
			reg := genimpl.NewRegistry(spec)
			if reg.Err() == nil {
				t.Fatal("the registry compiled")
			}
			if strings.Contains(reg.Err().Error(), bases) {
				t.Errorf("the error repeats the rejected value: %v", reg.Err())
			}
			if _, err := observe.NewLogger(reg, observe.LoggerOptions{RunID: "r"}); err == nil {
				t.Error("NewLogger accepted it")
			}
			cfg := observe.DefaultConfig()
			cfg.LogDir = filepath.Join(t.TempDir(), "logs")
			if _, err := observe.Start(context.Background(), reg, cfg, observe.Options{}); err == nil {
				t.Error("Start accepted it")
			}
			if _, err := os.Stat(cfg.LogDir); !os.IsNotExist(err) {
				t.Errorf("Start left something on disk (stat: %v)", err)
			}
			if reg.Lookup("error") != nil || reg.NumEvents() != 0 {
				t.Error("a refused registry still hands out events")
			}
		})
	}
	// The unchanged core compiles: the cases above fail for their change.
	if err := genimpl.NewRegistry(core.Spec()).Err(); err != nil {
		t.Fatal(err)
	}
}

// TestRunIDAndPhaseRules: the run id and the phase are checked whoever
// builds the logger, errors never repeat the value, and nothing is created
// on disk for a refused run id.
func TestRunIDAndPhaseRules(t *testing.T) {
	for _, id := range []string{"run-" + bases, "", "../x", "run id", strings.Repeat("a", 129)} {
		_, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: id})
		if err == nil {
			t.Errorf("run id %q accepted", id)
			continue
		}
		if id != "" && strings.Contains(err.Error(), id) {
			t.Errorf("the error repeats the run id: %v", err)
		}
		cfg := observe.DefaultConfig()
		cfg.LogDir, cfg.RunID = t.TempDir(), id
		if _, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{}); err == nil {
			t.Errorf("Start accepted run id %q", id)
		}
		if ents, _ := os.ReadDir(cfg.LogDir); len(ents) != 0 {
			t.Errorf("run id %q left %d files", id, len(ents))
		}
	}
	l, sink := newLogger(t, true, observe.Debug)
	for _, p := range []string{"p-" + bases, "phase one", strings.Repeat("p", 65)} {
		if err := (events.EvalRunStart{Benchmark: "b"}).Log(context.Background(), l.WithPhase(p)); err != nil {
			t.Fatal(err)
		}
		if line := string(sink.take()[0]); strings.Contains(line, `"phase"`) {
			t.Errorf("phase %q written: %s", p, line)
		}
	}
}
