package main

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/mod/modfile"

	"github.com/genolewm/obs/registry"
)

// layout says where generated files go and how they import each other.
type layout struct {
	Root          string // directory the output paths below are relative to, for writing and -check
	EventsDir     string // e.g. "generated/events", relative to Root
	MetersDir     string
	DocsDir       string
	EventsImport  string // import path of the events package, e.g. "github.com/genolewm/obs/generated/events"
	MetersImport  string
	EventsSource  string // how generated headers name the registry files, e.g. "registry/events.yaml" (module-relative, slash-separated)
	MetricsSource string
}

// File names inside the layout's directories.
const (
	eventsGoFile = "events.go"
	metersGoFile = "meters.go"
)

// paths is what the flags say about the registry and the outputs, before
// the module is known; empty fields take their defaults in resolve.
type paths struct {
	registryDir     string // directory holding events.yaml and metrics.yaml
	events, metrics string // the registry files themselves
	eventsOut       string // directory of the events package
	metersOut       string
	docsOut         string
}

// resolve fills in the defaults: the registry files are events.yaml and
// metrics.yaml in registryDir, and the outputs go beside registryDir, in
// ../generated/events, ../generated/meters and ../docs/api.
func (p paths) resolve() paths {
	if p.registryDir == "" {
		p.registryDir = "."
	}
	if p.events == "" {
		p.events = filepath.Join(p.registryDir, "events.yaml")
	}
	if p.metrics == "" {
		p.metrics = filepath.Join(p.registryDir, "metrics.yaml")
	}
	beside := filepath.Join(p.registryDir, "..")
	if p.eventsOut == "" {
		p.eventsOut = filepath.Join(beside, "generated", "events")
	}
	if p.metersOut == "" {
		p.metersOut = filepath.Join(beside, "generated", "meters")
	}
	if p.docsOut == "" {
		p.docsOut = filepath.Join(beside, "docs", "api")
	}
	return p
}

// moduleLayout resolves p against the module that holds the registry
// directory: the generated packages must be inside it, so that their
// import paths follow from the module path.
func moduleLayout(p paths) (layout, error) {
	p = p.resolve()
	root, modPath, err := findModule(p.registryDir)
	if err != nil {
		return layout{}, err
	}
	l := layout{Root: root}
	if l.EventsDir, l.EventsImport, err = packageDir(root, modPath, p.eventsOut, "-events-out"); err != nil {
		return layout{}, err
	}
	if l.MetersDir, l.MetersImport, err = packageDir(root, modPath, p.metersOut, "-meters-out"); err != nil {
		return layout{}, err
	}
	if l.EventsDir == l.MetersDir {
		return layout{}, fmt.Errorf("-events-out and -meters-out are both %s; the two packages need a directory each", p.eventsOut)
	}
	if l.DocsDir, err = relTo(root, p.docsOut); err != nil {
		return layout{}, fmt.Errorf("-docs-out %s: %w", p.docsOut, err)
	}
	if l.EventsSource, err = sourceName(root, p.events); err != nil {
		return layout{}, fmt.Errorf("-events %s: %w", p.events, err)
	}
	if l.MetricsSource, err = sourceName(root, p.metrics); err != nil {
		return layout{}, fmt.Errorf("-metrics %s: %w", p.metrics, err)
	}
	return l, nil
}

// coreLayout is the layout of -core OUTDIR: one package, in OUTDIR, whose
// sources are the core files embedded in package registry. Only Root,
// EventsDir and EventsImport are set; the core has no meters or docs of
// its own.
func coreLayout(outDir string) (layout, error) {
	root, modPath, err := findModule(outDir)
	if err != nil {
		return layout{}, fmt.Errorf("-core %s: %w", outDir, err)
	}
	dir, imp, err := packageDir(root, modPath, outDir, "-core")
	if err != nil {
		return layout{}, err
	}
	return layout{Root: root, EventsDir: dir, EventsImport: imp,
		EventsSource: registry.CoreEventsPath, MetricsSource: registry.CoreMetricsPath}, nil
}

// findModule walks up from dir to the nearest go.mod and returns the
// module's root directory (absolute) and its module path. dir need not
// exist yet.
func findModule(dir string) (root, modPath string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for d := abs; ; {
		gomod := filepath.Join(d, "go.mod")
		data, err := os.ReadFile(gomod)
		switch {
		case err == nil:
			modPath := modfile.ModulePath(data)
			if modPath == "" {
				return "", "", fmt.Errorf("%s has no module line; add one, e.g. `module example.com/yourmodule`", gomod)
			}
			return d, modPath, nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return "", "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", fmt.Errorf("%s is in no Go module (no go.mod in it or any parent directory): the generated packages are imported by module path, so keep the registry inside your module, or run `go mod init MODULE` at the module's root", abs)
		}
		d = parent
	}
}

// packageDir checks that dir is a package directory inside the module at
// root (and not inside a module nested in it), and returns it relative to
// root with its import path. flag names the flag that chose dir.
func packageDir(root, modPath, dir, flag string) (rel, importPath string, err error) {
	rel, err = relTo(root, dir)
	if err == nil && (rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		err = fmt.Errorf("it is outside module %s (rooted at %s); generated packages must be inside the module so that it can import them: choose a directory under %s", modPath, root, root)
	}
	if err == nil && rel == "." {
		err = fmt.Errorf("it is the module's root directory; choose a subdirectory, whose name becomes the package name")
	}
	if err != nil {
		return "", "", fmt.Errorf("%s %s: %w", flag, dir, err)
	}
	if inner, _, ferr := findModule(filepath.Join(root, rel)); ferr == nil && inner != root {
		return "", "", fmt.Errorf("%s %s: it is inside the nested module at %s, not in module %s of the registry; choose a directory of module %s", flag, dir, inner, modPath, modPath)
	}
	if name := filepath.Base(rel); !token.IsIdentifier(name) {
		return "", "", fmt.Errorf("%s %s: the package would be named %q, its directory's name, which is not a Go identifier; choose a directory named like a package (letters, digits, _)", flag, dir, name)
	}
	return rel, path.Join(modPath, filepath.ToSlash(rel)), nil
}

// relTo is dir relative to root, both made absolute first.
func relTo(root, dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return filepath.Rel(root, abs)
}

// sourceName is how generated files name a registry file: relative to the
// module root and slash-separated, so that it reads the same on every
// machine and from every working directory.
func sourceName(root, file string) (string, error) {
	rel, err := relTo(root, file)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

// display names an output path (relative to l.Root) for the user:
// relative to the working directory when that is possible.
func (l layout) display(p string) string {
	abs := filepath.Join(l.Root, p)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil {
			return rel
		}
	}
	return abs
}
