package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// adoptEvents and adoptMetrics are the registry of a module that adopts
// the runtime: its own events and metric only, no deny_keys or
// error_codes (the core brings those).
const adoptEvents = `version: 0.1.0
events:
  - name: app.request.start
    severity: info
    description: Request received.
    stability: stable
    since: 0.1.0
    fields:
      - {name: route, type: string, required: true, description: "Route name."}
  - name: app.request.end
    severity: info
    description: Request answered.
    stability: stable
    since: 0.1.0
    fields:
      - {name: route, type: string, required: true, description: "Route name."}
      - {name: status, type: int, description: "HTTP status."}
`

const adoptMetrics = `version: 0.1.0
metrics:
  - name: app.request.duration
    kind: histogram
    unit: ms
    description: per request
    stability: stable
    since: 0.1.0
    buckets: [1, 10, 100]
`

// adoptModule writes a module example.com/adopt with the registry under
// registry/ and returns its root.
func adoptModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/adopt\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "registry", "events.yaml"), adoptEvents)
	writeFile(t, filepath.Join(dir, "registry", "metrics.yaml"), adoptMetrics)
	return dir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// adoptOutputs are the files obsgen writes for the adopting module,
// relative to its root.
var adoptOutputs = []string{
	"docs/api/log-events.md", "docs/api/log-record.schema.json", "docs/api/metrics.md",
	"generated/events/events.go", "generated/meters/meters.go",
}

func TestAdoptingModuleLayout(t *testing.T) {
	dir := adoptModule(t)
	l, err := moduleLayout(paths{registryDir: filepath.Join(dir, "registry")})
	if err != nil {
		t.Fatal(err)
	}
	want := layout{
		Root:          dir,
		EventsDir:     filepath.Join("generated", "events"),
		MetersDir:     filepath.Join("generated", "meters"),
		DocsDir:       filepath.Join("docs", "api"),
		EventsImport:  "example.com/adopt/generated/events",
		MetersImport:  "example.com/adopt/generated/meters",
		EventsSource:  "registry/events.yaml",
		MetricsSource: "registry/metrics.yaml",
	}
	if l != want {
		t.Errorf("layout\n got %+v\nwant %+v", l, want)
	}

	// Overridden output directories, one of them nested deeper.
	l, err = moduleLayout(paths{registryDir: filepath.Join(dir, "registry"), eventsOut: filepath.Join(dir, "internal", "obs", "ev"), docsOut: filepath.Join(dir, "site")})
	if err != nil {
		t.Fatal(err)
	}
	if l.EventsImport != "example.com/adopt/internal/obs/ev" || l.EventsDir != filepath.Join("internal", "obs", "ev") || l.DocsDir != "site" || l.MetersImport != want.MetersImport {
		t.Errorf("overridden layout: %+v", l)
	}
}

