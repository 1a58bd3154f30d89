package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/genolewm/obs/registry"
)

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
	root := fs.String("root", ".", "repository root holding registry/ (outputs are written under it)")
	events := fs.String("events", registry.EventsPath, "event registry, relative to -root")
	metrics := fs.String("metrics", registry.MetricsPath, "metric registry, relative to -root")
	check := fs.Bool("check", false, "write nothing; exit 1 if any generated file is out of date")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	r, err := load(*root, *events, *metrics)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "obsgen: registry is invalid; nothing was written")
		return 1
	}
	outs, err := generate(r)
	if err != nil {
		fmt.Fprintln(stderr, "obsgen:", err)
		return 1
	}
	if *check {
		stale := 0
		for _, o := range outs {
			old, err := os.ReadFile(filepath.Join(*root, o.path))
			if err != nil || !bytes.Equal(old, o.data) {
				fmt.Fprintf(stderr, "obsgen: %s is out of date with the registry; run `go generate ./...` and commit it\n", o.path)
				stale++
			}
		}
		if stale > 0 {
			return 1
		}
		return 0
	}
	if err := writeAll(*root, outs); err != nil {
		fmt.Fprintln(stderr, "obsgen:", err)
		return 1
	}
	return 0
}

// load reads the registries; positions in errors are relative to root so
// they read the same from any working directory.
func load(root, events, metrics string) (*registry.Registry, error) {
	ev, err := os.ReadFile(filepath.Join(root, events))
	if err != nil {
		return nil, fmt.Errorf("obsgen: %w (run from the repository root or pass -root)", err)
	}
	me, err := os.ReadFile(filepath.Join(root, metrics))
	if err != nil {
		return nil, fmt.Errorf("obsgen: %w (run from the repository root or pass -root)", err)
	}
	r, err := registry.Parse(events, ev, metrics, me)
	var list registry.ErrorList
	if errors.As(err, &list) && root != "." {
		// Make positions usable from the caller's directory.
		for _, e := range list {
			e.Pos.File = filepath.Join(root, e.Pos.File)
		}
	}
	return r, err
}
