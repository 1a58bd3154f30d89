package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/genolewm/obs/registry"
)

const genUsage = `usage: obsgen [-registry DIR | -events FILE -metrics FILE] [-events-out DIR] [-meters-out DIR] [-docs-out DIR] [-check]
       obsgen -core OUTDIR [-check]
       obsgen diff | live-check ...   (obsgen diff -h, obsgen live-check -h)

Reads a module's registry, DIR/events.yaml and DIR/metrics.yaml (DIR is
the working directory by default, as under //go:generate in the registry's
own directory), merges the runtime's core registry into it, and writes
beside DIR:

  ../generated/events/events.go   typed events (package events)
  ../generated/meters/meters.go   typed metric handles (package meters)
  ../docs/api/                    log-events.md, metrics.md, log-record.schema.json

The module is the nearest go.mod above DIR; the generated packages must be
inside it, and each is named after its directory. Run from a module root
with no events.yaml there, obsgen reads registry/ if it holds events.yaml
(as 'make check-generated' does in this repository). -events alone puts
DIR at that file's directory. -root DIR is the older spelling of
-registry DIR/registry.

With -core OUTDIR it generates the runtime's own copy of the core registry
into OUTDIR instead, and nothing else.

On a registry error it prints every problem as file:line:column and writes
nothing. With -check it writes nothing and exits 1 if any output is out of
date.

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return runDiff(args[1:], stdout, stderr)
		case "live-check":
			return runLiveCheck(args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("obsgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, genUsage); fs.PrintDefaults() }
	var p paths
	fs.StringVar(&p.registryDir, "registry", "", "directory holding events.yaml and metrics.yaml (default: the working directory, or registry/ in it; see above)")
	fs.StringVar(&p.events, "events", "", "event registry file (default DIR/events.yaml)")
	fs.StringVar(&p.metrics, "metrics", "", "metric registry file (default DIR/metrics.yaml)")
	fs.StringVar(&p.eventsOut, "events-out", "", "directory of the generated events package (default DIR/../generated/events)")
	fs.StringVar(&p.metersOut, "meters-out", "", "directory of the generated meters package (default DIR/../generated/meters)")
	fs.StringVar(&p.docsOut, "docs-out", "", "directory of the generated docs (default DIR/../docs/api)")
	root := fs.String("root", "", "older form of -registry ROOT/registry")
	core := fs.String("core", "", "generate the runtime's copy of the core registry into this directory, and nothing else")
	check := fs.Bool("check", false, "write nothing; exit 1 if any generated file is out of date")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "obsgen: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	if set["core"] {
		var extra []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "core" && f.Name != "check" {
				extra = append(extra, "-"+f.Name)
			}
		})
		switch {
		case *core == "":
			return usage("-core needs the directory to generate the core package into")
		case len(extra) > 0:
			return usage("-core generates only the runtime's core registry; drop %s (only -check goes with it)", strings.Join(extra, ", "))
		}
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q (a subcommand is diff or live-check)", fs.Arg(0))
	case set["root"] && (set["registry"] || set["events"] || set["metrics"]):
		return usage("-root DIR is the older form of -registry DIR/registry; give one of -root, -registry or -events/-metrics")
	}

	var l layout
	var r *registry.Registry
	var err error
	if set["core"] {
		l, err = coreLayout(*core)
		if err == nil {
			r, err = registry.Core()
		}
	} else {
		switch {
		case set["root"]:
			p.registryDir = filepath.Join(*root, "registry")
		case set["registry"]:
		case set["events"]:
			p.registryDir = filepath.Dir(p.events)
		case set["metrics"]:
			p.registryDir = filepath.Dir(p.metrics)
		default:
			p.registryDir = defaultRegistryDir()
		}
		p = p.resolve()
		l, r, err = loadModule(p)
	}
	if list := (registry.ErrorList)(nil); errors.As(err, &list) {
		// Positions first on the line, as compilers print them.
		fmt.Fprintln(stderr, list)
		fmt.Fprintln(stderr, "obsgen: the registry is invalid; nothing was written")
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "obsgen:", err)
		fmt.Fprintln(stderr, "obsgen: nothing was written")
		return 1
	}

	var outs []output
	if set["core"] {
		outs, err = genCoreFor(r, l)
	} else {
		outs, err = generate(r, l)
	}
	if err != nil {
		fmt.Fprintln(stderr, "obsgen:", err)
		fmt.Fprintln(stderr, "obsgen: nothing was written")
		return 1
	}
	if *check {
		if stale := staleOutputs(l, outs); len(stale) > 0 {
			for _, s := range stale {
				fmt.Fprintf(stderr, "obsgen: %s is out of date with the registry; run `go generate ./...` and commit it\n", s)
			}
			return 1
		}
		return 0
	}
	if err := writeAll(l.Root, outs); err != nil {
		fmt.Fprintln(stderr, "obsgen:", err)
		fmt.Fprintln(stderr, "obsgen: nothing was written; make the output directories writable or choose others with -events-out, -meters-out and -docs-out")
		return 1
	}
	return 0
}

// defaultRegistryDir is the working directory, or registry/ in it when
// only that holds events.yaml: so obsgen runs the same from a registry
// directory (go:generate) and from a repository root laid out as this one
// (make check-generated).
func defaultRegistryDir() string {
	if _, err := os.Stat("events.yaml"); err != nil {
		if _, err := os.Stat(filepath.Join("registry", "events.yaml")); err == nil {
			return "registry"
		}
	}
	return "."
}

// loadModule resolves the layout of p and loads the registry it names.
// The files are parsed under their module-relative names, which the
// generated headers show; positions in errors are then put back to the
// paths as given, so that they open from the caller's directory.
func loadModule(p paths) (layout, *registry.Registry, error) {
	ev, err := os.ReadFile(p.events)
	if err != nil {
		return layout{}, nil, fmt.Errorf("reading the event registry: %w; run obsgen in the directory that holds events.yaml and metrics.yaml, or pass -registry DIR (or -events FILE and -metrics FILE)", err)
	}
	me, err := os.ReadFile(p.metrics)
	if err != nil {
		return layout{}, nil, fmt.Errorf("reading the metric registry: %w; put metrics.yaml beside events.yaml (it may hold just `version:`), or pass -metrics FILE", err)
	}
	l, err := moduleLayout(p)
	if err != nil {
		return layout{}, nil, err
	}
	r, err := registry.Parse(l.EventsSource, ev, l.MetricsSource, me)
	var list registry.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			switch e.Pos.File {
			case l.EventsSource:
				e.Pos.File = p.events
			case l.MetricsSource:
				e.Pos.File = p.metrics
			}
		}
		return layout{}, nil, list
	}
	return l, r, err
}

// staleOutputs lists, as the user would name them, the outputs whose file
// under l.Root is missing or differs.
func staleOutputs(l layout, outs []output) []string {
	var stale []string
	for _, o := range outs {
		old, err := os.ReadFile(filepath.Join(l.Root, o.path))
		if err != nil || !bytes.Equal(old, o.data) {
			stale = append(stale, l.display(o.path))
		}
	}
	return stale
}