// TestAdoptingModuleGenerates runs obsgen as //go:generate would, from
// the registry directory with no flags: it writes beside it, and -check
// then passes; before that, -check lists every output as stale.
func TestAdoptingModuleGenerates(t *testing.T) {
	dir := adoptModule(t)
	t.Chdir(filepath.Join(dir, "registry"))

	code, _, errs := runCmd("-check")
	if code != 1 {
		t.Fatalf("-check before generating: exit %d, want 1\n%s", code, errs)
	}
	for _, o := range adoptOutputs {
		if want := filepath.Join("..", o) + " is out of date"; !strings.Contains(errs, want) {
			t.Errorf("-check does not report %q:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "generated")); err == nil {
		t.Error("-check wrote files")
	}

	if code, _, errs := runCmd(); code != 0 {
		t.Fatalf("obsgen: exit %d\n%s", code, errs)
	}
	for _, o := range adoptOutputs {
		if _, err := os.Stat(filepath.Join(dir, o)); err != nil {
			t.Errorf("not written: %v", err)
		}
	}
	meters, _ := os.ReadFile(filepath.Join(dir, "generated", "meters", "meters.go"))
	if !strings.Contains(string(meters), `"example.com/adopt/generated/events"`) || !strings.Contains(string(meters), "package meters") {
		t.Error("meters.go does not import the module's own events package")
	}
	if code, _, errs := runCmd("-check"); code != 0 {
		t.Errorf("-check after generating: exit %d\n%s", code, errs)
	}

	// A stale output is named, the others are not.
	writeFile(t, filepath.Join(dir, "docs", "api", "metrics.md"), "old\n")
	code, _, errs = runCmd("-check")
	if code != 1 || !strings.Contains(errs, filepath.Join("..", "docs", "api", "metrics.md")) || strings.Count(errs, "out of date") != 1 {
		t.Errorf("-check with one stale file: exit %d\n%s", code, errs)
	}
}

// staleOutputs is the heart of -check; it needs no templates.
func TestStaleOutputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "same.go"), "same")
	writeFile(t, filepath.Join(dir, "a", "changed.go"), "old")
	l := layout{Root: dir}
	t.Chdir(dir)
	got := staleOutputs(l, []output{
		{filepath.Join("a", "same.go"), []byte("same")},
		{filepath.Join("a", "changed.go"), []byte("new")},
		{filepath.Join("b", "missing.md"), []byte("x")},
	})
	want := []string{filepath.Join("a", "changed.go"), filepath.Join("b", "missing.md")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stale %q, want %q", got, want)
	}
}

