package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/genolewm/obs/internal/regdiff"
	"github.com/genolewm/obs/registry"
)

const diffUsage = `usage: obsgen diff [-root DIR] [-base REV | -base-events FILE -base-metrics FILE] [-format text|json|markdown]

Compares the registry under DIR with a base and classifies every change as
MAJOR, MINOR or PATCH. Without -base, the base is the newest tag v*; with no
tags, the commit that introduced the previous registry version (see README,
"Releasing a registry change"). Exit status: 0 when the registry version
covers the changes, 1 on a MAJOR change without a new major version, 2 when
the registries cannot be read.
`

// runDiff is `obsgen diff`.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs, loc := subcommandFlags("obsgen diff", diffUsage, "repository root holding the registry to check", stderr)
	base := fs.String("base", "", "git revision to compare against (default: see above)")
	baseEvents := fs.String("base-events", "", "compare against this event registry file instead of a revision")
	baseMetrics := fs.String("base-metrics", "", "compare against this metric registry file instead of a revision")
	format := fs.String("format", "text", "output format: text, json or markdown")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "obsgen diff: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	write := map[string]func(*regdiff.Report, io.Writer) error{
		"text":     (*regdiff.Report).WriteText,
		"json":     (*regdiff.Report).WriteJSON,
		"markdown": (*regdiff.Report).WriteMarkdown,
	}[*format]
	if write == nil {
		fmt.Fprintf(stderr, "obsgen diff: unknown -format %q; use text, json or markdown\n", *format)
		return 2
	}
	if (*baseEvents == "") != (*baseMetrics == "") || (*baseEvents != "" && *base != "") {
		fmt.Fprintln(stderr, "obsgen diff: give either -base REV or both -base-events and -base-metrics")
		return 2
	}

	head, err := loc.load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "obsgen diff: the registry is invalid; fix it before comparing")
		return 2
	}
	old, label, err := loadBase(*loc.root, *loc.events, *loc.metrics, *base, *baseEvents, *baseMetrics, head.Version, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	rep := regdiff.Compare(old, head, label, "working tree")
	if err := write(rep, stdout); err != nil {
		fmt.Fprintln(stderr, "obsgen diff:", err)
		return 2
	}
	if len(rep.Check()) > 0 {
		return 1
	}
	return 0
}

// loadBase loads the base registry from files or from a git revision,
// choosing the revision when none is given and saying which on stderr.
func loadBase(root, events, metrics, rev, evFile, meFile, headVersion string, stderr io.Writer) (*registry.Registry, string, error) {
	if evFile != "" {
		r, err := regdiff.LoadBaseFiles(evFile, meFile)
		if err != nil {
			return nil, "", fmt.Errorf("%v\nobsgen diff: the base registry is invalid", err)
		}
		return r, evFile, nil
	}
	git := regdiff.Git{Dir: root}
	if rev == "" {
		r, why, err := git.Base(events, headVersion)
		if err != nil {
			return nil, "", fmt.Errorf("obsgen diff: %w", err)
		}
		fmt.Fprintln(stderr, "obsgen diff:", why)
		rev = r
	}
	label := rev
	if len(label) == 40 {
		label = label[:12]
	}
	ev, err := git.Show(rev, events)
	if err != nil {
		return nil, "", fmt.Errorf("obsgen diff: %w", err)
	}
	me, err := git.Show(rev, metrics)
	if err != nil {
		return nil, "", fmt.Errorf("obsgen diff: %w", err)
	}
	r, err := regdiff.ParseBase(label+":"+events, ev, label+":"+metrics, me)
	if err != nil {
		return nil, "", fmt.Errorf("%v\nobsgen diff: the registry at %s does not load with today's rules; pass an older-compatible -base or -base-events/-base-metrics", err, rev)
	}
	return r, label, nil
}

// registryFlags are a subcommand's -root, -events and -metrics.
type registryFlags struct{ root, events, metrics *string }

// subcommandFlags is the flag set of a subcommand, with its usage text
// and the flags that locate the registry.
func subcommandFlags(name, usage, rootHelp string, stderr io.Writer) (*flag.FlagSet, registryFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	return fs, registryFlags{
		root:    fs.String("root", ".", rootHelp),
		events:  fs.String("events", registry.EventsPath, "event registry, relative to -root"),
		metrics: fs.String("metrics", registry.MetricsPath, "metric registry, relative to -root"),
	}
}

// load loads the registry the flags name.
func (l registryFlags) load() (*registry.Registry, error) {
	return loadRooted(*l.root, *l.events, *l.metrics)
}

// loadRooted loads the registry under root, naming its files with root
// so that every position printed, not only errors, reads from the
// caller's directory.
func loadRooted(root, events, metrics string) (*registry.Registry, error) {
	r, err := registry.LoadFiles(filepath.Join(root, events), filepath.Join(root, metrics))
	if err != nil {
		var list registry.ErrorList
		if !errors.As(err, &list) {
			err = fmt.Errorf("%w (run from the repository root or pass -root)", err)
		}
	}
	return r, err
}