func TestRegistryOutsideModule(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := findModule(dir); err == nil {
		t.Skip("the temporary directory is inside a Go module")
	}
	writeFile(t, filepath.Join(dir, "registry", "events.yaml"), adoptEvents)
	writeFile(t, filepath.Join(dir, "registry", "metrics.yaml"), adoptMetrics)
	code, _, errs := runCmd("-registry", filepath.Join(dir, "registry"))
	if code != 1 || !strings.Contains(errs, "no go.mod") || !strings.Contains(errs, "go mod init") || !strings.Contains(errs, "nothing was written") {
		t.Errorf("registry outside a module: exit %d, want 1 saying what to do\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "generated")); err == nil {
		t.Error("files were written")
	}
}

func TestLayoutErrors(t *testing.T) {
	dir := adoptModule(t)
	reg := filepath.Join(dir, "registry")
	other := t.TempDir()
	writeFile(t, filepath.Join(dir, "nested", "go.mod"), "module example.com/nested\n")
	writeFile(t, filepath.Join(dir, "nomod", "go.mod"), "go 1.26\n")
	writeFile(t, filepath.Join(dir, "nomod", "registry", "events.yaml"), adoptEvents)
	writeFile(t, filepath.Join(dir, "nomod", "registry", "metrics.yaml"), adoptMetrics)
	for _, tc := range []struct {
		name string
		args []string
		want []string // substrings of stderr
	}{
		{"events package outside the module", []string{"-registry", reg, "-events-out", filepath.Join(other, "events")}, []string{"-events-out", "outside module example.com/adopt", "choose a directory under"}},
		{"meters package outside the module", []string{"-registry", reg, "-meters-out", filepath.Join(dir, "..")}, []string{"-meters-out", "outside module"}},
		{"package in a nested module", []string{"-registry", reg, "-events-out", filepath.Join(dir, "nested", "events")}, []string{"-events-out", "nested module", "example.com/adopt"}},
		{"package name not an identifier", []string{"-registry", reg, "-events-out", filepath.Join(dir, "obs-events")}, []string{"-events-out", `"obs-events"`, "not a Go identifier"}},
		{"package at the module root", []string{"-registry", reg, "-meters-out", dir}, []string{"-meters-out", "root directory", "subdirectory"}},
		{"one directory for both packages", []string{"-registry", reg, "-events-out", filepath.Join(dir, "gen"), "-meters-out", filepath.Join(dir, "gen")}, []string{"-events-out and -meters-out", "a directory each"}},
		{"no events.yaml", []string{"-registry", dir}, []string{"reading the event registry", "-registry DIR"}},
		{"no metrics.yaml", []string{"-events", filepath.Join(reg, "events.yaml"), "-metrics", filepath.Join(dir, "none.yaml")}, []string{"reading the metric registry", "-metrics FILE"}},
		{"go.mod without a module line", []string{"-registry", filepath.Join(dir, "nomod", "registry")}, []string{"has no module line", "module example.com/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCmd(tc.args...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range append(tc.want, "nothing was written") {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "generated")); err == nil {
		t.Error("a failed run wrote files")
	}
}

func TestInvalidRegistryPositions(t *testing.T) {
	dir := adoptModule(t)
	reg := filepath.Join(dir, "registry")
	writeFile(t, filepath.Join(reg, "events.yaml"), strings.Replace(adoptEvents, "  - name: app.request.end\n", "  - name: error\n", 1))
	code, _, errs := runCmd("-registry", reg)
	// The module's position as the caller named the file, the core's as
	// the module path names it.
	want := filepath.Join(reg, "events.yaml") + `:10:5: event "error" is owned by the runtime's core registry (github.com/genolewm/obs/registry/core/events.yaml:`
	if code != 1 || !strings.HasPrefix(errs, want) || !strings.Contains(errs, "the registry is invalid; nothing was written") {
		t.Errorf("exit %d; stderr should start with %q:\n%s", code, want, errs)
	}
}

// TestRepoLayout: this repository resolves to the paths it always had,
// from registry/ (go:generate), from the root (make check-generated, which
// falls back to registry/) and with the older -root.
func TestRepoLayout(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	want := repoLayout
	want.Root = root
	l, err := moduleLayout(paths{registryDir: filepath.Join(root, "registry")})
	if err != nil {
		t.Fatal(err)
	}
	if l != want {
		t.Errorf("layout from registry/\n got %+v\nwant %+v", l, want)
	}
	t.Chdir(root)
	if d := defaultRegistryDir(); d != "registry" {
		t.Errorf("from the repository root the registry is %q, want registry (the fallback)", d)
	}
	t.Chdir(filepath.Join(root, "registry"))
	if d := defaultRegistryDir(); d != "." {
		t.Errorf("from registry/ the registry is %q, want .", d)
	}
}

func TestCoreFlag(t *testing.T) {
	dir := adoptModule(t)
	out := filepath.Join(dir, "internal", "core")
	l, err := coreLayout(out)
	if err != nil {
		t.Fatal(err)
	}
	if l.Root != dir || l.EventsDir != filepath.Join("internal", "core") || l.EventsImport != "example.com/adopt/internal/core" || !strings.HasSuffix(l.EventsSource, "registry/core/events.yaml") {
		t.Errorf("core layout %+v", l)
	}
	if code, _, errs := runCmd("-core", out); code != 0 {
		t.Errorf("-core: exit %d\n%s", code, errs)
	}
	if code, _, errs := runCmd("-core", out, "-check"); code != 0 {
		t.Errorf("-core -check: exit %d\n%s", code, errs)
	}
	for _, args := range [][]string{
		{"-core", out, "-registry", "registry"},
		{"-core", out, "-events-out", out},
		{"-core", ""},
	} {
		if code, _, errs := runCmd(args...); code != 2 || !strings.Contains(errs, "-core") {
			t.Errorf("%q: exit %d, want 2 naming -core\n%s", args, code, errs)
		}
	}
	if code, _, errs := runCmd("-core", filepath.Join(dir, "..", "elsewhere")); code != 1 || !strings.Contains(errs, "-core") {
		t.Errorf("-core outside the module: exit %d, want 1\n%s", code, errs)
	}
}

func TestFlagConflicts(t *testing.T) {
	for _, args := range [][]string{
		{"-root", ".", "-registry", "registry"},
		{"-root", ".", "-events", "e.yaml"},
		{"stray"},
	} {
		if code, _, errs := runCmd(args...); code != 2 || !strings.Contains(errs, "usage: obsgen") {
			t.Errorf("%q: exit %d, want 2 with the usage\n%s", args, code, errs)
		}
	}
}
